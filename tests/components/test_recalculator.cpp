// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.

#include "components/component_fixture.hpp"
#include "licpool_catch.hpp"

#include "allocation/share_reference.hpp"
#include "test_printing.hpp"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

// The recalculator on its own (DESIGN 4.1-4.3): the tree and the job table are filled by
// hand, and nothing but `recalculate` publishes limits, so every figure checked here is the
// recalculator's.

namespace {

using namespace licpool_components;

catalog recalc_catalog() {
    auto made = catalog::make("recalc", {kind_spec{"port", 0x801}, kind_spec{"asr", 0x802}});
    REQUIRE(made);
    return *made;
}

struct recalc_job {
    job_id job;
    std::uint32_t slot;
};

std::uint32_t recalc_org(counted_parts& p, const std::string& zone, const std::string& org) {
    auto o = p.tree.find_or_create_organization(zone, org);
    REQUIRE(o);
    return *o;
}

void recalc_configure(counted_parts& p, std::uint32_t node, const std::string& kind, limits l) {
    auto checked = p.tree.check_settings(p.tree.nodes[node].path, {kind_limits{kind, l}});
    REQUIRE(checked);
    p.tree.apply_settings(node, *checked);
}

recalc_job recalc_start(counted_parts& p, std::uint32_t org, const std::string& name, int priority,
                        std::uint32_t min, std::uint32_t max, allocation_mode mode = allocation_mode::reserved,
                        const std::string& kind = "port") {
    auto job = p.table.start(job_spec{organization_id{org}, priority, min, max, mode, {kind}}.named(name), 0);
    REQUIRE(job);
    auto slot = p.table.find_slot(*job, *p.kinds.find(kind));
    REQUIRE(slot);
    return {*job, *slot};
}

std::uint32_t recalc_quota(const counted_parts& p, std::uint32_t slot) {
    return p.table.counters[slot].usage.limit();
}

std::uint32_t recalc_share(const counted_parts& p, std::uint32_t node, const std::string& kind = "port") {
    const auto r = p.tree.resource_of[p.kinds.find(kind)->value()];
    return p.tree.node_counters[p.tree.nodes[node].first_counter + r].limit();
}

// What the attempt protocol's tick does to a slot that had no attempt for the idle window.
void recalc_make_idle(counted_parts& p, std::uint32_t slot) {
    p.table.counters[slot].idle.store(true);
    p.tree.idle_slots[p.table.slots[slot].resource].fetch_add(1);
    p.table.note(slot); // as the tick's turn_idle does: the next recalculation reads it
}

} // namespace

TEST_CASE("recalculator: the vendor's worked example, 10 seats at priorities 8 and 2", "[components][recalculator]") {
    counted_parts p{recalc_catalog()};
    const auto org = recalc_org(p, "z", "o");
    const auto high = recalc_start(p, org, "high", 8, 1, 30);
    const auto low = recalc_start(p, org, "low", 2, 1, 30);
    p.entitle("port", 10);

    CHECK(recalc_quota(p, high.slot) == 8);
    CHECK(recalc_quota(p, low.slot) == 2);
    CHECK(recalc_share(p, org) == 10);
    CHECK(recalc_share(p, *p.tree.find_zone("z")) == 10);
    CHECK(p.totals.counters[p.kinds.find("port")->value()].limit() == 10);
    // Another kind's division is its own: nothing entitled, nothing shared.
    CHECK(recalc_share(p, org, "asr") == 0);
}

