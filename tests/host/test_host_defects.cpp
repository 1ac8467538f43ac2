// Issue 12: what a host developer hit, each as the host saw it, through the public API only.
// Every test here failed on the code before its fix.
#include "keys/key_fixtures.hpp"
#include "pool/pool_fixture.hpp"

#include <limits>
#include <memory>
#include <mutex>

using namespace licpool;
using namespace std::chrono_literals;
using licpool_test::day;
using licpool_test::pool_fixture;

namespace {

// A contact center: agent jobs whose agents hold a seat and a nail-up telephony port.
struct contact_center : pool_fixture {
    contact_center() {
        entitle("manual_agent", 10);
        entitle("telephony_port", 10);
        entitle("outbound_port", 10);
    }
    job_id campaign(const std::string& name, allocation_mode mode, std::uint32_t max = 10, int priority = 1) {
        auto job = pool.start_job(job_spec{priority, 0, max, mode, {}}.named(name).agents("manual_agent"));
        REQUIRE(job);
        return *job;
    }
};

// A pool whose entitlement comes from keys signed for it.
struct keyed : pool_fixture {
    explicit keyed(catalog kinds = presets::contact_center()) : pool_fixture{std::move(kinds), entitlement_source::keys} {}
    std::string key(const std::string& kind, std::uint32_t count, date issued = day(2025, 12, 1)) {
        key_fields f;
        f.feature_code = pool.kinds()[this->kind(kind)].feature_code;
        f.count = count;
        f.issued = issued;
        auto k = issue_key(f, serial_number{"LP-TEST"}, licpool_test::pool_secret());
        REQUIRE(k);
        return *k;
    }
};

struct portal : pool_fixture {
    portal() : pool_fixture{presets::web_portal()} {
        entitle("server", 1);
        entitle("organization", 5);
        entitle("enterprise_user", 20);
    }
    licpool_test::test_pool::tenant_handle tenant(const std::string& zone, const std::string& name) {
        auto t = pool.tenant(org(zone, name));
        REQUIRE(t);
        return *t;
    }
    user_id user(licpool_test::test_pool::tenant_handle& t, const std::string& name) {
        auto u = t.add_user(name);
        REQUIRE(u);
        return *u;
    }
};

} // namespace

// ---- 1. an attach is an attempt for the nail-up port too ----------------------------------

TEST_CASE("defect 1: attaching agents keeps a dynamic job's nail-up port slot active", "[host][agents][defect1]") {
    contact_center f;
    const auto job = f.campaign("sales", allocation_mode::dynamic);
    REQUIRE(f.pool.attach_agent(job, agent_id{1}));
    f.advance(30s);
    REQUIRE(f.pool.attach_agent(job, agent_id{2}));
    f.advance(40s); // 70 s since the start, 40 s since the last attach
    // Any recalculation now would take an idle port slot's quota down to what it uses.
    REQUIRE(f.pool.set_priority(job, 2));
    const auto port = f.pool.explain(job, "telephony_port");
    REQUIRE(port);
    CHECK_FALSE(port->idle);
    CHECK(f.quota(job, "telephony_port") == 10);
    CHECK(f.pool.attach_agent(job, agent_id{3}) == f.kind("manual_agent"));
}

TEST_CASE("defect 1: an attach wakes an idle nail-up port slot before it takes the port", "[host][agents][defect1]") {
    contact_center f;
    const auto job = f.campaign("sales", allocation_mode::dynamic);
    REQUIRE(f.pool.attach_agent(job, agent_id{1}));
    f.advance(61s); // both slots idle now
    REQUIRE(f.pool.set_priority(job, 2)); // recalculates: the idle port slot keeps only what it uses
    CHECK(f.quota(job, "telephony_port") == 1);
    const auto n = f.recalculations.size();
    CHECK(f.pool.attach_agent(job, agent_id{2}) == f.kind("manual_agent"));
    CHECK(f.of(job, "telephony_port") == usage{10, 2});
    REQUIRE(f.recalculations.size() > n);
    CHECK(f.recalculations.back().cause == recalculation_cause::idle_job_attempt);
    const auto port = f.pool.explain(job, "telephony_port");
    REQUIRE(port);
    CHECK_FALSE(port->idle);
}

