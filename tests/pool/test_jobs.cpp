// DESIGN 4 and 4.2: jobs, their states and their floors and ceilings.
#include "pool/pool_fixture.hpp"

using namespace licpool;
using licpool_test::pool_fixture;

TEST_CASE("the vendor's worked example through the pool", "[pool][jobs]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    const auto job1 = f.start("job1", "outbound_port", 8, 1, 30);
    const auto job2 = f.start("job2", "outbound_port", 2, 1, 30);
    CHECK(f.quota(job1, "outbound_port") == 8);
    CHECK(f.quota(job2, "outbound_port") == 2);
    REQUIRE(f.pool.set_priority(job1, 2));
    REQUIRE(f.pool.set_priority(job2, 8));
    CHECK(f.quota(job1, "outbound_port") == 2);
    CHECK(f.quota(job2, "outbound_port") == 8);
}

TEST_CASE("a job's min is kept and its max never passed", "[pool][jobs]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    const auto low = f.start("low", "outbound_port", 1, 4, 30);
    const auto high = f.start("high", "outbound_port", 10, 0, 5);
    CHECK(f.quota(low, "outbound_port") == 5);
    CHECK(f.quota(high, "outbound_port") == 5);
    f.entitle("outbound_port", 3);
    // Capacity below the floors: floors in order (priority first), so high gets nothing.
    CHECK(f.quota(high, "outbound_port") == 0);
    CHECK(f.quota(low, "outbound_port") == 3);
}

TEST_CASE("a refused start changes nothing", "[pool][jobs][refusal]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    f.start("taken", "outbound_port", 1, 0, 5);
    const auto jobs_before = f.pool.jobs().size();
    const auto recalcs_before = f.recalculations.size();
    const auto refused = [&](job_spec spec) {
        auto job = f.pool.start_job(spec);
        REQUIRE_FALSE(job);
        return job.error();
    };
    CHECK(refused(job_spec{0, 0, 5, allocation_mode::reserved, {"outbound_port"}}.named("x")).code() == errc::invalid_setting);
    CHECK(refused(job_spec{11, 0, 5, allocation_mode::reserved, {"outbound_port"}}.named("x")).code() == errc::invalid_setting);
    CHECK(refused(job_spec{1, 6, 5, allocation_mode::reserved, {"outbound_port"}}.named("x")).message() ==
          "'x': min 6 is above max 5");
    CHECK(refused(job_spec{1, 0, 5, allocation_mode::reserved, {"fax_port"}}.named("x")).code() == errc::unknown_kind);
    {
        pool_fixture portal{presets::web_portal()}; // the contact center has no boolean kind
        CHECK(portal.pool.start_job(job_spec{1, 0, 5, allocation_mode::reserved, {"marquee"}}.named("x")).error().code() ==
              errc::not_counted);
    }
    CHECK(refused(job_spec{1, 0, 5, allocation_mode::reserved, {"preview_agent"}}.named("x")).code() == errc::seat_kind);
    CHECK(refused(job_spec{1, 0, 5, allocation_mode::reserved, {}}.named("x")).code() == errc::invalid_setting);
    CHECK(refused(job_spec{1, 0, 5, allocation_mode::reserved, {}}.named("x").agents("outbound_port")).code() ==
          errc::seat_kind);
    CHECK(refused(job_spec{1, 0, 5, allocation_mode::reserved, {"outbound_port"}}.named("taken")) ==
          error{errc::duplicate_job, "taken"});
    CHECK(refused(job_spec{organization_id{99}, 1, 0, 5, allocation_mode::reserved, {"outbound_port"}}.named("x")).code() ==
          errc::unknown_node);
    CHECK(f.pool.jobs().size() == jobs_before);
    CHECK(f.recalculations.size() == recalcs_before);
    CHECK_FALSE(f.pool.find_job("x"));
    // The name was never taken.
    f.start("x", "outbound_port", 1, 0, 5);
}

TEST_CASE("job names stay taken after a stop", "[pool][jobs]") {
    pool_fixture f;
    const auto job = f.start("once", "asr", 1, 0, 5);
    REQUIRE(f.pool.stop_job(job));
    const auto again = f.pool.start_job(job_spec{1, 0, 5, allocation_mode::reserved, {"asr"}}.named("once"));
    REQUIRE_FALSE(again);
    CHECK(again.error().code() == errc::duplicate_job);
}

