// The water level of one division kept up to date as its children change (issue 16): checked
// after every change against share() over the same children, and against the reference of
// DESIGN 4.1 where the sizes are small, with the list of quotas it says changed checked
// against the quotas themselves.
#include <licpool/allocation/detail/water_level.hpp>
#include <licpool/allocation/share.hpp>

#include "allocation/share_reference.hpp"
#include "licpool_catch.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <vector>

using licpool::share_child;
using licpool::detail::value_counts;
using licpool::detail::water_level;

TEST_CASE("value_counts: counts, sums and neighbours below and above agree with a multiset", "[allocation][water-level]") {
    std::mt19937_64 rng{7};
    for (int round = 0; round < 20; ++round) {
        value_counts counts;
        std::multiset<std::uint32_t> model;
        const auto value = [&]() -> std::uint32_t {
            switch (rng() % 4) {
            case 0:
                return static_cast<std::uint32_t>(rng() % 8);
            case 1:
                return static_cast<std::uint32_t>(rng() % 200);
            case 2:
                return static_cast<std::uint32_t>(rng() % 9000); // across the small limit
            default:
                return rng() % 2 == 0 ? licpool::unlimited : static_cast<std::uint32_t>(rng());
            }
        };
        for (int step = 0; step < 300; ++step) {
            if (!model.empty() && rng() % 3 == 0) {
                auto it = model.begin();
                std::advance(it, static_cast<long>(rng() % model.size()));
                counts.erase(*it);
                model.erase(it);
            } else {
                const auto v = value();
                counts.insert(v);
                model.insert(v);
            }
            REQUIRE(counts.size() == model.size());
            for (int probe = 0; probe < 4; ++probe) {
                const std::uint64_t x = probe == 0 ? std::uint64_t{1} << 33 : value();
                std::uint64_t n = 0;
                std::uint64_t s = 0;
                for (const auto v : model) {
                    if (v < x) {
                        ++n;
                        s += v;
                    }
                }
                CHECK(counts.count_below(x) == n);
                CHECK(counts.sum_below(x) == s);
                std::uint32_t got = 0;
                const auto below = model.lower_bound(static_cast<std::uint32_t>(std::min<std::uint64_t>(x, licpool::unlimited)));
                const bool has_below = x > licpool::unlimited ? !model.empty() : below != model.begin();
                REQUIRE(counts.largest_below(x, got) == has_below);
                if (has_below) {
                    CHECK(got == (x > licpool::unlimited ? *model.rbegin() : *std::prev(below)));
                }
                const auto above = x >= licpool::unlimited ? model.end() : model.upper_bound(static_cast<std::uint32_t>(x));
                REQUIRE(counts.smallest_above(x, got) == (above != model.end()));
                if (above != model.end()) {
                    CHECK(got == *above);
                }
            }
        }
    }
}

