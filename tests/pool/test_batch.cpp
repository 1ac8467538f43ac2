// DESIGN 4.3, batches (issue 16): many changes, one recalculation at the end, and the same
// pool as applying them one at a time.
#include "pool/pool_fixture.hpp"

#include <functional>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace licpool;
using licpool_test::pool_fixture;
using licpool_test::test_pool;

namespace batch_test {

const std::vector<std::string> batch_kinds{"asr", "tts", "outbound_port"};

// A fresh pool with the same set-up each time: two zones of two organizations, capacity for
// every kind the sequences use.
struct twin {
    explicit twin(bool forget_stopped) : pool{presets::contact_center(), serial_number{"LP-TEST"},
                                              licpool_test::pool_secret(), options_of(forget_stopped),
                                              manual_clock{date::from_ymd(2026, 1, 1)}} {
        pool_observer hooks;
        hooks.recalculated = [this](const recalculation_event& e) { events.push_back(e); };
        pool.observe(std::move(hooks));
        REQUIRE(pool.report_poll({{"asr", 60}, {"tts", 40}, {"outbound_port", 50}, {"telephony_port", 50}}));
        for (const char* zone : {"east", "west"}) {
            for (const char* org : {"a", "b"}) {
                auto found = pool.organization(zone, org);
                REQUIRE(found);
                orgs.push_back(*found);
            }
            zones.push_back(*pool.find_zone(zone));
        }
    }
    static pool_options options_of(bool forget_stopped) {
        pool_options o{entitlement_source::license_server};
        o.forget_stopped_jobs = forget_stopped;
        return o;
    }

