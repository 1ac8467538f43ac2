#include <licpool/allocation/share.hpp>
#include <licpool/allocation/tiered_share.hpp>

#include "allocation/share_reference.hpp"
#include "allocation/tiered_share_reference.hpp"
#include "licpool_catch.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

using licpool::tiered_child;
using licpool_test::reference_tiered_share;

namespace {

licpool::tiered_capacity capacity_of(const std::vector<std::uint64_t>& limits) {
    licpool::tiered_capacity c;
    c.tiers = limits.size();
    std::copy(limits.begin(), limits.end(), c.at_least.begin());
    return c;
}

std::vector<std::uint32_t> fast(const std::vector<std::uint64_t>& limits, const std::vector<tiered_child>& children,
                                std::vector<std::uint8_t>* binding = nullptr) {
    std::vector<std::uint32_t> out(children.size());
    std::vector<std::uint8_t> bound(children.size());
    licpool::tiered_share(capacity_of(limits), children.data(), children.size(), out.data(), bound.data());
    if (binding != nullptr) {
        *binding = bound;
    }
    return out;
}

// A job: its whole ceiling at the tier its campaign needs.
tiered_child job(std::size_t tier, std::uint32_t floor, std::uint32_t ceiling, std::uint32_t weight) {
    tiered_child c;
    c.floor = floor;
    c.weight = weight;
    c.by_tier[tier] = ceiling;
    return c;
}

// Random levels in the shapes the pool produces: jobs (one tier) and nodes (several), often
// equal weights, nested limits that are often tight.
struct random_level {
    std::vector<std::uint64_t> limits;
    std::vector<tiered_child> children;
};
random_level make_level(std::mt19937_64& rng, std::uint32_t scale) {
    random_level l;
    const std::size_t tiers = 1 + rng() % 3;
    std::uint64_t at_least = rng() % (12 * scale + 1);
    for (std::size_t t = 0; t < tiers; ++t) {
        l.limits.push_back(at_least);
        at_least = rng() % 3 == 0 ? at_least : rng() % (at_least + 1);
    }
    const std::size_t count = 1 + rng() % 6;
    const int weights = static_cast<int>(rng() % 3);
    for (std::size_t i = 0; i < count; ++i) {
        tiered_child c;
        c.weight = weights == 0 ? 1 + static_cast<std::uint32_t>(rng() % 2)
                   : weights == 1 ? 1 + static_cast<std::uint32_t>(rng() % 10)
                                  : 1 + static_cast<std::uint32_t>(rng() % 1000);
        if (rng() % 2 == 0) {
            c.by_tier[rng() % tiers] = static_cast<std::uint32_t>(rng() % (5 * scale + 1));
        } else {
            for (std::size_t t = 0; t < tiers; ++t) {
                c.by_tier[t] = rng() % 3 == 0 ? 0 : static_cast<std::uint32_t>(rng() % (3 * scale + 1));
            }
        }
        c.floor = rng() % 3 == 0 ? 0 : static_cast<std::uint32_t>(rng() % (2 * scale + 1));
        if (rng() % 4 != 0) {
            c.floor = std::min<std::uint32_t>(c.floor, static_cast<std::uint32_t>(c.ceiling()));
        }
        l.children.push_back(c);
    }
    return l;
}

} // namespace

TEST_CASE("tiered_share: the issue's example, 8 manual and 2 predictive seats", "[allocation][tiers]") {
    // Predictive job at priority 8 and manual job at priority 2, each min 0 and max 10: the
    // predictive campaign can use only the 2 predictive seats, the manual one gets the rest.
    // Tiers: 0 manual, 1 preview, 2 predictive. 10 seats of manual or higher, 2 of preview or
    // higher, 2 predictive.
    std::vector<std::uint8_t> binding;
    const auto a = fast({10, 2, 2}, {job(2, 0, 10, 8), job(0, 0, 10, 2)}, &binding);
    CHECK(a == std::vector<std::uint32_t>{2, 8});
    CHECK(binding == std::vector<std::uint8_t>{2, 0}); // the limit of predictive seats binds
    // Without tiers the weights alone would split 8 and 2.
    CHECK(licpool::share(10, {{0, 10, 8}, {0, 10, 2}}) == std::vector<std::uint32_t>{8, 2});
}