TEST_CASE("recalculator: zone weights, mins and maxes decide the zone shares", "[components][recalculator]") {
    counted_parts p{recalc_catalog()};
    const auto big = recalc_org(p, "big", "o");
    const auto small = recalc_org(p, "small", "o");
    const auto zone_big = *p.tree.find_zone("big");
    const auto zone_small = *p.tree.find_zone("small");
    const auto in_big = recalc_start(p, big, "in-big", 5, 0, 100);
    const auto in_small = recalc_start(p, small, "in-small", 5, 0, 100);
    recalc_configure(p, zone_big, "port", limits{0, unlimited, 3});
    p.entitle("port", 12);

    const auto weighted = licpool_test::reference_share(12, {{0, 100, 3}, {0, 100, 1}});
    CHECK(recalc_share(p, zone_big) == weighted[0]);
    CHECK(recalc_share(p, zone_small) == weighted[1]);
    CHECK(recalc_share(p, zone_big) > recalc_share(p, zone_small));
    CHECK(recalc_quota(p, in_big.slot) == weighted[0]);

    SECTION("a min is guaranteed against a heavier sibling") {
        recalc_configure(p, zone_small, "port", limits{7, unlimited, 1});
        p.recalc.recalculate(recalculation_cause::node_settings, "small");
        CHECK(recalc_share(p, zone_small) >= 7);
        CHECK(recalc_share(p, zone_small) + recalc_share(p, zone_big) == 12);
        CHECK(recalc_quota(p, in_small.slot) == recalc_share(p, zone_small));
    }
    SECTION("a max lets what the zone cannot use flow to its sibling") {
        recalc_configure(p, zone_big, "port", limits{0, 4, 3});
        p.recalc.recalculate(recalculation_cause::node_settings, "big");
        CHECK(recalc_share(p, zone_big) == 4);
        CHECK(recalc_share(p, zone_small) == 8);
        CHECK(recalc_quota(p, in_big.slot) == 4);
        CHECK(recalc_quota(p, in_small.slot) == 8);
    }
}

TEST_CASE("recalculator: a publication that moves capacity leaves no level above its parent",
          "[components][recalculator]") {
    // Only the end state can be seen from outside: the decreases-first order inside
    // `recalculate` has no hook. What is checked is that a recalculation lowering one branch
    // and raising another publishes both, consistently, at every level.
    counted_parts p{recalc_catalog()};
    const auto a = recalc_org(p, "a", "o");
    const auto b = recalc_org(p, "b", "o");
    const auto zone_a = *p.tree.find_zone("a");
    const auto zone_b = *p.tree.find_zone("b");
    const auto ja = recalc_start(p, a, "ja", 5, 0, 20);
    const auto jb = recalc_start(p, b, "jb", 5, 0, 20);
    p.entitle("port", 10);
    REQUIRE(recalc_quota(p, ja.slot) == 5);
    REQUIRE(recalc_quota(p, jb.slot) == 5);

    std::vector<recalculation_event> seen;
    p.events.observe(pool_observer{[&](const recalculation_event& e) { seen.push_back(e); }, {}});
    null_mutex no_lock;
    p.events.deliver(no_lock); // the events of the set-up

    recalc_configure(p, zone_a, "port", limits{0, 2, 1});
    p.recalc.recalculate(recalculation_cause::node_settings, "a");
    seen.clear();
    p.events.deliver(no_lock);

    CHECK(recalc_share(p, zone_a) == 2);
    CHECK(recalc_share(p, zone_b) == 8);
    CHECK(recalc_share(p, zone_a) + recalc_share(p, zone_b) <= p.totals.counters[0].limit());
    CHECK(recalc_share(p, a) <= recalc_share(p, zone_a));
    CHECK(recalc_share(p, b) <= recalc_share(p, zone_b));
    CHECK(recalc_quota(p, ja.slot) <= recalc_share(p, a));
    CHECK(recalc_quota(p, jb.slot) <= recalc_share(p, b));
    CHECK(recalc_quota(p, ja.slot) == 2);
    CHECK(recalc_quota(p, jb.slot) == 8);
    REQUIRE(seen.size() == 1);
    REQUIRE(seen[0].changes.size() == 2);
    CHECK(seen[0].changes[0].job == ja.job);
    CHECK(seen[0].changes[0].before == 5);
    CHECK(seen[0].changes[0].after == 2);
    CHECK(seen[0].changes[1].job == jb.job);
    CHECK(seen[0].changes[1].before == 5);
    CHECK(seen[0].changes[1].after == 8);
}

