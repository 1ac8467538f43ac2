// What a host can watch (issue 15): refusals (events and counters, DESIGN 4.4), a dynamic job
// turning idle and active, donations and take-backs (DESIGN 4.3).
#include "pool/pool_fixture.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace licpool;
using namespace std::chrono_literals;
using licpool_test::pool_fixture;

namespace {

// A pool fixture whose observer sets every hook, and keeps the order events came in.
struct watched : pool_fixture {
    explicit watched(catalog kinds = presets::contact_center()) : pool_fixture{std::move(kinds)} { watch(); }

    void watch() { pool.observe(hooks()); }
    pool_observer hooks() {
        pool_observer o;
        o.recalculated = [this](const recalculation_event& e) {
            recalculations.push_back(e);
            order.push_back("recalculated");
        };
        o.tier_moved = [this](const tier_move_event& e) {
            moves.push_back(e);
            order.push_back("tier_moved");
        };
        o.refused = [this](const refusal_event& e) {
            refusals.push_back(e);
            order.push_back("refused");
        };
        o.activity_changed = [this](const activity_event& e) {
            activity.push_back(e);
            order.push_back(e.idle ? "idle" : "active");
        };
        o.donated = [this](const donation_event& e) {
            donations.push_back(e);
            order.push_back(e.taken_back ? "taken_back" : "donated");
        };
        return o;
    }
    void clear() {
        recalculations.clear();
        refusals.clear();
        activity.clear();
        donations.clear();
        order.clear();
    }
    std::vector<donation_event> donations_of(const std::string& kind_name) const {
        std::vector<donation_event> out;
        std::copy_if(donations.begin(), donations.end(), std::back_inserter(out),
                     [&](const donation_event& d) { return d.kind_name == kind_name; });
        return out;
    }

    std::vector<refusal_event> refusals;
    std::vector<activity_event> activity;
    std::vector<donation_event> donations;
    std::vector<std::string> order;
};

// DESIGN 4.3's example pair: a dynamic job that may donate, a reserved one that may borrow.
struct donor_pair : watched {
    donor_pair() {
        entitle_outbound(10);
        dyn = start("dyn", "outbound_port", 1, 0, 10, allocation_mode::dynamic);
        res = start("res", "outbound_port", 1, 0, 10, allocation_mode::reserved);
        clear();
    }
    job_id dyn;
    job_id res;
    std::vector<lease> dyn_leases;
    std::vector<lease> res_leases;
};

std::vector<kind_id> kinds_of(const pool_fixture& f, std::initializer_list<const char*> names) {
    std::vector<kind_id> out;
    for (const char* n : names) {
        out.push_back(f.kind(n));
    }
    return out;
}

} // namespace

// ---- refusals -------------------------------------------------------------------------------

TEST_CASE("refusals are counted by code, pool-wide and per job, with no listener", "[pool][events][refusals]") {
    pool_fixture f; // observes recalculations and tier moves only
    f.entitle_outbound(10);
    const auto a = f.start("a", "outbound_port", 1, 0, 2);
    const auto b = f.start("b", "outbound_port", 1, 0, 10);
    std::vector<lease> held;
    f.take(a, "outbound_port", 2, held);
    CHECK(f.pool.refusals().total() == 0);
    CHECK(f.pool.acquire(a, "outbound_port").error().code() == errc::job_max);
    CHECK(f.pool.acquire(a, "outbound_port").error().code() == errc::job_max);
    REQUIRE(f.pool.pause_job(b));
    CHECK(f.pool.acquire(b, "outbound_port").error().code() == errc::not_running);
    // Refused before any attempt (DESIGN 4.4: a kind the job lacks, an unknown kind): not counted.
    CHECK(f.pool.acquire(a, "asr").error().code() == errc::kind_not_in_job);
    CHECK(f.pool.acquire(a, "no_such_kind").error().code() == errc::unknown_kind);
    CHECK(f.pool.acquire(job_id{99}, "outbound_port").error().code() == errc::unknown_job);

    const auto all = f.pool.refusals();
    CHECK(all.of(errc::job_max) == 2);
    CHECK(all.of(errc::not_running) == 1);
    CHECK(all.of(errc::job_quota) == 0);
    CHECK(all.of(errc::kind_not_in_job) == 0);
    CHECK(all.total() == 3);
    CHECK(f.pool.refusals_of(a)->of(errc::job_max) == 2);
    CHECK(f.pool.refusals_of(a)->total() == 2);
    CHECK(f.pool.refusals_of(b)->of(errc::not_running) == 1);
    CHECK(f.pool.refusals_of(b)->total() == 1);
    CHECK(f.pool.refusals_of(job_id{99}).error().code() == errc::unknown_job);
    // The counts are of refusals, not of attempts: a granted acquire counts nothing.
    held.clear();
    f.take(a, "outbound_port", 1, held);
    CHECK(f.pool.refusals().total() == 3);
}

