// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_COMPLIANCE_AUDITOR_HPP
#define LICPOOL_AUDIT_COMPLIANCE_AUDITOR_HPP

#include <licpool/audit/audit_input.hpp>
#include <licpool/audit/compliance_report.hpp>
#include <licpool/catalog/kind.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/detection.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The wording of an exceeded kind's event (DESIGN 6), after the web portal seed's own:
/// `Total enterprise users have exceeded the total enterprise user license count, licenses:
/// [10] enterprise user: [12]`. A host that logs in another language provides its own class
/// with the same member.
struct seed_wording {
    // A member template only so that its string building is compiled where an audit runs, not
    // in every file that includes the pool (scripts/compile-times).
    template <class Unused = void>
    std::string exceeded(const license_kind& kind, std::uint32_t entitled, std::uint64_t used) const {
        return detail::concat("Total ", kind.plural, " have exceeded the total ", kind.singular,
                              " license count, licenses: [", std::to_string(entitled), "] ", kind.singular, ": [",
                              std::to_string(used), "]");
    }
};

namespace detail {
template <class W>
using wording_exceeded_t = decltype(std::declval<const W&>().exceeded(
    std::declval<const license_kind&>(), std::uint32_t{}, std::uint64_t{}));

template <class Wording>
constexpr bool check_wording_policy() {
    static_assert(is_detected_convertible_v<std::string, wording_exceeded_t, Wording>,
                  "Wording policy does not provide: std::string exceeded(const licpool::license_kind&, "
                  "std::uint32_t entitled, std::uint64_t used) const (see DESIGN.md section 6)");
    return true;
}
} // namespace detail

/// The compliance auditor policy (DESIGN 6): turns an `audit_input` into a
/// `compliance_report`. Only the entitlement decides compliance: a kind is exceeded when its
/// total use is above its entitlement; zones, organizations and jobs above their current
/// shares are listed for exceeded kinds, as where the excess sits.
template <class Wording = seed_wording>
class compliance_auditor {
    static_assert(detail::check_wording_policy<Wording>(), "see the message above");

public:
    explicit compliance_auditor(Wording wording = {}) : wording_{std::move(wording)} {}

    compliance_report audit(const audit_input& s) const {
        compliance_report report;
        report.day = s.day;
        const catalog& c = s.kinds;
        struct exceeded_message {
            std::string name; // the messages go by kind name (DESIGN 6)
            kind_id kind;
            std::string message;
        };
        std::vector<exceeded_message> exceeded;
        for (const auto& k : c.kinds()) {
            if (k.is_bundle()) {
                continue;
            }
            const auto i = k.id.value();
            kind_usage u;
            u.kind = k.id;
            u.name = k.name;
            u.entitled = s.entitlements.count(k.id);
            // DESIGN 5: boolean kinds are never consumed.
            u.used = k.is_boolean() ? 0 : at(s.in_use, i);
            u.assigned = at(s.assigned, i);
            u.logged_in = at(s.logged_in, i);
            u.leased = at(s.leased, i);
            const std::uint64_t users =
                u.assigned + u.logged_in + u.leased + (k.per_tenant ? organizations(s) : 0);
            u.held_by_jobs = u.used > users ? u.used - users : 0;
            u.available = u.used < u.entitled ? u.entitled - u.used : 0;
            u.exceeded = u.used > u.entitled;
            u.channel = k.channel;
            u.enabled = u.entitled > 0 && std::all_of(k.needs.begin(), k.needs.end(), [&](kind_id n) {
                            return s.entitlements.count(n) > 0;
                        });
            if (u.exceeded) {
                exceeded.push_back(exceeded_message{k.name, k.id, wording_.exceeded(k, u.entitled, u.used)});
                add_excesses(report, s.zones, excess::level::zone, k.id);
                add_excesses(report, s.organizations, excess::level::organization, k.id);
                add_excesses(report, s.jobs, excess::level::job, k.id);
            }
            report.kinds.push_back(std::move(u));
        }
        std::sort(exceeded.begin(), exceeded.end(),
                  [](const exceeded_message& a, const exceeded_message& b) { return a.name < b.name; });
        for (auto& e : exceeded) {
            report.exceeded_messages.push_back(std::move(e.message));
            report.exceeded_kinds.push_back(e.kind);
        }
        report.tenants = tenants(s);
        report.findings = findings(s);
        return report;
    }

    const Wording& wording() const noexcept { return wording_; }

private:
    static std::uint64_t at(const std::vector<std::uint64_t>& v, std::size_t i) noexcept {
        return i < v.size() ? v[i] : 0;
    }

    static std::uint64_t organizations(const audit_input& s) noexcept { return s.tenants.size(); }

    static void add_excesses(compliance_report& report, const std::vector<audit_input::tree_usage>& level_usage,
                             excess::level where, kind_id kind) {
        for (const auto& u : level_usage) {
            if (u.kind == kind && u.in_use > u.share) {
                report.excesses.push_back(excess{where, u.name, kind, u.in_use, u.share, u.in_use - u.share});
            }
        }
    }