TEST_CASE("tiered_share: a lower tier may take a higher seat, a higher one never a lower", "[allocation][tiers]") {
    // 0 manual seats, 5 predictive: a manual campaign takes predictive seats.
    CHECK(fast({5, 5, 5}, {job(0, 0, 10, 1)}) == std::vector<std::uint32_t>{5});
    // 5 manual seats, 0 predictive: a predictive campaign gets none.
    std::vector<std::uint8_t> binding;
    CHECK(fast({5, 0, 0}, {job(2, 0, 10, 1)}, &binding) == std::vector<std::uint32_t>{0});
    CHECK(binding == std::vector<std::uint8_t>{2});
    // Floors count against the limits too: a predictive min of 4 with 2 predictive seats.
    CHECK(fast({10, 2, 2}, {job(2, 4, 10, 1), job(0, 0, 10, 1)}) == std::vector<std::uint32_t>{2, 8});
}

TEST_CASE("tiered_share: a node takes its lowest tiers first and passes its tiers down", "[allocation][tiers]") {
    // A zone with 3 manual and 4 predictive seats of ceiling, next to a manual-only zone;
    // 6 seats in all, 2 predictive.
    tiered_child mixed;
    mixed.by_tier[0] = 3;
    mixed.by_tier[2] = 4;
    const auto a = fast({6, 2, 2}, {mixed, job(0, 0, 6, 1)});
    CHECK(a == std::vector<std::uint32_t>{3, 3});
    // Alone under a level with 2 predictive seats, it may give its predictive campaigns both,
    // though its lowest tiers come first in the division above.
    const std::uint32_t share = 5;
    licpool::tiered_capacity below;
    licpool::pass_down_tiers(capacity_of({6, 2, 2}), &mixed, 1, &share, &below);
    CHECK(below.at_least[0] == 5);
    CHECK(below.at_least[1] == 2);
    CHECK(below.at_least[2] == 2);
    tiered_child cut = mixed;
    licpool::fit_tiers(cut, 5); // a max of 5 keeps the lowest tiers
    CHECK(cut.by_tier[0] == 3);
    CHECK(cut.by_tier[2] == 2);
    licpool::fit_tiers(cut, 9); // a min above the children: seats no tier needs, at the lowest
    CHECK(cut.by_tier[0] == 7);
}

