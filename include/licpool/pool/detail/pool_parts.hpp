// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_POOL_PARTS_HPP
#define LICPOOL_POOL_DETAIL_POOL_PARTS_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/detail/chrono.hpp> // std::chrono without the calendar's formatting
#include <licpool/pool/detail/agent_seating.hpp>
#include <licpool/pool/detail/attempt_protocol.hpp>
#include <licpool/pool/detail/compliance_schedule.hpp>
#include <licpool/pool/detail/deferred_recalculation.hpp>
#include <licpool/pool/detail/entitlement_keeper.hpp>
#include <licpool/pool/detail/event_queue.hpp>
#include <licpool/pool/detail/job_table.hpp>
#include <licpool/pool/detail/kind_totals.hpp>
#include <licpool/pool/detail/node_lease_table.hpp>
#include <licpool/pool/detail/pool_tree.hpp>
#include <licpool/pool/detail/recalculator.hpp>
#include <licpool/pool/detail/take_ladder.hpp>
#include <licpool/pool/detail/tenant_registry.hpp>
#include <licpool/pool/pool_options.hpp>

#include <cstdint>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// The components of one `license_pool`, wired to one another, in the order they are built
/// (each is built from those above it). `license_pool` owns one and holds the mutex that
/// guards it; see docs/ARCHITECTURE.md for who calls whom.
template <class Resolver, class Allocator, class Validator, class Clock>
struct pool_parts {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Clock>;

    using recalculator_type = recalculator<Allocator>;
    using attempts_type = attempt_protocol<Allocator>;
    using seating_type = agent_seating<Resolver, attempts_type>;
    using keeper_type = entitlement_keeper<Validator, Clock>;

    pool_parts(catalog catalog_kinds, Validator validator, pool_options pool_settings, Clock pool_clock,
               Allocator allocator_policy)
        : kinds{std::move(catalog_kinds)}, options{pool_settings}, clock{std::move(pool_clock)},
          allocator{std::move(allocator_policy)},
          keeper{kinds, totals, batch, std::move(validator), clock, options}, schedule{options.retention} {
        // DESIGN 4.5: after each recalculation, agents move down a tier where one is free.
        recalc.on_published = [this] { seating.move_agents_down(); };
    }

    pool_parts(const pool_parts&) = delete;
    pool_parts& operator=(const pool_parts&) = delete;

    /// The pool's clock as steady nanoseconds (DESIGN 4.3's attempt stamps, leases' expiry).
    std::int64_t steady_nanos() const noexcept {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(clock.now().time_since_epoch()).count();
    }

    /// The stamp of an attempt to take licenses (DESIGN 4.3): the clock's coarse
    /// `attempt_time()` where it has one (core/clock.hpp says why idle detection stays true),
    /// read on every acquire; starts, resumes, ticks and leases keep `steady_nanos()`.
    std::int64_t attempt_nanos() const noexcept {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(attempt_time_of(clock).time_since_epoch())
            .count();
    }

    // ---- what the pool's calls do, mutex held (the facade takes it) --------------------------

    [[nodiscard]] result<void> forget_job(job_id job) {
        auto found = table.index_of(job);
        if (!found) {
            return unexpected<error>(found.error());
        }
        const auto& rec = table.jobs[*found];
        const job_state state = rec.state.load();
        if (state != job_state::stopped) {
            return fail(errc::invalid_state)
                .subject(rec.name)
                .context(to_string(state))
                .note("forget needs a stopped job");
        }
        if (!table.holds_nothing(*found)) {
            return fail(errc::invalid_state)
                .subject(rec.name)
                .context(to_string(state))
                .note("forget needs a job that holds nothing: its leases and agents must be back first");
        }
        table.forget(*found);
        return {};
    }

