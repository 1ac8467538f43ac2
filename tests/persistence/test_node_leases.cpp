// DESIGN 7: licenses lent to remote holders: time to live, renewal, take-back, fencing and
// idempotent requests.
#include "pool/pool_fixture.hpp"

using namespace licpool;
using namespace std::chrono_literals;
using licpool_test::pool_fixture;

namespace {
node_lease_request asking(const std::string& holder, std::uint64_t id, std::uint32_t count,
                          std::chrono::milliseconds ttl = 30s) {
    return node_lease_request{holder, id, "telephony_port", count, ttl};
}
} // namespace

TEST_CASE("a node lease lends licenses out of the entitlement", "[persistence][leases]") {
    pool_fixture f;
    f.entitle("telephony_port", 100);
    const auto mps1 = f.pool.grant_node_lease(asking("mps-1", 1, 60));
    REQUIRE(mps1);
    CHECK(mps1->count == 60);
    CHECK(mps1->kind == f.kind("telephony_port"));
    CHECK(f.pool.system_usage(f.kind("telephony_port")) == usage{100, 60});
    const auto too_many = f.pool.grant_node_lease(asking("mps-2", 1, 41));
    REQUIRE_FALSE(too_many);
    CHECK(too_many.error() == error{errc::entitlement, "telephony_port", {}, 60, 100});
    const auto mps2 = f.pool.grant_node_lease(asking("mps-2", 1, 40));
    REQUIRE(mps2);
    CHECK(mps2->fence > mps1->fence); // fences grow with every grant
    const auto all = f.pool.node_leases();
    REQUIRE(all.size() == 2);
    CHECK(all[0].holder == "mps-1");
    CHECK(all[1].holder == "mps-2");
    CHECK(f.pool.audit().find("telephony_port")->leased == 100);
}

TEST_CASE("a retried or duplicated request never takes a second license", "[persistence][leases]") {
    pool_fixture f;
    f.entitle("telephony_port", 100);
    const auto first = f.pool.grant_node_lease(asking("mps-1", 7, 30));
    const auto again = f.pool.grant_node_lease(asking("mps-1", 7, 30));
    REQUIRE(first);
    REQUIRE(again);
    CHECK(*again == *first);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 30);
    // Another request id is another lease.
    REQUIRE(f.pool.grant_node_lease(asking("mps-1", 8, 5)));
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 35);
}

TEST_CASE("a lease not renewed in time comes back; late messages are refused", "[persistence][leases]") {
    pool_fixture f;
    f.entitle("telephony_port", 10);
    const auto lease = *f.pool.grant_node_lease(asking("mps-1", 1, 10, 30s));
    f.advance(20s);
    const auto renewed = f.pool.renew_node_lease("mps-1", lease.fence, 30s);
    REQUIRE(renewed);
    CHECK(renewed->expires == f.pool.clock().now() + 30s);
    f.advance(29s);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 10);
    f.advance(1s); // 30 s after the renewal: expired
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 0);
    CHECK(f.pool.node_leases().empty());
    // The holder's late renewal and its retried grant are both refused.
    CHECK(f.pool.renew_node_lease("mps-1", lease.fence, 30s).error() ==
          error{errc::stale_fence, "mps-1", {}, static_cast<std::int64_t>(lease.fence)});
    CHECK(f.pool.grant_node_lease(asking("mps-1", 1, 10)).error().code() == errc::stale_request);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 0);
    // The licenses went to someone else meanwhile.
    const auto other = f.pool.grant_node_lease(asking("mps-2", 1, 10));
    REQUIRE(other);
    CHECK(other->fence > lease.fence);
}

TEST_CASE("an expired lease is refused even before the next tick", "[persistence][leases]") {
    pool_fixture f;
    f.entitle("telephony_port", 10);
    const auto lease = *f.pool.grant_node_lease(asking("mps-1", 1, 10, 30s));
    f.pool.clock().advance(31s); // no tick
    CHECK(f.pool.renew_node_lease("mps-1", lease.fence, 30s).error().code() == errc::stale_fence);
}

TEST_CASE("holders release, and the host force-releases a holder", "[persistence][leases]") {
    pool_fixture f;
    f.entitle("telephony_port", 50);
    const auto a = *f.pool.grant_node_lease(asking("mps-1", 1, 10));
    const auto b = *f.pool.grant_node_lease(asking("mps-1", 2, 15));
    const auto c = *f.pool.grant_node_lease(asking("mps-2", 1, 5));
    REQUIRE(f.pool.release_node_lease("mps-1", a.fence));
    CHECK(f.pool.release_node_lease("mps-1", a.fence).error().code() == errc::stale_fence);
    CHECK(f.pool.release_node_lease("mps-2", b.fence).error().code() == errc::stale_fence); // not its lease
    CHECK(f.pool.force_release("mps-1") == 15);
    CHECK(f.pool.renew_node_lease("mps-1", b.fence, 30s).error().code() == errc::stale_fence);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 5);
    CHECK(f.pool.node_leases() == std::vector<node_lease>{c});
    CHECK(f.pool.force_release("nobody") == 0);
}

