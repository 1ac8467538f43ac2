// Issue 15: what a host developer looks for in the first hour: named settings that cannot be
// swapped, kind names in every call, a job's spec, running jobs, "no max", a pool on the
// clock of the host's choice in one name, and a ticker for the host's tick.
#include "pool/pool_fixture.hpp"

#include <chrono>
#include <thread>

using namespace licpool;
using licpool_test::pool_fixture;
using namespace std::chrono_literals;

namespace {
struct dialer : pool_fixture {
    dialer() {
        entitle_outbound(40);
        entitle("asr", 8);
    }
    organization_id sales() { return org("emea", "sales"); }
};

// What a job_spec says, as one comparable value.
std::string describe(const job_spec& s) {
    std::string out = std::to_string(s.organization() ? s.organization()->value() : 9999) + "|" + s.name() + "|" +
                      std::to_string(s.priority()) + "|" + std::to_string(s.min()) + "|" +
                      std::to_string(s.max()) + "|" + std::string{to_string(s.mode())} + "|" + s.campaign() + "|";
    for (const auto& k : s.kinds()) {
        out += k + ",";
    }
    for (const auto& o : s.overrides()) {
        out += "|" + o.kind + ":" + std::to_string(o.value.min) + "-" + std::to_string(o.value.max);
    }
    return out;
}
} // namespace

TEST_CASE("job_spec's named settings say what the positional form says", "[pool][host_api]") {
    dialer f;
    const auto org = f.sales();
    const auto named = job_spec{}.in(org).named("a").priority(3).min(5).max(30).dynamic().kinds({"outbound_port"});
    const auto positional = job_spec{org, 3, 5, 30, allocation_mode::dynamic, {"outbound_port"}}.named("a");
    CHECK(describe(named) == describe(positional));
    CHECK(named.priority() == 3);
    CHECK(named.min() == 5);
    CHECK(named.max() == 30);
    CHECK(named.mode() == allocation_mode::dynamic);
    CHECK(job_spec{}.dynamic().reserved().mode() == allocation_mode::reserved);

    SECTION("the defaults: default organization, priority 5, min 0, no max, reserved, no kinds") {
        const job_spec plain;
        CHECK_FALSE(plain.organization().has_value());
        CHECK(plain.priority() == 5);
        CHECK(plain.min() == 0);
        CHECK(plain.max() == unlimited);
        CHECK(plain.mode() == allocation_mode::reserved);
        CHECK(plain.kinds().empty());
        // A job needs a kind: the default spec is refused, naming why.
        const auto refused = f.pool.start_job(plain);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == errc::invalid_setting);
    }
    SECTION("jobs started either way get the same quotas") {
        const auto a = f.pool.start_job(named);
        const auto b = f.pool.start_job(job_spec{org, 3, 5, 30, allocation_mode::dynamic, {"outbound_port"}}.named("b"));
        REQUIRE(a);
        REQUIRE(b);
        CHECK(f.of(*a, "outbound_port") == f.of(*b, "outbound_port"));
        CHECK(f.pool.explain(*a, "outbound_port")->min == 5);
        CHECK(f.pool.explain(*a, "outbound_port")->max == 30);
    }
}

TEST_CASE("limits have named settings too", "[pool][host_api]") {
    STATIC_REQUIRE(limits{}.with_min(10).with_max(80).with_weight(2) == limits{10, 80, 2});
    STATIC_REQUIRE(limits{}.with_max(4) == limits{0, 4, 1});
    dialer f;
    const auto job = f.start("j", "outbound_port", 1, 0, 10);
    REQUIRE(f.pool.set_limits(job, "outbound_port", limits{}.with_min(2).with_max(6)));
    CHECK(f.pool.explain(job, "outbound_port")->min == 2);
    CHECK(f.pool.explain(job, "outbound_port")->max == 6);
    REQUIRE(f.pool.set_limits(job, f.kind("outbound_port"), limits{}.with_max(7)));
    CHECK(f.pool.explain(job, "outbound_port")->min == 0);
    CHECK(f.pool.explain(job, "outbound_port")->max == 7);
    // A refused setting changes nothing (DESIGN 1), whichever form refuses it.
    const auto refused = f.pool.set_limits(job, "outbound_port", limits{}.with_min(9).with_max(3));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::invalid_setting);
    CHECK(f.pool.explain(job, "outbound_port")->max == 7);
    // A zone is set with them as well.
    REQUIRE(f.pool.set_zone("emea", {{"outbound_port", limits{}.with_min(4).with_max(20)}}));
    CHECK(f.pool.node_usage(*f.pool.find_zone("emea"), "outbound_port")->limit <= 20);
    // limits_for takes them.
    const auto spec = job_spec{}.kinds({"outbound_port"}).limits_for("asr", limits{}.with_min(1).with_max(2));
    REQUIRE(spec.overrides().size() == 1);
    CHECK(spec.overrides()[0].value.min == 1);
    CHECK(spec.overrides()[0].value.max == 2);
}

