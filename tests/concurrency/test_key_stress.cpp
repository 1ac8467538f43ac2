// DESIGN 1 and 3: feature keys are installed, removed and expire while calls come and go.
// Checked: no grant passes the largest entitlement the keys could ever give, a removed or
// expired key stops counting at once for new grants, and every license comes back.
//
// Like the main stress test, threads only record violations (Catch2 2.x assertions are not
// thread-safe) and the main thread asserts. The run is as long as LICPOOL_STRESS_SECONDS.
#include <licpool/licpool.hpp>

#include "licpool_catch.hpp"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace licpool;

namespace {

using keyed_stress_pool = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<>,
                                       feature_key_validator<>, std::mutex, manual_clock>;

std::chrono::milliseconds key_stress_time() {
    if (const char* text = std::getenv("LICPOOL_STRESS_SECONDS")) {
        const long seconds = std::strtol(text, nullptr, 10);
        if (seconds > 0) {
            return std::chrono::seconds{seconds};
        }
    }
    return std::chrono::seconds{1};
}

const serial_number key_stress_serial{"KEY-STRESS"};

vendor_secret key_stress_secret() { return *vendor_secret::make("licpool key stress secret"); }

std::string port_key(const catalog& kinds, const char* kind, std::uint32_t count, date issued, std::uint16_t days) {
    key_fields f;
    f.feature_code = kinds[*kinds.find(kind)].feature_code;
    f.count = count;
    f.issued = issued;
    f.validity_days = days;
    return *issue_key(f, key_stress_serial, key_stress_secret());
}

// What the callers of a stress run count: grants in all, and grants that would have put more
// licenses in use than were ever licensed.
struct call_tally {
    std::atomic<std::uint32_t> held{0};
    std::atomic<std::uint32_t> violations{0};
    std::atomic<std::uint64_t> grants{0};
};

// `threads` callers placing calls on random jobs and ending them at random until `until`,
// then ending every call they hold.
template <class Pool>
std::vector<std::thread> start_callers(Pool& pool, const std::vector<job_id>& jobs, kind_id port,
                                       std::uint32_t most_ever, int threads, std::uint64_t seed,
                                       std::chrono::steady_clock::time_point until, call_tally& tally) {
    std::vector<std::thread> callers;
    for (int t = 0; t < threads; ++t) {
        callers.emplace_back([&pool, &jobs, &tally, port, most_ever, until, rng_seed = seed + static_cast<std::uint64_t>(t)] {
            std::mt19937_64 rng{rng_seed};
            std::vector<lease> calls;
            while (std::chrono::steady_clock::now() < until) {
                if (!calls.empty() && (calls.size() > 4 || rng() % 2 == 0)) {
                    tally.held.fetch_sub(1);
                    calls.pop_back();
                    continue;
                }
                auto call = pool.acquire(jobs[rng() % jobs.size()], port);
                if (!call) {
                    continue;
                }
                tally.grants.fetch_add(1);
                if (tally.held.fetch_add(1) + 1 > most_ever) {
                    tally.violations.fetch_add(1);
                }
                calls.push_back(std::move(*call));
            }
            while (!calls.empty()) {
                tally.held.fetch_sub(1);
                calls.pop_back();
            }
        });
    }
    return callers;
}

} // namespace