TEST_CASE("recalculator: paused jobs get nothing, stopped and retired jobs nothing for good",
          "[components][recalculator]") {
    counted_parts p{recalc_catalog()};
    const auto org = recalc_org(p, "z", "o");
    const auto keeper = recalc_start(p, org, "keeper", 5, 0, 10);
    const auto leaver = recalc_start(p, org, "leaver", 5, 0, 10);
    p.entitle("port", 10);
    REQUIRE(recalc_quota(p, keeper.slot) == 5);
    REQUIRE(recalc_quota(p, leaver.slot) == 5);
    // A live call the job still holds when it stops: never cut (DESIGN 4.2).
    p.table.counters[leaver.slot].usage.force_take_n(2);

    SECTION("paused: quota 0 while paused, back when running") {
        p.table.set_state(leaver.job.value(), job_state::paused);
        p.recalc.recalculate(recalculation_cause::job_paused, "leaver");
        CHECK(recalc_quota(p, leaver.slot) == 0);
        CHECK(recalc_quota(p, keeper.slot) == 10);
        CHECK(p.table.counters[leaver.slot].usage.used() == 2);
        p.table.set_state(leaver.job.value(), job_state::running);
        p.recalc.recalculate(recalculation_cause::job_resumed, "leaver");
        CHECK(recalc_quota(p, leaver.slot) == 5);
        CHECK(recalc_quota(p, keeper.slot) == 5);
    }
    SECTION("stopped and retired: out of every later division") {
        p.table.set_state(leaver.job.value(), job_state::stopped);
        p.recalc.recalculate(recalculation_cause::job_stopped, "leaver");
        p.table.retire(leaver.job.value());
        CHECK(recalc_quota(p, leaver.slot) == 0);
        CHECK(recalc_quota(p, keeper.slot) == 10);
        const auto& live = p.tree.resources[p.table.slots[leaver.slot].resource].slots;
        CHECK(std::find(live.begin(), live.end(), leaver.slot) == live.end());

        std::vector<recalculation_event> seen;
        p.events.observe(pool_observer{[&](const recalculation_event& e) { seen.push_back(e); }, {}});
        null_mutex no_lock;
        p.events.deliver(no_lock);
        seen.clear();
        p.entitle("port", 30);
        p.events.deliver(no_lock);
        CHECK(recalc_quota(p, leaver.slot) == 0);
        CHECK(recalc_quota(p, keeper.slot) == 10);
        CHECK(p.table.counters[leaver.slot].usage.used() == 2);
        // The keeper is at its max, the leaver is gone: nothing changed for any job.
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].changes.empty());
    }
}

TEST_CASE("recalculator: an idle dynamic job donates, would_hold and explain say how much",
          "[components][recalculator]") {
    counted_parts p{recalc_catalog()};
    const auto org = recalc_org(p, "z", "o");
    const auto donor = recalc_start(p, org, "donor", 5, 1, 10, allocation_mode::dynamic);
    const auto taker = recalc_start(p, org, "taker", 5, 0, 10);
    p.entitle("port", 10);
    REQUIRE(recalc_quota(p, donor.slot) == 5);
    REQUIRE(recalc_quota(p, taker.slot) == 5);
    CHECK(p.recalc.would_hold(donor.slot) == 5); // active: what it holds

    // The donor is in a call (job, organization and zone counters, as the ladder takes).
    p.table.counters[donor.slot].usage.force_take();
    p.tree.node_counters[p.table.slots[donor.slot].organization_counter].force_take();
    p.tree.node_counters[p.table.slots[donor.slot].zone_counter].force_take();
    recalc_make_idle(p, donor.slot);
    p.recalc.recalculate(recalculation_cause::idle_while_hungry, "donor");

    // Idle ceiling max(min, min(max, in use)) = 1.
    CHECK(recalc_quota(p, donor.slot) == 1);
    CHECK(recalc_quota(p, taker.slot) == 9);
    const auto active = licpool_test::reference_share(10, {{1, 10, 5}, {0, 10, 5}});
    CHECK(p.recalc.would_hold(donor.slot) == active[0]);
    CHECK(p.recalc.would_hold(donor.slot) > 1);
    // Its own division is not disturbed by the question.
    CHECK(recalc_quota(p, donor.slot) == 1);

    const auto d = p.recalc.explain(donor.slot, 3);
    CHECK(d.job == "donor");
    CHECK(d.kind == "port");
    CHECK(d.state == job_state::running);
    CHECK(d.mode == allocation_mode::dynamic);
    CHECK(d.priority == 5);
    CHECK(d.min == 1);
    CHECK(d.max == 10);
    CHECK(d.in_use == 1);
    CHECK(d.quota == 1);
    CHECK(d.floor == 1);
    CHECK(d.ceiling == 1);
    CHECK(d.weighted == 0);
    CHECK(d.idle);
    CHECK(d.donated == active[0] - 1);
    CHECK(d.taken_back == 0);
    CHECK(d.organization == "z/o");
    CHECK(d.zone == "z");
    CHECK(d.organization_share == 10);
    CHECK(d.organization_in_use == 1);
    CHECK(d.organization_users == 3);
    CHECK(d.zone_share == 10);
    CHECK(d.tier_limit_kind.empty());

    const auto t = p.recalc.explain(taker.slot, 0);
    CHECK(t.quota == 9);
    CHECK(t.floor == 0);
    CHECK(t.ceiling == 10);
    CHECK(t.weighted == 9);
    CHECK_FALSE(t.idle);
    CHECK(t.donated == 0);

    SECTION("held above a lowered quota shows as taken back") {
        p.table.counters[taker.slot].usage.force_take_n(9);
        recalc_configure(p, org, "port", limits{0, 4, 1});
        p.recalc.recalculate(recalculation_cause::node_settings, "z/o");
        const auto after = p.recalc.explain(taker.slot, 0);
        CHECK(after.organization_share == 4);
        CHECK(after.quota == 3); // the donor keeps its floor of 1
        CHECK(after.in_use == 9);
        CHECK(after.taken_back == 6);
    }
    SECTION("a recalculation clears every hungry mark") {
        const auto r = p.table.slots[taker.slot].resource;
        p.table.counters[taker.slot].hungry.store(true);
        p.tree.hungry[r].store(true);
        p.table.note(taker.slot); // as a refusal's mark_hungry does
        p.recalc.recalculate(recalculation_cause::donor_available, "taker");
        CHECK_FALSE(p.table.counters[taker.slot].hungry.load());
        CHECK_FALSE(p.tree.hungry[r].load());
    }
}

