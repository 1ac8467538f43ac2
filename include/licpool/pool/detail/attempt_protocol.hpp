// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_ATTEMPT_PROTOCOL_HPP
#define LICPOOL_POOL_DETAIL_ATTEMPT_PROTOCOL_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/allocation/reserved_dynamic_allocator.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/pool/call_leases.hpp>
#include <licpool/pool/detail/event_queue.hpp>
#include <licpool/pool/detail/job_table.hpp>
#include <licpool/pool/detail/pool_tree.hpp>
#include <licpool/pool/detail/recalculation_trigger.hpp>
#include <licpool/pool/detail/take_ladder.hpp>
#include <licpool/pool/lease.hpp>
#include <licpool/pool/pool_event.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// Runs a callable as it is: for callers that already hold the pool's mutex.
struct already_locked {
    template <class F>
    auto operator()(F&& f) const -> decltype(f()) {
        return f();
    }
};

/// The attempt of DESIGN 4.3, written once for every call that takes licenses: `acquire`,
/// the multi-kind acquire, `attach_agent` and `move_agent`.
///  1. Every kind the call names (and every kind they also take, DESIGN 2) is stamped with
///     the attempt's time, refused or not.
///  2. A job that is not running, or a pool that is not operational, is refused.
///  3. Each idle slot among them wakes, and the pool recalculates once (trigger 4).
///  4. The licenses are taken up the ladder. When a quota or share refuses and an idle job
///     may donate, the pool recalculates if a donor exists (trigger 5), and takes again.
///  5. A refusal by a quota, a share or the entitlement marks the refused kind hungry.
///  6. A refused call counts once, pool-wide and for its job, with its code; when the host
///     listens to refusals, its event is queued.
///
/// The fast path takes no lock: steps 3 and 4's recalculations, and step 6's event, run
/// inside `locked`, a callable that runs its argument under the pool's mutex and delivers
/// the events after (`already_locked` for a caller that holds the mutex). A granted attempt
/// does nothing for events; a refused one, with no listener, only counts. `Allocator` says
/// who is a donor.
template <class Allocator>
class attempt_protocol {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Allocator>;

public:
    attempt_protocol(pool_tree& allocation_tree, job_table& job_table_, take_ladder& ladder_,
                     recalculation_trigger& trigger_, const Allocator& allocator_policy, event_queue& event_queue_)
        : tree{allocation_tree}, table{job_table_}, ladder{ladder_}, trigger{trigger_},
          allocator{allocator_policy}, events{event_queue_} {}

    attempt_protocol(const attempt_protocol&) = delete;
    attempt_protocol& operator=(const attempt_protocol&) = delete;

    /// Steps 1-3 for the `count` slots of one attempt of `job` by `call`. The result says
    /// whether trigger 5 may still fire: not after a wake, whose recalculation counted every
    /// donor. A refusal here is the call's, for the kind of `slots[0]`.
    template <class Locked>
    [[nodiscard]] result<bool> begin(std::uint32_t job, const std::uint32_t* slots, std::size_t count,
                                       std::int64_t now, Locked locked, refused_call call) {
        for (std::size_t i = 0; i < count; ++i) {
            table.counters[slots[i]].last_attempt.store(now, std::memory_order_relaxed);
        }
        if (auto refused = table.check_running(job)) {
            note_refusal(call, slots[0], *refused, locked);
            return unexpected<error>(*refused);
        }
        const bool any_idle = std::any_of(slots, slots + count, [this](std::uint32_t s) {
            return table.counters[s].idle.load(std::memory_order_acquire);
        });
        return !any_idle || !locked([&] { return wake_idle_slots(slots, count); });
    }