TEST_CASE("keys installed, removed and expiring under calls: no grant past the keys, and everything comes back",
          "[concurrency][keys]") {
    keyed_stress_pool pool{presets::contact_center(), key_stress_serial, key_stress_secret(),
                           pool_options{entitlement_source::keys}, manual_clock{date::from_ymd(2026, 1, 1)},
                           reserved_dynamic_allocator<>{std::chrono::seconds{1}}};
    // Two perpetual keys and one that ends after 20 days: at most 4 + 4 + 4 ports, ever.
    const std::vector<std::string> keys = {port_key(pool.kinds(), "outbound_port", 4, date::from_ymd(2025, 12, 1), 0),
                                           port_key(pool.kinds(), "outbound_port", 4, date::from_ymd(2025, 11, 1), 0),
                                           port_key(pool.kinds(), "outbound_port", 4, date::from_ymd(2025, 12, 20), 20)};
    constexpr std::uint32_t most_ever = 12;
    const auto port = *pool.kinds().find("outbound_port");
    // Each outbound call holds a telephony port too (DESIGN 2, also takes): 12 of those stay
    // installed, so that only the outbound keys coming and going bind, and every telephony
    // port comes back with its outbound port.
    const auto telephony = *pool.kinds().find("telephony_port");
    const auto telephony_key = port_key(pool.kinds(), "telephony_port", most_ever, date::from_ymd(2025, 12, 1), 0);
    REQUIRE(pool.install_key(telephony_key));
    std::vector<job_id> jobs;
    for (int j = 0; j < 3; ++j) {
        auto job = pool.start_job(job_spec{1 + 3 * j, 0, 8, j == 1 ? allocation_mode::reserved : allocation_mode::dynamic,
                                           {"outbound_port"}}.named("calls" + std::to_string(j)));
        REQUIRE(job);
        jobs.push_back(*job);
    }

    std::atomic<bool> done{false};
    call_tally tally;
    std::atomic<std::uint32_t> key_failures{0};
    const auto until = std::chrono::steady_clock::now() + key_stress_time();

    auto callers = start_callers(pool, jobs, port, most_ever, 3, 31, until, tally);
    // Keys come and go; a refusal here (other than "not installed") is a failure.
    std::thread installer{[&] {
        std::mt19937_64 rng{37};
        while (!done.load()) {
            const auto& key = keys[rng() % keys.size()];
            if (rng() % 2 == 0) {
                const auto installed = pool.install_key(key);
                // The 20-day key is refused once it has expired: that is the rule, not a failure.
                if (!installed && installed.error().code() != errc::expired) {
                    key_failures.fetch_add(1);
                }
            } else {
                const auto removed = pool.remove_key(key);
                if (!removed && removed.error().code() != errc::key_not_installed) {
                    key_failures.fetch_add(1);
                }
            }
        }
    }};
    // The clock runs six hours per tick, for at least 100 ticks (25 days) however loaded the
    // machine is: the 20-day key always expires (on an idle machine, long before the end).
    std::thread ticker{[&] {
        for (int ticks = 0; !done.load() || ticks < 100; ++ticks) {
            pool.clock().advance(std::chrono::hours{6});
            pool.tick();
            std::this_thread::yield();
        }
    }};
    // Readers, with no lock and with the lock: never an entitlement above the keys'.
    std::thread reader{[&] {
        while (!done.load()) {
            if (pool.entitlement_of(port) > most_ever || pool.system_usage(port).limit > most_ever ||
                pool.system_usage(telephony).in_use > most_ever) {
                tally.violations.fetch_add(1);
            }
            for (const job_id j : jobs) {
                (void)pool.explain(j, port);
                (void)pool.job_usage(j, port);
            }
            (void)pool.installed_keys();
        }
    }};

    for (auto& t : callers) {
        t.join();
    }
    done.store(true);
    installer.join();
    ticker.join();
    reader.join();

    CHECK(tally.violations.load() == 0);
    CHECK(key_failures.load() == 0);
    CHECK(tally.grants.load() > 0);
    UNSCOPED_INFO("grants " << tally.grants.load());
    CHECK(pool.system_usage(port).in_use == 0);
    CHECK(pool.system_usage(telephony).in_use == 0);
    for (const job_id j : jobs) {
        CHECK(pool.job_usage(j, port)->in_use == 0);
        CHECK(pool.job_usage(j, telephony)->in_use == 0);
    }
    // The run outlived the 20-day key (its last day was 2026-01-08): it is refused now.
    REQUIRE(pool.clock().today() > date::from_ymd(2026, 1, 8));
    const auto late = pool.install_key(keys[2]);
    REQUIRE_FALSE(late);
    CHECK(late.error().code() == errc::expired);
    // With every key removed nothing is entitled, and nothing can be granted.
    for (const auto& key : keys) {
        (void)pool.remove_key(key);
    }
    REQUIRE(pool.remove_key(telephony_key));
    CHECK(pool.installed_keys().empty());
    CHECK(pool.entitlement_of(port) == 0);
    CHECK_FALSE(pool.acquire(jobs[0], port));
}