TEST_CASE("defect 1: an attach borrows a port from a donor at once (trigger 5 for the port)", "[host][agents][defect1]") {
    contact_center f;
    // A dynamic IVR job holds most ports while active, then turns idle.
    auto ivr = f.pool.start_job(job_spec{10, 0, 10, allocation_mode::dynamic, {"telephony_port"}}.named("ivr"));
    REQUIRE(ivr);
    const auto agents = f.campaign("agents", allocation_mode::reserved, 10, 1);
    const auto ports = f.quota(agents, "telephony_port");
    REQUIRE(ports < 10);
    for (std::uint32_t a = 1; a <= ports; ++a) {
        REQUIRE(f.pool.attach_agent(agents, agent_id{a}));
    }
    f.pool.clock().advance(61s); // the ivr turns idle; nobody hungry, so no recalculation yet
    f.pool.tick();
    const auto n = f.recalculations.size();
    // The next attach is refused by the port quota while a donor exists: recalculate, then decide.
    CHECK(f.pool.attach_agent(agents, agent_id{100}) == f.kind("manual_agent"));
    REQUIRE(f.recalculations.size() > n);
    CHECK(f.recalculations[n].cause == recalculation_cause::donor_available);
}

TEST_CASE("defect 1: a move is an attempt for the target job's port slot too", "[host][agents][defect1]") {
    contact_center f;
    const auto a = f.campaign("a", allocation_mode::dynamic);
    const auto b = f.campaign("b", allocation_mode::dynamic);
    REQUIRE(f.pool.attach_agent(a, agent_id{1}));
    REQUIRE(f.pool.attach_agent(b, agent_id{2}));
    f.advance(30s);
    REQUIRE(f.pool.move_agent(agent_id{1}, b));
    f.advance(40s);
    REQUIRE(f.pool.set_priority(a, 2));
    const auto port = f.pool.explain(b, "telephony_port");
    REQUIRE(port);
    CHECK_FALSE(port->idle);
}

// ---- 2. unnamed jobs -------------------------------------------------------------------

TEST_CASE("defect 2: an unnamed job never takes a name the host already used", "[host][jobs][defect2]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    f.start("job-1", "outbound_port", 1, 0, 5);
    f.start("job-2", "outbound_port", 1, 0, 5);
    for (int i = 0; i < 5; ++i) {
        auto job = f.pool.start_job(job_spec{1, 0, 5, allocation_mode::reserved, {"outbound_port"}});
        REQUIRE(job);
        const auto name = f.pool.job_name(*job);
        REQUIRE(name);
        CHECK(*name != "job-1");
        CHECK(*name != "job-2");
        CHECK(f.pool.find_job(*name) == *job);
    }
}

// ---- 3 and 4. node lease times to live ---------------------------------------------------

TEST_CASE("defect 3: a node lease's time to live cannot overflow", "[host][leases][defect3]") {
    pool_fixture f;
    f.entitle("telephony_port", 10);
    const auto huge = std::chrono::milliseconds::max();
    const auto granted = f.pool.grant_node_lease({"media-1", 1, "telephony_port", 4, huge});
    REQUIRE_FALSE(granted);
    CHECK(granted.error().code() == errc::invalid_setting);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 0);
    CHECK(f.pool.node_leases().empty());

    // The documented maximum is accepted, and the lease lives.
    auto kept = f.pool.grant_node_lease({"media-1", 2, "telephony_port", 4, max_node_lease_ttl});
    REQUIRE(kept);
    f.advance(3600s);
    REQUIRE(f.pool.node_leases().size() == 1);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 4);

    const auto renewed = f.pool.renew_node_lease("media-1", kept->fence, huge);
    REQUIRE_FALSE(renewed);
    CHECK(renewed.error().code() == errc::invalid_setting);
    CHECK(f.pool.node_leases().front().expires == kept->expires);
    f.advance(3600s);
    CHECK(f.pool.node_leases().size() == 1);
}

TEST_CASE("defect 4: renewing with a time to live of zero or less is refused", "[host][leases][defect4]") {
    pool_fixture f;
    f.entitle("telephony_port", 10);
    auto lease = f.pool.grant_node_lease({"media-1", 1, "telephony_port", 4, 30s});
    REQUIRE(lease);
    for (const auto ttl : {0ms, -5ms}) {
        const auto renewed = f.pool.renew_node_lease("media-1", lease->fence, ttl);
        REQUIRE_FALSE(renewed);
        CHECK(renewed.error().code() == errc::invalid_setting);
        REQUIRE(f.pool.node_leases().size() == 1);
        CHECK(f.pool.node_leases().front().expires == lease->expires);
    }
    f.advance(1s);
    CHECK(f.pool.node_leases().size() == 1);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 4);
}