    /// Steps 4-6: `take()` returns an `expected`; `refused` names the slot whose limit
    /// refused once `take()` has failed.
    template <class Take, class Locked>
    auto decide(const std::uint32_t& refused, bool may_trigger, Take take, Locked locked, refused_call call)
        -> decltype(take()) {
        auto taken = take();
        if (taken) {
            return taken;
        }
        const errc code = taken.error().code();
        const auto r = table.slots[refused].resource;
        if (may_trigger && code != errc::job_max && code != errc::entitlement &&
            tree.idle_slots[r].load(std::memory_order_acquire) > 0 &&
            locked([&] { return recalculate_if_donor(r, table.jobs[table.slots[refused].job].name); })) {
            taken = take();
        }
        if (!taken) {
            if (is_hunger(taken.error().code())) {
                mark_hungry(refused);
            }
            note_refusal(call, refused, taken.error(), locked);
        }
        return taken;
    }

    /// Step 6 for a call refused with `why` for the kind of `slot`: counted pool-wide and for
    /// its job, whoever listens; queued as an event only when a `refused` hook is set. Only
    /// then does a refusal on the fast path take the mutex.
    template <class Locked>
    void note_refusal(refused_call call, std::uint32_t slot, const error& why, Locked& locked) {
        const auto& rec = table.slots[slot];
        events.refusals.count(why.code());
        table.jobs[rec.job].refusals.count(why.code());
        if (events.watching_refusals()) {
            locked([&] {
                events.push(refusal_event{call, job_id{rec.job}, table.jobs[rec.job].name, rec.kind,
                                          std::string{ladder.kinds[rec.kind].name}, why});
            });
        }
    }

    /// DESIGN 4.4: one license of `kind` (and of the kind it also takes) for `job`; `call`
    /// says which of the host's calls it is (an acquire, or an agent's dial-out or bridge).
    template <class Locked>
    [[nodiscard]] result<lease> acquire(job_id job, std::uint32_t slot, kind_id kind, std::int64_t now, Locked locked,
                                          refused_call call = refused_call::acquire) {
        const std::uint32_t linked = table.slots[slot].linked_slot;
        const std::array<std::uint32_t, 2> attempted{slot, linked};
        auto may_trigger = begin(job.value(), attempted.data(), linked == no_index ? 1 : 2, now, locked, call);
        if (!may_trigger) {
            return unexpected<error>(may_trigger.error());
        }
        refusal why{};
        std::uint32_t refused = slot;
        return decide(refused, *may_trigger, [&]() -> result<lease> {
            if (ladder.take_linked(slot, kind, why, refused)) {
                return lease_access::grant(&ladder, slot, job, kind);
            }
            return unexpected<error>(ladder.refusal_error(job.value(), table.slots[refused].kind, why));
        }, locked, call);
    }

    /// DESIGN 4.4.1: every kind of one call or none; `slots` are the kinds' checked slots.
    /// When one is refused, those taken go back and the refused kind alone gets what a
    /// one-kind refusal gets.
    template <class Locked>
    [[nodiscard]] result<call_leases> acquire_call(job_id job, const kind_id* named, const std::uint32_t* slots,
                                                     std::size_t count, std::int64_t now, Locked locked) {
        std::array<std::uint32_t, 2 * call_leases::max_kinds> attempted{};
        std::size_t attempts = 0;
        for (std::size_t i = 0; i < count; ++i) {
            attempted[attempts++] = slots[i];
            if (table.slots[slots[i]].linked_slot != no_index) {
                attempted[attempts++] = table.slots[slots[i]].linked_slot;
            }
        }
        auto may_trigger = begin(job.value(), attempted.data(), attempts, now, locked, refused_call::acquire_many);
        if (!may_trigger) {
            return unexpected<error>(may_trigger.error());
        }
        refusal why{};
        std::uint32_t refused = slots[0];
        return decide(refused, *may_trigger, [&]() -> result<call_leases> {
            for (std::size_t i = 0; i < count; ++i) {
                if (!ladder.take_linked(slots[i], named[i], why, refused)) {
                    for (std::size_t j = i; j-- > 0;) {
                        ladder.release_license(slots[j], named[j]);
                    }
                    return unexpected<error>(ladder.refusal_error(job.value(), table.slots[refused].kind, why));
                }
            }
            call_leases call;
            for (std::size_t i = 0; i < count; ++i) {
                call.add(lease_access::grant(&ladder, slots[i], job, named[i]));
            }
            return call;
        }, locked, refused_call::acquire_many);
    }

