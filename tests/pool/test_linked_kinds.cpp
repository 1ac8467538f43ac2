// DESIGN 2, "also takes" (issue 13, item 5): a kind whose every instance holds one of another
// kind too. In the contact-center preset an outbound call holds an outbound port and a
// telephony port.
#include "pool/pool_fixture.hpp"

using namespace licpool;
using namespace std::chrono_literals;
using licpool_test::pool_fixture;

TEST_CASE("outbound calls never outnumber the telephony ports", "[pool][linked]") {
    // The case: 10 of each. Before, 10 outbound calls and 10 IVR calls were granted
    // at once, 20 calls on 10 telephony ports.
    pool_fixture f;
    f.entitle("telephony_port", 10);
    f.entitle("outbound_port", 10);
    const auto notify = f.start("notify", "outbound_port", 1, 0, 10);
    const auto ivr = f.start("ivr", "telephony_port", 1, 0, 10);
    std::vector<lease> held;
    f.take(notify, "outbound_port", 5, held);
    f.take(ivr, "telephony_port", 5, held);
    CHECK(f.pool.system_usage(f.kind("telephony_port")) == usage{10, 10});
    CHECK(f.pool.system_usage(f.kind("outbound_port")) == usage{10, 5});
    // The outbound job's next call is refused for its telephony port, not its outbound port,
    // and holds neither.
    const auto refused = f.pool.acquire(notify, "outbound_port");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::job_quota);
    CHECK(refused.error().subject() == "notify");
    CHECK(refused.error().message().find("telephony_port") != std::string::npos);
    CHECK(f.of(notify, "outbound_port") == usage{10, 5});
    CHECK(f.of(notify, "telephony_port") == usage{5, 5});
    CHECK(f.pool.acquire(ivr, "telephony_port").error().code() == errc::job_quota);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 10);
}

TEST_CASE("a job of a kind that also takes another holds that kind too, with the same limits", "[pool][linked]") {
    pool_fixture f;
    f.entitle("telephony_port", 20);
    f.entitle("outbound_port", 20);
    const auto job = f.start("notify", "outbound_port", 3, 2, 8);
    // The telephony slot came with the outbound one.
    const auto port = f.pool.explain(job, "telephony_port");
    REQUIRE(port);
    CHECK(port->min == 2);
    CHECK(port->max == 8);
    CHECK(f.quota(job, "telephony_port") == 8);
    // Its limits are its own from then on.
    REQUIRE(f.pool.set_limits(job, "telephony_port", 0, 3));
    CHECK(f.quota(job, "telephony_port") == 3);
    CHECK(f.quota(job, "outbound_port") == 8);
    std::vector<lease> held;
    f.take(job, "outbound_port", 3, held);
    CHECK(f.pool.acquire(job, "outbound_port").error().code() == errc::job_max);
    // A job whose settings name the telephony port too keeps its own limits for it.
    const auto both = f.pool.start_job(job_spec{1, 0, 4, allocation_mode::reserved, {"outbound_port", "telephony_port"}}
                                           .limits_for("telephony_port", 1, 6)
                                           .named("both"));
    REQUIRE(both);
    CHECK(f.pool.explain(*both, "telephony_port")->max == 6);
    CHECK(f.pool.explain(*both, "telephony_port")->min == 1);
}

TEST_CASE("an outbound call takes both ports or neither, and gives both back", "[pool][linked]") {
    pool_fixture f;
    f.entitle("telephony_port", 2);
    f.entitle("outbound_port", 10);
    const auto job = f.start("notify", "outbound_port", 1, 0, 10);
    std::vector<lease> held;
    f.take(job, "outbound_port", 2, held);
    CHECK(f.of(job, "telephony_port") == usage{2, 2});

    const auto recalcs = f.recalculations.size();
    const auto third = f.pool.acquire(job, "outbound_port");
    REQUIRE_FALSE(third);
    CHECK(third.error().code() == errc::job_quota);
    CHECK(third.error().message().find("telephony_port") != std::string::npos);
    CHECK(f.of(job, "outbound_port") == usage{10, 2}); // the outbound port went back
    CHECK(f.pool.system_usage(f.kind("outbound_port")).in_use == 2);
    CHECK(f.recalculations.size() == recalcs);

    held.pop_back(); // the lease gives both back
    CHECK(f.of(job, "outbound_port").in_use == 1);
    CHECK(f.of(job, "telephony_port").in_use == 1);
    held.front().release();
    held.front().release(); // idempotent: nothing given back twice
    CHECK(f.pool.system_usage(f.kind("outbound_port")).in_use == 0);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 0);
}

TEST_CASE("no telephony port licensed: an outbound call is refused as not licensed", "[pool][linked]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    const auto job = f.start("notify", "outbound_port", 1, 0, 10);
    const auto refused = f.pool.acquire(job, "outbound_port");
    REQUIRE_FALSE(refused);
    // DESIGN 4.4: the quota is 0 because nothing is licensed: "retry when the entitlement
    // changes", for the kind that is missing.
    CHECK(refused.error() == error{errc::entitlement, "telephony_port", {}, 0, 0});
    CHECK(f.of(job, "outbound_port").in_use == 0);
    f.entitle("telephony_port", 1);
    CHECK(f.pool.acquire(job, "outbound_port"));
}

