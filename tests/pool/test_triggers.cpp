// DESIGN 4.3: recalculation, its five triggers and no others; idle, hungry, donors.
#include "pool/pool_fixture.hpp"

using namespace licpool;
using namespace std::chrono_literals;
using licpool_test::pool_fixture;

namespace {
std::size_t count_since(const pool_fixture& f, std::size_t from) { return f.recalculations.size() - from; }

// A host clock with the Clock policy's optional coarse reading: its attempt stamps lag its
// steady time by `lag`, as a coarse clock's lag by up to its resolution (core/clock.hpp).
struct lagging_clock {
    steady_time now() const noexcept { return steady.now(); }
    steady_time attempt_time() const noexcept { return steady.now() - lag; }
    date today() const noexcept { return steady.today(); }

    manual_clock steady = manual_clock{};
    std::chrono::nanoseconds lag = 3s;
};
} // namespace

TEST_CASE("trigger 1: a job's life and settings recalculate, even unchanged", "[pool][triggers]") {
    pool_fixture f;
    f.entitle("asr", 10);
    auto n = f.recalculations.size();
    const auto job = f.start("j", "asr", 3, 1, 5);
    CHECK(count_since(f, n) == 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::job_started);
    CHECK(f.recalculations.back().subject == "j");
    REQUIRE(f.recalculations.back().changes.size() == 1);
    CHECK(f.recalculations.back().changes[0].after == 5);

    const std::vector<std::pair<std::function<bool()>, recalculation_cause>> calls = {
        {[&] { return f.pool.set_priority(job, 3).has_value(); }, recalculation_cause::job_settings},
        {[&] { return f.pool.set_limits(job, "asr", 1, 5).has_value(); }, recalculation_cause::job_settings},
        {[&] { return f.pool.pause_job(job).has_value(); }, recalculation_cause::job_paused},
        {[&] { return f.pool.resume_job(job).has_value(); }, recalculation_cause::job_resumed},
        {[&] { return f.pool.stop_job(job).has_value(); }, recalculation_cause::job_stopped},
    };
    for (const auto& [call, cause] : calls) {
        n = f.recalculations.size();
        REQUIRE(call());
        CHECK(count_since(f, n) == 1);
        CHECK(f.recalculations.back().cause == cause);
    }
}

TEST_CASE("trigger 2: entitlement and node settings recalculate", "[pool][triggers]") {
    pool_fixture f;
    auto n = f.recalculations.size();
    f.entitle("asr", 10);
    CHECK(count_since(f, n) == 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::entitlement_changed);
    n = f.recalculations.size();
    REQUIRE(f.pool.set_zone("z", {{"asr", {1, 2}}}));
    REQUIRE(f.pool.set_organization("z", "o", {}));
    CHECK(count_since(f, n) == 2);
    CHECK(f.recalculations.back().cause == recalculation_cause::node_settings);
}

TEST_CASE("nothing else recalculates", "[pool][triggers]") {
    pool_fixture f;
    f.entitle("asr", 2);
    const auto a = f.start("a", "asr", 1, 0, 2, allocation_mode::dynamic);
    const auto b = f.start("b", "asr", 1, 0, 2);
    const auto n = f.recalculations.size();
    {
        std::vector<lease> held;
        f.take(a, "asr", 1, held);
        f.take(b, "asr", 1, held);
        CHECK_FALSE(f.pool.acquire(b, "asr")); // refused by quota, no donor: no recalculation
        CHECK_FALSE(f.pool.acquire(a, "asr"));
        f.advance(30s); // nothing turns idle yet
        CHECK(f.pool.explain(a, "asr"));
        CHECK(f.pool.job_usage(a, "asr"));
    } // releases
    f.advance(1s);
    CHECK(count_since(f, n) == 0);
}

