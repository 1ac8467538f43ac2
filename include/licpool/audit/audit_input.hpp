// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_AUDIT_INPUT_HPP
#define LICPOOL_AUDIT_AUDIT_INPUT_HPP

#include <licpool/audit/user_criterion.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/date.hpp>
#include <licpool/keys/entitlement.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// Everything an auditor looks at, copied from the pool at one moment (DESIGN 6). The pool
/// takes it under its lock and hands it to the auditor after letting go, so an auditor (and
/// the host predicates of its usage factors) never runs under the pool's lock. (It was called
/// `audit_snapshot` until a "snapshot" meant only the persisted text; that name still works
/// for one release, deprecated: include <licpool/audit/audit_snapshot.hpp>.)
struct audit_input {
    /// One zone, organization or job's share of a kind and its use (for a tier group's
    /// kinds: the group's combined seats).
    struct tree_usage {
        std::string name;
        kind_id kind;
        std::uint32_t share = 0;
        std::uint64_t in_use = 0;
    };

    struct user {
        std::string name;
        bool station = false;
        std::map<std::string, std::string, std::less<>> attributes;
        std::vector<kind_id> assigned;
        std::vector<kind_id> logged_in;
    };

    struct tenant {
        std::string zone;
        std::string name;
        std::uint32_t acquired = 0;
        std::vector<user> users;
    };

    /// Polls failing while the last good entitlement is kept, or after it lapsed (DESIGN 7).
    struct grace_state {
        date failing_since;
        date ends;
        bool lapsed = false;
    };

    /// DESIGN 3: the installed keys are bound to `bound`, but the serial provider reports
    /// `reported` (empty: no serial at all), so they count nothing.
    struct serial_state {
        std::string bound;
        std::string reported;
    };

    catalog kinds;
    date day;
    entitlement_set entitlements;
    /// Per kind, system-wide: everything in use (jobs, users, organizations).
    std::vector<std::uint64_t> in_use;
    /// Per kind: licenses assigned to users and stations, and logged in.
    std::vector<std::uint64_t> assigned;
    std::vector<std::uint64_t> logged_in;
    /// Per kind: licenses lent to remote holders by node leases (DESIGN 7).
    std::vector<std::uint64_t> leased;
    /// Per kind: the zones' mins added up.
    std::vector<std::uint64_t> zone_mins;
    std::vector<tree_usage> zones;
    std::vector<tree_usage> organizations;
    std::vector<tree_usage> jobs;
    std::vector<tenant> tenants;
    std::vector<usage_factor> factors;
    std::optional<grace_state> grace;
    /// Set only while installed keys count nothing because their serial is not there.
    std::optional<serial_state> serial;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_AUDIT_INPUT_HPP
