// DESIGN 1: many threads acquire and release while others recalculate, move agents, tick
// and read. Checked: no grant ever passes a limit, and every license comes back.
//
// Worker threads count their own holdings (incremented after a grant, decremented before a
// release), so a thread's view never runs ahead of the pool's: a count above a limit the
// pool could never exceed means the pool granted past it. Catch2 2.x assertions are not
// thread-safe, so threads only record violations and the main thread asserts.
#include <licpool/licpool.hpp>

#include "licpool_catch.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace licpool;

namespace {

using stress_pool = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<>,
                                 feature_key_validator<>, std::mutex, manual_clock>;

constexpr std::uint32_t entitled_ports = 40; // never raised above this
constexpr std::uint32_t zone_max = 30;       // zone "z": never above this
constexpr std::uint32_t org_max = 18;        // organization "z/a": never above this
constexpr std::uint32_t seats = 6;           // 2 of each agent tier

struct job_plan {
    const char* name;
    const char* org;
    int priority;
    std::uint32_t max;
    allocation_mode mode;
};

const std::array<job_plan, 6> plans = {{
    {"a1", "a", 5, 9, allocation_mode::dynamic},
    {"a2", "a", 2, 12, allocation_mode::reserved},
    {"b1", "b", 7, 10, allocation_mode::dynamic},
    {"b2", "b", 1, 14, allocation_mode::reserved},
    {"c1", "c", 3, 16, allocation_mode::dynamic},
    {"c2", "c", 9, 8, allocation_mode::reserved},
}};

struct holdings {
    std::array<std::atomic<std::uint32_t>, plans.size()> job{};
    std::atomic<std::uint32_t> org_a{0};
    std::atomic<std::uint32_t> zone_z{0};
    std::atomic<std::uint32_t> total{0};
    std::atomic<std::uint32_t> violations{0};
    std::atomic<std::uint64_t> grants{0};
};

// How long the stress runs: LICPOOL_STRESS_SECONDS (scripts/test gives ThreadSanitizer about
// 30 s to explore interleavings), else one second, so the other configurations stay quick.
std::chrono::milliseconds stress_time() {
    if (const char* text = std::getenv("LICPOOL_STRESS_SECONDS")) {
        const double seconds = std::atof(text);
        if (seconds > 0) {
            return std::chrono::milliseconds{static_cast<std::int64_t>(seconds * 1000)};
        }
    }
    return std::chrono::seconds{1};
}

bool in_org_a(std::size_t j) { return plans[j].org[0] == 'a'; }
bool in_zone_z(std::size_t j) { return plans[j].org[0] != 'c'; }

void worker(stress_pool& pool, const std::vector<job_id>& jobs, holdings& h, std::uint64_t seed,
            std::chrono::steady_clock::time_point until) {
    std::mt19937_64 rng{seed};
    std::vector<std::pair<std::size_t, lease>> held;
    const auto release_one = [&](std::size_t at) {
        const std::size_t j = held[at].first;
        h.job[j].fetch_sub(1);
        if (in_org_a(j)) {
            h.org_a.fetch_sub(1);
        }
        if (in_zone_z(j)) {
            h.zone_z.fetch_sub(1);
        }
        h.total.fetch_sub(1);
        held[at].second.release();
        held.erase(held.begin() + static_cast<std::ptrdiff_t>(at));
    };
    for (std::uint64_t i = 0; (i % 256 != 0) || std::chrono::steady_clock::now() < until; ++i) {
        if (!held.empty() && (held.size() > 8 || rng() % 3 == 0)) {
            release_one(static_cast<std::size_t>(rng() % held.size()));
            continue;
        }
        const std::size_t j = static_cast<std::size_t>(rng() % jobs.size());
        auto granted = pool.acquire(jobs[j], "outbound_port");
        if (!granted) {
            continue;
        }
        h.grants.fetch_add(1);
        bool ok = h.job[j].fetch_add(1) + 1 <= plans[j].max;
        if (in_org_a(j)) {
            ok = h.org_a.fetch_add(1) + 1 <= org_max && ok;
        }
        if (in_zone_z(j)) {
            ok = h.zone_z.fetch_add(1) + 1 <= zone_max && ok;
        }
        ok = h.total.fetch_add(1) + 1 <= entitled_ports && ok;
        if (!ok) {
            h.violations.fetch_add(1);
        }
        held.emplace_back(j, std::move(*granted));
    }
    while (!held.empty()) {
        release_one(held.size() - 1);
    }
}

} // namespace

