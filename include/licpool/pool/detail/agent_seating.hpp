// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_AGENT_SEATING_HPP
#define LICPOOL_POOL_DETAIL_AGENT_SEATING_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/pool/detail/allocation_state.hpp>
#include <licpool/pool/detail/attempt_protocol.hpp>
#include <licpool/pool/detail/event_queue.hpp>
#include <licpool/pool/detail/job_table.hpp>
#include <licpool/pool/detail/kind_totals.hpp>
#include <licpool/pool/detail/pool_tree.hpp>
#include <licpool/pool/detail/take_ladder.hpp>
#include <licpool/pool/pool_event.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// Agents of agent-based jobs (DESIGN 4.5): each holds a seat of the lowest adequate tier
/// its campaign can have (`Resolver` picks it) and, where the catalog has an agents' port
/// kind, a nail-up port. Attaching and moving are attempts (`Attempts`, the protocol of
/// DESIGN 4.3); a move is never counted twice nor lost; at each recalculation agents move
/// down a tier where a lower adequate one is free.
///
/// Seats and ports climb the same ladder as acquires (`take_ladder`), with the levels a
/// move shares left as they are, so a move inside an organization never counts it twice.
///
/// A single-threaded component: the pool's mutex guards it.
template <class Resolver, class Attempts>
class agent_seating {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Attempts>;

public:
    agent_seating(const catalog& catalog_kinds, kind_totals& kind_totals, pool_tree& allocation_tree,
                  job_table& job_table_, take_ladder& ladder_, Attempts& attempts_, event_queue& event_queue_)
        : kinds{catalog_kinds}, totals{kind_totals}, tree{allocation_tree}, table{job_table_}, ladder{ladder_},
          attempts{attempts_}, events{event_queue_} {}

    agent_seating(const agent_seating&) = delete;
    agent_seating& operator=(const agent_seating&) = delete;

    [[nodiscard]] result<kind_id> attach(job_id job, agent_id agent, std::int64_t now) {
        auto found = agent_job_checked(job);
        if (!found) {
            return unexpected<error>(found.error());
        }
        if (const auto it = agents.find(agent); it != agents.end()) {
            return fail(errc::agent_attached).subject(table.jobs[it->second.job].name).number(agent.value());
        }
        auto attempt = begin_attempt(*found, now, refused_call::attach_agent);
        if (!attempt) {
            return unexpected<error>(attempt.error());
        }
        const attempt_at& at = *attempt;
        auto seat = attempts.decide(at.seat_slot, at.may_trigger, [&] { return take_seat(*found, at.seat_slot, {}, std::nullopt); }, already_locked{}, refused_call::attach_agent);
        if (!seat) {
            return seat;
        }
        agent_record a{*found, at.seat_slot, *seat, no_index, kind_id{}};
        if (at.port_slot) {
            if (auto port = attempts.decide(*at.port_slot, at.may_trigger, [&] { return take_port(*found, *at.port_slot, {}, false); }, already_locked{}, refused_call::attach_agent);
                !port) {
                totals.counters[seat->value()].give_back();
                ladder.give_back_below_system(at.seat_slot, {});
                return unexpected<error>(port.error());
            }
            a.port_slot = *at.port_slot;
            a.port = *tree.port_kind;
        }
        agents.emplace(agent, a);
        ++table.jobs[*found].agents;
        return *seat;
    }