    [[nodiscard]] result<std::vector<agent_id>> snooze_job(job_id job) {
        auto found = table.index_of(job);
        if (!found) {
            return unexpected<error>(found.error());
        }
        const auto& rec = table.jobs[*found];
        if (!rec.campaign) {
            return fail(errc::invalid_state)
                .subject(rec.name)
                .context(to_string(rec.state.load()))
                .note("snooze needs an agent-based job");
        }
        if (rec.state.load() != job_state::running) {
            return fail(errc::invalid_state)
                .subject(rec.name)
                .context(to_string(rec.state.load()))
                .note("snooze needs a running job");
        }
        auto released = seating.let_go_of(*found);
        table.set_state(*found, job_state::snoozed);
        batch.recalculate(recalculation_cause::job_snoozed, rec.name);
        return released;
    }

    [[nodiscard]] result<void> set_priority(job_id job, int priority) {
        auto found = table.index_of(job);
        if (!found) {
            return unexpected<error>(found.error());
        }
        auto& rec = table.jobs[*found];
        if (auto refused = job_table::check_not_stopped(rec)) {
            return unexpected<error>(*refused);
        }
        if (priority < min_priority || priority > max_priority) {
            return fail(errc::invalid_setting)
                .subject(rec.name)
                .number(priority)
                .note("priority {number} is outside 1..10");
        }
        rec.priority = priority;
        table.note_job(*found);
        batch.recalculate(recalculation_cause::job_settings, rec.name);
        return {};
    }

    [[nodiscard]] result<void> set_limits(job_id job, kind_id kind, std::uint32_t min, std::uint32_t max) {
        auto slot = table.find_slot(job, kind);
        if (!slot) {
            return unexpected<error>(slot.error());
        }
        const auto& rec = table.jobs[job.value()];
        if (auto refused = job_table::check_not_stopped(rec)) {
            return unexpected<error>(*refused);
        }
        if (min > max) {
            return fail(errc::invalid_setting)
                .subject(rec.name)
                .number(min)
                .limit(max)
                .note("min {number} is above max {limit}");
        }
        table.slots[*slot].min = min;
        table.slots[*slot].max = max;
        table.counters[*slot].max.store(max, std::memory_order_release);
        table.note(*slot);
        batch.recalculate(recalculation_cause::job_settings, rec.name);
        return {};
    }

    [[nodiscard]] result<job_id> start_job(const job_spec& spec) {
        auto started = table.start(spec, steady_nanos());
        if (started) {
            batch.recalculate(recalculation_cause::job_started, table.jobs[started->value()].name);
        }
        return started;
    }