TEST_CASE("several kinds at once: each named kind brings the kind it also takes", "[pool][linked][acquire-many]") {
    pool_fixture f;
    f.entitle("telephony_port", 3);
    f.entitle("outbound_port", 10);
    f.entitle("asr", 10);
    const auto job = f.pool.start_job(
        job_spec{1, 0, 10, allocation_mode::reserved, {"outbound_port", "asr", "telephony_port"}}.named("survey"));
    REQUIRE(job);
    {
        auto call = f.pool.acquire(*job, {"outbound_port", "asr"});
        REQUIRE(call);
        CHECK(f.of(*job, "telephony_port").in_use == 1);
        // Giving the outbound port back early gives its telephony port back with it.
        REQUIRE(call->release(f.kind("outbound_port")));
        CHECK(f.of(*job, "telephony_port").in_use == 0);
        CHECK(f.of(*job, "asr").in_use == 1);
    }
    // Naming the telephony port as well holds a second one (DESIGN 2).
    auto two = f.pool.acquire(*job, {"outbound_port", "telephony_port"});
    REQUIRE(two);
    CHECK(f.of(*job, "telephony_port").in_use == 2);
    CHECK(f.of(*job, "outbound_port").in_use == 1);
    // One telephony port is left: a call that needs two is refused whole.
    const auto refused = f.pool.acquire(*job, {"asr", "outbound_port", "telephony_port"});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::job_quota);
    CHECK(f.of(*job, "telephony_port").in_use == 2);
    CHECK(f.of(*job, "outbound_port").in_use == 1);
    CHECK(f.of(*job, "asr").in_use == 0);
    *two = call_leases{};
    CHECK(f.of(*job, "telephony_port").in_use == 0);
    CHECK(f.of(*job, "outbound_port").in_use == 0);
}

TEST_CASE("an idle job's outbound call wakes both its slots in one recalculation", "[pool][linked][triggers]") {
    pool_fixture f;
    f.entitle("telephony_port", 10);
    f.entitle("outbound_port", 10);
    const auto sleepy = f.start("sleepy", "outbound_port", 1, 0, 10, allocation_mode::dynamic);
    const auto steady = f.start("steady", "outbound_port", 1, 0, 10);
    std::vector<lease> held;
    f.take(steady, "outbound_port", 5, held);
    f.advance(60s);
    CHECK(f.pool.explain(sleepy, "outbound_port")->idle);
    CHECK(f.pool.explain(sleepy, "telephony_port")->idle);
    const auto n = f.recalculations.size();
    REQUIRE(f.pool.acquire(sleepy, "outbound_port"));
    CHECK(f.recalculations.size() == n + 1); // trigger 4 once, for the one attempt
    CHECK(f.recalculations.back().cause == recalculation_cause::idle_job_attempt);
    CHECK_FALSE(f.pool.explain(sleepy, "outbound_port")->idle);
    CHECK_FALSE(f.pool.explain(sleepy, "telephony_port")->idle);
}

TEST_CASE("a job's linked slot survives a snapshot once", "[pool][linked][snapshot]") {
    pool_fixture a;
    a.entitle("telephony_port", 10);
    a.entitle("outbound_port", 10);
    const auto job = a.start("notify", "outbound_port", 1, 0, 6);
    REQUIRE(a.pool.set_limits(job, "telephony_port", 1, 4));
    const auto text = a.pool.snapshot();
    pool_fixture b;
    REQUIRE(b.pool.restore_snapshot(text));
    CHECK(b.pool.snapshot() == text);
    const auto again = b.pool.find_job("notify");
    REQUIRE(again);
    CHECK(b.pool.explain(*again, "telephony_port")->max == 4);
    CHECK(b.pool.explain(*again, "outbound_port")->max == 6);
}

TEST_CASE("a kind also takes one plain counted kind of its catalog", "[catalog][linked][refusal]") {
    const auto refused = [](std::vector<kind_spec> specs) {
        const auto c = catalog::make("c", std::move(specs));
        return !c && c.error().code() == errc::invalid_kind;
    };
    CHECK(refused({kind_spec{"a", 0x801}.also_takes("b")}));                                 // unknown
    CHECK(refused({kind_spec{"a", 0x801}.also_takes("a")}));                                 // itself
    CHECK(refused({kind_spec{"a", 0x801}.also_takes("b"), kind_spec{"b", 0x802}.boolean()})); // not counted
    CHECK(refused({kind_spec{"a", 0x801}.boolean().also_takes("b"), kind_spec{"b", 0x802}}));
    CHECK(refused({kind_spec{"a", 0x801}.also_takes("b"), kind_spec{"b", 0x802}.tier("seats", 0)})); // a seat
    CHECK(refused({kind_spec{"a", 0x801}.also_takes("b"), kind_spec{"b", 0x802}.also_takes("c"),
                   kind_spec{"c", 0x803}})); // a chain
    CHECK(refused({kind_spec{"a", 0x801}.also_takes("b"), kind_spec{"b", 0x802},
                   kind_spec{"bundle", 0x804}.contains("b", 2).also_takes("b")})); // a bundle
    const auto ok = catalog::make("c", {kind_spec{"a", 0x801}.also_takes("b"), kind_spec{"b", 0x802}});
    REQUIRE(ok);
    CHECK((*ok)[*ok->find("a")].takes == std::optional<kind_id>{*ok->find("b")});
    CHECK_FALSE((*ok)[*ok->find("b")].takes);
    const auto preset = presets::contact_center();
    CHECK(preset[*preset.find("outbound_port")].takes == std::optional<kind_id>{*preset.find("telephony_port")});
}
