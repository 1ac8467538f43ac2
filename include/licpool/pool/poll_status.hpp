// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_POLL_STATUS_HPP
#define LICPOOL_POOL_POLL_STATUS_HPP

#include <licpool/core/date.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// One kind's count, as a license server reports it.
struct kind_count {
    std::string kind;
    std::uint32_t count = 0;

    friend bool operator==(const kind_count& a, const kind_count& b) { return a.kind == b.kind && a.count == b.count; }
    friend bool operator!=(const kind_count& a, const kind_count& b) { return !(a == b); }
};

/// Where a pool that polls a license server stands (the POM seed's "last successful poll"
/// and "last changed"), and its grace period when polls fail (DESIGN 7).
struct poll_status {
    std::optional<date> last_success;
    /// The last day a successful poll brought a different entitlement.
    std::optional<date> last_change;
    /// The first failure since the last success; empty while polls succeed.
    std::optional<date> failing_since;
    /// The last day the last good entitlement is kept, while polls fail.
    std::optional<date> grace_ends;
    /// The grace period is over: counted kinds are at zero until a poll succeeds.
    bool lapsed = false;
    /// What the last successful poll granted.
    std::vector<kind_count> last_good;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_POLL_STATUS_HPP
