// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_POOL_OPTIONS_HPP
#define LICPOOL_POOL_POOL_OPTIONS_HPP

#include <licpool/audit/audit_history.hpp>

#include <cstdint>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {


/// Where a pool's entitlement comes from (never both added together).
enum class entitlement_source : std::uint8_t {
    keys,           ///< installed feature keys (DESIGN 3)
    license_server, ///< polls of a license server the host reports
};

/// Settings of a pool that are not policies.
struct pool_options {
    // A constructor rather than an aggregate: `pool_options{entitlement_source::license_server}`
    // would warn (-Wmissing-field-initializers) in hosts that build with -Wextra.
    pool_options(entitlement_source source = entitlement_source::keys, audit_retention kept = {}) noexcept
        : entitlements{source}, retention{kept} {}

    entitlement_source entitlements = entitlement_source::keys;
    /// How many past audit reports to keep (DESIGN 6).
    audit_retention retention;
    /// How many days a pool that polls a license server keeps its last good entitlement
    /// while polls fail (DESIGN 7), counted from the first failure.
    std::int32_t grace_days = 30;
    /// Forget a stopped job by itself once it holds nothing (see `license_pool::forget_job`):
    /// at once when it is stopped empty, else at the first tick after its last license is back.
    bool forget_stopped_jobs = false;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_POOL_OPTIONS_HPP
