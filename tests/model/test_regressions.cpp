// Failures the sequence test found, each kept as a named case (issue 12, item 17).
#include "model/sequence_driver.hpp"

#include "licpool_catch.hpp"

using namespace licpool_model;

#include <type_traits>

// Found building the sequence fuzzer with clang: deleting a pool through std::unique_ptr was
// an error under -Werror (a non-final class with virtual functions and no virtual
// destructor). A pool is customized through its policies, so it is final.
TEST_CASE("regression: a pool can be owned by std::unique_ptr under clang -Werror", "[model][regression]") {
    STATIC_REQUIRE(std::is_final_v<model_pool>);
    STATIC_REQUIRE(std::is_final_v<licpool::license_pool_mt<>>);
    auto pool = std::make_unique<model_pool>(licpool::presets::contact_center(), licpool::serial_number{"LP-MODEL"},
                                             model_secret(), licpool::pool_options{licpool::entitlement_source::license_server},
                                             licpool::manual_clock{});
    CHECK(pool->jobs().empty());
}

// The shrunk sequence the model test printed while its idle window was checked against the
// pool's: a dynamic job with no attempt for exactly 60 s is idle (DESIGN 4.3: now - last
// attempt >= window), and the next recalculation keeps only what it uses.
TEST_CASE("regression: a dynamic job is idle after exactly the idle window", "[model][regression]") {
    model_pool pool{licpool::presets::contact_center(), licpool::serial_number{"LP-MODEL"}, model_secret(),
                    licpool::pool_options{licpool::entitlement_source::license_server}, licpool::manual_clock{}};
    REQUIRE(pool.report_poll({{"outbound_port", 5}}));
    auto org = pool.organization("z0", "o0");
    REQUIRE(org);
    auto job = pool.start_job(licpool::job_spec{*org, 6, 0, 4, licpool::allocation_mode::dynamic, {"outbound_port"}}.named("job-2"));
    REQUIRE(job);
    CHECK(pool.job_usage(*job, "outbound_port")->limit == 4);
    pool.clock().advance(std::chrono::seconds{60});
    pool.tick();
    REQUIRE(pool.set_priority(*job, 6));
    CHECK(pool.job_usage(*job, "outbound_port")->limit == 0);
}

// Found when the model test learned feature keys: a keys pool that had never read the date
// wrote latest-date 1970-01-01, and restoring that snapshot moved the watermark to today,
// so save -> load -> save differed at the same moment. Restoring evaluates the keys at the
// effective day without moving the watermark (DESIGN 7: a restore is the state as saved).
TEST_CASE("regression: a keys pool that never read the date saves, loads and saves the same text", "[model][regression]") {
    const auto make = [] {
        return model_pool{licpool::presets::contact_center(), model_serial, model_secret(),
                          licpool::pool_options{licpool::entitlement_source::keys},
                          licpool::manual_clock{licpool::date::from_ymd(2026, 1, 1)}};
    };
    auto pool = make();
    const std::string text = pool.snapshot();
    auto restored = make();
    REQUIRE(restored.restore_snapshot(text));
    CHECK(restored.snapshot() == text);
}