TEST_CASE("jobs move through their states only as allowed", "[pool][jobs][state]") {
    pool_fixture f;
    const auto job = f.start("j", "asr", 1, 0, 5);
    const auto refused = [](const expected<void>& r) {
        REQUIRE_FALSE(r);
        return r.error().code();
    };
    CHECK(refused(f.pool.resume_job(job)) == errc::invalid_state);
    CHECK(refused(f.pool.wake_job(job)) == errc::invalid_state);
    const auto snoozed = f.pool.snooze_job(job);
    REQUIRE_FALSE(snoozed);
    CHECK(snoozed.error().code() == errc::invalid_state);
    REQUIRE(f.pool.pause_job(job));
    CHECK(*f.pool.state_of(job) == job_state::paused);
    const auto twice = f.pool.pause_job(job);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().message() == "job 'j' is paused; pause needs a running job");
    REQUIRE(f.pool.resume_job(job));
    REQUIRE(f.pool.stop_job(job));
    CHECK(refused(f.pool.stop_job(job)) == errc::invalid_state);
    CHECK(refused(f.pool.resume_job(job)) == errc::invalid_state);
    CHECK(refused(f.pool.pause_job(job)) == errc::invalid_state);
    CHECK(*f.pool.state_of(job) == job_state::stopped);
    CHECK(refused(f.pool.pause_job(job_id{42})) == errc::unknown_job);
}

TEST_CASE("paused and stopped jobs get no quota but keep what they hold", "[pool][jobs][state]") {
    // DESIGN 4.2: floor = ceiling = 0; held licenses stay until released (no call is cut).
    pool_fixture f;
    f.entitle("telephony_port", 10); // each outbound call holds one too (DESIGN 2)
    f.entitle("outbound_port", 10);
    const auto a = f.start("a", "outbound_port", 1, 2, 10);
    const auto b = f.start("b", "outbound_port", 1, 0, 10);
    std::vector<lease> held;
    f.take(a, "outbound_port", 4, held);
    REQUIRE(f.pool.pause_job(a));
    CHECK(f.of(a, "outbound_port") == usage{0, 4});
    CHECK(f.quota(b, "outbound_port") == 10);
    const auto refused = f.pool.acquire(a, "outbound_port");
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == error{errc::not_running, "a", "paused"});
    // b's quota is 10 but a still holds 4 of the 10 licensed.
    std::vector<lease> more;
    f.take(b, "outbound_port", 6, more);
    CHECK(f.pool.acquire(b, "outbound_port").error().code() == errc::organization);

    REQUIRE(f.pool.resume_job(a));
    CHECK(f.quota(a, "outbound_port") == 5);
    REQUIRE(f.pool.stop_job(a));
    CHECK(f.of(a, "outbound_port") == usage{0, 4});
    held.clear();
    CHECK(f.of(a, "outbound_port") == usage{0, 0});
}

TEST_CASE("set_priority and set_limits check their values and change nothing when refused", "[pool][jobs][refusal]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    const auto job = f.start("j", "outbound_port", 5, 2, 8);
    const auto before = f.recalculations.size();
    CHECK(f.pool.set_priority(job, 0).error().code() == errc::invalid_setting);
    CHECK(f.pool.set_priority(job, 11).error().message() == "'j': priority 11 is outside 1..10");
    CHECK(f.pool.set_limits(job, "outbound_port", 9, 3).error().message() == "'j': min 9 is above max 3");
    CHECK(f.pool.set_limits(job, "asr", 1, 3).error() == error{errc::kind_not_in_job, "j", "asr"});
    CHECK(f.recalculations.size() == before);
    const auto e = f.pool.explain(job, "outbound_port");
    REQUIRE(e);
    CHECK(e->priority == 5);
    CHECK(e->min == 2);
    CHECK(e->max == 8);
    CHECK(f.quota(job, "outbound_port") == 8);
}

TEST_CASE("a job lists several kinds, each with its own min and max", "[pool][jobs]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    f.entitle("tts", 10);
    auto job = f.pool.start_job(
        job_spec{1, 1, 4, allocation_mode::reserved, {"outbound_port", "tts"}}.named("multi").limits_for("tts", 0, 2));
    REQUIRE(job);
    CHECK(f.quota(*job, "outbound_port") == 4);
    CHECK(f.quota(*job, "tts") == 2);
    CHECK(f.pool.explain(*job, "tts")->min == 0);
}

TEST_CASE("explain says where a quota comes from", "[pool][jobs][explain]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    const auto job1 = f.start("job1", "outbound_port", 8, 1, 30);
    f.start("job2", "outbound_port", 2, 1, 30);
    const auto e = f.pool.explain(job1, "outbound_port");
    REQUIRE(e);
    CHECK(e->job == "job1");
    CHECK(e->kind == "outbound_port");
    CHECK(e->floor == 1);
    CHECK(e->ceiling == 30);
    CHECK(e->quota == 8);
    CHECK(e->weighted == 7);
    CHECK(e->organization == "default/default");
    CHECK(e->organization_share == 10);
    CHECK(e->zone_share == 10);
    CHECK_FALSE(e->idle);
    CHECK(e->taken_back == 0);
    CHECK(e->summary().find("quota of 8 outbound_port") != std::string::npos);
}