namespace {
// Two jobs sharing 10 outbound ports: `dyn` dynamic, `res` reserved, equal priority.
struct donation : pool_fixture {
    donation() {
        // An outbound call holds a telephony port too (DESIGN 2, also takes): as many of
        // those, so that the outbound ports are what binds.
        entitle("telephony_port", 10);
        entitle("outbound_port", 10);
        dyn = start("dyn", "outbound_port", 1, 0, 10, allocation_mode::dynamic);
        res = start("res", "outbound_port", 1, 0, 10, allocation_mode::reserved);
    }
    job_id dyn;
    job_id res;
    std::vector<lease> dyn_leases;
    std::vector<lease> res_leases;
};
} // namespace

TEST_CASE("trigger 3: a dynamic job turning idle while another is hungry", "[pool][triggers][dynamic]") {
    donation f;
    CHECK(f.quota(f.dyn, "outbound_port") == 5);
    CHECK(f.quota(f.res, "outbound_port") == 5);
    f.take(f.dyn, "outbound_port", 1, f.dyn_leases);
    f.take(f.res, "outbound_port", 5, f.res_leases);
    CHECK(f.pool.acquire(f.res, "outbound_port").error().code() == errc::job_quota); // res is hungry now
    const auto n = f.recalculations.size();
    f.advance(59s);
    CHECK(count_since(f, n) == 0);
    CHECK_FALSE(f.pool.explain(f.dyn, "outbound_port")->idle);
    f.advance(1s); // 60 s without an attempt: idle, and res is hungry
    CHECK(count_since(f, n) == 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::idle_while_hungry);
    CHECK(f.recalculations.back().subject == "dyn");
    // DESIGN 4.2: the idle job keeps max(min, min(max, in use)) = 1 and donates the rest.
    CHECK(f.quota(f.dyn, "outbound_port") == 1);
    CHECK(f.quota(f.res, "outbound_port") == 9);
    const auto e = f.pool.explain(f.dyn, "outbound_port");
    CHECK(e->idle);
    CHECK(e->ceiling == 1);
    CHECK(e->donated == 4);
    f.take(f.res, "outbound_port", 4, f.res_leases);
}

TEST_CASE("trigger 3 fires only while some job is hungry", "[pool][triggers][dynamic]") {
    donation f;
    f.take(f.dyn, "outbound_port", 1, f.dyn_leases);
    const auto n = f.recalculations.size();
    f.advance(60s);
    CHECK(count_since(f, n) == 0);
    CHECK(f.pool.explain(f.dyn, "outbound_port")->idle);
    CHECK(f.quota(f.dyn, "outbound_port") == 5); // idle, but nobody asked for more

    SECTION("a hunger cleared by a recalculation does not count") {
        f.take(f.res, "outbound_port", 5, f.res_leases);
        f.advance(0s);
        // res refused while dyn is a donor: that is trigger 5, covered below. Here res
        // becomes hungry another way: a job with no donor around.
        CHECK(f.pool.set_priority(f.res, 1)); // a recalculation; dyn donates 4 as it is idle
        CHECK(f.quota(f.res, "outbound_port") == 9);
    }
}

TEST_CASE("trigger 5: an attempt refused by its quota while a donor exists borrows at once", "[pool][triggers][dynamic]") {
    donation f;
    f.take(f.dyn, "outbound_port", 1, f.dyn_leases);
    f.advance(60s); // dyn idle, quota still 5: a donor
    f.take(f.res, "outbound_port", 5, f.res_leases);
    const auto n = f.recalculations.size();
    auto borrowed = f.pool.acquire(f.res, "outbound_port");
    REQUIRE(borrowed);
    CHECK(count_since(f, n) == 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::donor_available);
    CHECK(f.of(f.res, "outbound_port") == usage{9, 6});
    CHECK(f.quota(f.dyn, "outbound_port") == 1);
}

