// DESIGN 4 and 4.2: the allocation tree, its nodes, and their floors and ceilings.
#include "pool/pool_fixture.hpp"

using namespace licpool;
using licpool_test::pool_fixture;

TEST_CASE("a job given no organization goes to organization default in zone default", "[pool][tree]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    CHECK_FALSE(f.pool.find_zone("default"));
    const auto job = f.start("a", "outbound_port", 1, 0, 4);
    const auto zone = f.pool.find_zone("default");
    const auto org = f.pool.find_organization("default", "default");
    REQUIRE(zone);
    REQUIRE(org);
    CHECK(f.pool.node_usage(*org, f.kind("outbound_port"))->limit == 4);
    CHECK(f.pool.node_usage(*zone, f.kind("outbound_port"))->limit == 4);
    CHECK(f.quota(job, "outbound_port") == 4);
}

TEST_CASE("nodes are created when first named, by a setting or by a job", "[pool][tree]") {
    pool_fixture f;
    REQUIRE(f.pool.set_organization("emea", "acme", {{"outbound_port", {1, 5}}}));
    CHECK(f.pool.find_zone("emea"));
    CHECK(f.pool.find_organization("emea", "acme"));
    const auto org = f.org("apac", "globex");
    CHECK(f.pool.find_zone("apac"));
    CHECK(f.pool.find_organization("apac", "globex")->value() == org.value());
    // Named again: the same node.
    CHECK(f.org("emea", "acme").value() == f.pool.find_organization("emea", "acme")->value());
}

TEST_CASE("a kind a node has no settings for has min 0, no max and weight 1", "[pool][tree]") {
    pool_fixture f;
    f.entitle("outbound_port", 100);
    REQUIRE(f.pool.set_zone("a", {{"asr", {5, 5}}})); // settings for another kind only
    const auto job = f.start("j", "outbound_port", 1, 0, 80, allocation_mode::reserved, f.org("a", "o"));
    CHECK(f.quota(job, "outbound_port") == 80);
    CHECK(f.pool.node_usage(*f.pool.find_zone("a"), f.kind("outbound_port"))->limit == 80);
}

TEST_CASE("capacity nobody below could use flows to the siblings", "[pool][tree]") {
    // DESIGN 4.2: node ceiling = max(min, min(max, sum of the children's ceilings)).
    pool_fixture f;
    f.entitle("outbound_port", 50);
    const auto small = f.start("small", "outbound_port", 1, 0, 3, allocation_mode::reserved, f.org("z", "a"));
    const auto big = f.start("big", "outbound_port", 1, 0, 100, allocation_mode::reserved, f.org("z", "b"));
    CHECK(f.quota(small, "outbound_port") == 3);
    CHECK(f.quota(big, "outbound_port") == 47);
    CHECK(f.pool.node_usage(*f.pool.find_organization("z", "a"), f.kind("outbound_port"))->limit == 3);
}

TEST_CASE("a node's max bounds its share; its min is kept even with no job under it", "[pool][tree]") {
    pool_fixture f;
    f.entitle("outbound_port", 30);
    REQUIRE(f.pool.set_zone("reserve", {{"outbound_port", {10, 20}}}));
    REQUIRE(f.pool.set_zone("capped", {{"outbound_port", {0, 12, 1000}}}));
    const auto busy = f.start("busy", "outbound_port", 9, 0, 100, allocation_mode::reserved, f.org("capped", "o"));
    const auto other = f.start("other", "outbound_port", 1, 0, 100, allocation_mode::reserved, f.org("open", "o"));
    // "reserve" has no jobs: its ceiling is its min, 10, and it keeps it (DESIGN 4.2).
    CHECK(f.pool.node_usage(*f.pool.find_zone("reserve"), f.kind("outbound_port"))->limit == 10);
    // "capped" comes first by weight but cannot pass its max of 12.
    CHECK(f.quota(busy, "outbound_port") == 12);
    CHECK(f.quota(other, "outbound_port") == 8);
}

TEST_CASE("siblings are ordered by weight, then by creation", "[pool][tree]") {
    // Capacity short of the floors: floors are met in order (DESIGN 4.1 step 1).
    pool_fixture f;
    f.entitle("outbound_port", 6);
    REQUIRE(f.pool.set_zone("first", {{"outbound_port", {4, 10, 1}}}));
    REQUIRE(f.pool.set_zone("heavy", {{"outbound_port", {4, 10, 3}}}));
    CHECK(f.pool.node_usage(*f.pool.find_zone("heavy"), f.kind("outbound_port"))->limit == 4);
    CHECK(f.pool.node_usage(*f.pool.find_zone("first"), f.kind("outbound_port"))->limit == 2);

    SECTION("equal weights: the earlier node first") {
        REQUIRE(f.pool.set_zone("heavy", {{"outbound_port", {4, 10, 1}}}));
        CHECK(f.pool.node_usage(*f.pool.find_zone("first"), f.kind("outbound_port"))->limit == 4);
        CHECK(f.pool.node_usage(*f.pool.find_zone("heavy"), f.kind("outbound_port"))->limit == 2);
    }
}

