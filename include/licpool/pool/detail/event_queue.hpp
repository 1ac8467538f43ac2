// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_EVENT_QUEUE_HPP
#define LICPOOL_POOL_DETAIL_EVENT_QUEUE_HPP

#include <licpool/pool/detail/refusal_counters.hpp>
#include <licpool/pool/pool_event.hpp>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// The pool's events on their way to the host's observer (DESIGN 1): queued under the
/// pool's mutex where they happen, delivered after it is released, in order. It also keeps
/// what the lock-free fast path needs to report a refusal: the pool-wide refusal counters
/// and whether anyone listens to refusals.
/// (A template with an unused parameter only so that its code, vector growth for each event
/// type and the observer's std::function calls, is compiled where a pool is instantiated, not
/// in every translation unit that includes the pool: scripts/compile-times.)
template <class Unused = void>
class basic_event_queue {
public:
    // Events in the order they happened, waiting for delivery. (A vector per event type and
    // their order rather than a std::variant: GCC 12 warns falsely on variant moves at -O3.)
    struct batch {
        enum class tag : std::uint8_t { recalculated, moved, refused, activity, donated };

        std::vector<recalculation_event> recalculated;
        std::vector<tier_move_event> moved;
        std::vector<refusal_event> refused;
        std::vector<activity_event> activity;
        std::vector<donation_event> donated;
        std::vector<tag> order;

        bool empty() const noexcept { return order.empty(); }
        // Room for `n` more events of type `Event` and `m` of `Other`, so that queueing them
        // cannot fail. (One call for both: the order's room is counted from its size, so two
        // calls before the pushes would not add up.)
        template <class Event, class Other = Event>
        void reserve_more(std::size_t n, std::size_t m = 0) {
            auto& events = list(static_cast<const Event*>(nullptr));
            if constexpr (std::is_same_v<Event, Other>) {
                events.reserve(events.size() + n + m);
            } else {
                events.reserve(events.size() + n);
                auto& others = list(static_cast<const Other*>(nullptr));
                others.reserve(others.size() + m);
            }
            order.reserve(order.size() + n + m);
        }
        template <class Event>
        void push_back(Event e) {
            constexpr const Event* type = nullptr;
            list(type).push_back(std::move(e));
            order.push_back(tag_of(type));
        }
        void swap(batch& other) noexcept {
            recalculated.swap(other.recalculated);
            moved.swap(other.moved);
            refused.swap(other.refused);
            activity.swap(other.activity);
            donated.swap(other.donated);
            order.swap(other.order);
        }

    private:
        std::vector<recalculation_event>& list(const recalculation_event*) noexcept { return recalculated; }
        std::vector<tier_move_event>& list(const tier_move_event*) noexcept { return moved; }
        std::vector<refusal_event>& list(const refusal_event*) noexcept { return refused; }
        std::vector<activity_event>& list(const activity_event*) noexcept { return activity; }
        std::vector<donation_event>& list(const donation_event*) noexcept { return donated; }
        static constexpr tag tag_of(const recalculation_event*) noexcept { return tag::recalculated; }
        static constexpr tag tag_of(const tier_move_event*) noexcept { return tag::moved; }
        static constexpr tag tag_of(const refusal_event*) noexcept { return tag::refused; }
        static constexpr tag tag_of(const activity_event*) noexcept { return tag::activity; }
        static constexpr tag tag_of(const donation_event*) noexcept { return tag::donated; }
    };

    /// Sets the host's hooks. Mutex.
    void observe(pool_observer hooks) {
        const bool watched = static_cast<bool>(hooks.refused);
        observer = std::make_shared<const pool_observer>(std::move(hooks));
        refusals_watched.store(watched, std::memory_order_relaxed);
    }

    /// Whether a `refused` hook is set. Lock-free: a hint the fast path reads before it
    /// takes the mutex to queue a refusal; the hook itself is read under the mutex at
    /// delivery, so a hook removed meanwhile is simply not called. (Relaxed: `observe`
    /// stores it under the mutex, and a refusal that happens after `observe` returned, in
    /// the happens-before sense, reads that store or a later one.)
    bool watching_refusals() const noexcept { return refusals_watched.load(std::memory_order_relaxed); }

    /// Whether a `recalculated` hook is set, so that a recalculation builds its list of
    /// changed quotas only for a host that reads it (issue 16). Mutex.
    bool watching_recalculations() const noexcept { return observer && observer->recalculated; }

    /// Room for `n` more events of type `Event` (and `m` of `Other`), so that queueing them
    /// cannot fail. Mutex.
    template <class Event, class Other = Event>
    void reserve_more(std::size_t n, std::size_t m = 0) {
        pending.template reserve_more<Event, Other>(n, m);
    }
    template <class Event>
    void push(Event e) {
        pending.push_back(std::move(e));
    }

    // Calls the observer with no lock held (DESIGN 1), in order. Whoever finds events waiting
    // and nobody delivering delivers them all, including those queued meanwhile.
    template <class Mutex>
    void deliver(Mutex& mutex) {
        for (;;) {
            batch taken;
            std::shared_ptr<const pool_observer> hooks;
            {
                std::unique_lock<Mutex> lock{mutex};
                if (delivering || pending.empty()) {
                    return;
                }
                delivering = true;
                taken.swap(pending);
                hooks = observer;
            }
            if (hooks) {
                call_in_order(*hooks, taken);
            }
            std::unique_lock<Mutex> lock{mutex};
            delivering = false;
        }
    }

    /// The pool's refused attempts by code (`license_pool::refusals`): atomics.
    refusal_counters refusals;

private:
    static void call_in_order(const pool_observer& hooks, const batch& taken) {
        std::array<std::size_t, 5> next{};
        const auto call = [&next](const auto& hook, const auto& events, typename batch::tag t) {
            const auto& e = events[next[static_cast<std::size_t>(t)]++];
            if (hook) {
                hook(e);
            }
        };
        for (const typename batch::tag t : taken.order) {
            switch (t) {
            case batch::tag::recalculated: call(hooks.recalculated, taken.recalculated, t); break;
            case batch::tag::moved: call(hooks.tier_moved, taken.moved, t); break;
            case batch::tag::refused: call(hooks.refused, taken.refused, t); break;
            case batch::tag::activity: call(hooks.activity_changed, taken.activity, t); break;
            case batch::tag::donated: call(hooks.donated, taken.donated, t); break;
            }
        }
    }

    /// The hooks (shared, so a delivery keeps the ones it started with), the events waiting,
    /// and whether some thread is delivering. Mutex.
    std::shared_ptr<const pool_observer> observer;
    batch pending;
    bool delivering = false;
    /// Whether `observer` has a `refused` hook: written under the mutex, read without it.
    std::atomic<bool> refusals_watched{false};
};

using event_queue = basic_event_queue<>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_EVENT_QUEUE_HPP
