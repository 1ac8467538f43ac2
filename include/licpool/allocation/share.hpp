// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_ALLOCATION_SHARE_HPP
#define LICPOOL_ALLOCATION_SHARE_HPP

#include <licpool/core/detection.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstddef>
#include <cstdint>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// One child of one level of the allocation tree, as `share()` sees it (DESIGN 4.1).
struct share_child {
    std::uint32_t floor = 0;   ///< guaranteed first (a min)
    std::uint32_t ceiling = 0; ///< never exceeded; at least `floor`
    std::uint32_t weight = 1;  ///< 1..1000: a job's priority, a node's weight
};

/// The largest weight `share()` accepts; it keeps every comparison exact in 64 bits.
inline constexpr std::uint32_t max_weight = 1000;

namespace detail {

// The slot of child i for its unit number a+1 (going from a to a+1 units) sits at
// s = (2a + 1) / w: handing out units in the order of smallest s first, ties by child order,
// is the bounded Sainte-Lague (Webster) procedure of DESIGN 4.1 (largest w / (2a + 1) first).
//
// Instead of handing out units one at a time, we look for the threshold directly: the
// `units`-th smallest slot. Slots are measured on a grid of step 1/K with K = 2^20. Two
// distinct slot values p1/w1 != p2/w2 differ by at least 1/(w1 w2) >= 1/10^6 > 1/K, so one
// grid cell (N-1)/K < s <= N/K holds at most one distinct slot value: once the search has
// narrowed the threshold to one cell, the children with a slot in it are exactly the ones
// tied on the boundary, settled in child order. Every product below stays under
// 1000 * 2^53 < 2^63.
inline constexpr unsigned grid_bits = 20;
inline constexpr std::uint64_t grid = std::uint64_t{1} << grid_bits;

// How many slots of `c` lie at or below N/K: the units it gets above its floor there.
inline std::uint64_t slots_up_to(const share_child& c, std::uint64_t n) noexcept {
    const std::uint64_t scaled = std::uint64_t{std::min(c.weight, max_weight)} * n;
    if (scaled < grid) {
        return 0; // even a = 0 has (2a + 1) / w > N / K
    }
    // Units a >= 0 with (2a + 1) K <= w N: a <= (w N - K) / 2K.
    const std::uint64_t below = (scaled - grid) / (2 * grid) + 1;
    if (below <= c.floor) {
        return 0;
    }
    return std::min<std::uint64_t>(below, std::max(c.floor, c.ceiling)) - c.floor;
}

inline std::uint64_t total_slots_up_to(const share_child* children, std::size_t count,
                                       std::uint64_t n) noexcept {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < count; ++i) {
        total += slots_up_to(children[i], n);
    }
    return total;
}

// A slot value (2a + 1) / w as its numerator and weight, compared exactly.
struct slot_value {
    std::uint64_t numerator;
    std::uint64_t weight;
};
inline bool before(const slot_value& a, const slot_value& b) noexcept {
    return a.numerator * b.weight < b.numerator * a.weight;
}
// The smallest grid point N with s <= N / K: ceil((2a + 1) K / w).
inline std::uint64_t grid_point_of(const slot_value& s) noexcept {
    return (s.numerator * grid + s.weight - 1) / s.weight;
}

// One look at the grid point N: how many slots lie at or below N / K, the largest of them
// and the smallest above it (to snap the search to real slots), and the weights of the
// children whose count still moves there (the slope, for the next guess).
struct slot_probe {
    std::uint64_t count = 0;
    std::uint64_t slope = 0; // sum of the weights of children between floor and ceiling
    slot_value last{0, 1};   // the largest slot at or below N / K (0 / 1: none)
    slot_value next{1, 0};   // the smallest slot above N / K (1 / 0: none)
};

inline slot_probe probe_slots(const share_child* children, std::size_t count, std::uint64_t n) noexcept {
    slot_probe p;
    for (std::size_t i = 0; i < count; ++i) {
        const share_child& c = children[i];
        const std::uint64_t w = std::min(c.weight, max_weight);
        const std::uint64_t top = std::max(c.floor, c.ceiling);
        const std::uint64_t scaled = w * n;
        const std::uint64_t below = scaled < grid ? 0 : (scaled - grid) / (2 * grid) + 1;
        const std::uint64_t held = std::min<std::uint64_t>(std::max<std::uint64_t>(below, c.floor), top);
        p.count += held - c.floor;
        // Branch-free (the tests below go either way at random): a child with no slot on a
        // side offers 0 / 1 there (never the largest) or 1 / 0 (never the smallest).
        const bool has_last = held > c.floor;
        const bool has_next = held < top && w > 0;
        const slot_value last{has_last ? 2 * held - 1 : 0, has_last ? w : 1};
        const slot_value next{has_next ? 2 * held + 1 : 1, has_next ? w : 0};
        p.last = before(p.last, last) ? last : p.last;
        p.next = before(next, p.next) ? next : p.next;
        p.slope += has_last && has_next ? w : 0;
    }
    return p;
}


