// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_ALLOCATION_TIERED_SHARE_HPP
#define LICPOOL_ALLOCATION_TIERED_SHARE_HPP

#include <licpool/allocation/share.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The most tiers one tier group may have (a catalog refuses more; DESIGN 2).
inline constexpr std::size_t max_tiers = 8;

/// What one level of a tier group's tree divides (DESIGN 4.5): `at_least[t]` is how many of
/// its seats are of tier t or higher, lowest tier first, so `at_least[0]` is all of them.
/// Tiers from `tiers` on are not used.
struct tiered_capacity {
    std::array<std::uint64_t, max_tiers> at_least{};
    std::size_t tiers = 1;
};

/// One child of one level of a tier group's tree (DESIGN 4.5): a floor and a weight as in
/// `share_child`, and its ceiling split by the tier its campaigns need, lowest tier first. A
/// job puts its whole ceiling at its campaign's tier; a node adds up its children's.
struct tiered_child {
    std::uint32_t floor = 0;
    std::uint32_t weight = 1;
    std::array<std::uint32_t, max_tiers> by_tier{};

    std::uint64_t ceiling() const noexcept {
        std::uint64_t sum = 0;
        for (const auto n : by_tier) {
            sum += n;
        }
        return sum;
    }
};

/// A child's ceiling cut or raised to `ceiling` the way a node's bounds do (DESIGN 4.2): a
/// lower ceiling keeps the lowest tiers (a child takes its lowest tiers first, DESIGN 4.5), a
/// higher one (a min above what its children can use) adds seats no tier needs, counted at
/// the lowest tier so that they hold no higher seat.
inline void fit_tiers(tiered_child& child, std::uint64_t ceiling) noexcept {
    std::uint64_t left = ceiling;
    for (auto& n : child.by_tier) {
        n = static_cast<std::uint32_t>(std::min<std::uint64_t>(n, left));
        left -= n;
    }
    child.by_tier[0] = static_cast<std::uint32_t>(child.by_tier[0] + left);
}

/// DESIGN 4.5: what each child of a level passes down to its own children, once
/// `tiered_share()` gave it `shares[i]`: `out[i].at_least[t]`, how many of its seats may go to
/// campaigns of tier t or higher. Each child first gets what its share leaves above its lower
/// tiers (the share minus its ceilings of the tiers under t); what the level's limit of tier t
/// has left beyond those goes to the children in order, each up to its share, its ceiling of
/// tiers t and higher, and its own allowance of tier t - 1. So the children's allowances of
/// tier t add up to no more than the level's, and a child alone gets all the level has.
inline void pass_down_tiers(const tiered_capacity& level, const tiered_child* children, std::size_t count,
                            const std::uint32_t* shares, tiered_capacity* out) noexcept {
    const std::size_t tiers = std::clamp<std::size_t>(level.tiers, 1, max_tiers);
    for (std::size_t i = 0; i < count; ++i) {
        out[i] = tiered_capacity{};
        out[i].tiers = tiers;
        out[i].at_least[0] = shares[i];
    }
    std::uint64_t limit = level.at_least[0];
    for (std::size_t t = 1; t < tiers; ++t) {
        limit = std::min(limit, level.at_least[t]);
        std::uint64_t given = 0;
        for (std::size_t i = 0; i < count; ++i) {
            std::uint64_t below = 0;
            for (std::size_t c = 0; c < t; ++c) {
                below += children[i].by_tier[c];
            }
            out[i].at_least[t] = shares[i] > below ? shares[i] - below : 0;
            given += out[i].at_least[t];
        }
        std::uint64_t spare = limit > given ? limit - given : 0;
        for (std::size_t i = 0; i < count && spare > 0; ++i) {
            std::uint64_t above = 0;
            for (std::size_t c = t; c < max_tiers; ++c) {
                above += children[i].by_tier[c];
            }
            const std::uint64_t most = std::min({std::uint64_t{shares[i]}, above, out[i].at_least[t - 1]});
            const std::uint64_t more = most > out[i].at_least[t] ? std::min(spare, most - out[i].at_least[t]) : 0;
            out[i].at_least[t] += more;
            spare -= more;
        }
    }
}

namespace detail {

// Per-child working state of `tiered_share`.
struct tier_walk {
    share_child bounds;                        // floor, ceiling (= the tiers' sum), weight
    std::array<std::uint64_t, max_tiers> below{}; // below[t]: the child's seats under tier t
    std::uint64_t cap = 0;                      // never more than this from here on
    std::uint8_t capped_by = 0;                 // the tier whose limit set `cap` (0: none)
    bool floor_cut = false;

    std::uint64_t units(std::uint64_t n) const noexcept {
        if (floor_cut) {
            return cap;
        }
        return std::min<std::uint64_t>(cap, bounds.floor + slots_up_to(bounds, n));
    }
    // How many of `held` seats count against the limit of tier t (tier t or higher).
    std::uint64_t at_or_above(std::uint64_t held, std::size_t t) const noexcept {
        return held > below[t] ? held - below[t] : 0;
    }
};

} // namespace detail