// ---- 5. UTF-8 names ----------------------------------------------------------------------

TEST_CASE("defect 5: zone and organization names may be UTF-8", "[host][tree][defect5]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    REQUIRE(f.pool.set_zone("Zürich", {{"outbound_port", limits{0, 5}}}));
    auto tokyo = f.pool.organization("東京", "営業部");
    REQUIRE(tokyo);
    CHECK(f.pool.find_organization("東京", "営業部") == *tokyo);
    // 48 characters of two bytes each are 96 bytes, and still a valid name.
    std::string long_name;
    for (int i = 0; i < 48; ++i) {
        long_name += "é";
    }
    CHECK(f.pool.set_zone(long_name, {}));
    CHECK_FALSE(f.pool.set_zone(long_name + "é", {}));

    // Control characters and byte sequences that are not UTF-8 are refused, on every platform.
    for (const std::string& bad : {std::string{"a\tb"}, std::string{"a\x7f"}, std::string{"\xc2\x85"},
                                  std::string{"\xff"}, std::string{"\xc3"}, std::string{"\xc0\xaf"},
                                  std::string{"\xed\xa0\x80"}, std::string{"a/b"}, std::string{"a b"}}) {
        const auto refused = f.pool.set_zone(bad, {});
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == errc::invalid_setting);
    }
}

TEST_CASE("defect 5: a snapshot with UTF-8 names loads back", "[host][tree][snapshot][defect5]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    const auto org = f.org("東京", "営業部");
    f.start("ジョブ", "outbound_port", 1, 0, 5, allocation_mode::reserved, org);
    const auto text = f.pool.snapshot();
    pool_fixture g;
    REQUIRE(g.pool.restore_snapshot(text));
    CHECK(g.pool.find_organization("東京", "営業部"));
    CHECK(g.pool.snapshot() == text);
}

// ---- 6. save, load, save -----------------------------------------------------------------

TEST_CASE("defect 6: an audit moves the latest date forward, so save-load-save is identical", "[host][snapshot][defect6]") {
    keyed f;
    REQUIRE(f.pool.install_key(f.key("outbound_port", 10)));
    f.pool.clock().advance(std::chrono::hours{24 * 3}); // no tick: the audit is the first to see the date
    (void)f.pool.audit();
    const auto text = f.pool.snapshot();
    CHECK(text.find("latest-date 2026-01-04") != std::string::npos);
    keyed g;
    g.pool.clock().advance(std::chrono::hours{24 * 3});
    REQUIRE(g.pool.restore_snapshot(text));
    CHECK(g.pool.snapshot() == text);
}

TEST_CASE("defect 6: a poll moves the latest date forward", "[host][snapshot][defect6]") {
    pool_fixture f;
    f.pool.clock().advance(std::chrono::hours{24 * 2});
    f.entitle("outbound_port", 10); // a poll on 2026-01-03
    CHECK(f.pool.snapshot().find("latest-date 2026-01-03") != std::string::npos);
    // The clock set back does not take the pool's calendar back with it (DESIGN 3).
    f.pool.clock().set_today(day(2025, 12, 1));
    CHECK(f.pool.audit().day == day(2026, 1, 3));
    REQUIRE(f.pool.report_poll_failure());
    CHECK(f.pool.polls().failing_since == day(2026, 1, 3));
}

// ---- 7 and 8. entitlement calls that change nothing; the key_removed subject ---------------

TEST_CASE("defect 7: a call that changes no entitlement does not recalculate", "[host][keys][defect7]") {
    SECTION("the same key twice") {
        keyed f;
        const auto key = f.key("outbound_port", 10);
        REQUIRE(f.pool.install_key(key));
        const auto n = f.recalculations.size();
        REQUIRE(f.pool.install_key(key));
        CHECK(f.recalculations.size() == n);
    }
    SECTION("removing a key that is not installed") {
        keyed f;
        REQUIRE(f.pool.install_key(f.key("outbound_port", 10)));
        const auto n = f.recalculations.size();
        CHECK(f.pool.remove_key(f.key("asr", 3)).error().code() == errc::key_not_installed);
        CHECK(f.recalculations.size() == n);
    }
    SECTION("a poll with the same counts") {
        pool_fixture f;
        f.entitle("outbound_port", 10);
        const auto n = f.recalculations.size();
        f.entitle("outbound_port", 10);
        CHECK(f.recalculations.size() == n);
        f.entitle("outbound_port", 11);
        CHECK(f.recalculations.size() == n + 1);
    }
}