TEST_CASE("every call that takes a kind takes its name", "[pool][host_api]") {
    dialer f;
    const auto org = f.sales();
    const auto job = f.start("j", "outbound_port", 1, 0, 10, allocation_mode::reserved, org);
    auto held = f.pool.acquire(job, "outbound_port");
    REQUIRE(held);
    const auto port = f.kind("outbound_port");
    CHECK(f.pool.system_usage("outbound_port")->in_use == f.pool.system_usage(port).in_use);
    CHECK(f.pool.system_usage("outbound_port")->in_use == 1);
    CHECK(*f.pool.entitlement_of("asr") == f.pool.entitlement_of(f.kind("asr")));
    CHECK(*f.pool.entitlement_of("asr") == 8);
    CHECK(*f.pool.enabled("asr"));
    CHECK(*f.pool.node_usage(org, "outbound_port") == *f.pool.node_usage(org, port));
    const auto zone = *f.pool.find_zone("emea");
    CHECK(*f.pool.node_usage(zone, "outbound_port") == *f.pool.node_usage(zone, port));
    CHECK(f.pool.node_usage(zone, "outbound_port")->in_use == 1);
    // An unknown name is refused naming it; the id forms keep their answers.
    for (const auto& refused : {f.pool.system_usage("outbund_port").error(), f.pool.node_usage(org, "outbund_port").error(),
                                f.pool.node_usage(zone, "outbund_port").error(), f.pool.entitlement_of("outbund_port").error(),
                                f.pool.enabled("outbund_port").error()}) {
        CHECK(refused.code() == errc::unknown_kind);
        CHECK(refused.subject() == "outbund_port");
    }
}

TEST_CASE("a tenant's calls take a kind's id as well as its name", "[pool][host_api][users]") {
    pool_fixture f{presets::web_portal()};
    f.entitle("server", 1);
    f.entitle("organization", 3);
    f.entitle("agent_user", 2);
    auto acme = *f.pool.tenant(f.org("default", "acme"));
    const auto ann = *acme.add_user("ann");
    const auto agent = f.kind("agent_user");
    REQUIRE(acme.assign(ann, agent));
    CHECK(acme.has_access(ann, agent));
    CHECK(acme.has_access(ann, "agent_user"));
    CHECK(f.pool.system_usage(agent).in_use == 1);
    REQUIRE(acme.unassign(ann, agent));
    CHECK_FALSE(acme.has_access(ann, agent));
    CHECK(f.pool.system_usage(agent).in_use == 0);
    const kind_id bogus{static_cast<std::uint16_t>(f.pool.kinds().size())};
    CHECK(acme.assign(ann, bogus).error().code() == errc::unknown_kind);
    CHECK(acme.login(ann, bogus).error().code() == errc::unknown_kind);
    CHECK_FALSE(acme.has_access(ann, bogus));
    CHECK(f.pool.system_usage(agent).in_use == 0);
}

TEST_CASE("jobs() can list the running jobs only", "[pool][host_api]") {
    dialer f;
    const auto a = f.start("a", "outbound_port", 1, 0, 10);
    const auto b = f.start("b", "outbound_port", 1, 0, 10);
    const auto c = f.start("c", "outbound_port", 1, 0, 10);
    REQUIRE(f.pool.stop_job(b));
    REQUIRE(f.pool.pause_job(c));
    CHECK(f.pool.jobs() == std::vector<job_id>{a, b, c}); // every job not forgotten
    CHECK(f.pool.jobs(job_state::running) == std::vector<job_id>{a});
    CHECK(f.pool.jobs(job_state::stopped) == std::vector<job_id>{b});
    CHECK(f.pool.jobs(job_state::paused) == std::vector<job_id>{c});
    REQUIRE(f.pool.forget_job(b));
    CHECK(f.pool.jobs(job_state::stopped).empty());
}