TEST_CASE("recalculator: each recalculation queues one event, delivered in order after the lock",
          "[components][recalculator]") {
    counted_parts p{recalc_catalog()};
    const auto org = recalc_org(p, "z", "o");
    const auto first = recalc_start(p, org, "first", 5, 0, 10);
    const auto second = recalc_start(p, org, "second", 5, 0, 10);
    std::vector<recalculation_event> seen;
    p.events.observe(pool_observer{[&](const recalculation_event& e) { seen.push_back(e); }, {}});

    p.entitle("port", 6);
    CHECK(seen.empty()); // queued, not called under the (notional) lock
    std::mutex lock;
    p.events.deliver(lock);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].cause == recalculation_cause::entitlement_changed);
    CHECK(seen[0].subject == "port");
    REQUIRE(seen[0].changes.size() == 2);
    CHECK(seen[0].changes[0].job == first.job);
    CHECK(seen[0].changes[0].job_name == "first");
    CHECK(seen[0].changes[0].kind_name == "port");
    CHECK(seen[0].changes[0].before == 0);
    CHECK(seen[0].changes[0].after == 3);
    CHECK(seen[0].changes[1].job == second.job);
    CHECK(seen[0].changes[1].after == 3);

    // Nothing changes: still one event, with no quota changes.
    p.recalc.recalculate(recalculation_cause::node_settings, "z/o");
    p.recalc.recalculate(recalculation_cause::job_settings, "first");
    null_mutex no_lock;
    p.events.deliver(no_lock);
    REQUIRE(seen.size() == 3);
    CHECK(seen[1].cause == recalculation_cause::node_settings);
    CHECK(seen[1].subject == "z/o");
    CHECK(seen[1].changes.empty());
    CHECK(seen[2].cause == recalculation_cause::job_settings);
    p.events.deliver(no_lock);
    CHECK(seen.size() == 3);
}