/// The boundary cell of a division (DESIGN 4.1): the grid points lo < hi = lo + 1 with fewer
/// than `units` slots at or below lo / K and at least `units` at or below hi / K.
struct boundary_cell {
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
};

// The search of `share()` over any count of slots: `probe(N)` gives the `slot_probe` at grid
// point N of whatever holds the children (a plain array for `share()`, per-weight sums kept up
// to date for `water_level`), so both find the same cell. `floors`, `weights` and `open` (the
// units between the floors and the ceilings) only aim the first guess.
template <class Probe>
boundary_cell find_boundary(std::uint64_t units, std::uint64_t floors, std::uint64_t weights, std::uint64_t open,
                            Probe probe) {
    // The smallest grid point N with at least `units` slots at or below N / K, in a
    // bracket lo < N <= hi: count(lo) < units <= count(hi). Each probe counts the slots at
    // or below its point and the slope of that count, and moves one end of the bracket to the
    // real slots next to the point (the largest slot at or below it, the smallest above), so
    // a boundary where many children tie closes at once. The next point is a Newton step aimed past the threshold while the top is
    // unprobed, then an interpolation between the bracket's ends; four probes in a row on
    // one side are followed by a bisection (or a doubling while the top is unprobed), so the
    // search always ends. About five probes on the pools' inputs; the result depends only on
    // the bracket's last cell, never on the guesses.
    std::uint64_t lo = 0; // count(lo) = 0 < units
    std::uint64_t hi = (std::uint64_t{1} << 33) * grid; // every slot is below 2^33
    // Unbounded first guess: sum of w T / 2 over all children = floors + units.
    double guess = weights == 0 ? 0.0
                                : 2.0 * static_cast<double>(floors + units) / static_cast<double>(weights) *
                                      static_cast<double>(grid);
    bool top_probed = false; // until then `hi` is the search's bound, not a probe
    std::uint64_t count_lo = 0;
    std::uint64_t count_hi = open;
    int same_side = 0; // probes in a row that moved the same end
    bool was_above = false;
    while (hi - lo > 1) {
        if (top_probed && lo > 0) {
            // Both ends probed: interpolate between them.
            guess = static_cast<double>(lo) + static_cast<double>(units - count_lo) /
                                                  static_cast<double>(count_hi - count_lo) *
                                                  static_cast<double>(hi - lo);
        }
        std::uint64_t n = 0;
        if (same_side < 4 && guess > static_cast<double>(lo) && guess < static_cast<double>(hi)) {
            n = std::min(hi - 1, std::max(lo + 1, static_cast<std::uint64_t>(guess)));
        } else {
            // The guesses stall (or left the bracket): halve it, or double a bound not probed.
            n = top_probed || lo >= hi / 2 ? lo + (hi - lo) / 2 : 2 * lo + 1;
            same_side = 0;
        }
        const slot_probe p = probe(n);
        const double step = p.slope == 0 ? 0.0 : 2.0 * static_cast<double>(grid) / static_cast<double>(p.slope);
        const bool above = p.count >= units;
        same_side = above == was_above ? same_side + 1 : 1;
        was_above = above;
        // Newton steps aim past the threshold by half the distance still to go, so that the
        // next probe likely lands on the other side and the bracket has two probed ends.
        if (above) {
            // No slot lies in (last, N]: the bracket's top moves down to the last slot.
            hi = p.last.numerator == 0 ? n : std::min(n, grid_point_of(p.last));
            count_hi = p.count;
            top_probed = true;
            guess = static_cast<double>(n) - (1.5 * static_cast<double>(p.count - units) + 0.5) * step;
        } else {
            // No slot lies in (N, next): the bracket's bottom moves up to just below it.
            lo = p.next.weight == 0 ? n : std::max(n, grid_point_of(p.next) - 1);
            count_lo = p.count;
            guess = static_cast<double>(n) + (1.5 * static_cast<double>(units - p.count) + 0.5) * step;
        }
    }
    return boundary_cell{lo, hi};
}

} // namespace detail