TEST_CASE("job_spec_of gives a job's settings as they are now", "[pool][host_api]") {
    dialer f;
    const auto org = f.sales();
    const auto job = f.pool.start_job(
        job_spec{}.in(org).named("renewals").priority(3).min(2).max(12).dynamic().kinds({"outbound_port", "asr"}));
    REQUIRE(job);
    REQUIRE(f.pool.set_priority(*job, 7));
    REQUIRE(f.pool.set_limits(*job, "asr", limits{}.with_min(1).with_max(3)));

    const auto spec = f.pool.job_spec_of(*job);
    REQUIRE(spec);
    CHECK(spec->organization() == std::optional<organization_id>{org});
    CHECK(spec->name() == "renewals");
    CHECK(spec->priority() == 7);
    CHECK(spec->mode() == allocation_mode::dynamic);
    CHECK(spec->campaign().empty());
    // Every kind it takes, with its own limits: the outbound port's telephony port too (DESIGN 2).
    CHECK(spec->kinds() == std::vector<std::string>{"outbound_port", "asr", "telephony_port"});
    std::map<std::string, limits> own;
    for (const auto& o : spec->overrides()) {
        own[o.kind] = o.value;
    }
    CHECK(own.at("outbound_port") == limits{2, 12, 1});
    CHECK(own.at("asr") == limits{1, 3, 1});
    CHECK(own.at("telephony_port") == limits{2, 12, 1});

    SECTION("started again under another name, it is set up the same way") {
        auto again = *spec;
        const auto copy = f.pool.start_job(again.named("renewals-2"));
        REQUIRE(copy);
        for (const char* kind : {"outbound_port", "asr", "telephony_port"}) {
            CHECK(f.pool.explain(*copy, kind)->min == f.pool.explain(*job, kind)->min);
            CHECK(f.pool.explain(*copy, kind)->max == f.pool.explain(*job, kind)->max);
        }
        CHECK(describe(*f.pool.job_spec_of(*copy)) == describe(again));
    }
    SECTION("an unknown or forgotten job is refused") {
        CHECK(f.pool.job_spec_of(job_id{99}).error().code() == errc::unknown_job);
        REQUIRE(f.pool.stop_job(*job));
        REQUIRE(f.pool.forget_job(*job));
        CHECK(f.pool.job_spec_of(*job).error().code() == errc::unknown_job);
    }
}

TEST_CASE("job_spec_of names an agent-based job's campaign", "[pool][host_api][agents]") {
    pool_fixture f;
    f.entitle("telephony_port", 10);
    f.entitle("predictive_agent", 4);
    const auto job = f.pool.start_job(job_spec{}.named("camp").min(1).max(3).agents("predictive_agent"));
    REQUIRE(job);
    const auto spec = f.pool.job_spec_of(*job);
    REQUIRE(spec);
    CHECK(spec->campaign() == "predictive_agent");
    CHECK(spec->kinds() == std::vector<std::string>{"telephony_port"});
    auto again = *spec;
    const auto copy = f.pool.start_job(again.named("camp-2"));
    REQUIRE(copy);
    CHECK(f.pool.explain(*copy, "predictive_agent")->max == 3);
    CHECK(f.pool.explain(*copy, "predictive_agent")->min == 1);
}

TEST_CASE("explain says 'no max' for a job with no max", "[pool][host_api]") {
    dialer f;
    const auto open = f.pool.start_job(job_spec{}.named("open").kinds({"outbound_port"}));
    const auto capped = f.pool.start_job(job_spec{}.named("capped").max(6).kinds({"outbound_port"}));
    REQUIRE(open);
    REQUIRE(capped);
    const auto unbounded = f.pool.explain(*open, "outbound_port")->summary();
    CHECK(unbounded.find("no max") != std::string::npos);
    CHECK(unbounded.find(std::to_string(unlimited)) == std::string::npos);
    const auto bounded = f.pool.explain(*capped, "outbound_port")->summary();
    CHECK(bounded.find("ceiling 6") != std::string::npos);
    CHECK(bounded.find("no max") == std::string::npos);
}