namespace {

struct child_state {
    share_child bounds;
    std::uint32_t order;
    std::uint32_t handle;
};

// share() over the children in order-key order (higher weight first, then earlier creation),
// by id.
std::map<std::uint32_t, std::uint32_t> expected_quotas(std::uint64_t capacity,
                                                       const std::map<std::uint32_t, child_state>& children,
                                                       bool with_reference) {
    std::vector<std::pair<std::uint32_t, const child_state*>> in_order;
    for (const auto& [id, c] : children) {
        in_order.emplace_back(id, &c);
    }
    std::sort(in_order.begin(), in_order.end(), [](const auto& a, const auto& b) {
        return a.second->bounds.weight != b.second->bounds.weight ? a.second->bounds.weight > b.second->bounds.weight
                                                                  : a.second->order < b.second->order;
    });
    std::vector<share_child> kids;
    for (const auto& entry : in_order) {
        share_child k = entry.second->bounds;
        k.ceiling = std::max(k.floor, k.ceiling);
        kids.push_back(k);
    }
    const auto out = licpool::share(capacity, kids);
    if (with_reference) {
        REQUIRE(out == licpool_test::reference_share(capacity, kids));
    }
    std::map<std::uint32_t, std::uint32_t> by_id;
    for (std::size_t i = 0; i < in_order.size(); ++i) {
        by_id[in_order[i].first] = out[i];
    }
    return by_id;
}

share_child random_bounds(std::mt19937_64& rng, int style) {
    share_child c;
    c.weight = style == 0 ? static_cast<std::uint32_t>(1 + rng() % 2) : static_cast<std::uint32_t>(1 + rng() % 10);
    c.floor = rng() % 3 == 0 ? 0 : static_cast<std::uint32_t>(rng() % 5);
    switch (rng() % 6) {
    case 0:
        c.ceiling = c.floor; // no room: only its floor
        break;
    case 1:
        c.ceiling = c.floor > 0 ? c.floor - 1 : 0; // below its floor: counts as the floor
        break;
    case 2:
        c.ceiling = style == 2 ? licpool::unlimited : c.floor + static_cast<std::uint32_t>(rng() % 5000);
        break;
    default:
        c.ceiling = c.floor + static_cast<std::uint32_t>(1 + rng() % 30);
        break;
    }
    return c;
}

} // namespace

TEST_CASE("water_level: after every change, the quotas share() gives and exactly the changes it lists",
          "[allocation][water-level]") {
    std::mt19937_64 rng{2026};
    for (int round = 0; round < 36; ++round) {
        const int style = round % 3; // two weights (many ties), ten weights, unlimited ceilings
        const bool small = round % 4 == 0;
        water_level level;
        std::map<std::uint32_t, child_state> children; // by id
        std::map<std::uint32_t, std::uint32_t> last;   // quotas as of the last divide, by id
        std::uint32_t next_id = 0;
        std::uint32_t next_order = 0;
        std::set<std::uint32_t> orders;
        std::vector<water_level::change> changed;
        for (int step = 0; step < 120; ++step) {
            const auto what = rng() % 10;
            if (children.empty() || what < 4) {
                const std::uint32_t count = what == 0 ? 1 + static_cast<std::uint32_t>(rng() % (small ? 3 : 40)) : 1;
                for (std::uint32_t k = 0; k < count; ++k) {
                    const auto b = random_bounds(rng, style);
                    // Creation order mostly rises; a child restored from a snapshot may come
                    // earlier than ones already there.
                    std::uint32_t order = rng() % 8 == 0 ? static_cast<std::uint32_t>(rng() % (next_order + 1)) * 2 + 1
                                                         : (next_order += 2);
                    if (!orders.insert(order).second) { // one child per order, as jobs are
                        order = (next_order += 2);
                        orders.insert(order);
                    }
                    const std::uint32_t id = next_id++;
                    children[id] = child_state{b, order, level.insert(id, b, order)};
                }
            } else if (what < 6) {
                auto it = children.begin();
                std::advance(it, static_cast<long>(rng() % children.size()));
                level.erase(it->second.handle);
                last.erase(it->first);
                children.erase(it);
            } else {
                auto it = children.begin();
                std::advance(it, static_cast<long>(rng() % children.size()));
                share_child b = random_bounds(rng, style);
                if (rng() % 2 == 0) {
                    b.weight = it->second.bounds.weight; // bounds only
                }
                it->second.bounds = b;
                level.update(it->second.handle, b);
            }
            if (small && children.size() > 12) {
                continue; // the reference is slow: keep the small rounds small
            }
            std::uint64_t floors = 0;
            std::uint64_t ceilings = 0;
            for (const auto& [id, c] : children) {
                floors += c.bounds.floor;
                ceilings += std::min<std::uint64_t>(std::max(c.bounds.floor, c.bounds.ceiling), 100000);
            }
            // Capacities short of the floors, between, and beyond every ceiling.
            std::uint64_t capacity = 0;
            switch (rng() % 5) {
            case 0:
                capacity = floors == 0 ? 0 : rng() % (floors + 1);
                break;
            case 1:
                capacity = floors + ceilings + 10;
                break;
            default:
                capacity = floors + rng() % (ceilings + 1);
                break;
            }
            if (small) {
                capacity = std::min<std::uint64_t>(capacity, 200);
            }
            changed.clear();
            level.divide(capacity, changed);
            const auto expected = expected_quotas(capacity, children, small);
            // One assertion a step (Catch's per-assertion cost would dominate), naming the first
            // child that differs.
            std::uint32_t wrong = licpool::unlimited;
            for (const auto& [id, c] : children) {
                if (level.quota(c.handle) != expected.at(id) && wrong == licpool::unlimited) {
                    wrong = id;
                }
            }
            INFO("round " << round << " step " << step << " capacity " << capacity << " child " << wrong);
            REQUIRE(wrong == licpool::unlimited);
            // Each listed change once, from what the last divide gave (0 for a new child) to
            // the quota now; every child whose quota moved is listed.
            std::set<std::uint32_t> listed;
            for (const auto& ch : changed) {
                INFO("round " << round << " step " << step << " child " << ch.id);
                REQUIRE(children.count(ch.id) == 1);
                REQUIRE(listed.insert(ch.id).second);
                CHECK(ch.before == (last.count(ch.id) ? last.at(ch.id) : 0));
                CHECK(ch.after == expected.at(ch.id));
                CHECK(ch.before != ch.after);
            }
            for (const auto& [id, q] : expected) {
                const std::uint32_t before = last.count(id) ? last.at(id) : 0;
                if (before != q) {
                    INFO("round " << round << " step " << step << " child " << id);
                    CHECK(listed.count(id) == 1);
                }
            }
            last = expected;
        }
    }
}

