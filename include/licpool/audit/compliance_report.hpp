// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_COMPLIANCE_REPORT_HPP
#define LICPOOL_AUDIT_COMPLIANCE_REPORT_HPP

#include <licpool/core/date.hpp>
#include <licpool/core/ids.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// Configuration findings of an audit (DESIGN 6), in the order a report lists them.
enum class finding_code : std::uint8_t {
    outbound_above_telephony,   ///< outbound-port entitlement above telephony-port entitlement
    zone_mins_above_entitlement, ///< the zones' mins for a kind add up to more than its entitlement
    entitlement_clipped,        ///< an entitlement above its kind's platform cap was clipped
    required_missing,           ///< a required kind has no license
    grace_period,               ///< polls fail and the last good entitlement is kept, or has lapsed
    prerequisite_missing,       ///< a kind is licensed but a kind it needs is not (DESIGN 2)
    serial_absent,              ///< the serial provider reports no serial: keys count nothing (DESIGN 3)
    serial_changed,             ///< the serial provider reports another serial: keys count nothing (DESIGN 3)
};

constexpr std::string_view to_string(finding_code code) noexcept {
    switch (code) {
    case finding_code::outbound_above_telephony: return "outbound_above_telephony";
    case finding_code::zone_mins_above_entitlement: return "zone_mins_above_entitlement";
    case finding_code::entitlement_clipped: return "entitlement_clipped";
    case finding_code::required_missing: return "required_missing";
    case finding_code::grace_period: return "grace_period";
    case finding_code::prerequisite_missing: return "prerequisite_missing";
    case finding_code::serial_absent: return "serial_absent";
    case finding_code::serial_changed: return "serial_changed";
    }
    return "unknown";
}

/// One kind's compliance (DESIGN 6).
struct kind_usage {
    kind_id kind;
    std::string name;
    std::uint32_t entitled = 0;
    /// Everything in use: held by jobs, assigned, logged in, leased to remote holders, and
    /// (for the `organization` kind) the organizations there are. Boolean kinds are never consumed: 0.
    std::uint64_t used = 0;
    std::uint64_t held_by_jobs = 0;
    std::uint64_t assigned = 0;
    std::uint64_t logged_in = 0;
    /// Lent to remote holders by node leases.
    std::uint64_t leased = 0;
    /// entitled - used, never below zero.
    std::uint64_t available = 0;
    /// Only the entitlement decides compliance (DESIGN 4.4): used above entitled.
    bool exceeded = false;
    /// DESIGN 2: whether a channel kind's channel (counted, with a channel view) is marked; a
    /// kind is enabled while its entitlement is non-zero and every kind it needs is licensed.
    bool channel = false;
    bool enabled = false;
};

/// Where the use of an exceeded kind stands above the current share: a zone, an
/// organization or a job, and by how much (its in-use minus its share).
struct excess {
    enum class level : std::uint8_t { zone, organization, job };
    level where = level::job;
    std::string name;
    kind_id kind;
    std::uint64_t in_use = 0;
    std::uint32_t share = 0;
    std::uint64_t over = 0;
};

constexpr std::string_view to_string(excess::level l) noexcept {
    switch (l) {
    case excess::level::zone: return "zone";
    case excess::level::organization: return "organization";
    case excess::level::job: return "job";
    }
    return "unknown";
}

/// How many of a tenant's users one usage factor counted.
struct factor_count {
    std::string factor;
    std::uint32_t users = 0;
};

/// A tenant's user licenses (DESIGN 6): acquired (bought), currently licensed (users counted
/// by the enabled factors, each once), available (never below zero), and the breakdown.
struct tenant_usage {
    std::string zone;
    std::string name;
    std::uint32_t acquired = 0;
    std::uint32_t licensed = 0;
    std::uint32_t available = 0;
    std::vector<factor_count> factors; ///< enabled factors, in precedence order
};

/// A configuration finding, with a message that says what to look at.
struct finding {
    finding_code code;
    std::string kind; ///< the kind it is about, or empty
    std::string message;
};

/// What an audit found (DESIGN 6).
struct compliance_report {
    /// The day of the audit, and its number among the pool's audits (0 for the first).
    date day;
    std::uint64_t sequence = 0;
    std::vector<kind_usage> kinds;           ///< every kind that is not a bundle, in catalog order
    std::vector<excess> excesses;            ///< for exceeded kinds only
    std::vector<tenant_usage> tenants;       ///< sorted by zone, then name
    std::vector<finding> findings;           ///< in finding_code order, then by kind name
    std::vector<std::string> exceeded_messages; ///< one per exceeded kind, by kind name
    /// The kind each of `exceeded_messages` is about, in the same order (DESIGN 6): the pool
    /// sends each message as the event of this kind. An Auditor that leaves it empty gives
    /// its messages in catalog order. Reports read back from a snapshot's history leave it
    /// empty: it is for sending events, which happens once, at the audit.
    std::vector<kind_id> exceeded_kinds;

    bool compliant() const noexcept { return exceeded_messages.empty(); }

    // A member template only so that it is compiled where it is called (scripts/compile-times).
    template <class Unused = void>
    const kind_usage* find(std::string_view kind) const noexcept {
        for (const auto& k : kinds) {
            if (k.name == kind) {
                return &k;
            }
        }
        return nullptr;
    }
};

/// What an audit sends the host's sink for each exceeded kind (DESIGN 6).
struct compliance_event {
    date day;
    kind_id kind;
    std::string message;
    std::uint32_t entitled = 0;
    std::uint64_t used = 0;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_COMPLIANCE_REPORT_HPP