TEST_CASE("refusal_counts names DESIGN 4.4's seven codes in order", "[pool][events][refusals]") {
    STATIC_REQUIRE(refusal_counts::size == 7);
    STATIC_REQUIRE(refusal_counts::code_at(0) == errc::not_operational);
    STATIC_REQUIRE(refusal_counts::code_at(1) == errc::not_running);
    STATIC_REQUIRE(refusal_counts::code_at(2) == errc::job_max);
    STATIC_REQUIRE(refusal_counts::code_at(3) == errc::job_quota);
    STATIC_REQUIRE(refusal_counts::code_at(4) == errc::organization);
    STATIC_REQUIRE(refusal_counts::code_at(5) == errc::zone);
    STATIC_REQUIRE(refusal_counts::code_at(6) == errc::entitlement);
    STATIC_REQUIRE(refusal_counts::index_of(errc::unknown_job) == refusal_counts::size);
    STATIC_REQUIRE(refusal_counts::index_of(errc::unknown_kind) == refusal_counts::size);
}

TEST_CASE("a refused acquire sends one event with the error it returned", "[pool][events][refusals]") {
    watched f;
    f.entitle("telephony_port", 10);
    f.entitle("outbound_port", 2);
    const auto a = f.start("a", "outbound_port", 1, 0, 2);
    std::vector<lease> held;
    f.take(a, "outbound_port", 2, held);
    CHECK(f.refusals.empty()); // granted attempts send nothing

    SECTION("the first limit of DESIGN 4.4's order: job_max before the entitlement") {
        const auto refused = f.pool.acquire(a, "outbound_port");
        REQUIRE_FALSE(refused);
        REQUIRE(f.refusals.size() == 1);
        const auto& e = f.refusals[0];
        CHECK(e.call == refused_call::acquire);
        CHECK(e.job == a);
        CHECK(e.job_name == "a");
        CHECK(e.kind == f.kind("outbound_port"));
        CHECK(e.kind_name == "outbound_port");
        CHECK(e.reason.code() == errc::job_max);
        CHECK(e.reason == refused.error());
        CHECK(f.pool.refusals().of(errc::job_max) == 1);
    }
    SECTION("not_running before job_max") {
        REQUIRE(f.pool.pause_job(a));
        const auto refused = f.pool.acquire(a, "outbound_port");
        REQUIRE(f.refusals.size() == 1);
        CHECK(f.refusals[0].reason.code() == errc::not_running);
        CHECK(f.refusals[0].reason == refused.error());
    }
    SECTION("another job's refusal is its own") {
        const auto other = f.start("other", "outbound_port", 1, 0, 10);
        const auto refused = f.pool.acquire(other, "outbound_port");
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code() == errc::organization); // a holds both ports licensed
        REQUIRE(f.refusals.size() == 1);
        CHECK(f.refusals[0].job == other);
        CHECK(f.refusals[0].job_name == "other");
        CHECK(f.refusals[0].reason == refused.error());
        CHECK(f.pool.refusals_of(other)->of(errc::organization) == 1);
        CHECK(f.pool.refusals_of(a)->total() == 0);
    }
    SECTION("the kind it also takes refuses: the event names that kind (DESIGN 2)") {
        const auto c = f.start("c", "outbound_port", 1, 0, 10);
        f.entitle("outbound_port", 10);
        f.entitle("telephony_port", 2); // both held by a's outbound calls
        f.refusals.clear();
        const auto refused = f.pool.acquire(c, "outbound_port");
        REQUIRE_FALSE(refused);
        REQUIRE(f.refusals.size() == 1);
        CHECK(f.refusals[0].kind_name == "telephony_port");
        CHECK(f.refusals[0].kind == f.kind("telephony_port"));
        CHECK(f.refusals[0].reason == refused.error());
    }
    SECTION("no refused hook, no event; the counters count on") {
        pool_observer o = f.hooks();
        o.refused = nullptr;
        f.pool.observe(o);
        CHECK_FALSE(f.pool.acquire(a, "outbound_port"));
        CHECK(f.refusals.empty());
        CHECK(f.pool.refusals().of(errc::job_max) == 1);
        f.watch();
        CHECK_FALSE(f.pool.acquire(a, "outbound_port"));
        CHECK(f.refusals.size() == 1);
        CHECK(f.pool.refusals().of(errc::job_max) == 2);
    }
}