TEST_CASE("concurrent acquires never pass a limit and every license comes back", "[concurrency]") {
    stress_pool pool{presets::contact_center(), serial_number{"STRESS"}, *vendor_secret::make("licpool stress secret!"),
                     pool_options{entitlement_source::license_server}, manual_clock{},
                     reserved_dynamic_allocator<>{std::chrono::seconds{1}}};
    const std::vector<kind_count> counts = {{"outbound_port", entitled_ports}, {"telephony_port", 100}, {"agent_web_api", 5}, {"asr", 6},
                                            {"manual_agent", 2}, {"preview_agent", 2}, {"predictive_agent", 2}};
    REQUIRE(pool.report_poll(counts));
    REQUIRE(pool.set_zone("z", {{"outbound_port", {4, zone_max}}}));
    REQUIRE(pool.set_organization("z", "a", {{"outbound_port", {2, org_max}}}));
    std::vector<job_id> jobs;
    for (const auto& p : plans) {
        const std::string zone = p.org[0] == 'c' ? "y" : "z";
        auto org = pool.organization(zone, p.org);
        REQUIRE(org);
        auto job = pool.start_job(job_spec{*org, p.priority, 1, p.max, p.mode, {"outbound_port"}}.named(p.name));
        REQUIRE(job);
        jobs.push_back(*job);
    }
    auto agents_job = pool.start_job(job_spec{5, 0, 6, allocation_mode::dynamic, {}}.named("agents").agents("preview_agent"));
    auto manual_job = pool.start_job(job_spec{5, 0, 6, allocation_mode::reserved, {}}.named("manual").agents("manual_agent"));
    REQUIRE(agents_job);
    REQUIRE(manual_job);

    // Observers run with no lock held: calling back into the pool from them must not deadlock.
    std::atomic<std::uint64_t> observed{0};
    pool.observe(pool_observer{[&](const recalculation_event& e) {
                                   observed.fetch_add(1);
                                   if (!e.changes.empty()) {
                                       (void)pool.explain(e.changes.front().job, e.changes.front().kind);
                                   }
                               },
                               {}});

    holdings h;
    std::atomic<bool> done{false};
    std::atomic<std::uint32_t> seat_violations{0};
    // More threads than cores, each doing something else, for a bounded time.
    constexpr int workers = 4;
    const auto until = std::chrono::steady_clock::now() + stress_time();

    std::vector<std::thread> threads;
    for (int t = 0; t < workers; ++t) {
        threads.emplace_back([&, t] { worker(pool, jobs, h, 1000 + static_cast<std::uint64_t>(t), until); });
    }
    // Short runs come and go in zone y (DESIGN 4.2): start, take a few ports, stop, and be
    // forgotten once empty; their ports count against the entitlement like everyone's.
    std::atomic<std::uint32_t> churn_failures{0};
    std::thread churn{[&] {
        std::mt19937_64 rng{13};
        const auto org = pool.organization("y", "runs");
        if (!org) {
            churn_failures.fetch_add(1);
            return;
        }
        while (!done.load()) {
            auto run = pool.start_job(job_spec{*org, static_cast<int>(1 + rng() % 10), 0, 3, allocation_mode::dynamic,
                                               {"outbound_port"}});
            if (!run) {
                churn_failures.fetch_add(1);
                continue;
            }
            std::vector<lease> calls;
            for (int c = 0; c < 3; ++c) {
                auto call = pool.acquire(*run, "outbound_port");
                if (call) {
                    if (h.total.fetch_add(1) + 1 > entitled_ports) {
                        h.violations.fetch_add(1);
                    }
                    calls.push_back(std::move(*call));
                }
            }
            (void)pool.set_priority(*run, static_cast<int>(1 + rng() % 10));
            if (!pool.stop_job(*run)) {
                churn_failures.fetch_add(1);
            }
            for (auto& call : calls) {
                h.total.fetch_sub(1);
                call.release();
            }
            if (!pool.forget_job(*run)) {
                churn_failures.fetch_add(1);
            }
        }
    }};
    // Lock-free and locked readers look at every job while jobs start, stop and are forgotten.
    std::atomic<std::uint32_t> reader_failures{0};
    std::thread reader{[&] {
        const auto port = *pool.kinds().find("outbound_port");
        while (!done.load()) {
            for (const job_id j : pool.jobs()) {
                const auto state = pool.state_of(j);
                const auto used = pool.job_usage(j, port);
                // A job may be forgotten between the two calls, never brought back.
                if (!state && used) {
                    reader_failures.fetch_add(1);
                }
                (void)pool.explain(j, port);
                (void)pool.job_name(j);
            }
        }
    }};
    // Calls take a telephony port and an ASR connection at once (DESIGN 4.4.1): never more ASR
    // than licensed, never half a call, and everything back at the end.
    auto ivr = pool.start_job(job_spec{*pool.organization("y", "ivr"), 5, 0, 8, allocation_mode::dynamic,
                                       {"telephony_port", "asr"}}.named("ivr"));
    REQUIRE(ivr);
    std::atomic<std::uint32_t> asr_held{0};
    std::atomic<std::uint32_t> call_violations{0};
    std::vector<std::thread> callers;
    for (int t = 0; t < 2; ++t) {
        callers.emplace_back([&, t] {
            std::mt19937_64 rng{23 + static_cast<std::uint64_t>(t)};
            std::vector<call_leases> calls;
            const auto asr = *pool.kinds().find("asr");
            while (!done.load()) {
                if (!calls.empty() && (calls.size() > 3 || rng() % 2 == 0)) {
                    asr_held.fetch_sub(1);
                    calls.pop_back();
                    continue;
                }
                auto call = pool.acquire(*ivr, {"telephony_port", "asr"});
                if (!call) {
                    continue;
                }
                if (call->held() != 2 || !call->holds(asr) || asr_held.fetch_add(1) + 1 > 6) {
                    call_violations.fetch_add(1);
                }
                calls.push_back(std::move(*call));
            }
            while (!calls.empty()) {
                asr_held.fetch_sub(1);
                calls.pop_back();
            }
        });
    }
    // Users of a tenant take and give back agent_web_api licenses (DESIGN 5).
    std::atomic<std::uint32_t> user_violations{0};
    std::thread users{[&] {
        std::mt19937_64 rng{17};
        auto tenant = pool.tenant(*pool.organization("z", "b"));
        if (!tenant) {
            user_violations.fetch_add(1);
            return;
        }
        std::vector<user_id> people;
        for (int u = 0; u < 8; ++u) {
            auto added = tenant->add_user("user" + std::to_string(u));
            if (added) {
                people.push_back(*added);
            }
        }
        while (!done.load()) {
            const auto who = people[rng() % people.size()];
            if (rng() % 2 == 0) {
                (void)tenant->assign(who, "agent_web_api");
            } else {
                (void)tenant->unassign(who, "agent_web_api");
            }
            if (pool.system_usage(*pool.kinds().find("agent_web_api")).in_use > 5) {
                user_violations.fetch_add(1);
            }
        }
        for (const auto who : people) {
            (void)tenant->remove_user(who);
        }
    }};
    // Settings change under the workers' feet: every trigger of DESIGN 4.3 keeps firing.
    std::thread settings{[&] {
        std::mt19937_64 rng{7};
        while (!done.load()) {
            const std::size_t j = static_cast<std::size_t>(rng() % jobs.size());
            switch (rng() % 6) {
            case 0: (void)pool.set_priority(jobs[j], static_cast<int>(1 + rng() % 10)); break;
            case 1: (void)pool.set_limits(jobs[j], "outbound_port", 0, static_cast<std::uint32_t>(rng() % (plans[j].max + 1))); break;
            case 2: (void)pool.set_zone("z", {{"outbound_port", {0, static_cast<std::uint32_t>(rng() % (zone_max + 1))}}}); break;
            case 3: (void)pool.set_organization("z", "a", {{"outbound_port", {0, static_cast<std::uint32_t>(rng() % (org_max + 1))}}}); break;
            case 4: {
                auto lowered = counts;
                lowered[0].count = static_cast<std::uint32_t>(rng() % (entitled_ports + 1));
                (void)pool.report_poll(lowered);
                break;
            }
            default:
                pool.clock().advance(std::chrono::milliseconds{400});
                pool.tick();
            }
            if (rng() % 5 == 0) {
                (void)pool.pause_job(jobs[j]);
                (void)pool.resume_job(jobs[j]);
            }
        }
    }};
    // Agents come and go, and move between the two campaigns, on the pool's lock.
    std::thread agent_thread{[&] {
        std::mt19937_64 rng{11};
        while (!done.load()) {
            const agent_id a{static_cast<std::uint32_t>(rng() % 10)};
            switch (rng() % 3) {
            case 0: (void)pool.attach_agent(rng() % 2 == 0 ? *agents_job : *manual_job, a); break;
            case 1: (void)pool.detach_agent(a); break;
            default: (void)pool.move_agent(a, rng() % 2 == 0 ? *agents_job : *manual_job);
            }
            std::uint32_t held_seats = 0;
            for (const char* k : {"manual_agent", "preview_agent", "predictive_agent"}) {
                const auto u = pool.system_usage(*pool.kinds().find(k));
                held_seats += u.in_use;
                if (u.in_use > 2) {
                    seat_violations.fetch_add(1);
                }
            }
            if (held_seats > seats) {
                seat_violations.fetch_add(1);
            }
        }
    }};

    // DESIGN 7: snapshots taken while everything else runs are each one moment's state.
    std::vector<std::string> snapshots;
    std::thread snapshot_thread{[&] {
        // At most 64 kept, spread over the run: a long run takes thousands.
        std::mt19937_64 rng{19};
        for (std::size_t taken = 0; !done.load(); ++taken) {
            auto text = pool.snapshot();
            if (snapshots.size() < 64) {
                snapshots.push_back(std::move(text));
            } else if (rng() % taken < 64) {
                snapshots[rng() % 64] = std::move(text);
            }
        }
    }};

    for (auto& t : threads) {
        t.join();
    }
    done.store(true);
    settings.join();
    agent_thread.join();
    snapshot_thread.join();
    churn.join();
    reader.join();
    users.join();
    for (auto& t : callers) {
        t.join();
    }
    CHECK(call_violations.load() == 0);
    CHECK(pool.system_usage(*pool.kinds().find("asr")).in_use == 0);
    CHECK(pool.job_usage(*ivr, "telephony_port")->in_use == 0);
    CHECK(churn_failures.load() == 0);
    CHECK(reader_failures.load() == 0);
    CHECK(user_violations.load() == 0);
    CHECK(pool.system_usage(*pool.kinds().find("agent_web_api")).in_use == 0);

    CHECK(h.violations.load() == 0);
    CHECK(seat_violations.load() == 0);
    CHECK(h.grants.load() > 0);
    CHECK(observed.load() > 0);
    UNSCOPED_INFO("grants " << h.grants.load() << ", recalculations observed " << observed.load());
    CHECK(h.grants.load() > 1000);
    // Every lease came back: nothing is in use anywhere.
    const auto port = *pool.kinds().find("outbound_port");
    CHECK(pool.system_usage(port).in_use == 0);
    CHECK(pool.node_usage(*pool.find_zone("z"), port)->in_use == 0);
    CHECK(pool.node_usage(*pool.find_organization("z", "a"), port)->in_use == 0);
    for (const auto job : jobs) {
        CHECK(pool.job_usage(job, port)->in_use == 0);
    }
    // Every snapshot reads back into a fresh pool that writes exactly the same text.
    REQUIRE_FALSE(snapshots.empty());
    std::size_t checked = 0;
    for (std::size_t i = 0; i < snapshots.size(); i += std::max<std::size_t>(1, snapshots.size() / 20)) {
        stress_pool copy{presets::contact_center(), serial_number{"STRESS"}, *vendor_secret::make("licpool stress secret!"),
                         pool_options{entitlement_source::license_server}, manual_clock{},
                         reserved_dynamic_allocator<>{std::chrono::seconds{1}}};
        const auto restored = copy.restore_snapshot(snapshots[i]);
        CHECK(restored.has_value());
        CHECK(copy.snapshot() == snapshots[i]);
        ++checked;
    }
    CHECK(checked > 0);

    // Detach whatever agents are left: seats and nail-up ports all come back too.
    for (std::uint32_t a = 0; a < 10; ++a) {
        (void)pool.detach_agent(agent_id{a});
    }
    for (const char* k : {"manual_agent", "preview_agent", "predictive_agent", "telephony_port"}) {
        CAPTURE(k);
        CHECK(pool.system_usage(*pool.kinds().find(k)).in_use == 0);
    }
}