namespace {

// A small deterministic generator (splitmix64): the cases are the same on every platform,
// which the standard distributions do not promise.
struct recalc_rng {
    std::uint64_t state;
    std::uint32_t below(std::uint32_t n) {
        state += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        return n == 0 ? 0 : static_cast<std::uint32_t>(z % n);
    }
};

// The test's own record of a job: what DESIGN 4.2 bounds it by, kept apart from the table.
struct recalc_model_job {
    std::uint32_t slot;
    std::uint32_t org;
    std::uint32_t order;
    int priority;
    std::uint32_t min;
    std::uint32_t max;
    allocation_mode mode;
    job_state state;
    bool idle;
    std::uint32_t in_use;
    bool retired;
};

struct recalc_model_node {
    std::uint32_t node;
    limits settings;
};

bounds recalc_model_bounds(const recalc_model_job& j) {
    if (j.state != job_state::running) {
        return {0, 0};
    }
    if (j.mode == allocation_mode::dynamic && j.idle) {
        return {j.min, std::max(j.min, std::min(j.max, j.in_use))};
    }
    return {j.min, j.max};
}

bounds recalc_model_node_bounds(limits l, std::uint64_t children_ceiling) {
    const std::uint64_t reachable = std::min<std::uint64_t>(l.max, children_ceiling);
    return {l.min, static_cast<std::uint32_t>(std::max<std::uint64_t>(l.min, reachable))};
}

limits recalc_random_limits(recalc_rng& rng) {
    if (rng.below(3) == 0) {
        return limits{};
    }
    const std::uint32_t min = rng.below(6);
    const std::uint32_t max = rng.below(3) == 0 ? unlimited : min + rng.below(20);
    return limits{min, max, 1 + rng.below(4)};
}

struct recalc_ordered {
    std::size_t at; // index into the caller's list
    std::uint32_t weight;
    std::uint32_t order;
    share_child child;
};

// DESIGN 4.1's order key, then the slow reference division.
std::vector<std::uint32_t> recalc_reference(std::uint64_t capacity, std::vector<recalc_ordered>& children) {
    std::sort(children.begin(), children.end(), [](const recalc_ordered& a, const recalc_ordered& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.order < b.order;
    });
    std::vector<share_child> plain;
    for (const auto& c : children) {
        plain.push_back(c.child);
    }
    return licpool_test::reference_share(capacity, plain);
}

// Every level of the tree against the reference division of its parent's published figure,
// and the invariants the division promises, stated on their own.
void recalc_check_tree(const counted_parts& p, const std::vector<recalc_model_node>& zones,
                       const std::vector<std::vector<recalc_model_node>>& orgs,
                       const std::vector<recalc_model_job>& jobs, std::uint32_t entitled) {
    std::vector<recalc_ordered> zone_children;
    std::vector<std::uint32_t> zone_shares;
    for (std::size_t zi = 0; zi < zones.size(); ++zi) {
        std::uint64_t zone_ceilings = 0;
        std::vector<recalc_ordered> org_children;
        std::vector<std::uint32_t> org_shares;
        for (std::size_t oi = 0; oi < orgs[zi].size(); ++oi) {
            const auto& org = orgs[zi][oi];
            const std::uint32_t org_share = recalc_share(p, org.node);
            std::vector<recalc_ordered> job_children;
            std::vector<std::uint32_t> quotas;
            std::uint64_t job_ceilings = 0;
            std::uint64_t quota_sum = 0;
            for (std::size_t ji = 0; ji < jobs.size(); ++ji) {
                const auto& j = jobs[ji];
                if (j.org != org.node) {
                    continue;
                }
                const std::uint32_t quota = recalc_quota(p, j.slot);
                if (j.retired) {
                    CHECK(quota == 0);
                    continue;
                }
                const bounds b = recalc_model_bounds(j);
                CHECK(p.table.slots[j.slot].last_bounds == b);
                CHECK(quota <= b.ceiling);
                if (j.state != job_state::running) {
                    CHECK(quota == 0);
                }
                job_ceilings += b.ceiling;
                quota_sum += quota;
                job_children.push_back({quotas.size(), static_cast<std::uint32_t>(j.priority), j.order,
                                        share_child{b.floor, b.ceiling, static_cast<std::uint32_t>(j.priority)}});
                quotas.push_back(quota);
            }
            CHECK(quota_sum <= org_share);
            const auto want = recalc_reference(org_share, job_children);
            std::uint64_t floors_before = 0;
            for (std::size_t i = 0; i < job_children.size(); ++i) {
                CHECK(quotas[job_children[i].at] == want[i]);
                // DESIGN 4.1 step 1: each child gets its floor, or all that earlier floors left.
                const std::uint64_t left = org_share > floors_before ? org_share - floors_before : 0;
                CHECK(quotas[job_children[i].at] >= std::min<std::uint64_t>(job_children[i].child.floor, left));
                floors_before += job_children[i].child.floor;
            }
            const bounds ob = recalc_model_node_bounds(org.settings, job_ceilings);
            zone_ceilings += ob.ceiling;
            org_children.push_back({org_shares.size(), org.settings.weight, org.node,
                                    share_child{ob.floor, ob.ceiling, org.settings.weight}});
            org_shares.push_back(org_share);
        }
        const std::uint32_t zone_share = recalc_share(p, zones[zi].node);
        std::uint64_t org_sum = 0;
        for (const auto s : org_shares) {
            CHECK(s <= zone_share);
            org_sum += s;
        }
        CHECK(org_sum <= zone_share);
        const auto want = recalc_reference(zone_share, org_children);
        for (std::size_t i = 0; i < org_children.size(); ++i) {
            CHECK(org_shares[org_children[i].at] == want[i]);
        }
        const bounds zb = recalc_model_node_bounds(zones[zi].settings, zone_ceilings);
        zone_children.push_back({zone_shares.size(), zones[zi].settings.weight, zones[zi].node,
                                 share_child{zb.floor, zb.ceiling, zones[zi].settings.weight}});
        zone_shares.push_back(zone_share);
    }
    std::uint64_t zone_sum = 0;
    for (const auto s : zone_shares) {
        zone_sum += s;
    }
    CHECK(zone_sum <= entitled);
    const auto want = recalc_reference(entitled, zone_children);
    for (std::size_t i = 0; i < zone_children.size(); ++i) {
        CHECK(zone_shares[zone_children[i].at] == want[i]);
    }
}

} // namespace