TEST_CASE("no donor, no trigger 5: reserved jobs never donate", "[pool][triggers][reserved]") {
    pool_fixture f;
    f.entitle("telephony_port", 10);
    f.entitle("outbound_port", 10);
    const auto quiet = f.start("quiet", "outbound_port", 1, 0, 10, allocation_mode::reserved);
    const auto busy = f.start("busy", "outbound_port", 1, 0, 10, allocation_mode::dynamic);
    std::vector<lease> held;
    f.take(busy, "outbound_port", 5, held);
    f.advance(10min);
    const auto n = f.recalculations.size();
    // busy is idle now too, but it has no surplus (quota 5, in use 5): no donor anywhere.
    CHECK(f.pool.acquire(busy, "outbound_port").error().code() == errc::job_quota);
    CHECK(f.pool.acquire(busy, "outbound_port").error().code() == errc::job_quota);
    CHECK_FALSE(f.pool.explain(quiet, "outbound_port")->idle);
    CHECK(f.quota(quiet, "outbound_port") == 5);
    // The first attempt was by an idle job (trigger 4); the second had no donor.
    CHECK(count_since(f, n) == 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::idle_job_attempt);
}

TEST_CASE("trigger 4: an idle job's attempt wins its quota back as borrowers release", "[pool][triggers][dynamic]") {
    donation f;
    f.take(f.dyn, "outbound_port", 1, f.dyn_leases);
    f.advance(60s);
    f.take(f.res, "outbound_port", 9, f.res_leases); // borrowed 4 through trigger 5
    CHECK(f.of(f.res, "outbound_port") == usage{9, 9});
    const auto n = f.recalculations.size();
    // dyn wakes: the pool recalculates first, then decides.
    const auto first = f.pool.acquire(f.dyn, "outbound_port");
    CHECK(count_since(f, n) == 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::idle_job_attempt);
    CHECK(f.quota(f.dyn, "outbound_port") == 5);
    CHECK(f.of(f.res, "outbound_port") == usage{5, 9}); // taken back, no call cut
    // All 10 ports are in use: dyn waits for res's calls to end.
    REQUIRE_FALSE(first);
    CHECK(first.error().code() == errc::organization);
    f.res_leases.pop_back();
    CHECK(f.pool.acquire(f.dyn, "outbound_port"));
    CHECK(f.pool.acquire(f.res, "outbound_port").error().code() == errc::job_quota);
}

TEST_CASE("starting, resuming and waking count as attempts", "[pool][triggers][dynamic]") {
    donation f;
    f.advance(50s);
    REQUIRE(f.pool.pause_job(f.dyn));
    REQUIRE(f.pool.resume_job(f.dyn)); // an attempt at t=50
    f.advance(59s);
    CHECK_FALSE(f.pool.explain(f.dyn, "outbound_port")->idle);
    f.advance(1s);
    CHECK(f.pool.explain(f.dyn, "outbound_port")->idle);
    const auto late = f.start("late", "outbound_port", 1, 0, 10, allocation_mode::dynamic);
    f.advance(59s);
    CHECK_FALSE(f.pool.explain(late, "outbound_port")->idle);
}

TEST_CASE("the idle window is the allocator's", "[pool][triggers][dynamic]") {
    using pool_t = licpool_test::test_pool;
    pool_t pool{presets::contact_center(), serial_number{"S"}, licpool_test::pool_secret(),
                pool_options{entitlement_source::license_server}, manual_clock{},
                reserved_dynamic_allocator<>{std::chrono::seconds{5}}};
    REQUIRE(pool.report_poll({{"asr", 4}}));
    const auto job = pool.start_job(job_spec{1, 0, 4, allocation_mode::dynamic, {"asr"}});
    REQUIRE(job);
    pool.clock().advance(5s);
    pool.tick();
    CHECK(pool.explain(*job, "asr")->idle);
}

