// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_SNAPSHOT_WRITER_HPP
#define LICPOOL_POOL_DETAIL_SNAPSHOT_WRITER_HPP

#include <licpool/audit/compliance_report.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/pool/detail/snapshot_state.hpp>
#include <licpool/pool/detail/snapshot_tokens.hpp>

#include <string>
#include <string_view>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// Writes a `snapshot_state` as the snapshot's text, all but the MAC line (the pool signs
/// the text with `snapshot_mac`). Kinds are written by name, so the catalog says which.
/// (A template with an unused parameter only so that its code is compiled where a pool is
/// instantiated, not in every translation unit that includes the pool: scripts/compile-times.)
template <class Unused = void>
class basic_snapshot_writer {
public:
    explicit basic_snapshot_writer(const catalog& kinds) : kinds_{kinds} {}

    template <class... Tokens>
    void line(std::string_view record, const Tokens&... tokens) {
        out_ += record;
        ((out_ += ' ', out_ += tokens), ...);
        out_ += '\n';
    }

    std::string text(const basic_snapshot_state<Unused>& s) {
        line(snapshot_magic, std::to_string(snapshot_version));
        line("catalog", encode_token(s.catalog));
        line("serial", encode_token(s.serial));
        line("source", s.source);
        line("latest-date", s.latest.to_string());
        for (const auto& t : s.trials) {
            line("trial", encode_token(t.serial), std::to_string(t.feature_code), encode_token(t.key));
        }
        for (const auto& k : s.keys) {
            line("key", encode_token(k));
        }
        for (const auto& n : s.nodes) {
            if (n.zone) {
                line("zone", encode_token(n.name));
            } else {
                line("org", encode_token(n.zone_name), encode_token(n.name), std::to_string(n.acquired));
            }
            const std::string path = n.zone ? encode_token(n.name) : concat(encode_token(n.zone_name), "/", encode_token(n.name));
            for (const auto& [kind, l] : n.settings) {
                line("setting", path, kinds_[kind].name, std::to_string(l.min), count_token(l.max), std::to_string(l.weight));
            }
        }
        for (const auto& j : s.jobs) {
            line("job", encode_token(j.name), encode_token(j.zone), encode_token(j.organization),
                 std::to_string(j.priority), to_string(j.mode), to_string(j.state),
                 j.campaign ? kinds_[*j.campaign].name : std::string{"-"});
            for (const auto& k : j.kinds) {
                line("job-kind", encode_token(j.name), kinds_[k.kind].name, std::to_string(k.min), count_token(k.max));
            }
        }
        for (const auto& u : s.users) {
            line("user", encode_token(u.zone), encode_token(u.organization), encode_token(u.name),
                 u.station ? "station" : "user", license_method_token(u.method), u.removed ? "removed" : "active");
            for (const auto& [key, value] : u.attributes) {
                line("attribute", encode_token(key), encode_token(value));
            }
            for (const kind_id k : u.assigned) {
                line("assigned", kinds_[k].name);
            }
        }
        line("poll", date_token(s.poll.last_success), date_token(s.poll.last_change), date_token(s.poll.failing_since),
             date_token(s.poll.grace_ends), s.poll.lapsed ? "lapsed" : "holding");
        for (const auto& c : s.poll.last_good) {
            line("poll-count", c.kind, std::to_string(c.count));
        }
        line("daily-audit", s.daily_audit ? "on" : "off", date_token(s.last_daily_audit));
        // Version 2: node leases and the audit history.
        line("fence", std::to_string(s.last_fence));
        for (const auto& l : s.leases) {
            line("lease", encode_token(l.holder), std::to_string(l.fence), std::to_string(l.request_id),
                 kinds_[l.kind].name, std::to_string(l.count), std::to_string(l.remaining_ms));
        }
        for (const auto& r : s.lease_requests) {
            line("lease-request", encode_token(r.holder), std::to_string(r.request_id), std::to_string(r.fence));
        }
        line("audits", std::to_string(s.audits));
        for (const auto& r : s.history) {
            report(r);
        }
        return std::move(out_);
    }

private:
    void report(const compliance_report& r) {
        line("report", r.day.to_string(), std::to_string(r.sequence));
        for (const auto& k : r.kinds) {
            line("report-kind", k.name, std::to_string(k.entitled), std::to_string(k.used), std::to_string(k.held_by_jobs),
                 std::to_string(k.assigned), std::to_string(k.logged_in), std::to_string(k.leased),
                 std::to_string(k.available), k.exceeded ? "exceeded" : "ok");
        }
        for (const auto& e : r.excesses) {
            line("report-excess", to_string(e.where), encode_token(e.name), kinds_[e.kind].name, std::to_string(e.in_use),
                 std::to_string(e.share), std::to_string(e.over));
        }
        for (const auto& t : r.tenants) {
            line("report-tenant", encode_token(t.zone), encode_token(t.name), std::to_string(t.acquired),
                 std::to_string(t.licensed), std::to_string(t.available));
            for (const auto& f : t.factors) {
                line("report-factor", encode_token(f.factor), std::to_string(f.users));
            }
        }
        for (const auto& f : r.findings) {
            line("report-finding", to_string(f.code), encode_token(f.kind), encode_token(f.message));
        }
        for (const auto& m : r.exceeded_messages) {
            line("report-message", encode_token(m));
        }
    }

    const catalog& kinds_;
    std::string out_;
};
using snapshot_writer = basic_snapshot_writer<>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_SNAPSHOT_WRITER_HPP