    test_pool pool;
    std::vector<organization_id> orgs;
    std::vector<zone_id> zones;
    std::vector<job_id> jobs;
    std::vector<lease> held;
    std::vector<recalculation_event> events;
    std::vector<std::string> outcomes; // each call's result, in order
};

template <class T>
std::string outcome(const expected<T>& r) {
    return r ? std::string{"ok"} : r.error().message();
}

// One step of a random sequence, drawn once and applied to both pools alike.
struct step {
    int what = 0;
    std::uint32_t pick = 0; // which job, organization or zone
    int priority = 1;
    std::uint32_t min = 0;
    std::uint32_t max = 0;
    std::uint32_t kind = 0;
    bool dynamic = false;
    bool named = false;
    std::uint32_t name = 0;
};

constexpr int settings_steps = 9; // steps below this take, give back or read nothing
constexpr int all_steps = 11;

std::vector<step> draw(std::uint32_t seed, std::size_t n, bool with_acquires) {
    std::mt19937 rng{seed};
    const auto in = [&](std::uint32_t lo, std::uint32_t hi) { return std::uniform_int_distribution<std::uint32_t>{lo, hi}(rng); };
    std::vector<step> steps(n);
    for (auto& s : steps) {
        // Starts are the most frequent, so later steps find jobs to change.
        const std::uint32_t roll = in(0, with_acquires ? 15 : 13);
        s.what = roll <= 5 ? 0 : static_cast<int>(roll - 5);
        s.what = s.what >= (with_acquires ? all_steps : settings_steps) ? 0 : s.what;
        s.pick = in(0, 1000);
        s.priority = static_cast<int>(in(1, 10));
        s.min = in(0, 4);
        s.max = s.min + in(0, 15);
        s.kind = in(0, 2);
        s.dynamic = in(0, 1) == 1;
        s.named = in(0, 3) != 0;
        s.name = in(0, 25); // few names: duplicates, and names freed by stops
    }
    return steps;
}

void apply(twin& t, const step& s) {
    auto& pool = t.pool;
    const auto job = [&] { return t.jobs.empty() ? job_id{0} : t.jobs[s.pick % t.jobs.size()]; };
    const std::string& kind = batch_kinds[s.kind];
    switch (s.what) {
    case 0: { // start
        job_spec spec{t.orgs[s.pick % t.orgs.size()], s.priority, s.min, s.max,
                      s.dynamic ? allocation_mode::dynamic : allocation_mode::reserved, {kind}};
        if (s.kind != 0) {
            spec.kinds({kind, "asr"}).limits_for("asr", s.min / 2, s.max / 2 + 1);
        }
        if (s.named) {
            spec.named("j" + std::to_string(s.name));
        }
        auto started = pool.start_job(spec);
        t.outcomes.push_back(outcome(started));
        if (started) {
            t.jobs.push_back(*started);
        }
        break;
    }
    case 1: t.outcomes.push_back(outcome(pool.stop_job(job()))); break;
    case 2: t.outcomes.push_back(outcome(pool.pause_job(job()))); break;
    case 3: t.outcomes.push_back(outcome(pool.resume_job(job()))); break;
    case 4: t.outcomes.push_back(outcome(pool.set_priority(job(), s.priority))); break;
    case 5: t.outcomes.push_back(outcome(pool.set_limits(job(), kind, s.min, s.max))); break;
    case 6:
        t.outcomes.push_back(outcome(pool.set_organization(s.pick % 2 ? "east" : "west", s.pick % 4 < 2 ? "a" : "b",
                                                           {{kind, limits{s.min, s.max + 10, s.max % 5 + 1}}})));
        break;
    case 7:
        t.outcomes.push_back(outcome(pool.set_zone(s.pick % 2 ? "east" : "west", {{kind, limits{s.min, s.max + 20, 1}}})));
        break;
    case 8:
        t.outcomes.push_back(outcome(pool.report_poll(
            {{"asr", 40 + s.max}, {"tts", 30 + s.min}, {"outbound_port", 50}, {"telephony_port", 50}})));
        break;
    case 9: { // take what the quota allows, up to a few
        for (std::uint32_t i = 0; i <= s.min; ++i) {
            auto l = pool.acquire(job(), kind);
            t.outcomes.push_back(outcome(l));
            if (l) {
                t.held.push_back(std::move(*l));
            }
        }
        break;
    }
    case 10: { // a read in the middle: it applies the pending recalculation
        auto u = pool.job_usage(job(), kind);
        t.outcomes.push_back(u ? std::to_string(u->limit) + "/" + std::to_string(u->in_use) : u.error().message());
        break;
    }
    default: break;
    }
}

// Everything a host can read of the two pools agrees.
void require_same(twin& a, twin& b) {
    CHECK(a.outcomes == b.outcomes);
    REQUIRE(a.jobs == b.jobs);
    for (const job_id j : a.jobs) {
        for (const auto& kind : batch_kinds) {
            const auto ua = a.pool.job_usage(j, kind);
            const auto ub = b.pool.job_usage(j, kind);
            REQUIRE(ua.has_value() == ub.has_value());
            if (ua) {
                CHECK(ua->limit == ub->limit);
                CHECK(ua->in_use == ub->in_use);
                const auto ea = a.pool.explain(j, kind);
                const auto eb = b.pool.explain(j, kind);
                REQUIRE(ea);
                REQUIRE(eb);
                CHECK(ea->summary() == eb->summary());
            } else {
                CHECK(ua.error().message() == ub.error().message());
            }
        }
    }
    for (const auto& kind : batch_kinds) {
        for (std::size_t i = 0; i < a.orgs.size(); ++i) {
            CHECK(a.pool.node_usage(a.orgs[i], kind)->limit == b.pool.node_usage(b.orgs[i], kind)->limit);
        }
        for (std::size_t i = 0; i < a.zones.size(); ++i) {
            CHECK(a.pool.node_usage(a.zones[i], kind)->limit == b.pool.node_usage(b.zones[i], kind)->limit);
        }
        CHECK(a.pool.system_usage(kind)->limit == b.pool.system_usage(kind)->limit);
    }
    CHECK(a.pool.snapshot() == b.pool.snapshot());
}

// The quota changes of `events` from first `before` to last `after`, those that moved.
std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<std::uint32_t, std::uint32_t>>
net_changes(const std::vector<recalculation_event>& events) {
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<std::uint32_t, std::uint32_t>> net;
    for (const auto& e : events) {
        for (const auto& c : e.changes) {
            const auto key = std::make_pair(c.job.value(), c.kind.value());
            auto it = net.find(key);
            if (it == net.end()) {
                net.emplace(key, std::make_pair(c.before, c.after));
            } else {
                it->second.second = c.after;
            }
        }
    }
    for (auto it = net.begin(); it != net.end();) {
        it = it->second.first == it->second.second ? net.erase(it) : std::next(it);
    }
    return net;
}

// The test cases are in the namespace too: this file shares a unity source with others.

TEST_CASE("a batch of settings changes leaves the pool as the same changes one at a time", "[pool][batch]") {
    for (const bool forget_stopped : {false, true}) {
        for (std::uint32_t seed = 1; seed <= 6; ++seed) {
            CAPTURE(forget_stopped, seed);
            twin one{forget_stopped};
            twin batched{forget_stopped};
            const auto steps = draw(seed, 120, false);
            for (const auto& s : steps) {
                apply(one, s);
            }
            const std::size_t before = batched.events.size();
            batched.pool.batch([&] {
                for (const auto& s : steps) {
                    apply(batched, s);
                }
            });
            require_same(one, batched);
            // DESIGN 4.3, batches: one recalculation, listing every quota the batch changed,
            // under the cause and subject of its first change.
            REQUIRE(batched.events.size() == before + 1);
            const auto& event = batched.events.back();
            const std::vector<recalculation_event> one_events(one.events.begin() + static_cast<std::ptrdiff_t>(before),
                                                              one.events.end());
            REQUIRE_FALSE(one_events.empty());
            CHECK(event.cause == one_events.front().cause);
            CHECK(event.subject == one_events.front().subject);
            CHECK(net_changes({event}) == net_changes(one_events));
            CHECK(net_changes({event}).size() == event.changes.size());
        }
    }
}

TEST_CASE("acquires and reads inside a batch see what they would see one call at a time", "[pool][batch]") {
    for (const bool forget_stopped : {false, true}) {
        for (std::uint32_t seed = 11; seed <= 16; ++seed) {
            CAPTURE(forget_stopped, seed);
            twin one{forget_stopped};
            twin batched{forget_stopped};
            const auto steps = draw(seed, 120, true);
            for (const auto& s : steps) {
                apply(one, s);
            }
            batched.pool.batch([&] {
                for (const auto& s : steps) {
                    apply(batched, s);
                }
            });
            require_same(one, batched);
            CHECK(net_changes(batched.events) == net_changes(one.events));
        }
    }
}

TEST_CASE("an acquire right after start_job in a batch is granted as it would be outside", "[pool][batch]") {
    pool_fixture f;
    f.entitle("asr", 10);
    const auto org = f.org("z", "o");
    std::vector<lease> held;
    f.pool.batch([&] {
        const job_id a = f.start("a", "asr", 5, 2, 10, allocation_mode::reserved, org);
        auto l = f.pool.acquire(a, "asr");
        REQUIRE(l);
        held.push_back(std::move(*l));
        CHECK(f.quota(a, "asr") == 10);
        const job_id b = f.start("b", "asr", 5, 4, 10, allocation_mode::reserved, org);
        f.take(b, "asr", 4, held); // b's min, which is only its once recalculated
        CHECK(f.quota(a, "asr") + f.quota(b, "asr") == 10);
        CHECK(f.quota(b, "asr") >= 4);
    });
    CHECK(held.size() == 5);
}

TEST_CASE("nested batches recalculate once, at the end of the outermost", "[pool][batch]") {
    pool_fixture f;
    f.entitle("asr", 10);
    const std::size_t before = f.recalculations.size();
    job_id a{};
    job_id b{};
    const int inner = f.pool.batch([&] {
        a = f.start("a", "asr", 5, 0, 10);
        const int r = f.pool.batch([&] {
            b = f.start("b", "asr", 5, 0, 10);
            return 7;
        });
        CHECK(f.recalculations.size() == before); // the inner batch's end recalculates nothing
        CHECK(f.pool.set_priority(a, 9));
        return r;
    });
    CHECK(inner == 7);
    REQUIRE(f.recalculations.size() == before + 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::job_started);
    CHECK(f.recalculations.back().subject == "a");
    CHECK(f.recalculations.back().changes.size() == 2);
    CHECK(f.quota(a, "asr") > f.quota(b, "asr")); // priority 9 against 5
    CHECK(f.quota(a, "asr") + f.quota(b, "asr") == 10);
    // Outside a batch again: each change recalculates at once.
    CHECK(f.pool.set_priority(b, 9));
    CHECK(f.recalculations.size() == before + 2);
}

TEST_CASE("a batch whose function throws still recalculates, then lets the exception through", "[pool][batch]") {
    pool_fixture f;
    f.entitle("asr", 10);
    const std::size_t before = f.recalculations.size();
    job_id a{};
    CHECK_THROWS_AS(f.pool.batch([&] {
        a = f.start("a", "asr", 5, 0, 10);
        (void)f.start("b", "asr", 5, 0, 10);
        throw std::runtime_error{"host failure"};
    }),
                    std::runtime_error);
    REQUIRE(f.recalculations.size() == before + 1);
    CHECK(f.recalculations.back().changes.size() == 2);
    CHECK(f.quota(a, "asr") == 5);
    // The batch is closed: the next change recalculates on its own.
    CHECK(f.pool.stop_job(a));
    CHECK(f.recalculations.size() == before + 2);
    CHECK(f.recalculations.back().cause == recalculation_cause::job_stopped);
}

TEST_CASE("a stop in a batch names the stopped job's quota among the changes", "[pool][batch]") {
    pool_fixture f;
    f.entitle("asr", 10);
    const job_id a = f.start("a", "asr", 5, 0, 10);
    const job_id b = f.start("b", "asr", 5, 0, 10);
    f.pool.batch([&] {
        CHECK(f.pool.stop_job(a));
        CHECK(f.pool.set_priority(b, 2));
    });
    const auto& e = f.recalculations.back();
    CHECK(e.cause == recalculation_cause::job_stopped);
    REQUIRE(e.changes.size() == 2);
    CHECK(e.changes[0].job == a);
    CHECK(e.changes[0].after == 0);
    CHECK(e.changes[1].job == b);
    CHECK(e.changes[1].after == 10);
    CHECK(f.quota(a, "asr") == 0);
}

TEST_CASE("other threads' changes join an open batch and their acquires apply it first", "[pool][batch]") {
    pool_fixture f;
    f.entitle("asr", 10);
    const std::size_t before = f.recalculations.size();
    job_id a{};
    f.pool.batch([&] {
        a = f.start("a", "asr", 5, 0, 10);
        std::thread other{[&] {
            auto b = f.pool.start_job(job_spec{5, 3, 10, allocation_mode::reserved, {"asr"}}.named("b"));
            REQUIRE(b);
            auto l = f.pool.acquire(*b, "asr"); // applies the recalculation pending for a and b
            CHECK(l);
        }};
        other.join();
        CHECK(f.recalculations.size() == before + 1);
        CHECK(f.pool.set_priority(a, 1)); // pending again until the batch ends
        CHECK(f.recalculations.size() == before + 1);
    });
    CHECK(f.recalculations.size() == before + 2);
    CHECK(f.quota(a, "asr") < 5); // priority 1 against b's 5
}

} // namespace batch_test