/// DESIGN 4.5, the division of one level of a tier group: `share()` (DESIGN 4.1) with nested
/// limits. For every tier t the children together hold at most `capacity.at_least[t]` seats
/// for campaigns of tier t or higher; a child takes its lowest tiers first. Defined as:
///  1. Floors, in order: each child takes its floor, or as much of it as every limit it
///     reaches leaves room for.
///  2. Then one unit at a time to the child with the largest w / (2a + 1), ties to the earlier
///     child, among those below their ceiling whose next unit every limit it counts against
///     (tier t for every t up to the tier of that unit) still has room for.
/// Computed, like `share()`, by searching for the divisor rather than unit by unit: one
/// search per limit that fills, so in O(tiers^2 n log capacity). With one tier it is `share()`.
/// `binding[i]`, when given, is the tier t >= 1 whose limit stopped child i below its
/// ceiling, or 0 when no such limit did.
// This and tiered_strict_priority_share are templates (never given a template argument) only
// so that their vectors and lambdas are compiled where they are called, not in every file
// that includes licpool (issue 15).
template <class Unused = void>
void tiered_share(const tiered_capacity& capacity, const tiered_child* children, std::size_t count,
                         std::uint32_t* out, std::uint8_t* binding = nullptr) {
    const std::size_t tiers = std::clamp<std::size_t>(capacity.tiers, 1, max_tiers);
    std::array<std::uint64_t, max_tiers> limit{};
    for (std::size_t t = 0; t < tiers; ++t) {
        // Nested by definition: never more seats of tier t or higher than of tier t - 1 or higher.
        limit[t] = t == 0 ? capacity.at_least[0] : std::min(capacity.at_least[t], limit[t - 1]);
    }
    std::vector<detail::tier_walk> walks(count);
    std::array<std::uint64_t, max_tiers> room = limit;
    for (std::size_t i = 0; i < count; ++i) {
        auto& w = walks[i];
        tiered_child c = children[i];
        if (c.ceiling() < c.floor) {
            fit_tiers(c, c.floor);
        }
        std::uint64_t below = 0;
        for (std::size_t t = 0; t < tiers; ++t) {
            w.below[t] = below;
            below += c.by_tier[t];
        }
        for (std::size_t t = tiers; t < max_tiers; ++t) {
            below += c.by_tier[t]; // seats of unused tiers count at the top tier
        }
        w.bounds = share_child{c.floor, static_cast<std::uint32_t>(below), c.weight};
        // 1. The floor, as far as every limit it reaches has room.
        std::uint64_t take = c.floor;
        for (std::size_t t = tiers; t-- > 0;) { // the highest tier names a binding limit
            if (w.below[t] + room[t] < take) {
                take = w.below[t] + room[t];
                w.capped_by = static_cast<std::uint8_t>(t);
            }
        }
        for (std::size_t t = 0; t < tiers; ++t) {
            room[t] -= w.at_or_above(take, t);
        }
        w.floor_cut = take < c.floor;
        w.cap = w.floor_cut ? take : w.bounds.ceiling;
    }
    // 2. Find the cell where each limit fills, earliest first, settle the children tied in
    //    it in order, and stop every child whose next unit that limit would count.
    constexpr std::uint64_t last = (std::uint64_t{1} << 33) * detail::grid; // see share()
    std::array<bool, max_tiers> full{};
    std::vector<std::uint64_t> held(count);
    std::uint64_t from = 0; // every limit not yet full has room at the end of this cell
    for (;;) {
        // Whether some limit not yet full is reached at cell n: one pass over the children.
        const auto reached = [&](std::uint64_t n) {
            std::array<std::uint64_t, max_tiers> in_tier{};
            for (const auto& w : walks) {
                const std::uint64_t held_then = w.units(n);
                for (std::size_t t = 0; t < tiers; ++t) {
                    in_tier[t] += w.at_or_above(held_then, t);
                }
            }
            for (std::size_t t = 0; t < tiers; ++t) {
                if (!full[t] && in_tier[t] >= limit[t]) {
                    return true;
                }
            }
            return false;
        };
        std::uint64_t cell = last + 1;
        if (reached(from)) {
            cell = from; // only at the start: the floors filled a limit
        } else if (reached(last)) {
            std::uint64_t lo = from; // !reached(lo), reached(hi)
            std::uint64_t hi = last;
            while (hi - lo > 1) {
                const std::uint64_t mid = lo + (hi - lo) / 2;
                (reached(mid) ? hi : lo) = mid;
            }
            cell = hi;
        }
        if (cell > last) {
            break;
        }
        for (std::size_t i = 0; i < count; ++i) {
            held[i] = walks[i].units(cell == 0 ? 0 : cell - 1);
        }
        std::array<std::uint64_t, max_tiers> left{};
        for (std::size_t t = 0; t < tiers; ++t) {
            std::uint64_t in_tier = 0;
            for (std::size_t i = 0; i < count; ++i) {
                in_tier += walks[i].at_or_above(held[i], t);
            }
            left[t] = limit[t] - in_tier;
        }
        // The children with a slot in this cell, in order: each takes its unit while every
        // limit that unit counts against has room. (One slot per child per cell, see share().)
        for (std::size_t i = 0; i < count; ++i) {
            if (walks[i].units(cell) == held[i]) {
                continue;
            }
            bool fits = true;
            for (std::size_t t = 0; t < tiers; ++t) {
                fits = fits && (held[i] < walks[i].below[t] || left[t] > 0);
            }
            if (fits) {
                for (std::size_t t = 0; t < tiers; ++t) {
                    left[t] -= held[i] >= walks[i].below[t] ? 1 : 0;
                }
                ++held[i];
            }
        }
        // Every limit now full stops the children whose next unit it would count; the others
        // may still fill their lower tiers. At least one limit fills in this cell.
        for (std::size_t t = tiers; t-- > 0;) { // the highest tier names a binding limit
            if (full[t] || left[t] > 0) {
                continue;
            }
            full[t] = true;
            for (std::size_t i = 0; i < count; ++i) {
                auto& w = walks[i];
                const std::uint64_t cap = held[i] >= w.below[t] ? held[i] : w.below[t];
                if (cap < w.cap) {
                    w.cap = cap;
                    w.capped_by = static_cast<std::uint8_t>(t);
                }
            }
        }
        from = cell;
    }
    for (std::size_t i = 0; i < count; ++i) {
        const auto& w = walks[i];
        const std::uint64_t got = w.units(last);
        out[i] = static_cast<std::uint32_t>(got);
        if (binding != nullptr) {
            binding[i] = got < w.bounds.ceiling && got == w.cap ? w.capped_by : 0;
        }
    }
}