TEST_CASE("lease requests are checked", "[persistence][leases][refusal]") {
    pool_fixture f;
    f.entitle("telephony_port", 50);
    CHECK(f.pool.grant_node_lease(asking("", 1, 5)).error().code() == errc::invalid_setting);
    CHECK(f.pool.grant_node_lease(asking("mps-1", 1, 0)).error().code() == errc::invalid_setting);
    CHECK(f.pool.grant_node_lease(asking("mps-1", 1, 5, 0s)).error().code() == errc::invalid_setting);
    pool_fixture portal{presets::web_portal()}; // the contact center has no boolean kind
    CHECK(portal.pool.grant_node_lease(node_lease_request{"mps-1", 1, "marquee", 1, 30s}).error().code() ==
          errc::not_counted);
    CHECK(f.pool.grant_node_lease(node_lease_request{"mps-1", 1, "preview_agent", 1, 30s}).error().code() ==
          errc::seat_kind);
    CHECK(f.pool.last_fence() == 0);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 0);
}

// Issue 13, item 4 (DESIGN 4, 7): what node leases hold comes out of what the tree divides,
// so every quota, share and explain() stays true while servers hold licenses.
TEST_CASE("licenses lent to servers come out of what the tree divides", "[persistence][leases][tree]") {
    pool_fixture f;
    f.entitle("telephony_port", 10);
    auto job = f.pool.start_job(job_spec{1, 0, 10, allocation_mode::reserved, {"telephony_port"}}.named("calls"));
    REQUIRE(job);
    CHECK(f.quota(*job, "telephony_port") == 10);

    const auto lent = f.pool.grant_node_lease(asking("mps-1", 1, 6, 30s));
    REQUIRE(lent);
    CHECK(f.recalculations.back().cause == recalculation_cause::node_lease);
    CHECK(f.quota(*job, "telephony_port") == 4);
    const auto why = f.pool.explain(*job, f.kind("telephony_port"));
    REQUIRE(why);
    CHECK(why->quota == 4);
    CHECK(why->organization_share == 4);
    CHECK(why->zone_share == 4);
    std::vector<lease> calls;
    for (int i = 0; i < 4; ++i) {
        auto call = f.pool.acquire(*job, "telephony_port");
        REQUIRE(call);
        calls.push_back(std::move(*call));
    }
    // The fifth is refused by the quota that said 4, not by the entitlement behind it.
    CHECK(f.pool.acquire(*job, "telephony_port").error().code() == errc::job_quota);

    SECTION("renewed: still lent") {
        f.advance(20s);
        REQUIRE(f.pool.renew_node_lease("mps-1", lent->fence, 30s));
        f.advance(20s);
        CHECK(f.quota(*job, "telephony_port") == 4);
    }
    SECTION("expired: the tree divides it again") {
        f.advance(31s);
        CHECK(f.pool.node_leases().empty());
        CHECK(f.recalculations.back().cause == recalculation_cause::node_lease);
        CHECK(f.quota(*job, "telephony_port") == 10);
        CHECK(f.pool.acquire(*job, "telephony_port"));
    }
    SECTION("released: the tree divides it again") {
        REQUIRE(f.pool.release_node_lease("mps-1", lent->fence));
        CHECK(f.recalculations.back().cause == recalculation_cause::node_lease);
        CHECK(f.quota(*job, "telephony_port") == 10);
        CHECK(f.pool.explain(*job, f.kind("telephony_port"))->organization_share == 10);
        CHECK(f.pool.acquire(*job, "telephony_port"));
    }
    SECTION("taken back from a crashed server: the same") {
        CHECK(f.pool.force_release("mps-1") == 6);
        CHECK(f.quota(*job, "telephony_port") == 10);
    }
}

TEST_CASE("a node lease cannot take what zone minimums guarantee", "[persistence][leases][tree][refusal]") {
    pool_fixture f;
    f.entitle("telephony_port", 10);
    REQUIRE(f.pool.set_zone("emea", {{"telephony_port", {4, unlimited, 1}}}));
    const auto before = f.pool.system_usage(f.kind("telephony_port"));
    const auto refused = f.pool.grant_node_lease(asking("mps-1", 1, 7));
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == error{errc::entitlement, "telephony_port", "zone minimums", 4, 10});
    CHECK(refused.error().message().find("kept for zone minimums") != std::string::npos);
    CHECK(f.pool.system_usage(f.kind("telephony_port")) == before); // nothing taken
    CHECK(f.pool.node_leases().empty());
    REQUIRE(f.pool.grant_node_lease(asking("mps-1", 2, 6)));
    CHECK(f.pool.grant_node_lease(asking("mps-1", 3, 1)).error().context() == "zone minimums");
}
