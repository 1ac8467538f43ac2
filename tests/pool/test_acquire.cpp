// DESIGN 4.4: acquire and release.
#include "pool/pool_fixture.hpp"

using namespace licpool;
using licpool_test::pool_fixture;

TEST_CASE("a refusal names the first limit hit, in the order of DESIGN 4.4", "[pool][acquire]") {
    SECTION("not_operational comes first, even before not_running") {
        pool_fixture f{presets::web_portal()};
        f.entitle("organization", 1); // DESIGN 5: the default organization takes one
        f.entitle("agent_user", 5);
        const auto job = f.start("portal", "agent_user", 1, 0, 5);
        REQUIRE(f.pool.pause_job(job));
        CHECK_FALSE(f.pool.operational());
        const auto r = f.pool.acquire(job, "agent_user");
        REQUIRE_FALSE(r);
        CHECK(r.error() == error{errc::not_operational, "server"});
        CHECK(r.error().message() == "the pool is not operational: required kind 'server' has no license");
        f.entitle("server", 1);
        CHECK(f.pool.operational());
        CHECK(f.pool.acquire(job, "agent_user").error().code() == errc::not_running);
        REQUIRE(f.pool.resume_job(job));
        CHECK(f.pool.acquire(job, "agent_user"));
    }
    SECTION("not_running comes before the job's max") {
        pool_fixture f;
        f.entitle("asr", 5);
        const auto job = f.start("j", "asr", 1, 0, 1);
        std::vector<lease> held;
        f.take(job, "asr", 1, held);
        REQUIRE(f.pool.pause_job(job));
        CHECK(f.pool.acquire(job, "asr").error().code() == errc::not_running);
    }
    SECTION("job_max comes before job_quota, and does not make the job hungry") {
        pool_fixture f;
        f.entitle("asr", 5);
        const auto job = f.start("j", "asr", 1, 0, 2);
        std::vector<lease> held;
        f.take(job, "asr", 2, held);
        const auto r = f.pool.acquire(job, "asr");
        REQUIRE_FALSE(r);
        CHECK(r.error() == error{errc::job_max, "j", "asr", 2, 2});
        CHECK(r.error().message() == "job 'j' holds its max of 2 asr");
    }
    SECTION("job_quota") {
        pool_fixture f;
        f.entitle("asr", 3);
        const auto job = f.start("j", "asr", 1, 0, 10);
        std::vector<lease> held;
        f.take(job, "asr", 3, held);
        const auto r = f.pool.acquire(job, "asr");
        REQUIRE_FALSE(r);
        CHECK(r.error() == error{errc::job_quota, "j", "asr", 3, 3});
        CHECK(r.error().message() == "job 'j' holds 3 asr, its whole quota of 3");
    }
    SECTION("organization: a stopped job's held licenses still count in its organization") {
        pool_fixture f;
        f.entitle("asr", 20);
        REQUIRE(f.pool.set_organization("z", "o", {{"asr", {0, 6}}}));
        const auto a = f.start("a", "asr", 1, 0, 10, allocation_mode::reserved, f.org("z", "o"));
        const auto b = f.start("b", "asr", 1, 0, 10, allocation_mode::reserved, f.org("z", "o"));
        std::vector<lease> held;
        f.take(a, "asr", 3, held);
        f.take(b, "asr", 3, held);
        REQUIRE(f.pool.stop_job(b));
        CHECK(f.of(a, "asr") == usage{6, 3});
        const auto r = f.pool.acquire(a, "asr");
        REQUIRE_FALSE(r);
        CHECK(r.error() == error{errc::organization, "z/o", "asr", 6, 6});
        CHECK(r.error().message() == "organization 'z/o' holds 6 asr, its whole share of 6");
    }
    SECTION("zone") {
        pool_fixture f;
        f.entitle("asr", 20);
        REQUIRE(f.pool.set_zone("z", {{"asr", {0, 6}}}));
        const auto a = f.start("a", "asr", 1, 0, 10, allocation_mode::reserved, f.org("z", "o1"));
        const auto b = f.start("b", "asr", 1, 0, 10, allocation_mode::reserved, f.org("z", "o2"));
        std::vector<lease> held;
        f.take(a, "asr", 3, held);
        f.take(b, "asr", 3, held);
        REQUIRE(f.pool.stop_job(b));
        const auto r = f.pool.acquire(a, "asr");
        REQUIRE_FALSE(r);
        CHECK(r.error() == error{errc::zone, "z", "asr", 6, 6});
    }
    SECTION("entitlement") {
        pool_fixture f;
        f.entitle("asr", 6);
        const auto a = f.start("a", "asr", 1, 0, 10, allocation_mode::reserved, f.org("z1", "o"));
        const auto b = f.start("b", "asr", 1, 0, 10, allocation_mode::reserved, f.org("z2", "o"));
        std::vector<lease> held;
        f.take(a, "asr", 3, held);
        f.take(b, "asr", 3, held);
        REQUIRE(f.pool.stop_job(b));
        CHECK(f.of(a, "asr") == usage{6, 3});
        const auto r = f.pool.acquire(a, "asr");
        REQUIRE_FALSE(r);
        CHECK(r.error() == error{errc::entitlement, "asr", {}, 6, 6});
        CHECK(r.error().message() == "all 6 licensed asr are in use");
    }
}

