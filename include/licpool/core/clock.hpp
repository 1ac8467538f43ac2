// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_CLOCK_HPP
#define LICPOOL_CORE_CLOCK_HPP

#include <licpool/core/date.hpp>
#include <licpool/core/detail/chrono.hpp> // std::chrono without the calendar's formatting
#include <licpool/core/detection.hpp>

#include <atomic>
#include <cstdint>
#include <utility>

#if defined(__linux__)
#  include <time.h> // clock_gettime(CLOCK_MONOTONIC_COARSE): real_clock::attempt_time()
#endif

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The steady time the pool measures idle windows and lease lifetimes with.
using steady_time = std::chrono::steady_clock::time_point;

/// The `Clock` policy (DESIGN 1): two readings, never mixed up.
///  - `steady_time now() const`: monotonic time for idle detection (DESIGN 4.3);
///  - `date today() const`: the UTC calendar day for key validity (DESIGN 3).
/// And one optional reading, for a clock that has a cheaper, coarser one:
///  - `steady_time attempt_time() const`: the time an attempt to take licenses is stamped
///    with (DESIGN 4.3), read on every acquire. It must read the same clock as `now()`, never
///    ahead of a `now()` read after it and behind by at most the clock's resolution, and never
///    go back. Then a job turns idle at most one resolution early, never late, which is DESIGN
///    4.3's rule to within that resolution. Without it, attempts are stamped with `now()`.
/// `real_clock` reads the machine's clocks; `manual_clock` is driven by the host or a test.
struct real_clock {
    steady_time now() const noexcept { return std::chrono::steady_clock::now(); }
    date today() const noexcept { return date::from(std::chrono::system_clock::now()); }

    /// On Linux, CLOCK_MONOTONIC_COARSE: the kernel's monotonic clock as of its last tick, a
    /// few milliseconds of resolution for a few nanoseconds of reading (no counter is read),
    /// where `now()` costs tens (issue 16: a quarter of an acquire). steady_clock is
    /// CLOCK_MONOTONIC with libstdc++ and libc++ on Linux, so both read one clock and the
    /// coarse one is never ahead. Elsewhere, `now()`.
    steady_time attempt_time() const noexcept {
#if defined(__linux__) && defined(CLOCK_MONOTONIC_COARSE)
        timespec coarse{};
        if (::clock_gettime(CLOCK_MONOTONIC_COARSE, &coarse) == 0) {
            return steady_time{std::chrono::duration_cast<steady_time::duration>(
                std::chrono::seconds{coarse.tv_sec} + std::chrono::nanoseconds{coarse.tv_nsec})};
        }
#endif
        return now();
    }
};

/// A clock that moves only when told to. Both readings advance together (`advance`), and the
/// calendar can also be set on its own, even backwards, to play a host whose clock was set
/// back (`set_today`). Safe to read from many threads while one thread moves it.
class manual_clock {
public:
    /// Steady time starts at zero; the calendar at midnight UTC of `start`.
    explicit manual_clock(date start = date::from_ymd(2026, 1, 1)) noexcept
        : calendar_seconds_{static_cast<std::int64_t>(start.days_since_1970()) * 86400} {}

    manual_clock(const manual_clock& other) noexcept
        : steady_nanos_{other.steady_nanos_.load(std::memory_order_relaxed)},
          calendar_seconds_{other.calendar_seconds_.load(std::memory_order_relaxed)} {}
    manual_clock& operator=(const manual_clock& other) noexcept {
        steady_nanos_.store(other.steady_nanos_.load(std::memory_order_relaxed), std::memory_order_relaxed);
        calendar_seconds_.store(other.calendar_seconds_.load(std::memory_order_relaxed), std::memory_order_relaxed);
        return *this;
    }

    steady_time now() const noexcept {
        return steady_time{std::chrono::nanoseconds{steady_nanos_.load(std::memory_order_acquire)}};
    }

    date today() const noexcept {
        const std::int64_t secs = calendar_seconds_.load(std::memory_order_acquire);
        const std::int64_t day = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
        return date{static_cast<std::int32_t>(day)};
    }

    /// Steady time since the clock was made.
    std::chrono::nanoseconds elapsed() const noexcept {
        return std::chrono::nanoseconds{steady_nanos_.load(std::memory_order_acquire)};
    }

    /// Moves both readings forward by `by` (a negative step is ignored: steady time never
    /// goes back).
    template <class Rep, class Period>
    void advance(std::chrono::duration<Rep, Period> by) noexcept {
        const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(by).count();
        if (nanos <= 0) {
            return;
        }
        steady_nanos_.fetch_add(nanos, std::memory_order_acq_rel);
        calendar_seconds_.fetch_add(nanos / 1'000'000'000, std::memory_order_acq_rel);
    }

    /// Sets the calendar to midnight UTC of `day`, forwards or backwards; steady time stays.
    void set_today(date day) noexcept {
        calendar_seconds_.store(static_cast<std::int64_t>(day.days_since_1970()) * 86400,
                                std::memory_order_release);
    }

private:
    std::atomic<std::int64_t> steady_nanos_{0};
    std::atomic<std::int64_t> calendar_seconds_;
};

namespace detail {
template <class C>
using clock_now_t = decltype(std::declval<const C&>().now());
template <class C>
using clock_today_t = decltype(std::declval<const C&>().today());
template <class C>
using clock_attempt_time_t = decltype(std::declval<const C&>().attempt_time());

/// The time an attempt is stamped with (DESIGN 4.3): the clock's optional `attempt_time()`
/// where it has one, else `now()`.
template <class Clock>
steady_time attempt_time_of(const Clock& clock) noexcept {
    if constexpr (is_detected_v<clock_attempt_time_t, Clock>) {
        return clock.attempt_time();
    } else {
        return clock.now();
    }
}

/// Fires one readable `static_assert` per missing member. Call it from a `static_assert` in
/// the body of every class that takes a Clock policy.
template <class Clock>
constexpr bool check_clock_policy() {
    static_assert(is_detected_convertible_v<steady_time, clock_now_t, Clock>,
                  "Clock policy does not provide: licpool::steady_time now() const "
                  "(steady time for idle detection; see DESIGN.md section 1)");
    static_assert(is_detected_convertible_v<date, clock_today_t, Clock>,
                  "Clock policy does not provide: licpool::date today() const "
                  "(the UTC calendar day for key validity; see DESIGN.md section 1)");
    static_assert(!is_detected_v<clock_attempt_time_t, Clock> ||
                      is_detected_convertible_v<steady_time, clock_attempt_time_t, Clock>,
                  "Clock policy's optional attempt_time() must return licpool::steady_time "
                  "(the coarse time an attempt is stamped with; see DESIGN.md section 4.3)");
    return true;
}
} // namespace detail

/// True when `T` meets the Clock policy: `now()` and `today()` as documented on `real_clock`.
template <class T>
inline constexpr bool is_clock_v =
    detail::is_detected_convertible_v<steady_time, detail::clock_now_t, T> &&
    detail::is_detected_convertible_v<date, detail::clock_today_t, T>;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
/// The same requirement as `is_clock_v`, for documentation and constrained host code.
template <class T>
concept clock_policy = is_clock_v<T>;
#endif

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CORE_CLOCK_HPP
