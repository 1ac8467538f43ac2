// DESIGN 4.5's division of a tier group, written as slowly and plainly as it reads: the
// reference the fast tiered_share() is checked against. Test code only.
#ifndef LICPOOL_TESTS_ALLOCATION_TIERED_SHARE_REFERENCE_HPP
#define LICPOOL_TESTS_ALLOCATION_TIERED_SHARE_REFERENCE_HPP

#include <licpool/allocation/tiered_share.hpp>

#include <cstdint>
#include <vector>

namespace licpool_test {

// limits[t]: seats of tier t or higher (nested: limits[t] <= limits[t - 1]). A child's units
// are numbered from 0; unit u is of the lowest tier c with u < by_tier[0] + ... + by_tier[c],
// and counts against the limit of every tier t <= c.
inline std::vector<std::uint32_t> reference_tiered_share(std::vector<std::uint64_t> limits,
                                                         std::vector<licpool::tiered_child> children) {
    const std::size_t tiers = limits.size();
    for (std::size_t t = 1; t < tiers; ++t) {
        limits[t] = std::min(limits[t], limits[t - 1]);
    }
    std::vector<std::uint64_t> ceiling(children.size());
    for (std::size_t i = 0; i < children.size(); ++i) {
        auto& c = children[i];
        if (c.ceiling() < c.floor) {
            c.by_tier[0] += static_cast<std::uint32_t>(c.floor - c.ceiling()); // seats no tier needs
        }
        ceiling[i] = c.ceiling();
    }
    const auto tier_of_unit = [&](std::size_t i, std::uint64_t unit) {
        std::uint64_t below = 0;
        for (std::size_t t = 0; t < licpool::max_tiers; ++t) {
            below += children[i].by_tier[t];
            if (unit < below) {
                return std::min(t, tiers - 1);
            }
        }
        return tiers - 1;
    };
    std::vector<std::uint64_t> room = limits;
    std::vector<std::uint32_t> a(children.size(), 0);
    const auto fits = [&](std::size_t i) {
        const std::size_t c = tier_of_unit(i, a[i]);
        for (std::size_t t = 0; t <= c; ++t) {
            if (room[t] == 0) {
                return false;
            }
        }
        return true;
    };
    const auto give = [&](std::size_t i) {
        const std::size_t c = tier_of_unit(i, a[i]);
        for (std::size_t t = 0; t <= c; ++t) {
            --room[t];
        }
        ++a[i];
    };
    // 1. Floors in order, one unit at a time while the unit's limits have room.
    for (std::size_t i = 0; i < children.size(); ++i) {
        while (a[i] < children[i].floor && fits(i)) {
            give(i);
        }
    }
    // 2. One unit at a time: largest w / (2a + 1) among those below their ceiling whose next
    //    unit fits, ties to the earlier child.
    for (;;) {
        std::size_t best = children.size();
        for (std::size_t i = 0; i < children.size(); ++i) {
            if (a[i] >= ceiling[i] || !fits(i)) {
                continue;
            }
            if (best == children.size() ||
                std::uint64_t{children[i].weight} * (2 * std::uint64_t{a[best]} + 1) >
                    std::uint64_t{children[best].weight} * (2 * std::uint64_t{a[i]} + 1)) {
                best = i;
            }
        }
        if (best == children.size()) {
            return a;
        }
        give(best);
    }
}

} // namespace licpool_test

#endif // LICPOOL_TESTS_ALLOCATION_TIERED_SHARE_REFERENCE_HPP