TEST_CASE("water_level: a large level where thousands tie, one change at a time", "[allocation][water-level]") {
    // The pools' shape (issue 16's benchmark): many jobs of ten priorities, small bounds, about
    // ten licenses each; one job at a time starts, stops or changes its priority.
    std::mt19937_64 rng{16};
    water_level level;
    std::map<std::uint32_t, child_state> children;
    std::vector<water_level::change> changed;
    std::uint32_t order = 0;
    for (std::uint32_t id = 0; id < 3000; ++id) {
        share_child b{static_cast<std::uint32_t>(rng() % 4), 0, static_cast<std::uint32_t>(1 + rng() % 10)};
        b.ceiling = b.floor + 1 + static_cast<std::uint32_t>(rng() % 30);
        children[id] = child_state{b, order, level.insert(id, b, order)};
        ++order;
    }
    std::map<std::uint32_t, std::uint32_t> last;
    const std::uint64_t capacity = 30000;
    for (int step = 0; step < 40; ++step) {
        auto it = children.begin();
        std::advance(it, static_cast<long>(rng() % children.size()));
        if (step % 3 == 0) {
            it->second.bounds.weight = 1 + (it->second.bounds.weight % 10);
            level.update(it->second.handle, it->second.bounds);
        } else if (step % 3 == 1) {
            level.erase(it->second.handle);
            last.erase(it->first);
            children.erase(it);
        } else {
            const std::uint32_t id = 100000 + static_cast<std::uint32_t>(step);
            const share_child b{0, 10, 5};
            children[id] = child_state{b, order, level.insert(id, b, order)};
            ++order;
        }
        changed.clear();
        level.divide(capacity, changed);
        const auto expected = expected_quotas(capacity, children, false);
        std::size_t moved = 0;
        std::size_t wrong = 0;
        for (const auto& [id, c] : children) {
            wrong += level.quota(c.handle) != expected.at(id) ? 1 : 0;
            moved += (last.count(id) ? last.at(id) : 0) != expected.at(id) ? 1 : 0;
        }
        REQUIRE(wrong == 0);
        CHECK(changed.size() == moved);
        last = expected;
    }
}