// Issue 15: refusals on the lock-free path are counted exactly, and reported with no lock
// held, while another thread sets and clears the refusal hook. (Under ThreadSanitizer, a
// hook read without the mutex would be a reported data race.)
TEST_CASE("refusals are counted and reported while the observer changes", "[concurrency][events]") {
    stress_pool pool{presets::contact_center(), serial_number{"STRESS"}, *vendor_secret::make("licpool stress secret!"),
                     pool_options{entitlement_source::license_server}};
    REQUIRE(pool.report_poll({{"outbound_port", 10}, {"telephony_port", 10}}));
    auto full = pool.start_job(job_spec{1, 0, 1, allocation_mode::reserved, {"outbound_port"}}.named("full"));
    auto paused = pool.start_job(job_spec{1, 0, 5, allocation_mode::reserved, {"outbound_port"}}.named("paused"));
    REQUIRE(full);
    REQUIRE(paused);
    REQUIRE(pool.pause_job(*paused));
    auto held = pool.acquire(*full, "outbound_port");
    REQUIRE(held);

    std::atomic<std::uint64_t> heard{0};
    std::atomic<std::uint32_t> wrong{0};
    pool_observer listening;
    listening.refused = [&](const refusal_event& e) {
        heard.fetch_add(1);
        if (e.reason.code() != errc::job_max && e.reason.code() != errc::not_running) {
            wrong.fetch_add(1);
        }
        (void)pool.refusals_of(e.job); // back into the pool: no lock is held
    };
    constexpr int per_thread = 1500;
    std::atomic<bool> done{false};
    std::thread toggler{[&] {
        for (bool on = true; !done.load(); on = !on) {
            pool.observe(on ? listening : pool_observer{});
        }
    }};
    std::vector<std::thread> callers;
    for (int t = 0; t < 3; ++t) {
        callers.emplace_back([&, t] {
            const job_id job = t == 0 ? *paused : *full;
            for (int i = 0; i < per_thread; ++i) {
                if (pool.acquire(job, "outbound_port")) {
                    wrong.fetch_add(1);
                }
            }
        });
    }
    for (auto& c : callers) {
        c.join();
    }
    done = true;
    toggler.join();

    CHECK(wrong.load() == 0);
    CHECK(pool.refusals().total() == 3 * per_thread);
    CHECK(pool.refusals().of(errc::not_running) == per_thread);
    CHECK(pool.refusals_of(*full)->of(errc::job_max) == 2 * per_thread);
    CHECK(heard.load() <= 3 * per_thread);
    // Listening again: the next refusal is heard, once.
    pool.observe(listening);
    const auto before = heard.load();
    CHECK_FALSE(pool.acquire(*full, "outbound_port"));
    CHECK(heard.load() == before + 1);
}

