#include <licpool/allocation/share.hpp>

#include "allocation/share_reference.hpp"
#include "licpool_catch.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

using licpool::share_child;
using licpool_test::reference_share;

namespace {

std::uint64_t sum(const std::vector<std::uint32_t>& v) {
    return std::accumulate(v.begin(), v.end(), std::uint64_t{0});
}

// Random children in the shapes the pool produces: floors, ceilings at or above them, and
// weights that are often equal (ties are where mistakes hide).
std::vector<share_child> random_children(std::mt19937_64& rng, std::uint32_t max_floor, std::uint32_t max_room) {
    std::uniform_int_distribution<int> count(1, 8);
    std::uniform_int_distribution<std::uint32_t> floor(0, max_floor);
    std::uniform_int_distribution<std::uint32_t> room(0, max_room);
    std::uniform_int_distribution<int> weight_style(0, 2);
    std::uniform_int_distribution<std::uint32_t> small_weight(1, 10);
    std::uniform_int_distribution<std::uint32_t> large_weight(1, 1000);
    const int style = weight_style(rng);
    std::vector<share_child> out(static_cast<std::size_t>(count(rng)));
    for (auto& c : out) {
        c.floor = floor(rng) % 3 == 0 ? 0 : floor(rng);
        c.ceiling = c.floor + room(rng);
        c.weight = style == 0 ? 1 + small_weight(rng) % 2 : style == 1 ? small_weight(rng) : large_weight(rng);
    }
    return out;
}

} // namespace

TEST_CASE("share: the vendor's worked example", "[allocation][share]") {
    // 10 seats, job1 priority 8 and job2 priority 2, each min 1 and max 30.
    const auto a = licpool::share(10, {{1, 30, 8}, {1, 30, 2}});
    CHECK(a == std::vector<std::uint32_t>{8, 2});
}

TEST_CASE("share: floors come first, in order, when capacity is short", "[allocation][share]") {
    CHECK(licpool::share(7, {{5, 10, 1}, {5, 10, 9}}) == std::vector<std::uint32_t>{5, 2});
    CHECK(licpool::share(0, {{5, 10, 1}}) == std::vector<std::uint32_t>{0});
    CHECK(licpool::share(10, {{5, 10, 1}, {5, 10, 1}}) == std::vector<std::uint32_t>{5, 5});
}

TEST_CASE("share: ceilings bound, and spare capacity stays unused", "[allocation][share]") {
    CHECK(licpool::share(100, {{0, 3, 1}, {1, 4, 5}}) == std::vector<std::uint32_t>{3, 4});
    CHECK(licpool::share(5, {{0, 0, 7}, {0, 10, 1}}) == std::vector<std::uint32_t>{0, 5});
    CHECK(licpool::share(5, {}).empty());
}

TEST_CASE("share: equal weights split evenly, ties to the earlier child", "[allocation][share]") {
    CHECK(licpool::share(3, {{0, 10, 1}, {0, 10, 1}}) == std::vector<std::uint32_t>{2, 1});
    CHECK(licpool::share(5, {{0, 10, 4}, {0, 10, 4}, {0, 10, 4}}) == std::vector<std::uint32_t>{2, 2, 1});
    // w=3 at a=1 and w=1 at a=0 have the same quotient (1): the earlier child wins the tie.
    CHECK(licpool::share(2, {{1, 5, 1}, {0, 5, 3}, {0, 5, 1}}) == std::vector<std::uint32_t>{1, 1, 0});
}

