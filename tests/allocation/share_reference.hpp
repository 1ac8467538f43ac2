// The definition of DESIGN 4.1, written as slowly and plainly as it reads: the reference the
// fast share() is checked against. Test code only.
#ifndef LICPOOL_TESTS_ALLOCATION_SHARE_REFERENCE_HPP
#define LICPOOL_TESTS_ALLOCATION_SHARE_REFERENCE_HPP

#include <licpool/allocation/share.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace licpool_test {

inline std::vector<std::uint32_t> reference_share(std::uint64_t capacity,
                                                  const std::vector<licpool::share_child>& children) {
    std::vector<std::uint32_t> a(children.size(), 0);
    std::uint64_t floors = 0;
    std::uint64_t ceilings = 0;
    for (const auto& c : children) {
        floors += c.floor;
        ceilings += c.ceiling;
    }
    // 1. Floors cannot all be met: walk in order, each takes its floor from what is left.
    if (floors >= capacity) {
        std::uint64_t left = capacity;
        for (std::size_t i = 0; i < children.size(); ++i) {
            a[i] = static_cast<std::uint32_t>(std::min<std::uint64_t>(children[i].floor, left));
            left -= a[i];
        }
        return a;
    }
    // 2. Everyone starts at its floor; each further unit goes to the child below its ceiling
    //    with the largest w / (2a + 1), ties to the earlier child.
    for (std::size_t i = 0; i < children.size(); ++i) {
        a[i] = children[i].floor;
    }
    const std::uint64_t total = std::min(capacity, ceilings);
    for (std::uint64_t unit = floors; unit < total; ++unit) {
        std::size_t best = children.size();
        for (std::size_t i = 0; i < children.size(); ++i) {
            if (a[i] >= children[i].ceiling) {
                continue;
            }
            // w_i / (2a_i + 1) > w_best / (2a_best + 1), cross-multiplied.
            if (best == children.size() ||
                std::uint64_t{children[i].weight} * (2 * std::uint64_t{a[best]} + 1) >
                    std::uint64_t{children[best].weight} * (2 * std::uint64_t{a[i]} + 1)) {
                best = i;
            }
        }
        ++a[best];
    }
    return a;
}

} // namespace licpool_test

#endif // LICPOOL_TESTS_ALLOCATION_SHARE_REFERENCE_HPP