TEST_CASE("tiered_share: agrees with the one-unit-at-a-time definition on random cases", "[allocation][tiers][property]") {
    std::mt19937_64 rng{20261207};
    int mismatches = 0;
    for (int n = 0; n < 60000; ++n) {
        const auto level = make_level(rng, n % 10 == 0 ? 8 : 1 + static_cast<std::uint32_t>(n % 3));
        std::vector<std::uint8_t> binding;
        const auto got = fast(level.limits, level.children, &binding);
        const auto want = reference_tiered_share(level.limits, level.children);
        if (got != want && ++mismatches <= 3) {
            CAPTURE(n);
            for (const auto l : level.limits) {
                UNSCOPED_INFO("at least " << l);
            }
            for (const auto& c : level.children) {
                UNSCOPED_INFO("child floor=" << c.floor << " weight=" << c.weight << " tiers=" << c.by_tier[0] << ","
                                             << c.by_tier[1] << "," << c.by_tier[2]);
            }
            CHECK(got == want);
        }
        // Every nested limit holds, and a binding tier names a limit that is full.
        for (std::size_t t = 0; t < level.limits.size(); ++t) {
            std::uint64_t at_or_above = 0;
            for (std::size_t i = 0; i < got.size(); ++i) {
                auto c = level.children[i];
                if (c.ceiling() < c.floor) {
                    licpool::fit_tiers(c, c.floor);
                }
                std::uint64_t lower = 0;
                for (std::size_t u = 0; u < t; ++u) {
                    lower += c.by_tier[u];
                }
                at_or_above += got[i] > lower ? got[i] - lower : 0; // its lowest tiers first
            }
            const std::uint64_t limit = *std::min_element(level.limits.begin(), level.limits.begin() + static_cast<std::ptrdiff_t>(t) + 1);
            REQUIRE(at_or_above <= limit);
            for (std::size_t i = 0; i < got.size(); ++i) {
                if (binding[i] == t && t > 0) {
                    REQUIRE(at_or_above == limit);
                }
            }
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("pass_down_tiers: allowances add up within the level's limits, nested, at least the lowest-first part", "[allocation][tiers][property]") {
    std::mt19937_64 rng{909};
    for (int n = 0; n < 20000; ++n) {
        auto level = make_level(rng, 1 + static_cast<std::uint32_t>(n % 4));
        for (auto& c : level.children) {
            if (c.ceiling() < c.floor) {
                licpool::fit_tiers(c, c.floor);
            }
        }
        const auto shares = fast(level.limits, level.children);
        std::vector<licpool::tiered_capacity> below(shares.size());
        licpool::pass_down_tiers(capacity_of(level.limits), level.children.data(), shares.size(), shares.data(), below.data());
        std::uint64_t limit = level.limits[0];
        for (std::size_t t = 0; t < level.limits.size(); ++t) {
            limit = std::min(limit, level.limits[t]);
            std::uint64_t total = 0;
            for (std::size_t i = 0; i < shares.size(); ++i) {
                REQUIRE(below[i].at_least[t] <= shares[i]);
                if (t > 0) {
                    REQUIRE(below[i].at_least[t] <= below[i].at_least[t - 1]);
                }
                std::uint64_t lower = 0;
                for (std::size_t u = 0; u < t; ++u) {
                    lower += level.children[i].by_tier[u];
                }
                REQUIRE(below[i].at_least[t] >= (shares[i] > lower ? shares[i] - lower : 0));
                total += below[i].at_least[t];
            }
            REQUIRE(total <= std::max<std::uint64_t>(limit, t == 0 ? total : 0));
        }
    }
}

TEST_CASE("tiered_share: with one tier it is share()", "[allocation][tiers][property]") {
    std::mt19937_64 rng{31};
    for (int n = 0; n < 20000; ++n) {
        const std::uint64_t cap = rng() % 200;
        std::vector<licpool::share_child> plain(1 + rng() % 8);
        std::vector<tiered_child> tiered;
        for (auto& c : plain) {
            c.floor = static_cast<std::uint32_t>(rng() % 15);
            c.ceiling = c.floor + static_cast<std::uint32_t>(rng() % 40);
            c.weight = 1 + static_cast<std::uint32_t>(rng() % (n % 2 == 0 ? 3 : 1000));
            tiered.push_back(job(0, c.floor, c.ceiling, c.weight));
        }
        REQUIRE(fast({cap}, tiered) == licpool::share(cap, plain));
    }
}

TEST_CASE("tiered_share: agrees with the definition on larger numbers", "[allocation][tiers][property]") {
    std::mt19937_64 rng{8};
    for (int n = 0; n < 200; ++n) {
        const auto level = make_level(rng, 300);
        REQUIRE(fast(level.limits, level.children) == reference_tiered_share(level.limits, level.children));
    }
}

TEST_CASE("tiered_strict_priority_share: each child in order takes what its limits leave", "[allocation][tiers]") {
    const auto strict = [](const std::vector<std::uint64_t>& limits, const std::vector<tiered_child>& children) {
        std::vector<std::uint32_t> out(children.size());
        licpool::tiered_strict_priority_share(capacity_of(limits), children.data(), children.size(), out.data());
        return out;
    };
    CHECK(strict({10, 2, 2}, {job(2, 0, 10, 8), job(0, 0, 10, 2)}) == std::vector<std::uint32_t>{2, 8});
    CHECK(strict({10, 2, 2}, {job(0, 0, 10, 8), job(2, 0, 10, 2)}) == std::vector<std::uint32_t>{10, 0});
    CHECK(strict({10, 2, 2}, {job(0, 0, 6, 8), job(2, 1, 10, 2)}) == std::vector<std::uint32_t>{6, 2});
    // With one tier it is strict_priority_share().
    std::mt19937_64 rng{77};
    for (int n = 0; n < 5000; ++n) {
        const std::uint64_t cap = rng() % 120;
        std::vector<licpool::share_child> plain(1 + rng() % 6);
        std::vector<tiered_child> tiered;
        for (auto& c : plain) {
            c.floor = static_cast<std::uint32_t>(rng() % 10);
            c.ceiling = c.floor + static_cast<std::uint32_t>(rng() % 20);
            c.weight = 1 + static_cast<std::uint32_t>(rng() % 10);
            tiered.push_back(job(0, c.floor, c.ceiling, c.weight));
        }
        REQUIRE(strict({cap}, tiered) == licpool::strict_priority_share(cap, plain));
    }
}