TEST_CASE("attempts are stamped with the clock's attempt time, starts and resumes with now", "[pool][triggers][dynamic]") {
    using pool_t = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<>,
                                feature_key_validator<>, std::mutex, lagging_clock>;
    STATIC_REQUIRE(is_clock_v<lagging_clock>);
    pool_t pool{presets::contact_center(), serial_number{"S"}, licpool_test::pool_secret(),
                pool_options{entitlement_source::license_server}, lagging_clock{},
                reserved_dynamic_allocator<>{std::chrono::seconds{10}}};
    REQUIRE(pool.report_poll({{"asr", 4}}));
    const auto job = pool.start_job(job_spec{1, 0, 4, allocation_mode::dynamic, {"asr"}});
    REQUIRE(job);
    // Moves steady time on by `by`, ticks, and says whether the job is idle now.
    const auto step = [&](std::chrono::seconds by) {
        pool.clock().steady.advance(by);
        pool.tick();
        return pool.explain(*job, "asr")->idle;
    };
    SECTION("a start is stamped with now(): idle 10 s after it, not 7") {
        CHECK_FALSE(step(9s));
        CHECK(step(1s));
    }
    SECTION("an acquire at 8 s is stamped 5 s: idle at 15 s, not 18") {
        pool.clock().steady.advance(8s);
        CHECK(pool.acquire(*job, "asr")); // given back at once: only the stamp stays
        CHECK_FALSE(step(6s)); // 14 s
        CHECK(step(1s));       // 15 s
    }
    SECTION("a resume at 20 s is stamped with now(): idle at 30 s, not 27") {
        REQUIRE(pool.pause_job(*job));
        pool.clock().steady.advance(20s);
        REQUIRE(pool.resume_job(*job));
        CHECK_FALSE(step(9s));
        CHECK(step(1s));
    }
}

TEST_CASE("an idle job whose calls end between recalculations is a donor for trigger 5", "[pool][triggers][dynamic]") {
    // Issue 16: a recalculation visits only what changed since the last one; licenses an
    // idle job gives back change its ceiling (DESIGN 4.2), so they must count.
    donation f;
    f.take(f.dyn, "outbound_port", 5, f.dyn_leases);
    f.advance(60s); // dyn idle at its quota: its ceiling is 5, no donor
    CHECK(f.pool.set_priority(f.res, 1)); // a recalculation: nothing moves
    CHECK(f.quota(f.dyn, "outbound_port") == 5);
    f.dyn_leases.resize(2); // three of its calls end: its ceiling is 2, it is a donor now
    f.take(f.res, "outbound_port", 5, f.res_leases);
    const auto n = f.recalculations.size();
    auto borrowed = f.pool.acquire(f.res, "outbound_port");
    REQUIRE(borrowed);
    CHECK(count_since(f, n) == 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::donor_available);
    CHECK(f.quota(f.dyn, "outbound_port") == 2);
    CHECK(f.of(f.res, "outbound_port") == usage{8, 6});
}

TEST_CASE("trigger 3 names the first job to turn idle in start order, whichever waited longest", "[pool][triggers][dynamic]") {
    // Issue 16: the tick takes the jobs whose window ran out from a heap by last attempt,
    // and still names them as a look at every job in start order would.
    pool_fixture f;
    f.entitle("telephony_port", 10);
    f.entitle("outbound_port", 10);
    const auto first = f.start("first", "outbound_port", 1, 0, 3, allocation_mode::dynamic);
    const auto second = f.start("second", "outbound_port", 1, 0, 3, allocation_mode::dynamic);
    const auto hungry = f.start("hungry", "outbound_port", 1, 0, 10, allocation_mode::reserved);
    std::vector<lease> held;
    f.advance(10s);
    f.take(first, "outbound_port", 1, held); // first's last attempt: 10 s after second's
    f.take(hungry, "outbound_port", 4, held);
    CHECK(f.pool.acquire(hungry, "outbound_port").error().code() == errc::job_quota);
    const auto n = f.recalculations.size();
    f.advance(60s); // both idle at this tick
    REQUIRE(count_since(f, n) == 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::idle_while_hungry);
    CHECK(f.recalculations.back().subject == "first");
    CHECK(f.pool.explain(first, "outbound_port")->idle);
    CHECK(f.pool.explain(second, "outbound_port")->idle);
    CHECK(f.quota(second, "outbound_port") == 0);
}
