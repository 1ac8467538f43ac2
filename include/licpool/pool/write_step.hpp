// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_WRITE_STEP_HPP
#define LICPOOL_POOL_WRITE_STEP_HPP

// The steps of an atomic file write, apart from the writing itself (atomic_file.hpp), so that
// `license_pool::save_snapshot` can be declared without <filesystem>.
#include <cstdint>
#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The steps of an atomic write, in order (DESIGN 7: a crash at any of them leaves the old
/// file or the new one, never a mix).
enum class write_step : std::uint8_t {
    create_temporary, ///< open a new temporary file beside the target
    write_first_half, ///< write the first half of the contents
    write_second_half,///< write the rest
    flush,            ///< flush and sync the temporary file to disk
    close,            ///< close it
    rename,           ///< rename it over the target (the moment the new file appears)
    sync_directory,   ///< sync the folder, so the rename itself survives a power loss
};

/// Called before each step; returning false stops the write there, as a crash would, with
/// nothing cleaned up. Tests use it to show every step is safe.
using write_step_hook = std::function<bool(write_step)>;

} // namespace licpool

#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_WRITE_STEP_HPP