    [[nodiscard]] result<kind_id> move(agent_id agent, job_id to, std::int64_t now) {
        const auto it = agents.find(agent);
        if (it == agents.end()) {
            return fail(errc::unknown_agent).number(agent.value());
        }
        auto found = agent_job_checked(to);
        if (!found) {
            return unexpected<error>(found.error());
        }
        agent_record& from = it->second;
        if (*found == from.job) {
            return from.seat;
        }
        // Waking the target (DESIGN 4.3 trigger 4) recalculates before the move is decided, with
        // the agent still at its old job: like every agent, it moves down a tier there if it
        // can (DESIGN 4.5), and the tier read below is the one it then holds.
        auto attempt = begin_attempt(*found, now, refused_call::move_agent);
        if (!attempt) {
            return unexpected<error>(attempt.error());
        }
        // A take below may recalculate (trigger 5); that recalculation must not move this agent
        // down a tier while the move holds on to the tier it read here.
        struct moving_guard {
            const agent_record*& moving;
            ~moving_guard() { moving = nullptr; }
        } guard{moving_agent};
        moving_agent = &from;
        const attempt_at& at = *attempt;
        auto& target = table.jobs[*found];
        const auto& old_job = table.jobs[from.job];
        const shared_levels shared{old_job.organization == target.organization, old_job.zone == target.zone};
        // A tier that serves the new campaign too is kept; a higher need is resolved anew.
        std::optional<kind_id> kept_tier;
        if (tree.resource_of[from.seat.value()] == tree.resource_of[target.campaign->value()] &&
            kinds[from.seat].tier >= kinds[*target.campaign].tier) {
            kept_tier = from.seat;
        }
        auto seat = attempts.decide(at.seat_slot, at.may_trigger, [&] { return take_seat(*found, at.seat_slot, shared, kept_tier); }, already_locked{}, refused_call::move_agent);
        if (!seat) {
            return seat;
        }
        if (at.port_slot) {
            if (auto port = attempts.decide(*at.port_slot, at.may_trigger, [&] { return take_port(*found, *at.port_slot, shared, true); }, already_locked{}, refused_call::move_agent);
                !port) {
                if (!kept_tier) {
                    totals.counters[seat->value()].give_back();
                }
                ladder.give_back_below_system(at.seat_slot, shared);
                return unexpected<error>(port.error());
            }
        }
        // Everything is secured at the new job: let go of what the old one held.
        if (!kept_tier) {
            totals.counters[from.seat.value()].give_back();
        }
        ladder.give_back_below_system(from.seat_slot, shared);
        if (from.port_slot != no_index) {
            ladder.give_back_below_system(from.port_slot, shared);
        }
        --table.jobs[from.job].agents;
        ++target.agents;
        from.job = *found;
        from.seat_slot = at.seat_slot;
        from.seat = *seat;
        if (at.port_slot) {
            from.port_slot = *at.port_slot;
        }
        return *seat;
    }


    // DESIGN 4.5: at each recalculation, an agent holding a higher tier than its campaign
    // needs moves down to the lowest adequate tier that is free.
    void move_agents_down() {
        for (auto& [id, agent] : agents) {
            if (&agent == moving_agent) {
                continue;
            }
            const kind_id needed = *table.jobs[agent.job].campaign;
            const kind_id held = agent.seat;
            const auto best = resolver.resolve(kinds, needed, [&](kind_id k) { return k == held || seat_free(k); });
            if (!best || kinds[*best].tier >= kinds[held].tier) {
                continue;
            }
            tier_move_event moved{id, job_id{agent.job}, table.jobs[agent.job].name, held, *best};
            events.reserve_more<tier_move_event>(1); // both before the seat changes, so a failure changes nothing
            limited_counter::reading seen{};
            if (!totals.counters[best->value()].try_take(seen)) {
                continue;
            }
            totals.counters[held.value()].give_back();
            agent.seat = *best;
            events.push(std::move(moved));
        }
    }

    std::optional<std::uint32_t> port_slot_of(std::uint32_t job) const {
        if (!tree.port_kind) {
            return std::nullopt;
        }
        auto s = table.find_slot(job_id{job}, *tree.port_kind);
        return s ? std::optional<std::uint32_t>{*s} : std::nullopt;
    }

    /// Detaches an agent: its seat and nail-up port go back.
    [[nodiscard]] result<void> detach(agent_id agent) {
        const auto it = agents.find(agent);
        if (it == agents.end()) {
            return fail(errc::unknown_agent).number(agent.value());
        }
        give_back_agent(it->second);
        --table.jobs[it->second.job].agents;
        agents.erase(it);
        return {};
    }

    /// DESIGN 4.5: a snoozed job lets all its agents go with their seats and ports at once.
    /// Returns them in id order.
    std::vector<agent_id> let_go_of(std::uint32_t job) {
        std::vector<agent_id> released;
        for (auto it = agents.begin(); it != agents.end();) {
            if (it->second.job == job) {
                give_back_agent(it->second);
                released.push_back(it->first);
                it = agents.erase(it);
            } else {
                ++it;
            }
        }
        table.jobs[job].agents = 0;
        return released;
    }

    /// The agent's record, or `unknown_agent`.
    [[nodiscard]] result<agent_record> find(agent_id agent) const {
        const auto it = agents.find(agent);
        if (it == agents.end()) {
            return fail(errc::unknown_agent).number(agent.value());
        }
        return it->second;
    }


private:
    // Where an attach or a move takes at a job: the seat slot, the nail-up port's, and whether
    // trigger 5 may still fire for them.
    struct attempt_at {
        std::uint32_t seat_slot;
        std::optional<std::uint32_t> port_slot;
        bool may_trigger;
    };

