// DESIGN 7: entitlement from polls of a license server, and the grace period when they fail.
#include "pool/pool_fixture.hpp"

using namespace licpool;
using namespace std::chrono_literals;
using licpool_test::pool_fixture;

namespace {
date day(unsigned d) { return date::from_ymd(2026, 1, d); }

const finding* grace_finding(const compliance_report& r) {
    for (const auto& f : r.findings) {
        if (f.code == finding_code::grace_period) {
            return &f;
        }
    }
    return nullptr;
}
} // namespace

TEST_CASE("a successful poll records itself, and the last change", "[persistence][polling]") {
    pool_fixture f;
    f.entitle("asr", 5);
    CHECK(f.pool.polls().last_success == day(1));
    CHECK(f.pool.polls().last_change == day(1));
    f.advance(24h);
    f.entitle("asr", 5); // the same answer: no change
    CHECK(f.pool.polls().last_success == day(2));
    CHECK(f.pool.polls().last_change == day(1));
    f.advance(24h);
    f.entitle("asr", 6);
    CHECK(f.pool.polls().last_change == day(3));
    CHECK(f.pool.polls().last_good == std::vector<kind_count>{{"asr", 6}});
    CHECK_FALSE(f.pool.polls().failing_since);
}

TEST_CASE("failing polls keep the last good entitlement for the grace period, then counted kinds fall to zero",
          "[persistence][polling]") {
    pool_fixture f;
    f.entitle("telephony_port", 10); // each outbound call holds one too (DESIGN 2)
    f.entitle("outbound_port", 10);
    f.entitle("sms", 1);
    const auto job = f.start("j", "outbound_port", 1, 0, 10);
    std::vector<lease> held;
    f.take(job, "outbound_port", 4, held);
    f.advance(24h); // Jan 2
    REQUIRE(f.pool.report_poll_failure());
    CHECK(f.pool.polls().failing_since == day(2));
    CHECK(f.pool.polls().grace_ends == day(31)); // 30 days: Jan 2 to Jan 31
    CHECK(f.pool.entitlement_of(f.kind("outbound_port")) == 10);
    const auto first_report = f.pool.audit();
    const auto* in_grace = grace_finding(first_report);
    REQUIRE(in_grace);
    CHECK(in_grace->message ==
          "license server polls have failed since 2026-01-02; the last good entitlement holds until 2026-01-31");

    f.advance(24h * 29); // Jan 31: still inside
    REQUIRE(f.pool.report_poll_failure());
    CHECK(f.pool.entitlement_of(f.kind("outbound_port")) == 10);
    CHECK_FALSE(f.pool.polls().lapsed);
    const auto recalcs = f.recalculations.size();

    f.advance(24h); // Feb 1: the tick notices the grace is over
    CHECK(f.pool.polls().lapsed);
    CHECK(f.recalculations.size() == recalcs + 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::entitlement_changed);
    CHECK(f.pool.entitlement_of(f.kind("outbound_port")) == 0);
    // SMS licenses are counted (issue 13, item 6): they fall to zero too, and the SMS channel
    // goes off with them.
    CHECK_FALSE(f.pool.enabled(f.kind("sms")));
    CHECK(f.of(job, "outbound_port") == usage{0, 4}); // no call is cut
    // Issue 12 (DESIGN 4.4): nothing is licensed now, so the refusal says so, not "pacing".
    CHECK(f.pool.acquire(job, "outbound_port").error() == error{errc::entitlement, "outbound_port", {}, 4, 0});
    const auto report = f.pool.audit();
    REQUIRE(grace_finding(report));
    CHECK(grace_finding(report)->message == "license server polls have failed since 2026-01-02; the grace period "
                                            "ended on 2026-01-31 and counted kinds are at zero");
    CHECK(report.find("outbound_port")->exceeded);

    SECTION("a successful poll ends the grace at once") {
        f.entitle("outbound_port", 8);
        CHECK_FALSE(f.pool.polls().lapsed);
        CHECK_FALSE(f.pool.polls().failing_since);
        CHECK(f.pool.entitlement_of(f.kind("outbound_port")) == 8);
        CHECK(grace_finding(f.pool.audit()) == nullptr);
        CHECK(f.pool.acquire(job, "outbound_port"));
    }
}

TEST_CASE("after the grace period boolean kinds keep their last good value", "[persistence][polling]") {
    pool_fixture f{presets::web_portal()};
    f.entitle("server", 1);
    f.entitle("marquee", 1);
    f.entitle("agent_user", 5);
    f.advance(24h);
    REQUIRE(f.pool.report_poll_failure());
    f.advance(24h * 31);
    REQUIRE(f.pool.polls().lapsed);
    CHECK(f.pool.entitlement_of(f.kind("agent_user")) == 0);
    CHECK(f.pool.enabled(f.kind("marquee")));
    CHECK(f.pool.operational());
}

TEST_CASE("a success inside the grace period ends it", "[persistence][polling]") {
    pool_fixture f;
    f.entitle("asr", 3);
    REQUIRE(f.pool.report_poll_failure());
    f.advance(24h * 5);
    f.entitle("asr", 3);
    CHECK_FALSE(f.pool.polls().failing_since);
    f.advance(24h * 40);
    CHECK(f.pool.entitlement_of(f.kind("asr")) == 3);
}

TEST_CASE("the grace period is configurable", "[persistence][polling]") {
    pool_options options{entitlement_source::license_server};
    options.grace_days = 2;
    licpool_test::test_pool pool{presets::contact_center(), serial_number{"S"}, licpool_test::pool_secret(), options};
    REQUIRE(pool.report_poll({{"asr", 3}}));
    REQUIRE(pool.report_poll_failure());
    pool.clock().advance(24h);
    pool.tick();
    CHECK(pool.entitlement_of(*pool.kinds().find("asr")) == 3);
    pool.clock().advance(24h);
    pool.tick();
    CHECK(pool.entitlement_of(*pool.kinds().find("asr")) == 0);
}

TEST_CASE("a pool on keys takes no poll failures either", "[persistence][polling]") {
    pool_fixture f{presets::contact_center(), entitlement_source::keys};
    CHECK(f.pool.report_poll_failure().error().code() == errc::wrong_entitlement_source);
}
