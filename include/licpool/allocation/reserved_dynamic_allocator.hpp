// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_ALLOCATION_RESERVED_DYNAMIC_ALLOCATOR_HPP
#define LICPOOL_ALLOCATION_RESERVED_DYNAMIC_ALLOCATOR_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/allocation/share.hpp>
#include <licpool/allocation/tiered_share.hpp>
#include <licpool/core/detail/chrono.hpp> // std::chrono without the calendar's formatting
#include <licpool/core/detection.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstddef>
#include <cstdint>
#include <type_traits>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// What the allocator sees of one job for one kind when it bounds it.
struct job_view {
    allocation_mode mode = allocation_mode::reserved;
    job_state state = job_state::running;
    std::uint32_t min = 0;
    std::uint32_t max = unlimited;
    std::uint32_t in_use = 0;
    bool idle = false; ///< a running dynamic job with no attempt for the idle window (DESIGN 4.3)
};

/// A child's floor and ceiling for `share()` (DESIGN 4.2).
struct bounds {
    std::uint32_t floor = 0;
    std::uint32_t ceiling = 0;

    friend bool operator==(const bounds& a, const bounds& b) noexcept {
        return a.floor == b.floor && a.ceiling == b.ceiling;
    }
    friend bool operator!=(const bounds& a, const bounds& b) noexcept { return !(a == b); }
};

/// The allocator policy (DESIGN 4): reserved and dynamic jobs. It says how far each child of
/// the tree may go (DESIGN 4.2), how capacity is divided among children (`Division`, DESIGN
/// 4.1) and how long a dynamic job may go without an attempt before it counts as idle
/// (DESIGN 4.3). The pool runs the triggers of DESIGN 4.3 with these answers: an idle job is
/// a donor when its quota is above the ceiling `job_bounds` gives it.
///
/// A policy of the host's own provides the same four members (see `is_allocator_v`).
template <class Division = sainte_lague_division>
class reserved_dynamic_allocator {
    static_assert(detail::check_division_policy<Division>(), "see the message above");

public:
    explicit reserved_dynamic_allocator(std::chrono::nanoseconds idle_window = std::chrono::seconds{60},
                                        Division division = {})
        : idle_window_{idle_window}, division_{division} {}

    /// DESIGN 4.3: the POM seed's one minute without a call attempt, unless configured.
    std::chrono::nanoseconds idle_window() const noexcept { return idle_window_; }

    /// DESIGN 4.2, jobs: a running reserved job keeps [min, max] idle or not; a running
    /// dynamic job keeps [min, max] while active and, while idle, only what it uses, never
    /// less than its min; a job that is not running gets nothing new.
    bounds job_bounds(const job_view& job) const noexcept {
        if (job.state != job_state::running) {
            return {0, 0};
        }
        const std::uint32_t max = std::max(job.min, job.max);
        if (job.mode == allocation_mode::dynamic && job.idle) {
            // DESIGN 4.2: idle dynamic jobs donate above max(min, min(max, in use)).
            return {job.min, std::max(job.min, std::min(max, job.in_use))};
        }
        return {job.min, max};
    }

    /// DESIGN 4.2, zones and organizations: the floor is the node's min, kept even while its
    /// jobs are idle; the ceiling is max(min, min(max, sum of the children's ceilings)), so
    /// capacity nobody below could use flows to the node's siblings.
    bounds node_bounds(const limits& settings, std::uint64_t children_ceiling) const noexcept {
        const std::uint64_t reachable = std::min<std::uint64_t>(settings.max, children_ceiling);
        return {settings.min, static_cast<std::uint32_t>(std::max<std::uint64_t>(settings.min, reachable))};
    }

    /// DESIGN 4.1: one level of the tree.
    void divide(std::uint64_t capacity, const share_child* children, std::size_t count,
                std::uint32_t* out) const noexcept {
        division_(capacity, children, count, out);
    }