/// DESIGN 4.1: divides `capacity` among `children`, given in order-key order (higher weight
/// first, then earlier creation), writing each child's share to `out[i]`.
///  1. When the floors alone reach the capacity, children take their floors in order until
///     nothing is left.
///  2. Otherwise each child starts at its floor and the units up to min(capacity, sum of
///     ceilings) go by the bounded Sainte-Lague (Webster) divisor method: each unit to the
///     child below its ceiling with the largest w / (2a + 1), ties to the earlier child.
/// The result is the one the one-unit-at-a-time procedure gives, found with exact integer
/// arithmetic in a few passes over the children (a Newton search for the threshold slot). Weights above `max_weight` count as
/// `max_weight`; a ceiling below its floor counts as the floor.
inline void share(std::uint64_t capacity, const share_child* children, std::size_t count,
                  std::uint32_t* out) noexcept {
    if (count == 1) { // one zone, or one organization in its zone: what the rules below give it
        const std::uint64_t top = std::max(children[0].floor, children[0].ceiling);
        out[0] = static_cast<std::uint32_t>(std::min<std::uint64_t>(capacity, children[0].floor >= capacity ? children[0].floor : top));
        return;
    }
    std::uint64_t floors = 0;
    std::uint64_t ceilings = 0;
    std::uint64_t weights = 0;
    for (std::size_t i = 0; i < count; ++i) {
        floors += children[i].floor;
        ceilings += std::max(children[i].floor, children[i].ceiling);
        weights += std::min(children[i].weight, max_weight);
    }
    if (floors >= capacity) {
        std::uint64_t left = capacity;
        for (std::size_t i = 0; i < count; ++i) {
            out[i] = static_cast<std::uint32_t>(std::min<std::uint64_t>(children[i].floor, left));
            left -= out[i];
        }
        return;
    }
    const std::uint64_t units = std::min(capacity, ceilings) - floors;
    if (units == ceilings - floors) {
        for (std::size_t i = 0; i < count; ++i) {
            out[i] = std::max(children[i].floor, children[i].ceiling);
        }
        return;
    }
    const detail::boundary_cell cell = detail::find_boundary(units, floors, weights, ceilings - floors,
                                                             [&](std::uint64_t n) {
                                                                 return detail::probe_slots(children, count, n);
                                                             });
    const std::uint64_t lo = cell.lo;
    const std::uint64_t hi = cell.hi;
    // Everything strictly below the boundary cell, then the tied children in order.
    std::uint64_t given = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const auto below = detail::slots_up_to(children[i], lo);
        out[i] = static_cast<std::uint32_t>(children[i].floor + below);
        given += below;
    }
    for (std::size_t i = 0; i < count && given < units; ++i) {
        if (detail::slots_up_to(children[i], hi) > detail::slots_up_to(children[i], lo)) {
            ++out[i];
            ++given;
        }
    }
}

/// DESIGN 4.1, the `strict_priority` variant: floors as in `share()`, then each child in
/// order fills to its ceiling before the next gets anything.
inline void strict_priority_share(std::uint64_t capacity, const share_child* children,
                                  std::size_t count, std::uint32_t* out) noexcept {
    std::uint64_t floors = 0;
    for (std::size_t i = 0; i < count; ++i) {
        floors += children[i].floor;
    }
    std::uint64_t left = capacity;
    for (std::size_t i = 0; i < count; ++i) {
        out[i] = static_cast<std::uint32_t>(std::min<std::uint64_t>(children[i].floor, left));
        left -= out[i];
    }
    if (floors >= capacity) {
        return;
    }
    for (std::size_t i = 0; i < count && left > 0; ++i) {
        const std::uint64_t room = std::max(children[i].floor, children[i].ceiling) - out[i];
        const std::uint64_t more = std::min(room, left);
        out[i] = static_cast<std::uint32_t>(out[i] + more);
        left -= more;
    }
}

/// Convenience forms over vectors, for hosts and tests.
// Templates (never given a template argument) only so that their vector code is compiled
// where they are called, not in every file that includes licpool (issue 15).
template <class Unused = void>
std::vector<std::uint32_t> share(std::uint64_t capacity, const std::vector<share_child>& children) {
    std::vector<std::uint32_t> out(children.size());
    share(capacity, children.data(), children.size(), out.data());
    return out;
}
template <class Unused = void>
std::vector<std::uint32_t> strict_priority_share(std::uint64_t capacity,
                                                        const std::vector<share_child>& children) {
    std::vector<std::uint32_t> out(children.size());
    strict_priority_share(capacity, children.data(), children.size(), out.data());
    return out;
}

/// The division policies of `reserved_dynamic_allocator`: a function object
/// `void operator()(std::uint64_t capacity, const share_child* children, std::size_t count,
/// std::uint32_t* out) const`.
struct sainte_lague_division {
    void operator()(std::uint64_t capacity, const share_child* children, std::size_t count,
                    std::uint32_t* out) const noexcept {
        share(capacity, children, count, out);
    }
};
struct strict_priority_division {
    void operator()(std::uint64_t capacity, const share_child* children, std::size_t count,
                    std::uint32_t* out) const noexcept {
        strict_priority_share(capacity, children, count, out);
    }
};

namespace detail {
template <class D>
using division_call_t = decltype(std::declval<const D&>()(
    std::uint64_t{}, static_cast<const share_child*>(nullptr), std::size_t{}, static_cast<std::uint32_t*>(nullptr)));

template <class Division>
constexpr bool check_division_policy() {
    static_assert(is_detected_v<division_call_t, Division>,
                  "Division policy does not provide: void operator()(std::uint64_t capacity, "
                  "const licpool::share_child* children, std::size_t count, std::uint32_t* out) const "
                  "(see DESIGN.md section 4.1)");
    return true;
}
} // namespace detail

/// True when `T` divides capacity like `sainte_lague_division`.
template <class T>
inline constexpr bool is_division_v = detail::is_detected_v<detail::division_call_t, T>;

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_ALLOCATION_SHARE_HPP