TEST_CASE("defect 8: the recalculation after a key is removed names the kind", "[host][keys][defect8]") {
    keyed f;
    const auto key = f.key("outbound_port", 10);
    REQUIRE(f.pool.install_key(key));
    REQUIRE(f.pool.remove_key(key));
    REQUIRE_FALSE(f.recalculations.empty());
    CHECK(f.recalculations.back().cause == recalculation_cause::entitlement_changed);
    CHECK(f.recalculations.back().subject == "outbound_port");
}

// ---- 9. a tenant's limits bind its users --------------------------------------------------

TEST_CASE("defect 9: an organization's max binds its users' assigned and concurrent licenses", "[host][users][defect9]") {
    portal f;
    REQUIRE(f.pool.set_organization("eu", "acme", {{"enterprise_user", limits{0, 5}}}));
    auto acme = f.tenant("eu", "acme");
    std::vector<user_id> users;
    for (int i = 0; i < 7; ++i) {
        users.push_back(f.user(acme, "u" + std::to_string(i)));
    }
    for (int i = 0; i < 5; ++i) {
        REQUIRE(acme.assign(users[static_cast<std::size_t>(i)], "enterprise_user"));
    }
    const auto refused = acme.assign(users[5], "enterprise_user");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::organization);
    CHECK_FALSE(acme.has_access(users[5], "enterprise_user"));
    CHECK(f.pool.system_usage(f.kind("enterprise_user")).in_use == 5);
    const auto org_usage = f.pool.node_usage(acme.id(), f.kind("enterprise_user"));
    REQUIRE(org_usage);
    CHECK(org_usage->in_use == 5);

    // Concurrent logins too, in a second tenant with its own max.
    REQUIRE(f.pool.set_organization("eu", "beta", {{"enterprise_user", limits{0, 2}}}));
    auto beta = f.tenant("eu", "beta");
    const auto b1 = f.user(beta, "b1");
    const auto b2 = f.user(beta, "b2");
    const auto b3 = f.user(beta, "b3");
    REQUIRE(beta.login(b1, "enterprise_user"));
    REQUIRE(beta.login(b2, "enterprise_user"));
    CHECK(beta.login(b3, "enterprise_user").error().code() == errc::organization);
    REQUIRE(beta.logout(b1, "enterprise_user"));
    CHECK(beta.login(b3, "enterprise_user"));

    // The unlimited zone's other tenants are not held back.
    auto gamma = f.tenant("eu", "gamma");
    const auto g1 = f.user(gamma, "g1");
    CHECK(gamma.assign(g1, "enterprise_user"));
}

TEST_CASE("defect 9: a zone's max binds the users of its tenants", "[host][users][defect9]") {
    portal f;
    REQUIRE(f.pool.set_zone("us", {{"enterprise_user", limits{0, 3}}}));
    auto a = f.tenant("us", "a");
    auto b = f.tenant("us", "b");
    REQUIRE(a.assign(f.user(a, "a1"), "enterprise_user"));
    REQUIRE(a.assign(f.user(a, "a2"), "enterprise_user"));
    REQUIRE(b.assign(f.user(b, "b1"), "enterprise_user"));
    const auto refused = b.assign(f.user(b, "b2"), "enterprise_user");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::zone);
}