TEST_CASE("recalculator: random trees divide as the reference, level by level", "[components][recalculator][property]") {
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        CAPTURE(seed);
        recalc_rng rng{seed};
        counted_parts p{recalc_catalog()};
        std::vector<recalc_model_node> zones;
        std::vector<std::vector<recalc_model_node>> orgs;
        std::vector<recalc_model_job> jobs;
        const std::uint32_t zone_count = 1 + rng.below(3);
        for (std::uint32_t z = 0; z < zone_count; ++z) {
            const std::string zone_name = "z" + std::to_string(z);
            auto zone = p.tree.find_or_create_zone(zone_name);
            REQUIRE(zone);
            const limits zl = recalc_random_limits(rng);
            recalc_configure(p, *zone, "port", zl);
            zones.push_back({*zone, zl});
            orgs.emplace_back();
            const std::uint32_t org_count = 1 + rng.below(3);
            for (std::uint32_t o = 0; o < org_count; ++o) {
                const auto org = recalc_org(p, zone_name, "o" + std::to_string(o));
                const limits ol = recalc_random_limits(rng);
                recalc_configure(p, org, "port", ol);
                orgs.back().push_back({org, ol});
            }
        }
        // Jobs are started across organizations in random order, so creation order and tree
        // order differ.
        const std::uint32_t job_count = rng.below(12);
        for (std::uint32_t j = 0; j < job_count; ++j) {
            const auto& zone_orgs = orgs[rng.below(zone_count)];
            const auto org = zone_orgs[rng.below(static_cast<std::uint32_t>(zone_orgs.size()))].node;
            const int priority = 1 + static_cast<int>(rng.below(10));
            const std::uint32_t min = rng.below(5);
            const std::uint32_t max = min + rng.below(12);
            const auto mode = rng.below(2) == 0 ? allocation_mode::dynamic : allocation_mode::reserved;
            const auto started = recalc_start(p, org, "j" + std::to_string(j), priority, min, max, mode);
            jobs.push_back({started.slot, org, started.job.value(), priority, min, max, mode, job_state::running,
                            false, 0, false});
        }
        std::uint32_t entitled = rng.below(60);
        p.entitle("port", entitled);
        // Calls in progress, idle dynamic jobs and paused jobs, then a recalculation that
        // sees them.
        for (auto& j : jobs) {
            j.in_use = rng.below(j.max + 3);
            p.table.counters[j.slot].usage.force_take_n(j.in_use);
            if (rng.below(6) == 0) {
                j.state = job_state::paused;
                p.table.set_state(j.order, job_state::paused);
            } else if (j.mode == allocation_mode::dynamic && rng.below(2) == 0) {
                j.idle = true;
                recalc_make_idle(p, j.slot);
            }
        }
        p.recalc.recalculate(recalculation_cause::idle_while_hungry, "random");
        recalc_check_tree(p, zones, orgs, jobs, entitled);

        // Some jobs stop for good; the entitlement moves; the rest divide what there is.
        for (auto& j : jobs) {
            if (rng.below(4) == 0) {
                j.state = job_state::stopped;
                j.idle = false;
                p.table.set_state(j.order, job_state::stopped);
                p.recalc.recalculate(recalculation_cause::job_stopped, "random");
                p.table.retire(j.order);
                j.retired = true;
            }
        }
        entitled = rng.below(60);
        p.entitle("port", entitled);
        recalc_check_tree(p, zones, orgs, jobs, entitled);
    }
}