TEST_CASE("a call of several kinds is one refusal, for the kind that refused", "[pool][events][refusals]") {
    watched f;
    f.entitle("telephony_port", 10);
    f.entitle("asr", 1);
    f.entitle("tts", 5);
    const auto job = *f.pool.start_job(job_spec{1, 0, 10, allocation_mode::reserved, {"telephony_port", "asr", "tts"}}.named("ivr"));
    auto first = f.pool.acquire(job, {"telephony_port", "asr", "tts"});
    REQUIRE(first);
    const auto refused = f.pool.acquire(job, {"telephony_port", "asr", "tts"});
    REQUIRE_FALSE(refused);
    REQUIRE(f.refusals.size() == 1);
    CHECK(f.refusals[0].call == refused_call::acquire_many);
    CHECK(f.refusals[0].kind_name == "asr");
    CHECK(f.refusals[0].reason == refused.error());
    CHECK(f.pool.refusals().total() == 1);
    CHECK(f.pool.refusals().of(refused.error().code()) == 1);
    CHECK(f.pool.refusals_of(job)->total() == 1);
    // A list refused before the attempt (a kind named twice) is not counted.
    CHECK(f.pool.acquire(job, {"asr", "asr"}).error().code() == errc::invalid_setting);
    CHECK(f.pool.refusals().total() == 1);
    CHECK(f.refusals.size() == 1);
}

TEST_CASE("attach, move, dial-out and bridge refusals are counted and named", "[pool][events][refusals][agents]") {
    watched f;
    f.entitle("preview_agent", 1);
    f.entitle("telephony_port", 1);
    const auto p = *f.pool.start_job(job_spec{1, 0, 10, allocation_mode::reserved, {}}.named("p").agents("preview_agent"));
    const auto q = *f.pool.start_job(job_spec{1, 0, 10, allocation_mode::reserved, {}}.named("q").agents("preview_agent"));
    REQUIRE(f.pool.attach_agent(p, agent_id{1})); // its seat and the one port
    const auto attach = f.pool.attach_agent(p, agent_id{2});
    REQUIRE_FALSE(attach);
    const auto dial = f.pool.dial_out(p);
    REQUIRE_FALSE(dial);
    const auto bridging = f.pool.bridge(p);
    REQUIRE_FALSE(bridging);
    REQUIRE(f.pool.pause_job(q));
    const auto move = f.pool.move_agent(agent_id{1}, q);
    REQUIRE_FALSE(move);
    CHECK(move.error().code() == errc::not_running);
    // Refused before the attempt: an agent attached already is not a limit of DESIGN 4.4.
    CHECK(f.pool.attach_agent(p, agent_id{1}).error().code() == errc::agent_attached);

    REQUIRE(f.refusals.size() == 4);
    CHECK(f.refusals[0].call == refused_call::attach_agent);
    CHECK(f.refusals[0].reason == attach.error());
    CHECK(f.refusals[1].call == refused_call::dial_out);
    CHECK(f.refusals[1].kind_name == "telephony_port");
    CHECK(f.refusals[1].reason == dial.error());
    CHECK(f.refusals[2].call == refused_call::bridge);
    CHECK(f.refusals[2].reason == bridging.error());
    CHECK(f.refusals[3].call == refused_call::move_agent);
    CHECK(f.refusals[3].job == q);
    CHECK(f.refusals[3].kind_name == "preview_agent");
    CHECK(f.refusals[3].reason == move.error());
    CHECK(f.pool.refusals().total() == 4);
    CHECK(f.pool.refusals_of(p)->total() == 3);
    CHECK(f.pool.refusals_of(q)->of(errc::not_running) == 1);
    CHECK(to_string(refused_call::move_agent) == "move_agent");
}