/// DESIGN 4.5 with the `strict_priority` order of DESIGN 4.1: floors as in `tiered_share()`,
/// then each child in order takes all its limits leave it, up to its ceiling.
template <class Unused = void>
void tiered_strict_priority_share(const tiered_capacity& capacity, const tiered_child* children,
                                         std::size_t count, std::uint32_t* out, std::uint8_t* binding = nullptr) {
    const std::size_t tiers = std::clamp<std::size_t>(capacity.tiers, 1, max_tiers);
    std::array<std::uint64_t, max_tiers> room{};
    for (std::size_t t = 0; t < tiers; ++t) {
        room[t] = t == 0 ? capacity.at_least[0] : std::min(capacity.at_least[t], room[t - 1]);
    }
    std::vector<std::array<std::uint64_t, max_tiers>> below(count);
    std::vector<std::uint64_t> ceiling(count);
    const auto take = [&](std::size_t i, std::uint64_t from, std::uint64_t wanted, std::uint8_t* bound) {
        std::uint64_t upto = wanted;
        std::uint8_t by = 0;
        for (std::size_t t = tiers; t-- > 0;) { // the highest tier names a binding limit
            const std::uint64_t most = std::max(from, below[i][t]) + room[t];
            if (most < upto) {
                upto = most;
                by = static_cast<std::uint8_t>(t);
            }
        }
        for (std::size_t t = 0; t < tiers; ++t) {
            const auto at = [&](std::uint64_t n) { return n > below[i][t] ? n - below[i][t] : 0; };
            room[t] -= at(upto) - at(from);
        }
        if (bound != nullptr) {
            *bound = upto < ceiling[i] ? by : 0;
        }
        return upto;
    };
    for (std::size_t i = 0; i < count; ++i) {
        tiered_child c = children[i];
        if (c.ceiling() < c.floor) {
            fit_tiers(c, c.floor);
        }
        std::uint64_t sum = 0;
        for (std::size_t t = 0; t < tiers; ++t) {
            below[i][t] = sum;
            sum += c.by_tier[t];
        }
        ceiling[i] = c.ceiling();
        out[i] = static_cast<std::uint32_t>(take(i, 0, c.floor, nullptr));
    }
    for (std::size_t i = 0; i < count; ++i) {
        std::uint8_t by = 0;
        out[i] = static_cast<std::uint32_t>(take(i, out[i], ceiling[i], &by));
        if (binding != nullptr) {
            binding[i] = by;
        }
    }
}

namespace detail {
// A division policy that divides tier groups itself (see `reserved_dynamic_allocator`).
template <class D>
using tiered_division_call_t = decltype(std::declval<const D&>()(
    std::declval<const tiered_capacity&>(), static_cast<const tiered_child*>(nullptr), std::size_t{},
    static_cast<std::uint32_t*>(nullptr), static_cast<std::uint8_t*>(nullptr)));
} // namespace detail

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_ALLOCATION_TIERED_SHARE_HPP
