// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_POOL_PERSISTENCE_HPP
#define LICPOOL_POOL_DETAIL_POOL_PERSISTENCE_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/detail/chrono.hpp> // std::chrono without the calendar's formatting
#include <licpool/core/expected.hpp>
#include <licpool/keys/entitlement.hpp>
#include <licpool/keys/serial_provider.hpp>
#include <licpool/keys/vendor_secret.hpp>
#include <licpool/pool/detail/allocation_state.hpp>
#include <licpool/pool/detail/pool_tree.hpp>
#include <licpool/pool/detail/snapshot_format.hpp>
#include <licpool/pool/node_lease.hpp>
#include <licpool/pool/pool_event.hpp>
#include <licpool/pool/pool_options.hpp>
#include <licpool/pool/snapshot_serial.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
// The mapping between a pool's parts and the persisted `snapshot_state` (DESIGN 7): capture
// and apply. The text itself is the codec's (`snapshot_writer`, `snapshot_reader`); the MAC
// and the file are the pool's. Like EnTT's snapshot, this lives outside what it saves.
namespace licpool::detail {

/// The keys a snapshot keeps, checked, and those it drops.
struct checked_keys {
    std::vector<entitlement> kept;
    std::vector<std::string> dropped; // DESIGN 7: the old serial's, on an exchange
};

/// The snapshot types as seen from code templated on a pool's parts: the same types, named
/// through `Parts` so that nothing of them is compiled until a pool persists (compile time).
/// (`void_in`, core/expected.hpp: `std::void_t<Parts>` would not do, compilers see through it.)
template <class Parts>
using state_of = basic_snapshot_state<void_in<Parts>>;
template <class Parts>
using reader_of = basic_snapshot_reader<void_in<Parts>>;
template <class Parts>
using writer_of = basic_snapshot_writer<void_in<Parts>>;

/// Everything a snapshot keeps (DESIGN 7), as one moment's `snapshot_state`. Mutex held.
template <class Parts>
state_of<Parts> capture_snapshot(const Parts& p, std::int64_t now) {
    state_of<Parts> s;
    s.catalog = p.kinds.name();
    // DESIGN 7: the serial the keys are bound to, which they validate under when read back;
    // with no key installed, the provider's.
    s.serial = p.keeper.keys.empty() ? normalize_serial(serial_number{p.keeper.validator.serial()}.value()) : p.keeper.bound_serial;
    s.source = p.options.entitlements == entitlement_source::keys ? "keys" : "license_server";
    const auto validator_state = p.keeper.validator.state();
    s.latest = std::max(validator_state.latest, p.keeper.latest_day);
    s.trials = validator_state.trials;
    for (const auto& e : p.keeper.keys.keys()) {
        s.keys.push_back(e.key);
    }
    for (std::size_t n = 0; n < p.tree.nodes.size(); ++n) {
        const auto& node = p.tree.nodes[n];
        typename state_of<Parts>::node out;
        out.zone = node.level == node_level::zone;
        out.zone_name = out.zone ? std::string{} : p.tree.nodes[node.parent].name;
        out.name = node.name;
        out.acquired = node.acquired;
        for (std::size_t k = 0; k < p.kinds.size(); ++k) {
            if (node.settings[k]) {
                out.settings[kind_id{static_cast<std::uint16_t>(k)}] = *node.settings[k];
            }
        }
        s.nodes.push_back(std::move(out));
    }
    for (std::size_t j = 0; j < p.table.jobs.size(); ++j) {
        const auto& job = p.table.jobs[j];
        if (job.forgotten.load()) {
            continue;
        }
        typename state_of<Parts>::job out;
        out.name = job.name;
        out.zone = p.tree.nodes[job.zone].name;
        out.organization = p.tree.nodes[job.organization].name;
        out.priority = job.priority;
        out.mode = job.mode;
        out.state = job.state.load();
        out.campaign = job.campaign;
        for (std::uint32_t slot = job.first_slot; slot < job.first_slot + job.slot_count; ++slot) {
            out.kinds.push_back({p.table.slots[slot].kind, p.table.slots[slot].min, p.table.slots[slot].max});
        }
        s.jobs.push_back(std::move(out));
    }
    for (const auto& user : p.tenants.users) {
        typename state_of<Parts>::user out;
        out.zone = p.tree.nodes[p.tree.nodes[user.tenant].parent].name;
        out.organization = p.tree.nodes[user.tenant].name;
        out.name = user.name;
        out.station = user.station;
        out.removed = user.removed;
        // Logins are not kept (DESIGN 7), so the method a restored user has is that of
        // its assigned licenses, or none.
        out.method = user.assigned.empty() ? license_method::none : license_method::assigned;
        out.attributes = user.attributes;
        out.assigned = user.assigned;
        s.users.push_back(std::move(out));
    }
    s.poll = p.keeper.poll;
    s.daily_audit = p.schedule.daily;
    s.last_daily_audit = p.schedule.last_daily;
    s.last_fence = p.leases.last_fence;
            for (const auto& [fence, l] : p.leases.leases) {
        const auto left = l.expires.time_since_epoch().count() - now;
        s.leases.push_back({l.holder, fence, l.request_id, l.kind, l.count, std::max<std::int64_t>(0, left / 1000000)});
    }
    for (const auto& [key, fence] : p.leases.requests) {
        s.lease_requests.push_back({key.first, key.second, fence});
    }
    s.audits = p.schedule.audits;
    s.history.assign(p.schedule.history.reports().begin(), p.schedule.history.reports().end());
    return s;
}

/// A snapshot is read into a fresh pool only: no keys, nodes, jobs, users, leases or polls.
template <class Parts>
[[nodiscard]] expected_in<void, Parts> check_fresh(const Parts& p) {
    const char* used = !p.keeper.keys.empty()              ? "installed keys"
                       : p.tree.nodes.size() != 0        ? "zones or organizations"
                       : p.table.jobs.size() != 0         ? "jobs"
                       : !p.tenants.users.empty()           ? "users"
                       : !p.leases.leases.empty()     ? "node leases"
                       : p.keeper.poll.last_success        ? "a poll"
                                                   : nullptr;
    if (used != nullptr) {
        return fail(errc::snapshot_not_empty).subject(used);
    }
    return {};
}

/// Everything a snapshot needs to be read whole, checked before anything changes: a
/// snapshot that passes here is applied without a refusal half-way (DESIGN 1).
template <class Parts>
[[nodiscard]] expected_in<checked_keys, Parts> check_snapshot(const Parts& p, const state_of<Parts>& s, snapshot_serial serial) {
    if (s.catalog != p.kinds.name()) {
        return fail(errc::snapshot_foreign).subject(s.catalog).context("catalog");
    }
    const std::string ours = normalize_serial(serial_number{p.keeper.validator.serial()}.value());
    const bool exchanged = normalize_serial(s.serial) != ours;
    if (exchanged && ours.empty()) {
        return fail(errc::serial_absent).subject(s.serial); // DESIGN 7: no key could be checked
    }
    if (exchanged && serial != snapshot_serial::exchanged) {
        return fail(errc::snapshot_foreign).subject(s.serial).context("serial");
    }
    const std::string_view source = p.options.entitlements == entitlement_source::keys ? "keys" : "license_server";
    if (s.source != source) {
        return fail(errc::snapshot_foreign).subject(s.source).context("entitlement source");
    }
    checked_keys keys;
    for (std::size_t i = 0; i < s.keys.size(); ++i) {
        auto e = p.keeper.validator.revalidate(s.keys[i]);
        if (!e && exchanged && e.error().code() == errc::mac_mismatch) {
            // DESIGN 7: a key of the old serial (the MAC covers the file, so it is one
            // the old system had installed, not a forgery): dropped and reported.
            keys.dropped.push_back(s.keys[i]);
            continue;
        }
        if (!e) {
            return fail(errc::snapshot_malformed)
                .subject(to_string(e.error().code()))
                .number(static_cast<std::int64_t>(s.key_lines[i]))
                .note("an installed key does not validate");
        }
        keys.kept.push_back(std::move(*e));
    }
    const auto malformed = [](const char* what, std::string_view name) {
        return fail(errc::snapshot_malformed).subject(name).note(what);
    };
    for (const auto& n : s.nodes) {
        if (!pool_tree::valid_node_name(n.name) || (!n.zone && !pool_tree::valid_node_name(n.zone_name))) {
            return malformed("a zone or organization name that cannot be", n.name);
        }
    }
    for (const auto& j : s.jobs) {
        job_spec spec{j.priority, 0, 0, j.mode, {}};
        if (j.campaign) {
            spec.agents(p.kinds[*j.campaign].name);
        }
        for (const auto& k : j.kinds) {
            spec.limits_for(p.kinds[k.kind].name, k.min, k.max);
        }
        if (j.kinds.empty() || !p.table.plan_job(spec, j.name)) {
            return malformed("a job whose kinds do not fit its campaign", j.name);
        }
    }
    for (const auto& u : s.users) {
        for (const kind_id k : u.assigned) {
            if (!p.tree.user_kind(p.kinds[k].name)) {
                return malformed("a user holding a kind users cannot hold", u.name);
            }
        }
    }
    for (const auto& l : s.leases) {
        if (!p.tree.user_kind(p.kinds[l.kind].name)) {
            return malformed("a node lease of a kind that cannot be lent", l.holder);
        }
    }
    for (const auto& c : s.poll.last_good) {
        if (!p.kinds.find(c.kind)) {
            return malformed("a poll count of an unknown kind", c.kind);
        }
    }
    return keys;
}

/// Reads a checked snapshot into a fresh pool, mutex held. Nothing here can be refused:
/// licenses that were held are taken whatever the limits now (DESIGN 4.4: holdings above a
/// limit stay; the audit reports an exceeded kind). `now`: steady time, for leases' expiry.
template <class Parts>
void apply_snapshot(Parts& p, const state_of<Parts>& s, const std::vector<entitlement>& keys, std::chrono::nanoseconds now) {
    p.keeper.validator.restore(validator_state{s.latest, s.trials});
    p.keeper.latest_day = std::max(p.keeper.latest_day, s.latest);
    for (const auto& e : keys) {
        p.keeper.keys.add(e);
    }
    // DESIGN 3: the keys kept validated under the provider's serial: they are bound to it.
    p.keeper.reported_serial = p.keeper.provider_serial();
    p.keeper.bound_serial = p.keeper.reported_serial;
    p.keeper.standing_now = p.keeper.standing();
    p.keeper.poll = s.poll;
    if (p.options.entitlements == entitlement_source::keys) {
        // The keys count as of the effective day, and the watermark stays as saved: a
        // restore is the saved state, so save -> load -> save gives the same text.
        p.totals.apply(p.keeper.key_entitlements(p.keeper.audit_day()));
    } else {
        p.totals.apply(entitlement_set::total(p.kinds, *p.keeper.poll_entitlements(p.keeper.poll.last_good, p.keeper.poll.lapsed), date{}));
    }
    for (const auto& n : s.nodes) {
        auto index = n.zone ? p.tree.find_or_create_zone(n.name) : p.tree.find_or_create_organization(n.zone_name, n.name, true);
        if (!index) {
            continue; // not reached: check_snapshot checked the names
        }
        p.tree.nodes[*index].acquired = n.acquired;
        for (const auto& [kind, l] : n.settings) {
            p.tree.nodes[*index].settings[kind.value()] = l;
            ++p.tree.shape_version;
        }
    }
    for (const auto& j : s.jobs) {
        const auto org = p.tree.organization_index.find(concat(j.zone, "/", j.organization));
        job_spec spec{organization_id{org->second}, j.priority, 0, 0, j.mode, {}};
        spec.named(j.name);
        if (j.campaign) {
            spec.agents(p.kinds[*j.campaign].name);
        }
        for (const auto& k : j.kinds) {
            spec.limits_for(p.kinds[k.kind].name, k.min, k.max);
        }
        const auto started = p.table.start(spec, now.count());
        if (started && j.state != job_state::running) {
            p.table.set_state(started->value(), j.state);
            if (j.state == job_state::stopped) {
                p.table.retire(started->value());
            }
        }
    }
    for (const auto& u : s.users) {
        user_record rec;
        rec.name = u.name;
        rec.tenant = p.tree.organization_index.find(concat(u.zone, "/", u.organization))->second;
        rec.station = u.station;
        rec.removed = u.removed;
        rec.attributes = u.attributes;
        rec.assigned = u.assigned;
        for (const kind_id k : u.assigned) {
            p.totals.counters[k.value()].force_take();
            // Held before the restart: taken whatever the limits now (DESIGN 4.4).
            p.tree.node_counters[p.tree.nodes[rec.tenant].first_counter + p.tree.resource_of[k.value()]].force_take();
            p.tree.node_counters[p.tree.nodes[p.tree.nodes[rec.tenant].parent].first_counter + p.tree.resource_of[k.value()]].force_take();
            ++p.totals.assigned[k.value()];
        }
        if (!u.removed) {
            p.tree.nodes[rec.tenant].users.push_back(static_cast<std::uint32_t>(p.tenants.users.size()));
        }
        p.tenants.users.push_back(std::move(rec));
    }
    p.leases.last_fence = s.last_fence;
            for (const auto& l : s.leases) {
        node_lease restored;
        restored.holder = l.holder;
        restored.fence = l.fence;
        restored.request_id = l.request_id;
        restored.kind = l.kind;
        restored.count = l.count;
        restored.expires = steady_time{now + std::chrono::milliseconds{l.remaining_ms}};
        p.totals.counters[l.kind.value()].force_take_n(l.count);
        p.totals.leased[l.kind.value()] += l.count;
        p.leases.leases.emplace(l.fence, std::move(restored));
    }
    for (const auto& r : s.lease_requests) {
        p.leases.requests.emplace(std::make_pair(r.holder, r.request_id), r.fence);
    }
    p.schedule.audits = s.audits;
    p.schedule.daily = s.daily_audit;
    p.schedule.last_daily = s.last_daily_audit;
    for (const auto& r : s.history) {
        p.schedule.history.add(r);
    }
    p.recalc.recalculate(recalculation_cause::restored, "snapshot");
}
/// `license_pool::restore_snapshot`: checks the pool is fresh, reads, checks and applies.
template <class Parts>
[[nodiscard]] expected_in<snapshot_restore, Parts> restore_into(Parts& p, std::string_view text, const vendor_secret& secret,
                                                  snapshot_serial serial) {
    if (auto fresh = check_fresh(p); !fresh) {
        return unexpected<error>(fresh.error());
    }
    auto state = reader_of<Parts>{p.kinds, secret}.read(text);
    if (!state) {
        return unexpected<error>(state.error());
    }
    auto keys = check_snapshot(p, *state, serial);
    if (!keys) {
        return unexpected<error>(keys.error());
    }
    // Built before anything changes: an allocation failing here leaves the pool as it was.
    snapshot_restore restored{state->serial, std::move(keys->dropped)};
    apply_snapshot(p, *state, keys->kept, std::chrono::nanoseconds{p.steady_nanos()});
    return restored;
}

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_POOL_PERSISTENCE_HPP