TEST_CASE("node weights divide by Sainte-Lague", "[pool][tree]") {
    pool_fixture f;
    f.entitle("tts", 10);
    REQUIRE(f.pool.set_zone("a", {{"tts", {1, 30, 8}}}));
    REQUIRE(f.pool.set_zone("b", {{"tts", {1, 30, 2}}}));
    f.start("ja", "tts", 1, 0, 50, allocation_mode::reserved, f.org("a", "o"));
    f.start("jb", "tts", 1, 0, 50, allocation_mode::reserved, f.org("b", "o"));
    CHECK(f.pool.node_usage(*f.pool.find_zone("a"), f.kind("tts"))->limit == 8);
    CHECK(f.pool.node_usage(*f.pool.find_zone("b"), f.kind("tts"))->limit == 2);
}

TEST_CASE("settings replace only the kinds named", "[pool][tree]") {
    pool_fixture f;
    REQUIRE(f.pool.set_zone("z", {{"asr", {1, 2}}, {"tts", {3, 4}}}));
    REQUIRE(f.pool.set_zone("z", {{"asr", {5, 6}}}));
    f.entitle("asr", 100);
    f.entitle("tts", 100);
    CHECK(f.pool.node_usage(*f.pool.find_zone("z"), f.kind("asr"))->limit == 5);
    CHECK(f.pool.node_usage(*f.pool.find_zone("z"), f.kind("tts"))->limit == 3);
}

TEST_CASE("refused settings leave the tree as it was", "[pool][tree][refusal]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    REQUIRE(f.pool.set_zone("z", {{"outbound_port", {2, 4}}}));
    const auto before = f.recalculations.size();

    SECTION("min above max") {
        const auto r = f.pool.set_zone("z", {{"asr", {1, 1}}, {"outbound_port", {5, 4}}});
        REQUIRE_FALSE(r);
        CHECK(r.error().code() == errc::invalid_setting);
        CHECK(r.error().subject() == "z");
        CHECK(r.error().message() == "'z': min 5 is above max 4");
    }
    SECTION("weight out of range") {
        for (std::uint32_t w : {0u, 1001u}) {
            const auto r = f.pool.set_zone("z", {{"outbound_port", {1, 4, w}}});
            REQUIRE_FALSE(r);
            CHECK(r.error().code() == errc::invalid_setting);
        }
    }
    SECTION("an unknown, boolean or bundle kind") {
        CHECK(f.pool.set_zone("z", {{"fax", {1, 4}}}).error().code() == errc::unknown_kind);
        pool_fixture portal{presets::web_portal()}; // the contact center has no boolean kind
        REQUIRE(portal.pool.set_zone("z", {}));
        CHECK(portal.pool.set_zone("z", {{"marquee", {1, 4}}}).error().code() == errc::not_counted);
        CHECK(portal.pool.set_zone("new", {{"marquee", {1, 4}}}).error().code() == errc::not_counted);
        CHECK_FALSE(portal.pool.find_zone("new"));
    }
    SECTION("a bad node name") {
        CHECK(f.pool.set_organization("z", "a/b", {}).error().code() == errc::invalid_setting);
        CHECK(f.pool.set_organization("", "a", {}).error().code() == errc::invalid_setting);
        CHECK_FALSE(f.pool.find_zone(""));
    }
    CHECK(f.recalculations.size() == before);
    CHECK(f.pool.node_usage(*f.pool.find_zone("z"), f.kind("outbound_port"))->limit == 2);
    CHECK(f.pool.node_usage(*f.pool.find_zone("z"), f.kind("asr"))->limit == 0);
}

TEST_CASE("an organization refused for want of room creates no zone either", "[pool][tree][refusal]") {
    // DESIGN 1: a refused call changes nothing. The tree holds a fixed number of nodes; one
    // zone first makes the count odd, so that the last organization asked for finds room
    // for its zone but not for itself.
    pool_fixture f;
    REQUIRE(f.pool.organization("solo", "o"));
    REQUIRE(f.pool.set_zone("odd", {}));
    std::size_t created = 3;
    for (std::size_t i = 0;; ++i) {
        const std::string zone = "z" + std::to_string(i);
        const auto org = f.pool.organization(zone, "o");
        if (!org) {
            CHECK(org.error().code() == errc::capacity_exhausted);
            CHECK_FALSE(f.pool.find_zone(zone));
            break;
        }
        created += 2;
        REQUIRE(created < 1'000'000); // the capacity is finite
    }
    // The one node left is still there for a zone alone, and then the tree is full.
    CHECK(f.pool.set_zone("last", {}));
    const auto full = f.pool.set_zone("one_more", {});
    REQUIRE_FALSE(full);
    CHECK(full.error().code() == errc::capacity_exhausted);
    CHECK_FALSE(f.pool.find_zone("one_more"));
}