    /// DESIGN 4.5: one level of a tier group, with its nested limits. A `Division` that
    /// divides tier groups itself provides the same call with `const tiered_capacity&` and
    /// `const tiered_child*`; otherwise the strict order uses `tiered_strict_priority_share()`
    /// and any other `tiered_share()`.
    void divide_tiers(const tiered_capacity& capacity, const tiered_child* children, std::size_t count,
                      std::uint32_t* out, std::uint8_t* binding) const {
        if constexpr (detail::is_detected_v<detail::tiered_division_call_t, Division>) {
            division_(capacity, children, count, out, binding);
        } else if constexpr (std::is_same_v<Division, strict_priority_division>) {
            tiered_strict_priority_share(capacity, children, count, out, binding);
        } else {
            tiered_share(capacity, children, count, out, binding);
        }
    }

private:
    std::chrono::nanoseconds idle_window_;
    Division division_;
};

/// The same allocator with higher priorities filling to their ceilings first.
using strict_priority_allocator = reserved_dynamic_allocator<strict_priority_division>;

namespace detail {
template <class A>
using allocator_idle_window_t = decltype(std::declval<const A&>().idle_window());
template <class A>
using allocator_job_bounds_t = decltype(std::declval<const A&>().job_bounds(std::declval<const job_view&>()));
template <class A>
using allocator_node_bounds_t =
    decltype(std::declval<const A&>().node_bounds(std::declval<const limits&>(), std::uint64_t{}));
template <class A>
using allocator_divide_t = decltype(std::declval<const A&>().divide(
    std::uint64_t{}, static_cast<const share_child*>(nullptr), std::size_t{}, static_cast<std::uint32_t*>(nullptr)));

template <class A>
using allocator_divide_tiers_t = decltype(std::declval<const A&>().divide_tiers(
    std::declval<const tiered_capacity&>(), static_cast<const tiered_child*>(nullptr), std::size_t{},
    static_cast<std::uint32_t*>(nullptr), static_cast<std::uint8_t*>(nullptr)));

// DESIGN 4.5: an allocator policy may divide tier groups itself (`divide_tiers`); one that
// does not gets the nested limits of `tiered_share()`, so no policy can break them.
template <class Allocator>
void divide_tiers(const Allocator& allocator, const tiered_capacity& capacity, const tiered_child* children,
                  std::size_t count, std::uint32_t* out, std::uint8_t* binding) {
    if constexpr (is_detected_v<allocator_divide_tiers_t, Allocator>) {
        allocator.divide_tiers(capacity, children, count, out, binding);
    } else {
        tiered_share(capacity, children, count, out, binding);
    }
}

template <class Allocator>
constexpr bool check_allocator_policy() {
    static_assert(is_detected_convertible_v<std::chrono::nanoseconds, allocator_idle_window_t, Allocator>,
                  "Allocator policy does not provide: std::chrono::nanoseconds idle_window() const "
                  "(see DESIGN.md section 4.3)");
    static_assert(is_detected_convertible_v<bounds, allocator_job_bounds_t, Allocator>,
                  "Allocator policy does not provide: licpool::bounds job_bounds(const licpool::job_view&) const "
                  "(see DESIGN.md section 4.2)");
    static_assert(is_detected_convertible_v<bounds, allocator_node_bounds_t, Allocator>,
                  "Allocator policy does not provide: licpool::bounds node_bounds(const licpool::limits&, "
                  "std::uint64_t children_ceiling) const (see DESIGN.md section 4.2)");
    static_assert(is_detected_v<allocator_divide_t, Allocator>,
                  "Allocator policy does not provide: void divide(std::uint64_t capacity, const licpool::share_child*, "
                  "std::size_t count, std::uint32_t* out) const (see DESIGN.md section 4.1)");
    return true;
}
} // namespace detail

/// True when `T` meets the Allocator policy of `reserved_dynamic_allocator`.
template <class T>
inline constexpr bool is_allocator_v =
    detail::is_detected_convertible_v<std::chrono::nanoseconds, detail::allocator_idle_window_t, T> &&
    detail::is_detected_convertible_v<bounds, detail::allocator_job_bounds_t, T> &&
    detail::is_detected_convertible_v<bounds, detail::allocator_node_bounds_t, T> &&
    detail::is_detected_v<detail::allocator_divide_t, T>;

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_ALLOCATION_RESERVED_DYNAMIC_ALLOCATOR_HPP