    /// Trigger 4 for one attempt that names `count` slots: every idle one wakes, the job's
    /// turning active is queued (before the recalculation's events), and the pool
    /// recalculates once for all of them (an attempt is one trigger, however many kinds it
    /// takes). Returns whether any woke. Mutex (which also keeps the idle marks still: only
    /// the tick and this set or clear them, both under it).
    bool wake_idle_slots(const std::uint32_t* slots, std::size_t count) {
        // The event first, so that a failed allocation wakes nothing.
        activity_event woke;
        for (std::size_t i = 0; i < count; ++i) {
            const kind_id k = table.slots[slots[i]].kind;
            if (table.counters[slots[i]].idle.load() &&
                std::find(woke.kinds.begin(), woke.kinds.end(), k) == woke.kinds.end()) {
                woke.kinds.push_back(k);
            }
        }
        if (woke.kinds.empty()) {
            return false;
        }
        const std::uint32_t job = table.slots[slots[0]].job;
        woke.job = job_id{job};
        woke.job_name = table.jobs[job].name;
        events.reserve_more<activity_event>(1);
        table.room_for(table.idle_watch, count);
        for (std::size_t i = 0; i < count; ++i) {
            if (table.counters[slots[i]].idle.exchange(false)) {
                table.note(slots[i]);
                table.watch(slots[i]); // room made above
                tree.idle_slots[table.slots[slots[i]].resource].fetch_sub(1);
            }
        }
        events.push(std::move(woke));
        trigger.recalculate(recalculation_cause::idle_job_attempt, table.jobs[job].name);
        return true;
    }

    /// DESIGN 4.3: a donor is an idle dynamic job whose quota is above its idle ceiling.
    /// With the default allocator only the slots noted since the last recalculation can be
    /// one (issue 16): that recalculation left every quota within its ceiling (`share()`
    /// never goes past one), and an idle slot's ceiling or quota moves only by what notes it
    /// (turning idle, giving back, settings). Another policy's division is not known to keep
    /// within ceilings, so every slot is looked at.
    bool donor_exists(std::size_t r) const {
        const auto donor = [&](std::uint32_t s) {
            const auto& counters = table.counters[s];
            return table.slots[s].resource == r && counters.idle.load() &&
                   counters.usage.read().limit > allocator.job_bounds(table.view_of(s)).ceiling;
        };
        if constexpr (std::is_same_v<Allocator, reserved_dynamic_allocator<sainte_lague_division>>) {
            return table.any_noted(donor);
        } else {
            return std::any_of(tree.resources[r].slots.begin(), tree.resources[r].slots.end(), donor);
        }
    }

    /// Trigger 5, mutex held: recalculates when a donor exists.
    bool recalculate_if_donor(std::size_t r, std::string_view subject) {
        if (!donor_exists(r)) {
            return false;
        }
        trigger.recalculate(recalculation_cause::donor_available, subject);
        return true;
    }