TEST_CASE("acquire refuses what it cannot know", "[pool][acquire][refusal]") {
    pool_fixture f;
    f.entitle("asr", 5);
    const auto job = f.start("j", "asr", 1, 0, 5);
    CHECK(f.pool.acquire(job, "tts").error() == error{errc::kind_not_in_job, "j", "tts"});
    CHECK(f.pool.acquire(job, "fax").error().code() == errc::unknown_kind);
    CHECK(f.pool.acquire(job, "sms").error().code() == errc::kind_not_in_job);
    CHECK(f.pool.acquire(job_id{7}, "asr").error().code() == errc::unknown_job);
    CHECK(f.pool.system_usage(f.kind("asr")).in_use == 0);
}

TEST_CASE("a lease gives its license back once, when released or destroyed", "[pool][acquire][lease]") {
    pool_fixture f;
    f.entitle("asr", 5);
    const auto job = f.start("j", "asr", 1, 0, 5);
    {
        auto l = f.pool.acquire(job, "asr");
        REQUIRE(l);
        CHECK(l->held());
        CHECK(l->job() == job);
        CHECK(l->kind() == f.kind("asr"));
        CHECK(f.of(job, "asr").in_use == 1);
        l->release();
        CHECK_FALSE(l->held());
        CHECK(f.of(job, "asr").in_use == 0);
        l->release(); // idempotent
        CHECK(f.of(job, "asr").in_use == 0);
    }
    CHECK(f.of(job, "asr").in_use == 0);
    {
        auto l = f.pool.acquire(job, "asr");
        lease moved = std::move(*l);
        CHECK_FALSE(l->held());
        CHECK(moved.held());
        CHECK(f.of(job, "asr").in_use == 1);
        lease other = std::move(*f.pool.acquire(job, "asr"));
        CHECK(f.of(job, "asr").in_use == 2);
        other = std::move(moved); // releases what `other` held
        CHECK(f.of(job, "asr").in_use == 1);
    }
    CHECK(f.of(job, "asr").in_use == 0);
    CHECK(f.pool.system_usage(f.kind("asr")) == usage{5, 0});
    const lease empty;
    CHECK_FALSE(empty.held());
}

TEST_CASE("a lowered limit takes back without cutting calls", "[pool][acquire][take-back]") {
    // DESIGN 4.4: holdings above a dropped limit stay; nothing new until below it.
    pool_fixture f;
    f.entitle("telephony_port", 10); // each outbound call holds one too (DESIGN 2)
    f.entitle("outbound_port", 10);
    const auto job = f.start("j", "outbound_port", 1, 0, 10);
    std::vector<lease> held;
    f.take(job, "outbound_port", 8, held);

    SECTION("the job's max") {
        REQUIRE(f.pool.set_limits(job, "outbound_port", 0, 5));
        CHECK(f.of(job, "outbound_port") == usage{5, 8});
        CHECK(f.pool.explain(job, "outbound_port")->taken_back == 3);
        CHECK(f.pool.acquire(job, "outbound_port").error().code() == errc::job_max);
        held.resize(5);
        CHECK(f.pool.acquire(job, "outbound_port").error().code() == errc::job_max);
        held.resize(4);
        CHECK(f.pool.acquire(job, "outbound_port"));
    }
    SECTION("the entitlement") {
        f.entitle("outbound_port", 6);
        CHECK(f.of(job, "outbound_port") == usage{6, 8});
        CHECK(f.pool.system_usage(f.kind("outbound_port")) == usage{6, 8});
        CHECK(f.pool.acquire(job, "outbound_port").error().code() == errc::job_quota);
        held.resize(5);
        auto l = f.pool.acquire(job, "outbound_port");
        CHECK(l);
        CHECK(f.pool.acquire(job, "outbound_port").error().code() == errc::job_quota);
    }
}

TEST_CASE("in-use counts add up at every level", "[pool][acquire]") {
    pool_fixture f;
    f.entitle("tts", 30);
    const auto a = f.start("a", "tts", 1, 0, 10, allocation_mode::reserved, f.org("z", "x"));
    const auto b = f.start("b", "tts", 1, 0, 10, allocation_mode::reserved, f.org("z", "y"));
    std::vector<lease> held;
    f.take(a, "tts", 4, held);
    f.take(b, "tts", 6, held);
    const auto tts = f.kind("tts");
    CHECK(f.pool.node_usage(*f.pool.find_organization("z", "x"), tts)->in_use == 4);
    CHECK(f.pool.node_usage(*f.pool.find_organization("z", "y"), tts)->in_use == 6);
    CHECK(f.pool.node_usage(*f.pool.find_zone("z"), tts)->in_use == 10);
    CHECK(f.pool.system_usage(tts).in_use == 10);
    held.clear();
    CHECK(f.pool.node_usage(*f.pool.find_zone("z"), tts)->in_use == 0);
    CHECK(f.pool.system_usage(tts).in_use == 0);
}
