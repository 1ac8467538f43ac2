// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_SNAPSHOT_SERIAL_HPP
#define LICPOOL_POOL_SNAPSHOT_SERIAL_HPP

#include <cstdint>
#include <string>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// Whether a snapshot may be of another feature-key serial than this system's (DESIGN 7).
enum class snapshot_serial : std::uint8_t {
    /// The snapshot must be of this system's serial; another is refused `snapshot_foreign`.
    same,
    /// The feature key was exchanged: a snapshot of another serial is read, its settings,
    /// users and history kept, and its keys (bound to the old serial) dropped. The MAC still
    /// guards the file, its serial line included.
    exchanged,
};

/// What reading a snapshot did with its keys (DESIGN 7): the serial it was saved under, and
/// the keys of that serial that were dropped because they are not this system's (only ever
/// with `snapshot_serial::exchanged`), in the snapshot's order.
struct snapshot_restore {
    std::string saved_serial;
    std::vector<std::string> dropped_keys;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_SNAPSHOT_SERIAL_HPP