TEST_CASE("a refusal hook may call back into the pool", "[pool][events][refusals]") {
    pool_fixture f;
    f.entitle_outbound(10);
    const auto a = f.start("a", "outbound_port", 1, 0, 1);
    const auto b = f.start("b", "outbound_port", 1, 0, 10);
    std::vector<lease> held;
    f.take(a, "outbound_port", 1, held);
    std::vector<refusal_event> seen;
    std::vector<lease> from_hook;
    pool_observer o;
    o.refused = [&](const refusal_event& e) {
        seen.push_back(e);
        // Reads and calls that lock: the hook runs with no lock held.
        CHECK(f.pool.refusals().total() >= seen.size());
        CHECK(f.pool.explain(e.job, e.kind));
        CHECK(f.pool.set_priority(b, 2));
        if (seen.size() == 1) {
            // Another refusal from inside the hook: queued, and delivered after this one.
            CHECK_FALSE(f.pool.acquire(a, "outbound_port"));
            auto l = f.pool.acquire(b, "outbound_port");
            CHECK(l);
            if (l) {
                from_hook.push_back(std::move(*l));
            }
        }
    };
    f.pool.observe(o);
    CHECK_FALSE(f.pool.acquire(a, "outbound_port"));
    CHECK(seen.size() == 2);
    CHECK(f.pool.refusals().of(errc::job_max) == 2);
    CHECK(from_hook.size() == 1);
}

// ---- idle and active --------------------------------------------------------------------------

TEST_CASE("a dynamic job turning idle and active again sends an event each way", "[pool][events][idle]") {
    donor_pair f;
    f.advance(59s);
    CHECK(f.activity.empty());
    f.advance(1s);
    // The reserved job never turns idle; the dynamic one does, for its kinds (DESIGN 2: the
    // telephony port its outbound port also takes).
    REQUIRE(f.activity.size() == 1);
    CHECK(f.activity[0].idle);
    CHECK(f.activity[0].job == f.dyn);
    CHECK(f.activity[0].job_name == "dyn");
    CHECK(f.activity[0].kinds == kinds_of(f, {"outbound_port", "telephony_port"}));
    f.advance(10min);
    CHECK(f.activity.size() == 1); // idle already: nothing new

    auto l = f.pool.acquire(f.dyn, "outbound_port"); // trigger 4
    REQUIRE(l);
    REQUIRE(f.activity.size() == 2);
    CHECK_FALSE(f.activity[1].idle);
    CHECK(f.activity[1].job == f.dyn);
    CHECK(f.activity[1].kinds == kinds_of(f, {"outbound_port", "telephony_port"}));
    // The turn comes before the recalculation it triggers.
    CHECK(f.order == std::vector<std::string>{"idle", "active", "recalculated"});
    CHECK(f.recalculations.back().cause == recalculation_cause::idle_job_attempt);
    CHECK(f.pool.acquire(f.dyn, "outbound_port"));
    CHECK(f.activity.size() == 2); // active already
}

TEST_CASE("no idle event for a reserved, paused or busy job", "[pool][events][idle]") {
    donor_pair f;
    const auto paused = f.start("paused", "outbound_port", 1, 0, 10, allocation_mode::dynamic);
    REQUIRE(f.pool.pause_job(paused));
    f.clear();
    f.advance(30s);
    REQUIRE(f.pool.acquire(f.dyn, "outbound_port")); // dyn attempts: active until t=90
    f.advance(30s);
    CHECK(f.activity.empty());
    f.advance(30s);
    REQUIRE(f.activity.size() == 1);
    CHECK(f.activity[0].job == f.dyn);
    // A job that leaves running is no longer idle, with no activity event: its pause is
    // the recalculation's (cause job_paused).
    REQUIRE(f.pool.pause_job(f.dyn));
    CHECK(f.activity.size() == 1);
    REQUIRE(f.pool.resume_job(f.dyn));
    CHECK(f.activity.size() == 1);
}

// ---- donations and take-backs -----------------------------------------------------------------