    /// Trigger 3's first half, at the host's tick: every running dynamic job with no attempt
    /// for the idle window turns idle (one event per job, naming its kinds that did). Returns
    /// the name of the first that did while its kind was hungry (then the pool
    /// recalculates), or nothing. Mutex.
    std::string turn_idle(std::int64_t now, std::int64_t window) {
        // Issue 16: only the watched slots whose last attempt, as last seen, is a window old
        // (job_table::idle_watch), not every slot. Each is looked at again: one that
        // attempted since goes back in the watch, one that woke, stopped or paused leaves it
        // (waking or running again watches it anew). On a failed allocation every slot taken
        // goes back, and nothing turns idle.
        auto& watch = table.idle_watch;
        std::vector<job_table::watched_slot> due;
        std::vector<std::uint32_t> turning;
        const auto put_back = [&] {
            for (const auto& w : due) {
                watch.push_back(w); // into the room they left: no allocation
                std::push_heap(watch.begin(), watch.end());
            }
        };
        std::string turned_idle;
        try {
            while (!watch.empty() && now - watch.front().last_seen >= window) {
                std::pop_heap(watch.begin(), watch.end());
                due.push_back(watch.back());
                watch.pop_back();
            }
            for (auto& w : due) {
                const auto& counters = table.counters[w.slot];
                const auto& job = table.jobs[table.slots[w.slot].job];
                if (job.mode != allocation_mode::dynamic || job.state.load() != job_state::running ||
                    counters.idle.load()) {
                    continue;
                }
                w.last_seen = counters.last_attempt.load();
                if (now - w.last_seen >= window) {
                    turning.push_back(w.slot);
                }
            }
            // In resource order, then start order, as a look at every slot would find them:
            // trigger 3 names the first.
            std::sort(turning.begin(), turning.end(), [this](std::uint32_t a, std::uint32_t b) {
                const auto ra = table.slots[a].resource;
                const auto rb = table.slots[b].resource;
                return ra != rb ? ra < rb : a < b;
            });
            turned_idle = turn_slots_idle(turning);
        } catch (...) {
            // An entry popped but not taken is still last: back into the heap (on a whole
            // heap this moves nothing).
            std::push_heap(watch.begin(), watch.end());
            put_back();
            throw;
        }
        // What stays watched: the slots that attempted since (with their new last attempt).
        for (const auto& w : due) {
            const auto& counters = table.counters[w.slot];
            const auto& job = table.jobs[table.slots[w.slot].job];
            table.slots[w.slot].watched = false;
            if (job.mode == allocation_mode::dynamic && job.state.load() == job_state::running &&
                !counters.idle.load()) {
                watch.push_back(w);
                std::push_heap(watch.begin(), watch.end());
                table.slots[w.slot].watched = true;
            }
        }
        return turned_idle;
    }

private:
    // Trigger 3's marks for `turning` (in the order trigger 3 names them): the events first,
    // so that a failed allocation turns nothing idle. Returns the name of the first that
    // turned idle while its kind was hungry, or nothing.
    std::string turn_slots_idle(const std::vector<std::uint32_t>& turning) {
        if (turning.empty()) {
            return {};
        }
        // Everything that allocates first (the events, grouped by job: a job's slots are
        // consecutive; the name returned), so that a failed allocation turns nothing idle.
        std::vector<std::uint32_t> by_job = turning;
        std::sort(by_job.begin(), by_job.end());
        std::vector<activity_event> turned;
        for (const std::uint32_t s : by_job) {
            const std::uint32_t job = table.slots[s].job;
            if (turned.empty() || turned.back().job != job_id{job}) {
                turned.push_back(activity_event{job_id{job}, table.jobs[job].name, {}, true});
            }
            turned.back().kinds.push_back(table.slots[s].kind);
        }
        events.reserve_more<activity_event>(turned.size());
        std::string turned_idle;
        for (const std::uint32_t s : turning) {
            if (tree.hungry[table.slots[s].resource].load()) {
                turned_idle = table.jobs[table.slots[s].job].name;
                break;
            }
        }
        for (const std::uint32_t s : turning) {
            table.counters[s].idle.store(true);
            table.note(s);
            tree.idle_slots[table.slots[s].resource].fetch_add(1);
        }
        for (auto& e : turned) {
            events.push(std::move(e));
        }
        return turned_idle;
    }

    static bool is_hunger(errc code) noexcept {
        return code == errc::job_quota || code == errc::organization || code == errc::zone ||
               code == errc::entitlement;
    }

    void mark_hungry(std::uint32_t slot) noexcept {
        table.counters[slot].hungry.store(true, std::memory_order_release);
        table.note(slot); // a recalculation clears its mark
        tree.hungry[table.slots[slot].resource].store(true, std::memory_order_release);
    }

    // Immutable after construction; the protocol owns no state of its own (the stamps, idle
    // and hungry marks it sets are the job table's and the tree's atomics).
    pool_tree& tree;
    job_table& table;
    take_ladder& ladder;
    recalculation_trigger& trigger;
    const Allocator& allocator;
    event_queue& events;
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_ATTEMPT_PROTOCOL_HPP
