// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_COMPLIANCE_SCHEDULE_HPP
#define LICPOOL_POOL_DETAIL_COMPLIANCE_SCHEDULE_HPP

#include <licpool/audit/audit_history.hpp>
#include <licpool/audit/audit_input.hpp>
#include <licpool/audit/compliance_report.hpp>
#include <licpool/core/date.hpp>
#include <licpool/pool/detail/allocation_state.hpp>
#include <licpool/pool/detail/limited_counter.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstdint>
#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// The compliance side of the pool (DESIGN 6): the kept reports, where exceeded kinds'
/// events go, and the daily audit on the pool's clock. The Auditor itself runs outside the
/// lock, on `audit_input_of`'s copy of one moment.
///
/// A single-threaded component: the pool's mutex guards it.
/// (A template with an unused parameter only so that its code is compiled where a pool is
/// instantiated, not in every translation unit that includes the pool: scripts/compile-times.)
template <class Unused = void>
class basic_compliance_schedule {
public:
    using sink_type = std::function<void(const compliance_event&)>;

    explicit basic_compliance_schedule(audit_retention retention) : history{retention} {}

    /// Whether the daily audit is due on `today`; marks it done when it is.
    bool daily_due(date today) {
        const bool due = daily && (!last_daily || today > *last_daily);
        if (due) {
            last_daily = today;
        }
        return due;
    }

    void set_sink(sink_type to) { sink = std::make_shared<const sink_type>(std::move(to)); }

    // DESIGN 6: one event per exceeded message, for the kind the auditor says it is about
    // (by kind id, whatever order a host's Auditor gives its messages in); an Auditor that
    // names no kinds gives its messages in catalog order.
    static void send_events(const compliance_report& report,
                                       const std::function<void(const compliance_event&)>& sink) {
        const bool named = report.exceeded_kinds.size() == report.exceeded_messages.size();
        std::vector<const kind_usage*> in_catalog_order;
        for (const auto& k : report.kinds) {
            if (k.exceeded) {
                in_catalog_order.push_back(&k);
            }
        }
        for (std::size_t i = 0; i < report.exceeded_messages.size(); ++i) {
            const kind_usage* k = nullptr;
            if (named) {
                const auto it = std::find_if(report.kinds.begin(), report.kinds.end(),
                                             [&](const kind_usage& u) { return u.kind == report.exceeded_kinds[i]; });
                k = it == report.kinds.end() ? nullptr : &*it;
            } else if (i < in_catalog_order.size()) {
                k = in_catalog_order[i];
            }
            if (k != nullptr) {
                sink(compliance_event{report.day, k->kind, report.exceeded_messages[i], k->entitled, k->used});
            }
        }
    }

    /// The kept reports, oldest first, bounded by the retention. Mutex.
    audit_history history;
    /// How many audits were made: the next report's sequence number. Mutex.
    std::uint64_t audits = 0;
    /// Where exceeded kinds' events go (shared, so a report being sent keeps its sink). Mutex.
    std::shared_ptr<const sink_type> sink;
    /// The daily audit: enabled, and the day it last ran. Mutex.
    bool daily = false;
    std::optional<date> last_daily;
};
using compliance_schedule = basic_compliance_schedule<>;

/// One moment's state of the pool for its Auditor (DESIGN 6). Mutex held.
template <class Parts>
audit_input audit_input_of(const Parts& p) {
    audit_input s;
    s.kinds = p.kinds;
    s.day = p.keeper.audit_day();
    s.entitlements = p.totals.now;
    const std::size_t kind_count = p.kinds.size();
    s.in_use.assign(kind_count, 0);
    s.assigned = p.totals.assigned;
    s.logged_in = p.totals.logged_in;
    s.leased = p.totals.leased;
    s.zone_mins.assign(kind_count, 0);
    for (std::size_t k = 0; k < kind_count; ++k) {
        s.in_use[k] = p.totals.counters[k].used();
    }
    // A node or job's figures for every kind of a resource (a tier group's kinds share them).
    const auto add = [&p](std::vector<audit_input::tree_usage>& to, const std::string& name, std::size_t r,
                            limited_counter::reading seen) {
        for (const kind_id k : p.tree.resources[r].kinds) {
            to.push_back({name, k, seen.limit, seen.used});
        }
    };
    for (std::size_t n = 0; n < p.tree.nodes.size(); ++n) {
        const auto& node = p.tree.nodes[n];
        const bool zone = node.level == node_level::zone;
        for (std::size_t r = 0; r < p.tree.resources.size(); ++r) {
            add(zone ? s.zones : s.organizations, node.path, r, p.tree.node_counters[node.first_counter + r].read());
        }
        if (zone) {
            for (std::size_t k = 0; k < kind_count; ++k) {
                if (node.settings[k]) {
                    s.zone_mins[k] += node.settings[k]->min;
                }
            }
        } else {
            audit_input::tenant t;
            t.zone = p.tree.nodes[node.parent].name;
            t.name = node.name;
            t.acquired = node.acquired;
            for (const std::uint32_t u : node.users) {
                const auto& rec = p.tenants.users[u];
                t.users.push_back({rec.name, rec.station, rec.attributes, rec.assigned, rec.logged_in});
            }
            s.tenants.push_back(std::move(t));
        }
    }
    for (std::size_t slot = 0; slot < p.table.slots.size(); ++slot) {
        if (!p.table.jobs[p.table.slots[slot].job].forgotten.load()) {
            add(s.jobs, p.table.jobs[p.table.slots[slot].job].name, p.table.slots[slot].resource, p.table.counters[slot].usage.read());
        }
    }
    s.factors = p.tenants.factors;
    if (p.keeper.poll.failing_since) {
        s.grace = audit_input::grace_state{*p.keeper.poll.failing_since, *p.keeper.poll.grace_ends, p.keeper.poll.lapsed};
    }
    if (p.keeper.standing_now != Parts::keeper_type::serial_standing::present) {
        s.serial = audit_input::serial_state{p.keeper.bound_serial, p.keeper.reported_serial};
    }
    return s;
}

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_COMPLIANCE_SCHEDULE_HPP