    // DESIGN 4.3, 4.5: an attach or a move is an attempt for every kind it takes at `job`: the
    // seat and, where the catalog has agents' ports, the nail-up port.
    [[nodiscard]] result<attempt_at> begin_attempt(std::uint32_t job, std::int64_t now, refused_call call) {
        const auto seat_slot = *table.find_slot(job_id{job}, *table.jobs[job].campaign);
        const auto port_slot = port_slot_of(job);
        const std::array<std::uint32_t, 2> attempted{seat_slot, port_slot.value_or(seat_slot)};
        auto may_trigger = attempts.begin(job, attempted.data(), port_slot ? 2 : 1, now, already_locked{}, call);
        if (!may_trigger) {
            return unexpected<error>(may_trigger.error());
        }
        return attempt_at{seat_slot, port_slot, *may_trigger};
    }

    bool seat_free(kind_id k) const noexcept {
        const auto seen = totals.counters[k.value()].read();
        return seen.used < seen.limit;
    }

    // A seat for an agent of `job`: the job's seat quota, its organization's and zone's
    // shares, then the lowest adequate tier with a free seat (DESIGN 4.5). A move that keeps
    // an adequate tier passes it as `kept_tier`.
    [[nodiscard]] result<kind_id> take_seat(std::uint32_t job, std::uint32_t slot, shared_levels shared,
                                std::optional<kind_id> kept_tier) {
        const kind_id campaign = *table.jobs[job].campaign;
        refusal why{};
        if (!ladder.take_below_system(slot, shared, why)) {
            return unexpected<error>(ladder.refusal_error(job, campaign, why));
        }
        if (kept_tier) {
            return *kept_tier;
        }
        const auto tier = resolver.resolve(kinds, campaign, [this](kind_id k) { return seat_free(k); });
        limited_counter::reading seen{};
        if (tier && totals.counters[tier->value()].try_take(seen)) {
            return *tier;
        }
        ladder.give_back_below_system(slot, shared);
        std::uint64_t used = 0;
        std::uint64_t entitled = 0;
        bool adequate = false;
        for (const kind_id k : kinds.tier_group(campaign)) {
            adequate = adequate || k == campaign;
            if (adequate) {
                used += totals.counters[k.value()].used();
                entitled += totals.entitled[k.value()];
            }
        }
        return fail(errc::entitlement)
            .subject(concat(kinds[campaign].name, " or higher"))
            .number(static_cast<std::int64_t>(used))
            .limit(static_cast<std::int64_t>(entitled));
    }

    // An agent's nail-up port (DESIGN 4.5). A move keeps the port counted system-wide.
    [[nodiscard]] result<void> take_port(std::uint32_t job, std::uint32_t slot, shared_levels shared, bool kept_system) {
        refusal why{};
        if (!ladder.take_below_system(slot, shared, why)) {
            return unexpected<error>(ladder.refusal_error(job, *tree.port_kind, why));
        }
        limited_counter::reading seen{};
        if (!kept_system && !totals.counters[tree.port_kind->value()].try_take(seen)) {
            ladder.give_back_below_system(slot, shared);
            return unexpected<error>(ladder.refusal_error(job, *tree.port_kind, {errc::entitlement, seen.used, seen.limit, 0}));
        }
        return {};
    }

    void give_back_agent(const agent_record& agent) noexcept {
        totals.counters[agent.seat.value()].give_back();
        ladder.give_back_below_system(agent.seat_slot, {});
        if (agent.port_slot != no_index) {
            totals.counters[tree.port_kind->value()].give_back();
            ladder.give_back_below_system(agent.port_slot, {});
        }
    }

    [[nodiscard]] result<std::uint32_t> agent_job_checked(job_id job) const {
        auto found = table.index_of(job);
        if (!found) {
            return found;
        }
        const auto& rec = table.jobs[*found];
        if (!rec.campaign) {
            return fail(errc::seat_kind).subject(rec.name).note("names no campaign seat kind: it is not agent-based");
        }
        return found;
    }


    // Immutable after construction.
    const catalog& kinds;
    kind_totals& totals;
    pool_tree& tree;
    job_table& table;
    take_ladder& ladder;
    Attempts& attempts;
    event_queue& events;
    Resolver resolver;
    /// The attached agents. Mutex.
    std::map<agent_id, agent_record> agents;
    /// The agent a move is re-seating, if any: its seat is in flux until the move ends, so a
    /// recalculation the move triggers (DESIGN 4.3 trigger 5) leaves it alone. Mutex.
    const agent_record* moving_agent = nullptr;
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_AGENT_SEATING_HPP