TEST_CASE("defect 9: an organization's min is reserved for its own users", "[host][users][defect9]") {
    portal f; // 20 enterprise_user licenses
    REQUIRE(f.pool.set_organization("eu", "acme", {{"enterprise_user", limits{8, 20}}}));
    auto acme = f.tenant("eu", "acme");
    auto other = f.tenant("eu", "other");
    REQUIRE(acme.assign(f.user(acme, "a0"), "enterprise_user"));
    // 7 of acme's 8 are still reserved for acme: others get 20 - 8 = 12.
    for (int i = 0; i < 12; ++i) {
        REQUIRE(other.assign(f.user(other, "o" + std::to_string(i)), "enterprise_user"));
    }
    const auto refused = other.assign(f.user(other, "o12"), "enterprise_user");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::entitlement);
    CHECK(refused.error().message() ==
          "all 20 licensed enterprise_user are in use or kept for other tenants' minimums");
    for (int i = 1; i < 8; ++i) {
        REQUIRE(acme.assign(f.user(acme, "a" + std::to_string(i)), "enterprise_user"));
    }
    CHECK(f.pool.system_usage(f.kind("enterprise_user")).in_use == 20);
}

TEST_CASE("defect 9: the audit's organization figures count the tenant's users", "[host][users][audit][defect9]") {
    portal f;
    auto acme = f.tenant("eu", "acme");
    REQUIRE(acme.assign(f.user(acme, "a0"), "enterprise_user"));
    REQUIRE(acme.assign(f.user(acme, "a1"), "enterprise_user"));
    REQUIRE(acme.assign(f.user(acme, "a2"), "enterprise_user"));
    f.entitle("enterprise_user", 1); // the license server now grants 1: 2 over
    const auto report = f.pool.audit();
    bool seen = false;
    for (const auto& e : report.excesses) {
        if (e.where == excess::level::organization && e.name == "eu/acme") {
            seen = true;
            CHECK(e.in_use == 3);
        }
    }
    CHECK(seen);
    // Removing a user gives its licenses back at every level.
    auto a0 = acme.find_user("a0");
    REQUIRE(a0);
    REQUIRE(acme.remove_user(*a0));
    CHECK(f.pool.node_usage(acme.id(), f.kind("enterprise_user"))->in_use == 2);
}

// ---- 13. forgetting stopped jobs ---------------------------------------------------------

TEST_CASE("defect 13: a stopped job that holds nothing can be forgotten", "[host][jobs][defect13]") {
    pool_fixture f;
    f.entitle("telephony_port", 10); // each outbound call holds one too (DESIGN 2)
    f.entitle("outbound_port", 10);
    const auto run = f.start("run-1", "outbound_port", 1, 0, 10);
    auto held = f.pool.acquire(run, "outbound_port");
    REQUIRE(held);
    CHECK(f.pool.forget_job(run).error().code() == errc::invalid_state); // running
    REQUIRE(f.pool.stop_job(run));
    CHECK(f.pool.forget_job(run).error().code() == errc::invalid_state); // still holds a port
    *held = lease{};
    const auto before = f.pool.snapshot();
    REQUIRE(f.pool.forget_job(run));
    CHECK(f.pool.snapshot().size() < before.size());
    CHECK(f.pool.snapshot().find("run-1") == std::string::npos);
    CHECK(f.pool.state_of(run).error().code() == errc::unknown_job);
    CHECK(f.pool.job_usage(run, "outbound_port").error().code() == errc::unknown_job);
    CHECK(f.pool.forget_job(run).error().code() == errc::unknown_job);
    CHECK(f.pool.jobs().empty());
    CHECK(f.pool.find_job("run-1").error().code() == errc::unknown_job);
    // The name is free again.
    const auto again = f.start("run-1", "outbound_port", 1, 0, 10);
    CHECK(f.quota(again, "outbound_port") == 10);
}

TEST_CASE("defect 13: with forget_stopped_jobs a stopped job goes once its last lease is back", "[host][jobs][defect13]") {
    pool_options options{entitlement_source::license_server};
    options.forget_stopped_jobs = true;
    licpool_test::test_pool pool{presets::contact_center(), serial_number{"LP-TEST"}, licpool_test::pool_secret(),
                                 options, manual_clock{}};
    REQUIRE(pool.report_poll({{"outbound_port", 10}, {"telephony_port", 10}}));
    auto idle = pool.start_job(job_spec{1, 0, 5, allocation_mode::reserved, {"outbound_port"}}.named("idle"));
    auto busy = pool.start_job(job_spec{1, 0, 5, allocation_mode::reserved, {"outbound_port"}}.named("busy"));
    REQUIRE(idle);
    REQUIRE(busy);
    auto call = pool.acquire(*busy, "outbound_port");
    REQUIRE(call);
    REQUIRE(pool.stop_job(*idle));
    CHECK(pool.state_of(*idle).error().code() == errc::unknown_job);
    REQUIRE(pool.stop_job(*busy));
    CHECK(pool.state_of(*busy) == job_state::stopped);
    *call = lease{};
    pool.tick();
    CHECK(pool.state_of(*busy).error().code() == errc::unknown_job);
    CHECK(pool.jobs().empty());
}

