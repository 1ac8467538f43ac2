// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_NODE_LEASE_HPP
#define LICPOOL_POOL_NODE_LEASE_HPP

#include <licpool/core/clock.hpp>
#include <licpool/core/detail/chrono.hpp> // std::chrono without the calendar's formatting
#include <licpool/core/ids.hpp>

#include <cstdint>
#include <string>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The longest time to live a node lease is granted or renewed for: about ten years (3,650
/// days). Expiry times are steady nanoseconds in a signed 64-bit count, which a longer time
/// to live could overflow (about 292 years); a holder that needs longer renews. A time to
/// live above this, or of zero or less, is refused with `invalid_setting` (DESIGN 7).
inline constexpr std::chrono::milliseconds max_node_lease_ttl{std::chrono::hours{24 * 3650}};

/// What a remote holder (a media server, another process) asks the pool for: `count`
/// licenses of `kind` for `ttl`. `request_id` makes the request idempotent: the same holder
/// sending the same id again gets the same lease and takes nothing more.
struct node_lease_request {
    std::string holder;
    std::uint64_t request_id = 0;
    std::string kind;
    std::uint32_t count = 0;
    std::chrono::milliseconds ttl{0};
};

/// Licenses lent to a remote holder until `expires` unless renewed (DESIGN 7). The fence
/// grows with every grant: a message carrying an old fence is from a holder whose lease
/// ended, and is refused.
struct node_lease {
    std::string holder;
    std::uint64_t fence = 0;
    std::uint64_t request_id = 0;
    kind_id kind{};
    std::uint32_t count = 0;
    steady_time expires{};

    friend bool operator==(const node_lease& a, const node_lease& b) {
        return a.holder == b.holder && a.fence == b.fence && a.request_id == b.request_id && a.kind == b.kind &&
               a.count == b.count && a.expires == b.expires;
    }
    friend bool operator!=(const node_lease& a, const node_lease& b) { return !(a == b); }
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_NODE_LEASE_HPP
