// DESIGN 1, issue 12 defect 11: a job is published only once it is whole. Monitor threads
// read jobs through the lock-free members (jobs, state_of, job_name, job_usage) and through
// explain while one thread starts jobs: every job a reader can see must have its name and
// every kind it was started with. (Under ThreadSanitizer, a record published before it is
// filled is also a reported data race.)
#include <licpool/licpool.hpp>

#include "licpool_catch.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace licpool;

TEST_CASE("a job that a reader can see is whole", "[concurrency][publication]") {
    license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<>, feature_key_validator<>,
                 std::mutex, manual_clock>
        pool{presets::contact_center(), serial_number{"LP-TEST"}, *vendor_secret::make("licpool publication test"),
             pool_options{entitlement_source::license_server}};
    REQUIRE(pool.report_poll({{"outbound_port", 100}, {"asr", 100}}));
    const kind_id outbound = *pool.kinds().find("outbound_port");
    const kind_id asr = *pool.kinds().find("asr");
    constexpr int jobs_started = 500;

    std::atomic<bool> done{false};
    std::atomic<std::uint32_t> broken{0};
    std::atomic<std::uint64_t> seen{0};
    const auto monitor = [&](bool by_state) {
        while (!done.load()) {
            const auto known = pool.jobs();
            for (const job_id j : known) {
                if (by_state && !pool.state_of(j)) {
                    ++broken;
                    continue;
                }
                const auto name = pool.job_name(j);
                if (!name || name->rfind("run-", 0) != 0) {
                    ++broken;
                }
                if (!pool.job_usage(j, outbound) || !pool.job_usage(j, asr)) {
                    ++broken;
                }
                ++seen;
            }
            // The newest job, found by id before jobs() would list it.
            const auto next = job_id{static_cast<std::uint32_t>(known.size())};
            if (pool.state_of(next) && (!pool.job_usage(next, outbound) || !pool.job_usage(next, asr))) {
                ++broken;
            }
        }
    };
    std::vector<std::thread> monitors;
    monitors.emplace_back(monitor, true);
    monitors.emplace_back(monitor, false);
    for (int i = 0; i < jobs_started; ++i) {
        auto job = pool.start_job(
            job_spec{1 + i % 10, 0, 5, allocation_mode::dynamic, {"outbound_port", "asr"}}.named("run-" + std::to_string(i)));
        REQUIRE(job);
    }
    done = true;
    for (auto& t : monitors) {
        t.join();
    }
    CHECK(broken.load() == 0);
    CHECK(seen.load() > 0);
    CHECK(pool.jobs().size() == jobs_started);
}