TEST_CASE("defect 13: stopped jobs take no part in a recalculation", "[host][jobs][defect13]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    for (int i = 0; i < 50; ++i) {
        const auto job = f.start("old-" + std::to_string(i), "outbound_port", 1, 0, 10);
        REQUIRE(f.pool.stop_job(job));
    }
    const auto live = f.start("live", "outbound_port", 1, 0, 10);
    REQUIRE(f.pool.set_priority(live, 3));
    // The recalculation reports only the quota that changed, and a stopped job has none to change.
    REQUIRE_FALSE(f.recalculations.empty());
    CHECK(f.recalculations.back().changes.empty());
    CHECK(f.quota(live, "outbound_port") == 10);
}

// ---- 14. nothing licensed ----------------------------------------------------------------

TEST_CASE("defect 14: with no license of a kind at all, acquire is refused `entitlement`", "[host][acquire][defect14]") {
    pool_fixture f;
    f.entitle("asr", 0);
    const auto job = f.start("ivr", "asr", 1, 0, 10);
    const auto refused = f.pool.acquire(job, "asr");
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == error{errc::entitlement, "asr", {}, 0, 0});
}

TEST_CASE("defect 14: attaching with no telephony port licensed is refused `entitlement`", "[host][agents][defect14]") {
    pool_fixture f;
    f.entitle("manual_agent", 5);
    auto job = f.pool.start_job(job_spec{1, 0, 5, allocation_mode::reserved, {}}.named("agents").agents("manual_agent"));
    REQUIRE(job);
    const auto refused = f.pool.attach_agent(*job, agent_id{1});
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == error{errc::entitlement, "telephony_port", {}, 0, 0});
    CHECK(f.pool.system_usage(f.kind("manual_agent")).in_use == 0);
}

TEST_CASE("defect 14: with no seat of an adequate tier, attach is refused `entitlement`", "[host][agents][defect14]") {
    pool_fixture f;
    f.entitle("manual_agent", 5);
    f.entitle("telephony_port", 5);
    auto job = f.pool.start_job(job_spec{1, 0, 5, allocation_mode::reserved, {}}.named("p").agents("predictive_agent"));
    REQUIRE(job);
    const auto refused = f.pool.attach_agent(*job, agent_id{1});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::entitlement);
}

TEST_CASE("defect 14: a zone with nothing to give refuses as the zone", "[host][acquire][defect14]") {
    pool_fixture f;
    f.entitle("asr", 10);
    REQUIRE(f.pool.set_zone("closed", {{"asr", limits{0, 0}}}));
    const auto job = f.start("ivr", "asr", 1, 0, 10, allocation_mode::reserved, f.org("closed", "o"));
    const auto refused = f.pool.acquire(job, "asr");
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == error{errc::zone, "closed", "asr", 0, 0});
}

// ---- 15. settings on a stopped job ---------------------------------------------------------

TEST_CASE("defect 15: a stopped job's settings cannot change", "[host][jobs][defect15]") {
    pool_fixture f;
    f.entitle("outbound_port", 10);
    const auto job = f.start("done", "outbound_port", 4, 1, 5);
    REQUIRE(f.pool.stop_job(job));
    const auto n = f.recalculations.size();
    CHECK(f.pool.set_priority(job, 7).error().code() == errc::invalid_state);
    CHECK(f.pool.set_limits(job, "outbound_port", 0, 9).error().code() == errc::invalid_state);
    CHECK(f.recalculations.size() == n);
    const auto e = f.pool.explain(job, "outbound_port");
    REQUIRE(e);
    CHECK(e->priority == 4);
    CHECK(e->min == 1);
    CHECK(e->max == 5);
}