TEST_CASE("share: agrees with the one-unit-at-a-time definition on 100,000 random cases", "[allocation][share][property]") {
    std::mt19937_64 rng{20261124};
    std::uniform_int_distribution<std::uint64_t> capacity(0, 150);
    int mismatches = 0;
    for (int n = 0; n < 100000; ++n) {
        const auto children = random_children(rng, 12, 30);
        const auto cap = capacity(rng);
        const auto fast = licpool::share(cap, children);
        const auto slow = reference_share(cap, children);
        if (fast != slow && ++mismatches <= 3) {
            CAPTURE(n, cap);
            for (const auto& c : children) {
                UNSCOPED_INFO("child floor=" << c.floor << " ceiling=" << c.ceiling << " weight=" << c.weight);
            }
            CHECK(fast == slow);
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("share: agrees with the definition on larger numbers", "[allocation][share][property]") {
    std::mt19937_64 rng{7};
    std::uniform_int_distribution<std::uint64_t> capacity(0, 20000);
    for (int n = 0; n < 300; ++n) {
        const auto children = random_children(rng, 2000, 5000);
        const auto cap = capacity(rng);
        REQUIRE(licpool::share(cap, children) == reference_share(cap, children));
    }
}

// The threshold search probes the count of slots and snaps to real slots: large n with
// skewed inputs (many exact ties, floors just under the capacity, ceilings below floors,
// weights up to 1000, unlimited ceilings) is where a search could stop on the wrong slot.
TEST_CASE("share: agrees with the definition on many children and skewed inputs", "[allocation][share][property]") {
    std::mt19937_64 rng{16016};
    for (int round = 0; round < 24; ++round) {
        const int shape = round % 6;
        std::uniform_int_distribution<std::size_t> count_of(200, 1500);
        std::vector<share_child> children(count_of(rng));
        std::uniform_int_distribution<std::uint32_t> small(0, 6);
        std::uniform_int_distribution<std::uint32_t> weight_1_10(1, 10);
        std::uniform_int_distribution<std::uint32_t> weight_1_1000(1, 1000);
        for (auto& c : children) {
            c.floor = shape == 0 ? 2 : small(rng);
            c.ceiling = shape == 2 ? small(rng) : c.floor + small(rng) * (shape == 3 ? 3U : 1U);
            if (shape == 4 && small(rng) == 0) {
                c.ceiling = UINT32_MAX / 4096; // unbounded in practice, summed without overflow
            }
            c.weight = shape == 0 ? 1 + small(rng) % 2 : shape == 3 ? weight_1_1000(rng) : weight_1_10(rng);
        }
        std::uint64_t floors = 0;
        std::uint64_t ceilings = 0;
        auto normalized = children; // the documented reading: a ceiling below its floor is the floor
        for (auto& c : normalized) {
            c.ceiling = std::max(c.floor, c.ceiling);
            floors += c.floor;
            ceilings += c.ceiling;
        }
        std::uniform_int_distribution<std::uint64_t> spare(0, std::min<std::uint64_t>(ceilings - floors, 3000));
        const std::uint64_t cap = shape == 5 ? floors + static_cast<std::uint64_t>(round % 3) : floors + spare(rng);
        CAPTURE(round, shape, children.size(), cap, floors, ceilings);
        REQUIRE(licpool::share(cap, children) == reference_share(cap, normalized));
    }
}

TEST_CASE("share: bounds and sum hold at 32-bit extremes", "[allocation][share][property]") {
    std::mt19937_64 rng{99};
    std::uniform_int_distribution<std::uint32_t> any(0, UINT32_MAX);
    std::uniform_int_distribution<std::uint32_t> weight(1, 1000);
    for (int n = 0; n < 2000; ++n) {
        std::vector<share_child> children(1 + n % 6);
        std::uint64_t floors = 0;
        std::uint64_t ceilings = 0;
        for (auto& c : children) {
            c.floor = any(rng) >> (n % 20);
            c.ceiling = std::max(c.floor, any(rng));
            c.weight = weight(rng);
            floors += c.floor;
            ceilings += c.ceiling;
        }
        const std::uint64_t cap = std::uint64_t{any(rng)} * (1 + n % 3);
        const auto a = licpool::share(cap, children);
        REQUIRE(sum(a) == std::min(cap, ceilings));
        for (std::size_t i = 0; i < children.size(); ++i) {
            REQUIRE(a[i] <= children[i].ceiling);
            if (cap >= floors) {
                REQUIRE(a[i] >= children[i].floor);
            }
        }
    }
}

TEST_CASE("share: properties on random inputs", "[allocation][share][property]") {
    std::mt19937_64 rng{424242};
    std::uniform_int_distribution<std::uint64_t> capacity(0, 200);
    for (int n = 0; n < 20000; ++n) {
        const auto children = random_children(rng, 15, 40);
        const auto cap = capacity(rng);
        const auto a = licpool::share(cap, children);

        std::uint64_t floors = 0;
        std::uint64_t ceilings = 0;
        for (const auto& c : children) {
            floors += c.floor;
            ceilings += c.ceiling;
        }
        // f_i <= a_i <= c_i when capacity allows, and the sum.
        REQUIRE(sum(a) == std::min(cap, ceilings));
        for (std::size_t i = 0; i < a.size(); ++i) {
            REQUIRE(a[i] <= children[i].ceiling);
            if (cap >= floors) {
                REQUIRE(a[i] >= children[i].floor);
            }
        }
        // Deterministic.
        REQUIRE(licpool::share(cap, children) == a);
        // More capacity never lowers anyone's share (no Alabama paradox).
        const auto more = licpool::share(cap + 1, children);
        for (std::size_t i = 0; i < a.size(); ++i) {
            REQUIRE(more[i] >= a[i]);
        }
        // A higher weight never lowers a child's own share: in place, and moved to the
        // front of its equals as the order key would put it.
        const std::size_t j = static_cast<std::size_t>(n) % children.size();
        auto heavier = children;
        heavier[j].weight = std::min<std::uint32_t>(licpool::max_weight, heavier[j].weight + 1 + static_cast<std::uint32_t>(n % 5));
        REQUIRE(licpool::share(cap, heavier)[j] >= a[j]);
        auto moved = heavier;
        std::rotate(moved.begin(), moved.begin() + static_cast<std::ptrdiff_t>(j), moved.begin() + static_cast<std::ptrdiff_t>(j) + 1);
        REQUIRE(licpool::share(cap, moved)[0] >= a[j]);
    }
}

TEST_CASE("strict_priority_share: higher weight fills to its ceiling first", "[allocation][share]") {
    CHECK(licpool::strict_priority_share(10, {{1, 30, 8}, {1, 30, 2}}) == std::vector<std::uint32_t>{9, 1});
    CHECK(licpool::strict_priority_share(10, {{1, 4, 8}, {1, 30, 2}}) == std::vector<std::uint32_t>{4, 6});
    CHECK(licpool::strict_priority_share(3, {{2, 4, 8}, {2, 30, 2}}) == std::vector<std::uint32_t>{2, 1});
    std::mt19937_64 rng{5};
    for (int n = 0; n < 5000; ++n) {
        const auto children = random_children(rng, 10, 20);
        const std::uint64_t cap = rng() % 120;
        const auto a = licpool::strict_priority_share(cap, children);
        std::uint64_t ceilings = 0;
        for (const auto& c : children) {
            ceilings += c.ceiling;
        }
        REQUIRE(sum(a) == std::min(cap, ceilings));
    }
}

TEST_CASE("division policies are checked by trait", "[allocation][share]") {
    STATIC_REQUIRE(licpool::is_division_v<licpool::sainte_lague_division>);
    STATIC_REQUIRE(licpool::is_division_v<licpool::strict_priority_division>);
    STATIC_REQUIRE_FALSE(licpool::is_division_v<int>);
}
