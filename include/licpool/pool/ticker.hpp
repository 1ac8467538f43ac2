// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_TICKER_HPP
#define LICPOOL_POOL_TICKER_HPP

#include <licpool/core/detail/chrono.hpp> // std::chrono without the calendar's formatting

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>

namespace licpool {

/// Calls a pool's `tick()` at a steady rate, for a host that has no timer of its own to do it.
///
/// The pool starts no thread: its timed work (idle dynamic jobs lending what they do not use,
/// DESIGN 4.3 trigger 3; expired keys and a feature key pulled, DESIGN 3; node leases running
/// out, DESIGN 7; the daily audit, DESIGN 6) happens only when something calls `tick()`.
/// Without ticks a busy job never borrows from an idle one. A ticker is that something, two
/// ways, and neither starts a thread unless the host asks:
///
///  - **From the host's event loop**: call `tick_if_due()` whenever the loop wakes; it ticks
///    when a period has passed on the pool's clock and says how long until the next tick is
///    due, for the loop's next timeout.
///  - **On a thread of its own**: `start()` starts one thread that ticks every period until
///    `stop()` or the ticker's destruction (which joins it). Only a thread-safe pool
///    (`license_pool_mt`) may be ticked this way while other threads use it.
///
/// The period defaults to one second: an idle job is then noticed within a second of its idle
/// window (60 s by default), and a lease within a second of its time to live.
///
/// The pool must outlive the ticker.
template <class Pool>
class ticker {
public:
    using duration = std::chrono::nanoseconds;

    explicit ticker(Pool& pool, duration period = std::chrono::seconds{1}) noexcept
        : pool_{&pool}, period_{period > duration::zero() ? period : duration{1}} {}

    ticker(const ticker&) = delete;
    ticker& operator=(const ticker&) = delete;
    ~ticker() { stop(); }

    /// For an event loop: ticks the pool when a period has passed on the pool's clock since
    /// the last tick of this ticker (the first call always ticks). Returns the time until the
    /// next tick is due.
    duration tick_if_due() {
        const auto now = pool_->clock().now();
        if (!ticked_ || now - last_ >= period_) {
            last_ = now;
            ticked_ = true;
            tick_once();
            return period_;
        }
        return period_ - std::chrono::duration_cast<duration>(now - last_);
    }

    /// Starts a thread that ticks the pool every period until `stop()`. Does nothing when the
    /// thread is already running.
    void start() {
        std::lock_guard<std::mutex> guard{mutex_};
        if (thread_.joinable()) {
            return;
        }
        stopping_ = false;
        thread_ = std::thread{[this] { run(); }};
    }

    /// Stops the ticking thread, if any, and waits for it: no tick runs after it returns.
    void stop() {
        std::thread finished;
        {
            std::lock_guard<std::mutex> guard{mutex_};
            stopping_ = true;
            finished = std::move(thread_);
        }
        wake_.notify_all();
        if (finished.joinable()) {
            finished.join();
        }
    }

    /// True while the ticking thread runs.
    bool running() const {
        std::lock_guard<std::mutex> guard{mutex_};
        return thread_.joinable();
    }

    /// How many times this ticker has ticked the pool.
    std::uint64_t ticks() const noexcept { return ticks_.load(std::memory_order_acquire); }

    duration period() const noexcept { return period_; }

private:
    void tick_once() {
        pool_->tick();
        ticks_.fetch_add(1, std::memory_order_acq_rel);
    }

    void run() {
        std::unique_lock<std::mutex> lock{mutex_};
        while (!stopping_) {
            lock.unlock();
            tick_once();
            lock.lock();
            // The wait is on the machine's clock: a thread sleeps in real time whatever clock
            // the pool reads (with a `manual_clock`, a test moves time and ticks by hand).
            wake_.wait_for(lock, period_, [this] { return stopping_; });
        }
    }

    Pool* pool_;
    duration period_;
    // The event loop's state: touched only by the thread that calls `tick_if_due`.
    typename std::decay_t<decltype(std::declval<Pool&>().clock().now())> last_{};
    bool ticked_ = false;
    // The thread's state.
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::thread thread_;
    bool stopping_ = false;
    std::atomic<std::uint64_t> ticks_{0};
};

} // namespace licpool

#endif // LICPOOL_POOL_TICKER_HPP