    [[nodiscard]] result<void> change_state(job_id job, std::initializer_list<job_state> from, job_state to,
                                              recalculation_cause cause, const char* rule) {
        auto found = table.index_of(job);
        if (!found) {
            return unexpected<error>(found.error());
        }
        const auto& rec = table.jobs[*found];
        const job_state now = rec.state.load();
        if (std::find(from.begin(), from.end(), now) == from.end()) {
            return fail(errc::invalid_state).subject(rec.name).context(to_string(now)).note(rule);
        }
        table.set_state(*found, to);
        if (to == job_state::running) {
            // DESIGN 4.3: resuming or waking counts as an attempt.
            const auto t = steady_nanos();
            for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
                table.counters[s].last_attempt.store(t);
            }
        }
        batch.recalculate(cause, rec.name);
        if (to == job_state::stopped) {
            batch.retire(*found); // after the recalculation that gives it 0, pending or not
        }
        return {};
    }

    /// The timed work of the host's tick, in this order: keys that expired or whose serial
    /// went or came back (trigger 2, DESIGN 3) or the end of a poll grace period (DESIGN 7),
    /// node leases that ran out (DESIGN 7), stopped jobs to forget, dynamic jobs turning
    /// idle (trigger 3). Returns whether the daily audit is due (DESIGN 6).
    bool tick() {
        const auto now = steady_nanos();
        bool expired = false;
        if (options.entitlements == entitlement_source::keys) {
            // DESIGN 3: the serial is read at each tick, as the clock is; a serial gone or
            // back recalculates by itself, and an expiry is then part of that recalculation.
            expired = !keeper.read_serial() && keeper.keys_changed_today();
        } else {
            keeper.end_grace_if_due(keeper.observe_today()); // recalculates when it lapses
        }
        leases.expire(now);
        table.forget_emptied();
        const auto window = std::chrono::duration_cast<std::chrono::nanoseconds>(allocator.idle_window());
        const std::string turned_idle = attempts.turn_idle(now, window.count());
        if (expired) {
            recalc.recalculate(recalculation_cause::entitlement_changed, "key validity");
        } else if (!turned_idle.empty()) {
            recalc.recalculate(recalculation_cause::idle_while_hungry, turned_idle);
        }
        return schedule.daily_due(keeper.audit_day());
    }

    /// A zone or organization found or created by `find`, then given `settings` (trigger 2).
    template <class Find>
    result<std::uint32_t> configure(std::string_view path, const std::vector<kind_limits>& settings, Find find) {
        auto checked = tree.check_settings(path, settings);
        if (!checked) {
            return unexpected<error>(checked.error());
        }
        auto node = find();
        if (!node) {
            return node;
        }
        tree.apply_settings(*node, *checked);
        batch.recalculate(recalculation_cause::node_settings, tree.nodes[*node].path);
        return node;
    }

    static unexpected<error> too_many_kinds(std::size_t count) {
        return fail(errc::invalid_setting)
            .subject("call")
            .number(static_cast<std::int64_t>(count))
            .limit(static_cast<std::int64_t>(call_leases::max_kinds))
            .note("a call takes 1 to {limit} kinds at once, not {number}");
    }

    /// DESIGN 4.4.1: every kind checked first, as a one-kind acquire checks before its
    /// attempt (each named once, in the job, not a seat), then one attempt for all of them.
    template <class Locked>
    result<call_leases> acquire_call(job_id job, const kind_id* named, std::size_t count, Locked locked) {
        if (count == 0 || count > call_leases::max_kinds) {
            return too_many_kinds(count);
        }
        std::array<std::uint32_t, call_leases::max_kinds> slots{};
        for (std::size_t i = 0; i < count; ++i) {
            auto slot = table.acquirable_slot(job, named[i]);
            if (!slot) {
                return unexpected<error>(slot.error());
            }
            if (std::find(slots.begin(), slots.begin() + static_cast<std::ptrdiff_t>(i), *slot) !=
                slots.begin() + static_cast<std::ptrdiff_t>(i)) {
                return fail(errc::invalid_setting)
                    .subject(kinds[named[i]].name)
                    .note("is named twice: a call takes each kind once");
            }
            slots[i] = *slot;
        }
        return attempts.acquire_call(job, named, slots.data(), count, steady_nanos(), locked);
    }

    // Immutable after construction, except the clock, which is the host's to advance (a
    // `manual_clock` in tests) and is read under the mutex or by the fast path's stamps.
    const catalog kinds;
    const pool_options options;
    Clock clock;
    const Allocator allocator;

    // The components. Each says what guards its state: the mutex of `license_pool`, except
    // the counters and flags the lock-free fast path uses, which are atomics.
    event_queue events;
    kind_totals totals{kinds};
    pool_tree tree{kinds, totals};
    job_table table{kinds, tree, options.forget_stopped_jobs};
    recalculator_type recalc{kinds, totals, tree, table, allocator, events};
    // DESIGN 4.3, batches: what the settings calls (trigger 1, node settings, entitlement)
    // fire; the calls that take, give back or read licenses apply what it holds first, and
    // those that must decide on current quotas (attempts, node leases) use `recalc` itself.
    deferred_recalculation batch{recalc, table};
    take_ladder ladder{kinds, totals, tree, table};
    attempts_type attempts{tree, table, ladder, recalc, allocator, events};
    seating_type seating{kinds, totals, tree, table, ladder, attempts, events};
    tenant_registry tenants{kinds, totals, tree};
    node_lease_table leases{totals, tree, recalc};
    keeper_type keeper;
    compliance_schedule schedule;
};

/// The parts of a whole pool (`license_pool::parts_`, whose friend it is), for the project's
/// own benchmarks (a recalculation of everything, issue 16); not for hosts: nothing in it is
/// a promise.
template <class Pool>
struct parts_access {
    static auto& of(Pool& pool) noexcept { return pool.parts_; }
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_POOL_PARTS_HPP