    // DESIGN 6: each managed user counted once, by the first enabled factor that matches.
    static std::vector<tenant_usage> tenants(const audit_input& s) {
        std::vector<tenant_usage> out;
        for (const auto& t : s.tenants) {
            tenant_usage u;
            u.zone = t.zone;
            u.name = t.name;
            u.acquired = t.acquired;
            std::vector<std::uint32_t> counts(s.factors.size(), 0);
            for (const auto& user : t.users) {
                const user_view view{t.name, user.name, user.station, &user.attributes, &user.assigned, &user.logged_in};
                for (std::size_t f = 0; f < s.factors.size(); ++f) {
                    const auto& factor = s.factors[f];
                    if (factor.enabled && factor.criterion && factor.criterion(view)) {
                        ++counts[f];
                        ++u.licensed;
                        break;
                    }
                }
            }
            for (std::size_t f = 0; f < s.factors.size(); ++f) {
                if (s.factors[f].enabled) {
                    u.factors.push_back(factor_count{s.factors[f].name, counts[f]});
                }
            }
            u.available = u.licensed < u.acquired ? u.acquired - u.licensed : 0;
            out.push_back(std::move(u));
        }
        std::sort(out.begin(), out.end(), [](const tenant_usage& a, const tenant_usage& b) {
            return a.zone != b.zone ? a.zone < b.zone : a.name < b.name;
        });
        return out;
    }

    // DESIGN 6: configuration findings, in code order, then by kind name.
    static std::vector<finding> findings(const audit_input& s) {
        const catalog& c = s.kinds;
        std::vector<finding> out;
        // DESIGN 2, 6: a kind that also takes another (the contact center's outbound port
        // takes a telephony port) cannot be used beyond the kind it takes, so more of it
        // entitled is a configuration to correct. Found by the catalog's links, not by names.
        for (const auto& k : c.kinds()) {
            if (k.takes && s.entitlements.count(k.id) > s.entitlements.count(*k.takes)) {
                const auto& taken = c[*k.takes];
                out.push_back({finding_code::outbound_above_telephony, k.name,
                               detail::concat(k.plural, " are entitled ", std::to_string(s.entitlements.count(k.id)),
                                              ", above the ", std::to_string(s.entitlements.count(*k.takes)), " ",
                                              taken.plural, "; each ", k.singular, " in use also takes a ",
                                              taken.singular)});
            }
        }
        std::vector<finding> by_kind;
        for (const auto& k : c.kinds()) {
            const auto i = k.id.value();
            if (!k.is_bundle() && at(s.zone_mins, i) > s.entitlements.count(k.id)) {
                by_kind.push_back({finding_code::zone_mins_above_entitlement, k.name,
                                   detail::concat("the zones' mins for ", k.name, " add up to ",
                                                  std::to_string(at(s.zone_mins, i)), ", above its entitlement of ",
                                                  std::to_string(s.entitlements.count(k.id)))});
            }
            if (const auto clipped = s.entitlements.clipped_from(k.id)) {
                by_kind.push_back({finding_code::entitlement_clipped, k.name,
                                   detail::concat(k.name, " is entitled ", std::to_string(*clipped),
                                                  ", clipped to its platform cap of ", std::to_string(k.platform_cap))});
            }
            if (k.required && s.entitlements.count(k.id) == 0) {
                by_kind.push_back({finding_code::required_missing, k.name,
                                   detail::concat("required kind ", k.name,
                                                  " has no license: the product does not run")});
            }
            // DESIGN 2: a kind licensed without a kind it needs does not work.
            for (const kind_id needed : k.needs) {
                if (s.entitlements.count(k.id) > 0 && s.entitlements.count(needed) == 0) {
                    by_kind.push_back({finding_code::prerequisite_missing, k.name,
                                       detail::concat(k.name, " is licensed but needs ", c[needed].name,
                                                      ", which is not: it does not work")});
                }
            }
        }
        if (s.grace) {
            by_kind.push_back({finding_code::grace_period, {},
                               s.grace->lapsed
                                   ? detail::concat("license server polls have failed since ",
                                                    s.grace->failing_since.to_string(), "; the grace period ended on ",
                                                    s.grace->ends.to_string(), " and counted kinds are at zero")
                                   : detail::concat("license server polls have failed since ",
                                                    s.grace->failing_since.to_string(),
                                                    "; the last good entitlement holds until ",
                                                    s.grace->ends.to_string())});
        }
        // DESIGN 3: keys whose serial is not there count nothing, as expired keys do.
        if (s.serial) {
            by_kind.push_back(
                s.serial->reported.empty()
                    ? finding{finding_code::serial_absent, {},
                              detail::concat("the serial provider reports no feature-key serial: the keys bound to serial ",
                                             s.serial->bound, " count nothing until it is back")}
                    : finding{finding_code::serial_changed, {},
                              detail::concat("the serial provider reports serial ", s.serial->reported,
                                             ": the keys bound to serial ", s.serial->bound,
                                             " count nothing; put its feature key back, or remove them and install keys of ",
                                             s.serial->reported)});
        }
        std::stable_sort(by_kind.begin(), by_kind.end(), [](const finding& a, const finding& b) {
            return a.code != b.code ? a.code < b.code : a.kind < b.kind;
        });
        out.insert(out.end(), by_kind.begin(), by_kind.end());
        return out;
    }

    Wording wording_;
};

namespace detail {
template <class A>
using auditor_audit_t = decltype(std::declval<const A&>().audit(std::declval<const audit_input&>()));

template <class Auditor>
constexpr bool check_auditor_policy() {
    static_assert(is_detected_convertible_v<compliance_report, auditor_audit_t, Auditor>,
                  "Auditor policy does not provide: licpool::compliance_report audit(const licpool::audit_input&) "
                  "const (see DESIGN.md section 6)");
    return true;
}
} // namespace detail

/// True when `T` meets the Auditor policy of `compliance_auditor`.
template <class T>
inline constexpr bool is_auditor_v = detail::is_detected_convertible_v<compliance_report, detail::auditor_audit_t, T>;

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_COMPLIANCE_AUDITOR_HPP