// DESIGN 4.4 (issue 16): recalculations that lower limits under held licenses (take-backs)
// race acquires on other threads. While a lowered limit stands, holdings above it stay and
// no grant may take a level past it: not the job's quota (its max lowered), not the
// organization's share (its max lowered), not the entitlement (a poll reporting fewer).
// A worker reads the phase before and after its acquire; when both reads show the same
// "low" phase, the low limits stood for the whole call, so a count above them after the
// grant (counted by the workers, never ahead of the pool) is a grant past a limit.
TEST_CASE("acquires racing take-backs never grant past a lowered limit", "[concurrency][take-back]") {
    stress_pool pool{presets::contact_center(), serial_number{"STRESS"}, *vendor_secret::make("licpool stress secret!"),
                     pool_options{entitlement_source::license_server}, manual_clock{},
                     reserved_dynamic_allocator<>{std::chrono::seconds{1}}};
    constexpr std::uint32_t high_total = 24, low_total = 10;
    constexpr std::uint32_t high_org = 16, low_org = 5;
    constexpr std::uint32_t high_job = 12, low_job = 3;
    REQUIRE(pool.report_poll({{"outbound_port", high_total}, {"telephony_port", 100}}));
    REQUIRE(pool.set_organization("z", "a", {{"outbound_port", {0, high_org}}}));
    const auto org_a = pool.organization("z", "a");
    const auto org_b = pool.organization("z", "b");
    REQUIRE(org_a);
    REQUIRE(org_b);
    // Jobs 0 and 1 in organization a, 2 and 3 in b; job 0's max goes up and down.
    std::array<job_id, 4> jobs{};
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        auto job = pool.start_job(job_spec{}.in(j < 2 ? *org_a : *org_b).priority(static_cast<int>(3 + j)).max(high_job)
                                      .reserved().kinds({"outbound_port"}));
        REQUIRE(job);
        jobs[j] = *job;
    }
    // phase % 4: 0 high limits stand, 1 lowering, 2 low limits stand, 3 raising.
    std::atomic<std::uint32_t> phase{0};
    std::atomic<bool> done{false};
    std::atomic<std::uint32_t> job0{0}, in_org_a{0}, total{0};
    std::atomic<std::uint32_t> violations{0}, failures{0};
    std::atomic<std::uint64_t> low_grants{0};
    const auto work = [&](std::uint64_t seed) {
        std::mt19937_64 rng{seed};
        std::vector<std::pair<std::size_t, lease>> held;
        const auto give_back = [&](std::size_t at) {
            const std::size_t j = held[at].first;
            total.fetch_sub(1);
            if (j < 2) {
                in_org_a.fetch_sub(1);
            }
            if (j == 0) {
                job0.fetch_sub(1);
            }
            held[at].second.release();
            held.erase(held.begin() + static_cast<std::ptrdiff_t>(at));
        };
        while (!done.load()) {
            if (!held.empty() && (held.size() > 10 || rng() % 4 == 0)) {
                give_back(static_cast<std::size_t>(rng() % held.size()));
                continue;
            }
            const std::size_t j = static_cast<std::size_t>(rng() % jobs.size());
            const std::uint32_t before = phase.load();
            auto granted = pool.acquire(jobs[j], "outbound_port");
            if (!granted) {
                continue;
            }
            const std::uint32_t t = total.fetch_add(1) + 1;
            const std::uint32_t o = j < 2 ? in_org_a.fetch_add(1) + 1 : 0;
            const std::uint32_t q = j == 0 ? job0.fetch_add(1) + 1 : 0;
            const std::uint32_t after = phase.load();
            const bool low = before == after && before % 4 == 2;
            if (t > high_total || o > high_org || q > high_job ||
                (low && (t > low_total || o > low_org || q > low_job))) {
                violations.fetch_add(1);
            }
            if (low) {
                low_grants.fetch_add(1);
            }
            held.emplace_back(j, std::move(*granted));
        }
        while (!held.empty()) {
            give_back(held.size() - 1);
        }
    };
    std::vector<std::thread> threads;
    for (std::uint64_t t = 0; t < 3; ++t) {
        threads.emplace_back(work, 77 + t);
    }
    // A bounded number of cycles, each a few milliseconds: cheap in every configuration.
    for (int cycle = 0; cycle < 40; ++cycle) {
        const auto set = [&](std::uint32_t ports, std::uint32_t org_max_now, std::uint32_t job_max_now) {
            const bool ok = pool.report_poll({{"outbound_port", ports}, {"telephony_port", 100}}) &&
                            pool.set_organization("z", "a", {{"outbound_port", {0, org_max_now}}}) &&
                            pool.set_limits(jobs[0], "outbound_port", 0, job_max_now);
            if (!ok) {
                failures.fetch_add(1);
            }
        };
        phase.fetch_add(1); // lowering
        set(low_total, low_org, low_job);
        phase.fetch_add(1); // low limits stand
        std::this_thread::sleep_for(std::chrono::milliseconds{3});
        phase.fetch_add(1); // raising
        set(high_total, high_org, high_job);
        phase.fetch_add(1); // high limits stand
        std::this_thread::sleep_for(std::chrono::milliseconds{2});
    }
    done.store(true);
    for (auto& t : threads) {
        t.join();
    }
    CHECK(failures.load() == 0);
    CHECK(violations.load() == 0);
    UNSCOPED_INFO("grants while the low limits stood: " << low_grants.load());
    const auto port = *pool.kinds().find("outbound_port");
    CHECK(pool.system_usage(port).in_use == 0);
    CHECK(pool.node_usage(*org_a, port)->in_use == 0);
    for (const auto job : jobs) {
        CHECK(pool.job_usage(job, port)->in_use == 0);
    }
}
