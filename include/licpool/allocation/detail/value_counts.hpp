// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_ALLOCATION_DETAIL_VALUE_COUNTS_HPP
#define LICPOOL_ALLOCATION_DETAIL_VALUE_COUNTS_HPP

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace licpool::detail {

/// A multiset of 32-bit values that answers, in O(log) each, how many of its values lie below
/// x, their sum, the largest below x and the smallest above x: what `water_level` asks of one
/// weight's floors and ceilings at every probe of its search (issue 16).
///
/// Values below `small_limit` (the mins and maxes jobs have) are counted by a Fenwick tree over
/// the values, grown by doubling as larger ones arrive; the rest (a job with no max has a
/// ceiling of `unlimited`) are kept as a sorted list of distinct values with their counts,
/// which stays short because such values repeat.
class value_counts {
public:
    static constexpr std::uint32_t small_limit = 4096;

    void insert(std::uint32_t v) { add(v, 1); }
    /// `v` must be present.
    void erase(std::uint32_t v) { add(v, -1); }

    std::uint64_t size() const noexcept { return small_count + big_count; }

    /// How many values are below `x`, and their sum.
    std::uint64_t count_below(std::uint64_t x) const noexcept {
        if (x < domain()) {
            return prefix_count(static_cast<std::size_t>(x));
        }
        std::uint64_t n = small_count;
        for (const auto& b : big) {
            if (b.value >= x) {
                break;
            }
            n += b.count;
        }
        return n;
    }
    std::uint64_t sum_below(std::uint64_t x) const noexcept {
        if (x < domain()) {
            return prefix_sum(static_cast<std::size_t>(x));
        }
        std::uint64_t s = small_sum;
        for (const auto& b : big) {
            if (b.value >= x) {
                break;
            }
            s += std::uint64_t{b.value} * b.count;
        }
        return s;
    }

    /// The k-th smallest value, k in [1, size()].
    std::uint32_t kth(std::uint64_t k) const noexcept {
        if (k <= small_count) {
            // Fenwick descent: the largest position whose prefix count is below k.
            std::size_t at = 0;
            for (std::size_t step = counts.size(); step > 0; step /= 2) {
                if (at + step <= counts.size() && counts[at + step - 1] < k) {
                    at += step;
                    k -= counts[at - 1];
                }
            }
            return static_cast<std::uint32_t>(at); // position at + 1 holds value at
        }
        k -= small_count;
        for (const auto& b : big) {
            if (k <= b.count) {
                return b.value;
            }
            k -= b.count;
        }
        return big.empty() ? 0 : big.back().value; // unreachable for k <= size()
    }
    /// The largest value below `x`; none: false.
    bool largest_below(std::uint64_t x, std::uint32_t& out) const noexcept {
        const std::uint64_t k = count_below(x);
        if (k == 0) {
            return false;
        }
        out = kth(k);
        return true;
    }
    /// The smallest value above `x`; none: false.
    bool smallest_above(std::uint64_t x, std::uint32_t& out) const noexcept {
        const std::uint64_t k = count_below(x + 1);
        if (k >= size()) {
            return false;
        }
        out = kth(k + 1);
        return true;
    }

private:
    struct big_value {
        std::uint32_t value;
        std::uint32_t count;
    };

    std::size_t domain() const noexcept { return counts.size(); }

    void add(std::uint32_t v, int delta) {
        if (v >= small_limit) {
            auto it = std::lower_bound(big.begin(), big.end(), v,
                                       [](const big_value& b, std::uint32_t value) { return b.value < value; });
            if (delta > 0) {
                if (it != big.end() && it->value == v) {
                    ++it->count;
                } else {
                    big.insert(it, big_value{v, 1});
                }
                ++big_count;
            } else {
                if (--it->count == 0) {
                    big.erase(it);
                }
                --big_count;
            }
            return;
        }
        if (v >= domain()) {
            grow(v);
        }
        // Position v + 1 of the 1-based tree holds value v.
        for (std::size_t i = std::size_t{v} + 1; i <= counts.size(); i += i & (~i + 1)) {
            counts[i - 1] = delta > 0 ? counts[i - 1] + 1 : counts[i - 1] - 1;
            sums[i - 1] = delta > 0 ? sums[i - 1] + v : sums[i - 1] - v;
        }
        small_count = delta > 0 ? small_count + 1 : small_count - 1;
        small_sum = delta > 0 ? small_sum + v : small_sum - v;
    }

    // A tree over 2^k positions grows to 2^(k+1) with its last node covering everything and
    // every new node in between empty.
    void grow(std::uint32_t v) {
        std::size_t size = std::max<std::size_t>(counts.size(), 8);
        while (size <= v) {
            size *= 2;
        }
        const std::size_t old = counts.size();
        counts.resize(size, 0);
        sums.resize(size, 0);
        for (std::size_t top = old == 0 ? size : old * 2; top <= size && old > 0; top *= 2) {
            counts[top - 1] = static_cast<std::uint32_t>(small_count); // fewer than 2^32 values
            sums[top - 1] = small_sum;
        }
    }

    std::uint64_t prefix_count(std::size_t x) const noexcept {
        std::uint64_t n = 0;
        for (std::size_t i = x; i > 0; i -= i & (~i + 1)) {
            n += counts[i - 1];
        }
        return n;
    }
    std::uint64_t prefix_sum(std::size_t x) const noexcept {
        std::uint64_t s = 0;
        for (std::size_t i = x; i > 0; i -= i & (~i + 1)) {
            s += sums[i - 1];
        }
        return s;
    }

    std::vector<std::uint32_t> counts; // Fenwick tree of counts, a power of two in size
    std::vector<std::uint64_t> sums;   // the same of values
    std::uint64_t small_count = 0;
    std::uint64_t small_sum = 0;
    std::vector<big_value> big;        // values from small_limit up, ascending, distinct
    std::uint64_t big_count = 0;
};

} // namespace licpool::detail

#endif // LICPOOL_ALLOCATION_DETAIL_VALUE_COUNTS_HPP