TEST_CASE("license_pool_mt and license_pool_st take the clock as their one argument", "[pool][host_api][policies]") {
    STATIC_REQUIRE(std::is_same_v<license_pool_mt<>, license_pool<>>);
    STATIC_REQUIRE(std::is_same_v<license_pool_mt<manual_clock>::clock_type, manual_clock>);
    STATIC_REQUIRE(std::is_same_v<license_pool_mt<manual_clock>::mutex_type, std::mutex>);
    STATIC_REQUIRE(std::is_same_v<license_pool_st<manual_clock>::mutex_type, null_mutex>);
    STATIC_REQUIRE(std::is_same_v<license_pool_mt<manual_clock>, licpool_test::test_pool>);
    // The clock passed with no pool_options before it.
    license_pool_mt<manual_clock> pool{presets::pbx(), serial_number{"S"}, licpool_test::pool_secret(),
                                       manual_clock{date::from_ymd(2026, 3, 1)}};
    CHECK(pool.clock().today() == date::from_ymd(2026, 3, 1));
    license_pool_st<manual_clock> single{presets::pbx(), serial_number{"S"}, licpool_test::pool_secret(),
                                         manual_clock{date::from_ymd(2026, 4, 1)}};
    CHECK(single.clock().today() == date::from_ymd(2026, 4, 1));
}

namespace {
// The busy job of the README's tour: `busy` wants more than its half, `lender` is idle.
struct lending : pool_fixture {
    lending() {
        entitle_outbound(10);
        lender = start("lender", "outbound_port", 1, 0, 10, allocation_mode::dynamic);
        busy = start("busy", "outbound_port", 1, 0, 10, allocation_mode::reserved);
        take(busy, "outbound_port", 5, held);
    }
    job_id lender;
    job_id busy;
    std::vector<lease> held;
};
} // namespace

TEST_CASE("without a tick an idle dynamic job never lends; a ticker's tick makes it", "[pool][host_api][ticker]") {
    lending f;
    CHECK_FALSE(f.pool.acquire(f.busy, "outbound_port")); // hungry: 5 of 5
    f.pool.clock().advance(10min);                         // ten idle minutes, and no tick
    CHECK(f.quota(f.busy, "outbound_port") == 5);
    CHECK_FALSE(f.pool.explain(f.lender, "outbound_port")->idle);

    ticker<licpool_test::test_pool> tick{f.pool, 1s};
    CHECK(tick.tick_if_due() == 1s); // the first call ticks
    CHECK(tick.ticks() == 1);
    CHECK(f.pool.explain(f.lender, "outbound_port")->idle);
    CHECK(f.quota(f.busy, "outbound_port") == 10); // the idle job lent all it does not use
    f.take(f.busy, "outbound_port", 5, f.held);
}

TEST_CASE("a ticker in an event loop ticks once a period on the pool's clock", "[pool][host_api][ticker]") {
    lending f;
    ticker<licpool_test::test_pool> tick{f.pool, 5s};
    CHECK(tick.period() == 5s);
    CHECK_FALSE(tick.running()); // no thread unless asked
    CHECK(tick.tick_if_due() == 5s);
    f.pool.clock().advance(2s);
    CHECK(tick.tick_if_due() == 3s); // not due: how long until it is
    CHECK(tick.ticks() == 1);
    f.pool.clock().advance(3s);
    CHECK(tick.tick_if_due() == 5s);
    CHECK(tick.ticks() == 2);
    // The ticks are the pool's: 60 s of ticking notice the idle job (DESIGN 4.3).
    CHECK_FALSE(f.pool.acquire(f.busy, "outbound_port"));
    for (int i = 0; i < 12; ++i) {
        f.pool.clock().advance(5s);
        (void)tick.tick_if_due();
    }
    CHECK(tick.ticks() == 14);
    CHECK(f.quota(f.busy, "outbound_port") == 10);
}

TEST_CASE("a ticker's own thread ticks until stopped", "[pool][host_api][ticker][concurrency]") {
    lending f;
    ticker<licpool_test::test_pool> tick{f.pool, 1ms};
    tick.start();
    tick.start(); // already running: one thread
    CHECK(tick.running());
    // Bounded: at most 10 s for a few ticks, however slow the machine (a sanitizer, say).
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (tick.ticks() < 3 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);
    }
    CHECK(tick.ticks() >= 3);
    tick.stop();
    CHECK_FALSE(tick.running());
    const auto after = tick.ticks();
    std::this_thread::sleep_for(5ms);
    CHECK(tick.ticks() == after); // no tick after stop() returned
    tick.stop();                  // twice is harmless
    // Destroying a running ticker stops and joins it (else std::terminate ends the test).
    {
        ticker<licpool_test::test_pool> scoped{f.pool, 1ms};
        scoped.start();
    }
}
