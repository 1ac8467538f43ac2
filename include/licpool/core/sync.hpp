// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_SYNC_HPP
#define LICPOOL_CORE_SYNC_HPP

#include <licpool/core/detection.hpp>

#include <mutex>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The `Sync` policy (DESIGN 1) is a mutex type: `void lock()` and `void unlock()`.
/// `std::mutex` is the default. `null_mutex` is for a host that calls the pool from one
/// thread only and wants no locking cost at all.
struct null_mutex {
    void lock() const noexcept {}
    void unlock() const noexcept {}
    bool try_lock() const noexcept { return true; }
};

namespace detail {
template <class M>
using sync_lock_t = decltype(std::declval<M&>().lock());
template <class M>
using sync_unlock_t = decltype(std::declval<M&>().unlock());

/// One readable `static_assert` per missing member; see `check_clock_policy`.
template <class Sync>
constexpr bool check_sync_policy() {
    static_assert(is_detected_v<sync_lock_t, Sync>,
                  "Sync policy does not provide: void lock() "
                  "(a mutex type such as std::mutex or licpool::null_mutex; see DESIGN.md section 1)");
    static_assert(is_detected_v<sync_unlock_t, Sync>,
                  "Sync policy does not provide: void unlock() "
                  "(a mutex type such as std::mutex or licpool::null_mutex; see DESIGN.md section 1)");
    return true;
}
} // namespace detail

/// True when `T` meets the Sync policy.
template <class T>
inline constexpr bool is_sync_v =
    detail::is_detected_v<detail::sync_lock_t, T> && detail::is_detected_v<detail::sync_unlock_t, T>;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
template <class T>
concept sync_policy = is_sync_v<T>;
#endif

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CORE_SYNC_HPP
