// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_PERSISTENCE_HPP
#define LICPOOL_POOL_PERSISTENCE_HPP

// Snapshots (DESIGN 7): include this, or <licpool/licpool.hpp>, to call a pool's `snapshot`,
// `save_snapshot`, `restore_snapshot` or `load_snapshot`. It holds the snapshot codec and the
// atomic file writing, which <licpool/pool/license_pool.hpp> leaves out so that hosts that
// never persist a pool do not compile them. Include it before the calls, like any header.
#include <licpool/core/expected.hpp>
#include <licpool/keys/vendor_secret.hpp>
#include <licpool/pool/atomic_file.hpp>
#include <licpool/pool/detail/pool_parts.hpp>
#include <licpool/pool/detail/pool_persistence.hpp>
#include <licpool/pool/detail/snapshot_codec.hpp>
#include <licpool/pool/detail/snapshot_format.hpp>
#include <licpool/pool/license_pool.hpp>
#include <licpool/pool/snapshot_serial.hpp>
#include <licpool/pool/write_step.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// The codec for every pool: the steps `license_pool`'s snapshot members take, in the order
/// they take them (capture under the lock, text and MAC outside it; restore under the lock).
template <class Resolver, class Allocator, class Validator, class Clock>
struct snapshot_codec<pool_parts<Resolver, Allocator, Validator, Clock>> {
    using parts_type = pool_parts<Resolver, Allocator, Validator, Clock>;
    static constexpr bool available = true;

    static state_of<parts_type> capture(const parts_type& parts) {
        return capture_snapshot(parts, parts.steady_nanos());
    }

    /// The snapshot's text with its MAC line (DESIGN 7).
    static std::string text(const parts_type& parts, const state_of<parts_type>& state, const vendor_secret& secret) {
        std::string body = writer_of<parts_type>{parts.kinds}.text(state);
        const std::string mac = snapshot_mac(secret, body);
        append(body, "mac ", mac, "\n");
        return body;
    }

    static expected_in<snapshot_restore, Clock> restore(parts_type& parts, std::string_view text, const vendor_secret& secret,
                                              snapshot_serial serial) {
        return restore_into(parts, text, secret, serial);
    }

    static expected<void> write_file(const std::string& path, std::string_view contents,
                                     const write_step_hook& before) {
        return write_file_atomically(path, contents, before);
    }

    static expected_in<std::string, Clock> read_file(const std::string& path) { return licpool::read_file(path); }
};

} // namespace licpool::detail

#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_PERSISTENCE_HPP