TEST_CASE("defect 9: explain shows what a tenant's users hold beside its jobs", "[host][users][defect9]") {
    // Issue 13, item 2: Phone Manager, consumed while in use, so that a job may acquire it
    // and a user takes it by login (this test used Mobility, which only users take now).
    pool_fixture f{presets::pbx()};
    f.entitle("phone_manager_pro", 10);
    auto org = f.org("eu", "acme");
    const auto job = f.start("sync", "phone_manager_pro", 1, 0, 5, allocation_mode::reserved, org);
    auto acme = f.pool.tenant(org);
    REQUIRE(acme);
    auto ann = acme->add_user("ann");
    REQUIRE(ann);
    REQUIRE(acme->login(*ann, "phone_manager_pro"));
    auto held = f.pool.acquire(job, "phone_manager_pro");
    REQUIRE(held);
    const auto e = f.pool.explain(job, "phone_manager_pro");
    REQUIRE(e);
    CHECK(e->organization_in_use == 2);
    CHECK(e->organization_users == 1);
    CHECK(e->summary().find("the organization's users hold 1 of its 2 in use") != std::string::npos);
}

// ---- issue 13, item 2: a kind's consumption decides the call ------------------------------

TEST_CASE("issue 13 item 2: a UC bundle's user is configured for Mobility and runs Phone Manager", "[host][users][consumption]") {
    // An IP Office host: the UC for Small Business bundle grants Mobility (consumed when a
    // user is configured for it) and Phone Manager (consumed while the application runs).
    pool_fixture f{presets::pbx()};
    f.entitle("uc_small_business_20", 1);
    auto office = f.pool.tenant(f.org("default", "office"));
    REQUIRE(office);
    const auto alice = office->add_user("alice");
    const auto bob = office->add_user("bob");
    REQUIRE((alice && bob));
    REQUIRE(office->assign(*alice, "mobility"));
    REQUIRE(office->login(*alice, "phone_manager_pro"));
    REQUIRE(office->login(*alice, "phone_manager_pro_ip_audio"));
    // Mobility is not taken at login, nor Phone Manager by configuration.
    const auto login = office->login(*bob, "mobility");
    REQUIRE_FALSE(login);
    CHECK(login.error().code() == errc::consumption_mismatch);
    CHECK(login.error().message().find("'mobility' is consumed when configured") != std::string::npos);
    CHECK(office->assign(*bob, "phone_manager_pro").error().code() == errc::consumption_mismatch);
    CHECK(f.pool.system_usage(f.kind("mobility")).in_use == 1);
    CHECK(f.pool.system_usage(f.kind("phone_manager_pro")).in_use == 1);
    // The application closes: alice keeps Mobility, and may start it again.
    REQUIRE(office->logout(*alice, "phone_manager_pro"));
    CHECK(office->has_access(*alice, "mobility"));
    CHECK(office->login(*alice, "phone_manager_pro"));
}

TEST_CASE("issue 13 item 2: a job cannot acquire a kind consumed when configured", "[host][users][consumption]") {
    pool_fixture f{presets::pbx()};
    f.entitle("mobility", 10);
    f.entitle("phone_manager_pro", 10);
    const auto job = f.pool.start_job(
        job_spec{1, 0, 5, allocation_mode::reserved, {"mobility", "phone_manager_pro"}}.named("sync"));
    REQUIRE(job);
    const auto refused = f.pool.acquire(*job, "mobility");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::consumption_mismatch);
    CHECK(refused.error().message() ==
          "license kind 'mobility' is consumed when configured: a user takes it by assign; a job cannot acquire it "
          "(DESIGN 5)");
    // Several kinds at once: refused before anything is taken.
    const auto call = f.pool.acquire(*job, {"phone_manager_pro", "mobility"});
    REQUIRE_FALSE(call);
    CHECK(call.error().code() == errc::consumption_mismatch);
    CHECK(f.of(*job, "phone_manager_pro").in_use == 0);
    CHECK(f.pool.system_usage(f.kind("mobility")).in_use == 0);
    // A kind consumed while in use is a job's as before.
    CHECK(f.pool.acquire(*job, "phone_manager_pro"));
}

// ---- issue 13, item 3: the feature key pulled, swapped, exchanged ---------------------------