TEST_CASE("an idle job's donation and its take-back", "[pool][events][donation]") {
    donor_pair f;
    f.take(f.dyn, "outbound_port", 1, f.dyn_leases);
    f.take(f.res, "outbound_port", 5, f.res_leases);
    CHECK_FALSE(f.pool.acquire(f.res, "outbound_port")); // res is hungry
    f.clear();
    f.advance(60s); // trigger 3: dyn idle while res is hungry
    REQUIRE_FALSE(f.recalculations.empty());
    CHECK(f.recalculations.back().cause == recalculation_cause::idle_while_hungry);
    const auto given = f.donations_of("outbound_port");
    REQUIRE(given.size() == 1);
    CHECK_FALSE(given[0].taken_back);
    CHECK(given[0].job == f.dyn);
    CHECK(given[0].job_name == "dyn");
    CHECK(given[0].kind == f.kind("outbound_port"));
    CHECK(given[0].quota_before == 5);
    CHECK(given[0].quota_after == 1);
    CHECK(given[0].count == 4); // the quota's drop
    CHECK(given[0].count == f.pool.explain(f.dyn, "outbound_port")->donated);
    // Its telephony ports too (DESIGN 2): in use 1 of a quota of 5.
    const auto lines = f.donations_of("telephony_port");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].count == 4);
    // The idle turn first, then the recalculation, then what it donated.
    CHECK(f.order == std::vector<std::string>{"idle", "recalculated", "donated", "donated"});
    // Nobody else donates: the reserved job got what dyn gave.
    CHECK(std::none_of(f.donations.begin(), f.donations.end(), [&](const donation_event& d) { return d.job == f.res; }));
    f.take(f.res, "outbound_port", 4, f.res_leases); // borrowed

    SECTION("a later recalculation while still idle donates nothing more") {
        f.clear();
        REQUIRE(f.pool.set_priority(f.res, 3));
        CHECK(f.donations.empty());
    }
    SECTION("the donor's next attempt takes it back") {
        f.clear();
        const auto attempt = f.pool.acquire(f.dyn, "outbound_port"); // trigger 4
        CHECK(f.recalculations.back().cause == recalculation_cause::idle_job_attempt);
        const auto back = f.donations_of("outbound_port");
        REQUIRE(back.size() == 1);
        CHECK(back[0].taken_back);
        CHECK(back[0].job == f.dyn);
        CHECK(back[0].quota_before == 1);
        CHECK(back[0].quota_after == 5);
        CHECK(back[0].count == 4);
        REQUIRE(f.donations_of("telephony_port").size() == 1);
        CHECK(f.donations_of("telephony_port")[0].taken_back);
        // All ten ports are in use (res borrowed them): the attempt itself waits (DESIGN 4.3).
        REQUIRE_FALSE(attempt);
        CHECK(attempt.error().code() == errc::organization);
        CHECK(f.order == std::vector<std::string>{"active", "recalculated", "taken_back", "taken_back", "refused"});
        // Taken back once: the next recalculation reports nothing.
        f.clear();
        REQUIRE(f.pool.set_priority(f.res, 3));
        CHECK(f.donations.empty());
    }
    SECTION("a donor that stops running owes nothing back") {
        f.clear();
        REQUIRE(f.pool.pause_job(f.dyn));
        REQUIRE(f.pool.resume_job(f.dyn));
        REQUIRE(f.pool.set_priority(f.res, 3));
        CHECK(f.recalculations.size() == 3);
        CHECK(f.donations.empty());
    }
}

TEST_CASE("a donation through trigger 5 is reported at that recalculation", "[pool][events][donation]") {
    donor_pair f;
    f.take(f.dyn, "outbound_port", 2, f.dyn_leases);
    f.advance(60s); // dyn idle, nobody hungry: no recalculation, no donation yet
    CHECK(f.donations.empty());
    REQUIRE(f.activity.size() == 1);
    f.take(f.res, "outbound_port", 5, f.res_leases);
    f.clear();
    REQUIRE(f.pool.acquire(f.res, "outbound_port")); // borrows at once
    CHECK(f.recalculations.back().cause == recalculation_cause::donor_available);
    const auto given = f.donations_of("outbound_port");
    REQUIRE(given.size() == 1);
    CHECK(given[0].count == 3); // 5 down to max(min, in use) = 2
    CHECK(given[0].quota_after == 2);
    CHECK(f.refusals.empty()); // the acquire was granted in the end
}

TEST_CASE("no donation from a reserved job or an idle job with no surplus", "[pool][events][donation]") {
    watched f;
    f.entitle_outbound(10);
    const auto quiet = f.start("quiet", "outbound_port", 1, 0, 10, allocation_mode::reserved);
    const auto busy = f.start("busy", "outbound_port", 1, 0, 10, allocation_mode::dynamic);
    std::vector<lease> held;
    f.take(busy, "outbound_port", 5, held);
    f.advance(10min);
    f.clear();
    CHECK(f.pool.set_priority(quiet, 2));
    CHECK(f.donations.empty());
    CHECK(f.pool.explain(busy, "outbound_port")->idle);
}