namespace {
// DESIGN 3: a host's serial provider another thread switches (the feature key pulled,
// swapped, put back). It is host code the pool calls under its lock; being read while it is
// switched, it must be thread-safe itself, hence the atomic.
struct switched_serial {
    std::shared_ptr<std::atomic<int>> which = std::make_shared<std::atomic<int>>(0);
    serial_number serial() const {
        switch (which->load()) {
        case 0: return key_stress_serial;
        case 1: return serial_number{};
        default: return serial_number{"KEY-STRESS-OTHER"};
        }
    }
};
using switched_stress_pool = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<>,
                                          feature_key_validator<hmac_sha256, switched_serial>, std::mutex, manual_clock>;
} // namespace

TEST_CASE("the serial switched under calls and ticks: no grant past the keys, and everything comes back",
          "[concurrency][keys][serial]") {
    switched_serial provider;
    switched_stress_pool pool{presets::contact_center(),
                              feature_key_validator<hmac_sha256, switched_serial>{presets::contact_center(),
                                                                                  key_stress_secret(), provider},
                              key_stress_secret(), pool_options{entitlement_source::keys},
                              manual_clock{date::from_ymd(2026, 1, 1)}, reserved_dynamic_allocator<>{std::chrono::seconds{1}}};
    // Outbound calls hold telephony ports too (DESIGN 2): as many of those as outbound ports.
    for (const auto& key : {port_key(pool.kinds(), "outbound_port", 4, date::from_ymd(2025, 12, 1), 0),
                            port_key(pool.kinds(), "outbound_port", 4, date::from_ymd(2025, 11, 1), 0),
                            port_key(pool.kinds(), "telephony_port", 8, date::from_ymd(2025, 11, 1), 0)}) {
        REQUIRE(pool.install_key(key));
    }
    constexpr std::uint32_t most_ever = 8;
    const auto port = *pool.kinds().find("outbound_port");
    std::vector<job_id> jobs;
    for (int j = 0; j < 2; ++j) {
        auto job = pool.start_job(job_spec{1 + j, 0, 8, j == 0 ? allocation_mode::reserved : allocation_mode::dynamic,
                                           {"outbound_port"}}.named("calls" + std::to_string(j)));
        REQUIRE(job);
        jobs.push_back(*job);
    }
    std::atomic<bool> done{false};
    call_tally tally;
    // Half the stress time: scripts/test runs the concurrency tests two at a time under TSan,
    // and this third one would otherwise run alone for the whole of it (the 20-minute budget).
    const auto until = std::chrono::steady_clock::now() + key_stress_time() / 2;

    auto callers = start_callers(pool, jobs, port, most_ever, 2, 41, until, tally);
    // The feature key comes and goes; the pool notices at a tick, an audit or check_serial.
    std::thread switcher{[&] {
        std::mt19937_64 rng{43};
        while (!done.load()) {
            provider.which->store(static_cast<int>(rng() % 3));
            switch (rng() % 3) {
            case 0: pool.tick(); break;
            case 1: pool.check_serial(); break;
            default: (void)pool.audit(); break;
            }
            std::this_thread::yield();
        }
    }};
    std::thread reader{[&] {
        while (!done.load()) {
            if (pool.entitlement_of(port) > most_ever || pool.system_usage(port).limit > most_ever) {
                tally.violations.fetch_add(1);
            }
            (void)pool.explain(jobs[0], port);
        }
    }};
    for (auto& t : callers) {
        t.join();
    }
    done.store(true);
    switcher.join();
    reader.join();

    CHECK(tally.violations.load() == 0);
    CHECK(tally.grants.load() > 0);
    CHECK(pool.system_usage(port).in_use == 0);
    // Pulled: nothing counts, nothing is granted. Back: the keys count again.
    provider.which->store(1);
    pool.tick();
    CHECK(pool.entitlement_of(port) == 0);
    CHECK_FALSE(pool.acquire(jobs[0], port));
    provider.which->store(0);
    pool.check_serial();
    CHECK(pool.entitlement_of(port) == most_ever);
    CHECK(pool.acquire(jobs[0], port));
}
