// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_EVENT_QUEUE_HPP
#define LICPOOL_POOL_DETAIL_EVENT_QUEUE_HPP

#include <licpool/pool/pool_event.hpp>

#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// The pool's events on their way to the host's observer (DESIGN 1): queued under the
/// pool's mutex where they happen, delivered after it is released, in order.
class event_queue {
public:
    // Events in the order they happened, waiting for delivery. (Two vectors and their order
    // rather than a std::variant: GCC 12 warns falsely on variant moves at -O3.)
    struct batch {
        std::vector<recalculation_event> recalculated;
        std::vector<tier_move_event> moved;
        std::vector<bool> is_move;

        bool empty() const noexcept { return is_move.empty(); }
        // Room for `n` more events of either kind, so that queueing them cannot fail.
        void reserve_more(std::size_t n) {
            recalculated.reserve(recalculated.size() + n);
            moved.reserve(moved.size() + n);
            is_move.reserve(is_move.size() + n);
        }
        void push_back(recalculation_event e) {
            recalculated.push_back(std::move(e));
            is_move.push_back(false);
        }
        void push_back(tier_move_event e) {
            moved.push_back(std::move(e));
            is_move.push_back(true);
        }
        void swap(batch& other) noexcept {
            recalculated.swap(other.recalculated);
            moved.swap(other.moved);
            is_move.swap(other.is_move);
        }
    };

    /// Sets the host's hooks. Mutex.
    void observe(pool_observer hooks) { observer = std::make_shared<const pool_observer>(std::move(hooks)); }

    /// Room for `n` more events, so that queueing them cannot fail. Mutex.
    void reserve_more(std::size_t n) { pending.reserve_more(n); }
    void push(recalculation_event e) { pending.push_back(std::move(e)); }
    void push(tier_move_event e) { pending.push_back(std::move(e)); }

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
                std::size_t next_recalculation = 0;
                std::size_t next_move = 0;
                for (const bool is_move : taken.is_move) {
                    if (is_move) {
                        const auto& moved = taken.moved[next_move++];
                        if (hooks->tier_moved) {
                            hooks->tier_moved(moved);
                        }
                    } else {
                        const auto& recalculated = taken.recalculated[next_recalculation++];
                        if (hooks->recalculated) {
                            hooks->recalculated(recalculated);
                        }
                    }
                }
            }
            std::unique_lock<Mutex> lock{mutex};
            delivering = false;
        }
    }

private:
    /// The hooks (shared, so a delivery keeps the ones it started with), the events waiting,
    /// and whether some thread is delivering. Mutex.
    std::shared_ptr<const pool_observer> observer;
    batch pending;
    bool delivering = false;
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_EVENT_QUEUE_HPP
