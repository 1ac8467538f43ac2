// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_REPORT_TEXT_HPP
#define LICPOOL_AUDIT_REPORT_TEXT_HPP

#include <licpool/audit/compliance_report.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// A tenant as the text report names it: `name` in zone `default`, `zone/name` elsewhere.
/// (Both functions here are templates, the printer on the stream's traits, only so that they
/// and <ostream> are compiled where a report is printed, not in every file that includes the
/// pool: scripts/compile-times.)
template <class Unused = void>
std::string display_name(const tenant_usage& t) {
    return t.zone == "default" ? t.name : t.zone + "/" + t.name;
}

/// The plain-text form of a report, one line per fact (what `licpool audit` prints):
///  - `<kind> entitled=<n> used=<n> available=<n>[ channel=on|off][ EXCEEDED]` for each kind
///    with any entitlement or use, by name (the channel view for channel kinds, DESIGN 2);
///  - `tenant <name> acquired=<n> licensed=<n> available=<n>[ <factor>=<n>...]`, by name;
///  - `finding <code>: <message>`, in finding order;
///  - each exceeded kind's message.
template <class Traits>
std::basic_ostream<char, Traits>& operator<<(std::basic_ostream<char, Traits>& out, const compliance_report& report) {
    std::vector<const kind_usage*> kinds;
    for (const auto& k : report.kinds) {
        if (k.entitled > 0 || k.used > 0) {
            kinds.push_back(&k);
        }
    }
    std::sort(kinds.begin(), kinds.end(), [](const kind_usage* a, const kind_usage* b) { return a->name < b->name; });
    for (const auto* k : kinds) {
        out << k->name << " entitled=" << k->entitled << " used=" << k->used << " available=" << k->available;
        if (k->channel) {
            out << " channel=" << (k->enabled ? "on" : "off");
        }
        out << (k->exceeded ? " EXCEEDED" : "") << '\n';
    }
    std::vector<std::pair<std::string, const tenant_usage*>> tenants;
    for (const auto& t : report.tenants) {
        tenants.emplace_back(display_name(t), &t);
    }
    std::sort(tenants.begin(), tenants.end());
    for (const auto& [name, t] : tenants) {
        out << "tenant " << name << " acquired=" << t->acquired << " licensed=" << t->licensed
            << " available=" << t->available;
        for (const auto& f : t->factors) {
            out << ' ' << f.factor << '=' << f.users;
        }
        out << '\n';
    }
    for (const auto& f : report.findings) {
        out << "finding " << to_string(f.code) << ": " << f.message << '\n';
    }
    for (const auto& message : report.exceeded_messages) {
        out << message << '\n';
    }
    return out;
}

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_REPORT_TEXT_HPP