namespace {
// The host's dongle driver: what the feature key in the slot says, if one is there. Called by
// the pool under its lock from any thread, so it guards itself.
class dongle {
public:
    void plug(std::string serial) {
        std::lock_guard<std::mutex> hold{mutex_};
        serial_ = std::move(serial);
    }
    void pull() { plug({}); }
    serial_number serial() const {
        std::lock_guard<std::mutex> hold{mutex_};
        return serial_number{serial_};
    }

private:
    mutable std::mutex mutex_;
    std::string serial_ = "LP-TEST";
};
struct dongle_serial {
    std::shared_ptr<dongle> slot = std::make_shared<dongle>();
    serial_number serial() const { return slot->serial(); }
};
using dongle_pool = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<>,
                                 feature_key_validator<hmac_sha256, dongle_serial>, std::mutex, manual_clock>;

std::unique_ptr<dongle_pool> dongle_host(const dongle_serial& provider) {
    return std::make_unique<dongle_pool>(
        presets::contact_center(),
        feature_key_validator<hmac_sha256, dongle_serial>{presets::contact_center(), licpool_test::pool_secret(), provider},
        licpool_test::pool_secret(), pool_options{entitlement_source::keys}, manual_clock{day(2026, 1, 1)});
}
std::string dongle_key(const std::string& serial, std::uint32_t count) {
    key_fields f;
    f.feature_code = presets::contact_center()[*presets::contact_center().find("telephony_port")].feature_code;
    f.count = count;
    f.issued = day(2025, 12, 1);
    return *issue_key(f, serial_number{serial}, licpool_test::pool_secret());
}
} // namespace

TEST_CASE("issue 13: a pulled feature key stops the keys at the next tick, not only at install", "[host][keys][serial]") {
    dongle_serial provider;
    auto pool = dongle_host(provider);
    std::vector<recalculation_event> events;
    pool->observe(pool_observer{[&](const recalculation_event& e) { events.push_back(e); }, {}});
    REQUIRE(pool->install_key(dongle_key("LP-TEST", 10)));
    auto job = pool->start_job(job_spec{1, 0, 10, allocation_mode::dynamic, {"telephony_port"}}.named("dialer"));
    REQUIRE(job);
    auto call = pool->acquire(*job, "telephony_port");
    REQUIRE(call);

    provider.slot->pull();
    pool->tick();
    REQUIRE_FALSE(events.empty());
    CHECK(events.back().cause == recalculation_cause::key_serial);
    CHECK(pool->entitlement_of(*pool->kinds().find("telephony_port")) == 0);
    CHECK_FALSE(pool->acquire(*job, "telephony_port"));
    const auto report = pool->audit();
    REQUIRE(report.findings.size() == 1);
    CHECK(report.findings[0].code == finding_code::serial_absent);
    *call = lease{}; // the call in progress ends normally
    CHECK(pool->system_usage(*pool->kinds().find("telephony_port")).in_use == 0);

    provider.slot->plug("LP-TEST");
    pool->tick();
    CHECK(pool->entitlement_of(*pool->kinds().find("telephony_port")) == 10);
    CHECK(pool->acquire(*job, "telephony_port"));
}

TEST_CASE("issue 13: after a feature-key exchange the configuration survives the restart", "[host][keys][serial][snapshot]") {
    dongle_serial provider;
    auto before = dongle_host(provider);
    REQUIRE(before->install_key(dongle_key("LP-TEST", 10)));
    REQUIRE(before->set_zone("east", {{"telephony_port", {2, 8}}}));
    auto acme = before->organization("east", "acme");
    REQUIRE(acme);
    REQUIRE(before->start_job(job_spec{*acme, 5, 1, 6, allocation_mode::reserved, {"telephony_port"}}.named("dialer")));
    auto tenant = before->tenant(*acme);
    REQUIRE(tenant);
    REQUIRE(tenant->add_user("ann"));
    const std::string saved = before->snapshot();

    // The vendor ships a new feature key, LP-NEW, with its keys; the host restarts.
    provider.slot->plug("LP-NEW");
    auto after = dongle_host(provider);
    CHECK(after->restore_snapshot(saved).error().code() == errc::snapshot_foreign);
    const auto restored = after->restore_snapshot(saved, snapshot_serial::exchanged);
    REQUIRE(restored);
    CHECK(restored->dropped_keys == std::vector<std::string>{before->installed_keys()[0].key});
    CHECK(after->find_job("dialer"));
    CHECK(after->find_organization("east", "acme"));
    CHECK((*after->tenant(*after->find_organization("east", "acme"))).find_user("ann"));
    REQUIRE(after->install_key(dongle_key("LP-NEW", 10)));
    CHECK(after->job_usage(*after->find_job("dialer"), "telephony_port")->limit > 0);
}
