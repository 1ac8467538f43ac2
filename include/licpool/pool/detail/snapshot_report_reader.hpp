// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_SNAPSHOT_REPORT_READER_HPP
#define LICPOOL_POOL_DETAIL_SNAPSHOT_REPORT_READER_HPP

#include <licpool/audit/compliance_report.hpp>
#include <licpool/catalog/kind.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/pool/detail/snapshot_tokens.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
// The audit history of format version 2: a `report` line opens a report, and the
// `report-...` lines after it fill it in. Kept apart from the snapshot reader: these lines
// are checked against nothing else the snapshot holds, only against the report they fill.
namespace licpool::detail {

/// Reads one line whose record starts with `report` into `history`.
template <class Unused = void>
[[nodiscard]] expected_in<void, Unused> read_report_line(const basic_snapshot_line<Unused>& in, std::vector<compliance_report>& history) {
    const std::string_view r = in[0];
    if (r == "report" && in.expect(2)) {
        auto d = in.day(in[1]);
        auto sequence = in.whole(in[2]);
        if (auto e = first_error(d, sequence)) {
            return unexpected<error>(*e);
        }
        compliance_report report;
        report.day = *d;
        report.sequence = *sequence;
        history.push_back(std::move(report));
        return {};
    }
    if (history.empty()) {
        return in.bad("a report line before any report", r);
    }
    auto& report = history.back();
    if (r == "report-kind" && in.expect(9)) {
        auto k = in.kind(in[1]);
        if (!k) {
            return unexpected<error>(k.error());
        }
        kind_usage u;
        u.kind = *k;
        u.name = std::string{in[1]};
        std::uint64_t* fields[] = {nullptr, &u.used, &u.held_by_jobs, &u.assigned, &u.logged_in, &u.leased, &u.available};
        auto entitled = in.whole(in[2], unlimited);
        if (!entitled) {
            return unexpected<error>(entitled.error());
        }
        u.entitled = static_cast<std::uint32_t>(*entitled);
        for (std::size_t i = 1; i < 7; ++i) {
            auto v = in.whole(in[i + 2]);
            if (!v) {
                return unexpected<error>(v.error());
            }
            *fields[i] = *v;
        }
        if (in[9] != "exceeded" && in[9] != "ok") {
            return in.bad("a kind neither exceeded nor ok", in[9]);
        }
        u.exceeded = in[9] == "exceeded";
        report.kinds.push_back(std::move(u));
        return {};
    }
    if (r == "report-excess" && in.expect(6)) {
        excess e;
        bool known = false;
        for (const auto level : {excess::level::zone, excess::level::organization, excess::level::job}) {
            if (in[1] == to_string(level)) {
                e.where = level;
                known = true;
            }
        }
        auto name = in.text(in[2]);
        auto k = in.kind(in[3]);
        auto in_use = in.whole(in[4]);
        auto share = in.whole(in[5], unlimited);
        auto over = in.whole(in[6]);
        if (!known || !name || !k || !in_use || !share || !over) {
            return in.bad("an excess field does not read");
        }
        e.name = *name;
        e.kind = *k;
        e.in_use = *in_use;
        e.share = static_cast<std::uint32_t>(*share);
        e.over = *over;
        report.excesses.push_back(std::move(e));
        return {};
    }
    if (r == "report-tenant" && in.expect(5)) {
        auto zone = in.text(in[1]);
        auto name = in.text(in[2]);
        auto acquired = in.whole(in[3], unlimited);
        auto licensed = in.whole(in[4], unlimited);
        auto available = in.whole(in[5], unlimited);
        if (!zone || !name || !acquired || !licensed || !available) {
            return in.bad("a tenant field does not read");
        }
        report.tenants.push_back(tenant_usage{*zone, *name, static_cast<std::uint32_t>(*acquired),
                                              static_cast<std::uint32_t>(*licensed),
                                              static_cast<std::uint32_t>(*available), {}});
        return {};
    }
    if (r == "report-factor" && in.expect(2)) {
        if (report.tenants.empty()) {
            return in.bad("a factor count before any tenant");
        }
        auto factor = in.text(in[1]);
        auto users = in.whole(in[2], unlimited);
        if (!factor || !users) {
            return in.bad("a factor field does not read");
        }
        report.tenants.back().factors.push_back(factor_count{*factor, static_cast<std::uint32_t>(*users)});
        return {};
    }
    if (r == "report-finding" && in.expect(3)) {
        finding f{finding_code::required_missing, {}, {}};
        bool known = false;
        for (const auto code : {finding_code::outbound_above_telephony, finding_code::zone_mins_above_entitlement,
                                finding_code::entitlement_clipped, finding_code::required_missing,
                                finding_code::grace_period, finding_code::prerequisite_missing,
                                finding_code::serial_absent, finding_code::serial_changed}) {
            if (in[1] == to_string(code)) {
                f.code = code;
                known = true;
            }
        }
        auto k = in.text(in[2]);
        auto message = in.text(in[3]);
        if (!known || !k || !message) {
            return in.bad("a finding field does not read");
        }
        f.kind = *k;
        f.message = *message;
        report.findings.push_back(std::move(f));
        return {};
    }
    if (r == "report-message" && in.expect(1)) {
        return store_back(in.text(in[1]), report.exceeded_messages);
    }
    return in.bad("an unknown report record, or a known one with the wrong number of tokens", r);
}

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_SNAPSHOT_REPORT_READER_HPP
