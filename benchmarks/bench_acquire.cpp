// The acquire/release fast path (DESIGN 4.4) against its floors (issue 16, benchmark 4): an
// uncontended and a contended atomic increment + decrement, and a mutex lock + unlock.
// Throughput with two threads is read from real time (Google Benchmark divides the threads'
// wall time by all their iterations), so every figure here is real time per operation.
#include <licpool/licpool.hpp>

#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace {

using bench_pool = licpool::license_pool_mt<>;

// A call's three kinds (DESIGN 4.4.1): the port, an ASR and a TTS connection.
struct acquire_fixture {
    std::unique_ptr<bench_pool> pool;
    std::vector<licpool::job_id> jobs;
    std::vector<licpool::lease> held;
    licpool::kind_id port, asr, tts;
};
acquire_fixture fixture;

constexpr std::uint32_t near_limit_max = 8;

void set_up(const benchmark::State&) {
    fixture.pool = std::make_unique<bench_pool>(licpool::presets::contact_center(), licpool::serial_number{"BENCH"},
                                                *licpool::vendor_secret::make("licpool benchmark secret"),
                                                licpool::pool_options{licpool::entitlement_source::license_server});
    (void)fixture.pool->report_poll({{"telephony_port", 10000}, {"asr", 10000}, {"tts", 10000}});
    const auto& kinds = fixture.pool->kinds();
    fixture.port = *kinds.find("telephony_port");
    fixture.asr = *kinds.find("asr");
    fixture.tts = *kinds.find("tts");
    for (int i = 0; i < 4; ++i) {
        fixture.jobs.push_back(*fixture.pool->start_job(licpool::job_spec{}.priority(5).max(1000).reserved().kinds(
            {"telephony_port", "asr", "tts"})));
    }
    // A job near its limit: it holds all its max but one, so each acquire takes the last.
    const auto near = *fixture.pool->start_job(
        licpool::job_spec{}.named("near-limit").priority(5).max(near_limit_max).reserved().kinds({"telephony_port"}));
    fixture.jobs.push_back(near);
    for (std::uint32_t i = 0; i + 1 < near_limit_max; ++i) {
        fixture.held.push_back(*fixture.pool->acquire(near, fixture.port));
    }
}

void tear_down(const benchmark::State&) {
    fixture.held.clear();
    fixture.jobs.clear();
    fixture.pool.reset();
}

// ---- baselines --------------------------------------------------------------------------------

// What the fast path cannot beat: one atomic increment and one decrement, each thread on its
// own counter (uncontended), or both on one (contended).
void atomic_pair(benchmark::State& state) {
    struct alignas(64) padded {
        std::atomic<std::uint64_t> value{0};
    };
    static padded counters[2];
    auto& counter = counters[static_cast<std::size_t>(state.thread_index()) % 2].value;
    for (auto _ : state) {
        counter.fetch_add(1, std::memory_order_acq_rel);
        counter.fetch_sub(1, std::memory_order_acq_rel);
    }
}
BENCHMARK(atomic_pair)->UseRealTime();

void atomic_pair_contended(benchmark::State& state) {
    static std::atomic<std::uint64_t> counter{0};
    for (auto _ : state) {
        counter.fetch_add(1, std::memory_order_acq_rel);
        counter.fetch_sub(1, std::memory_order_acq_rel);
    }
}
BENCHMARK(atomic_pair_contended)->Threads(2)->UseRealTime();

void mutex_pair(benchmark::State& state) {
    static std::mutex m;
    for (auto _ : state) {
        m.lock();
        benchmark::ClobberMemory();
        m.unlock();
    }
}
BENCHMARK(mutex_pair)->UseRealTime();

// ---- licpool ------------------------------------------------------------------------------------

void measure_acquire(benchmark::State& state, licpool::job_id job, licpool::kind_id kind) {
    if (!fixture.pool->acquire(job, kind)) {
        state.SkipWithError("the acquire is refused: this would measure a refusal");
        return;
    }
    for (auto _ : state) {
        auto lease = fixture.pool->acquire(job, kind); // released at the end of the iteration
        benchmark::DoNotOptimize(lease);
    }
    state.SetItemsProcessed(state.iterations());
}

void acquire_release(benchmark::State& state) { measure_acquire(state, fixture.jobs[0], fixture.port); }
BENCHMARK(acquire_release)->Setup(set_up)->Teardown(tear_down)->UseRealTime();

void acquire_release_different_jobs(benchmark::State& state) {
    measure_acquire(state, fixture.jobs[static_cast<std::size_t>(state.thread_index())], fixture.port);
}
BENCHMARK(acquire_release_different_jobs)->Setup(set_up)->Teardown(tear_down)->Threads(2)->UseRealTime();

void acquire_release_same_job(benchmark::State& state) { measure_acquire(state, fixture.jobs[0], fixture.port); }
BENCHMARK(acquire_release_same_job)->Setup(set_up)->Teardown(tear_down)->Threads(2)->UseRealTime();

void acquire_release_near_limit(benchmark::State& state) { measure_acquire(state, fixture.jobs.back(), fixture.port); }
BENCHMARK(acquire_release_near_limit)->Setup(set_up)->Teardown(tear_down)->UseRealTime();

// DESIGN 4.4.1: every kind or none, in one call.
void acquire_release_three_kinds(benchmark::State& state) {
    const auto job = fixture.jobs[0];
    if (!fixture.pool->acquire(job, {fixture.port, fixture.asr, fixture.tts})) {
        state.SkipWithError("the acquire is refused: this would measure a refusal");
        return;
    }
    for (auto _ : state) {
        auto call = fixture.pool->acquire(job, {fixture.port, fixture.asr, fixture.tts});
        benchmark::DoNotOptimize(call);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(acquire_release_three_kinds)->Setup(set_up)->Teardown(tear_down)->UseRealTime();

// What the coarse attempt stamp saves (issue 16): one kind's acquire + release on two pools
// that differ only in their clock: `real_clock`, whose coarse `attempt_time()` stamps each
// attempt, and a clock without it, so every attempt is stamped with a full `now()` as before.
// Compare the two from one run (--benchmark_enable_random_interleaving interleaves them).
struct exact_stamp_clock {
    licpool::steady_time now() const noexcept { return machine.now(); }
    licpool::date today() const noexcept { return machine.today(); }
    licpool::real_clock machine;
};

template <class Clock>
void measure_stamp(benchmark::State& state) {
    licpool::license_pool_mt<Clock> pool{licpool::presets::contact_center(), licpool::serial_number{"BENCH"},
                                         *licpool::vendor_secret::make("licpool benchmark secret"),
                                         licpool::pool_options{licpool::entitlement_source::license_server}};
    (void)pool.report_poll({{"telephony_port", 10000}, {"asr", 10000}, {"tts", 10000}});
    const auto job =
        *pool.start_job(licpool::job_spec{}.priority(5).max(1000).reserved().kinds({"telephony_port", "asr", "tts"}));
    const auto port = *pool.kinds().find("telephony_port");
    if (!pool.acquire(job, port)) {
        state.SkipWithError("the acquire is refused: this would measure a refusal");
        return;
    }
    for (auto _ : state) {
        auto lease = pool.acquire(job, port); // released at the end of the iteration
        benchmark::DoNotOptimize(lease);
    }
    state.SetItemsProcessed(state.iterations());
}

void acquire_release_coarse_stamp(benchmark::State& state) { measure_stamp<licpool::real_clock>(state); }
BENCHMARK(acquire_release_coarse_stamp)->UseRealTime();

void acquire_release_exact_stamp(benchmark::State& state) { measure_stamp<exact_stamp_clock>(state); }
BENCHMARK(acquire_release_exact_stamp)->UseRealTime();

// ---- refusals and observers (issue 15) ------------------------------------------------------

std::unique_ptr<bench_pool> make_pool(std::vector<licpool::job_id>& jobs, int count) {
    auto pool = std::make_unique<bench_pool>(licpool::presets::contact_center(), licpool::serial_number{"BENCH"},
                                             *licpool::vendor_secret::make("licpool benchmark secret"),
                                             licpool::pool_options{licpool::entitlement_source::license_server});
    // An outbound call holds a telephony port too (DESIGN 2): both are licensed, or every
    // acquire below would be refused and the grant path never measured.
    (void)pool->report_poll({{"outbound_port", 100000}, {"telephony_port", 100000}});
    for (int i = 0; i < count; ++i) {
        jobs.push_back(*pool->start_job(licpool::job_spec{1, 0, 1000, licpool::allocation_mode::reserved, {"outbound_port"}}));
    }
    return pool;
}

// A refusal builds its error inline: no allocation, even on the refused path.
// A refused acquire (the job is paused) under `observer`: the three refused cases differ
// only in who listens.
void measure_refusals(benchmark::State& state, const licpool::pool_observer& observer) {
    std::vector<licpool::job_id> jobs;
    auto pool = make_pool(jobs, 1);
    pool->observe(observer);
    (void)pool->pause_job(jobs[0]);
    const auto kind = *pool->kinds().find("outbound_port");
    for (auto _ : state) {
        auto lease = pool->acquire(jobs[0], kind);
        benchmark::DoNotOptimize(lease);
    }
}

void refused_acquire(benchmark::State& state) { measure_refusals(state, licpool::pool_observer{}); }
BENCHMARK(refused_acquire);

// Issue 15: an observer with every hook set costs a granted acquire nothing (no hook is
// looked at on success), and a refused one with no `refused` hook only its counters.
licpool::pool_observer every_hook(std::atomic<std::uint64_t>& heard) {
    licpool::pool_observer o;
    o.recalculated = [&heard](const licpool::recalculation_event&) { heard.fetch_add(1, std::memory_order_relaxed); };
    o.tier_moved = [&heard](const licpool::tier_move_event&) { heard.fetch_add(1, std::memory_order_relaxed); };
    o.refused = [&heard](const licpool::refusal_event&) { heard.fetch_add(1, std::memory_order_relaxed); };
    o.activity_changed = [&heard](const licpool::activity_event&) { heard.fetch_add(1, std::memory_order_relaxed); };
    o.donated = [&heard](const licpool::donation_event&) { heard.fetch_add(1, std::memory_order_relaxed); };
    return o;
}

void acquire_release_observed(benchmark::State& state) {
    std::vector<licpool::job_id> jobs;
    auto pool = make_pool(jobs, 4);
    std::atomic<std::uint64_t> heard{0};
    pool->observe(every_hook(heard));
    const auto kind = *pool->kinds().find("outbound_port");
    if (!pool->acquire(jobs[0], kind)) {
        state.SkipWithError("the acquire is refused: this would measure a refusal");
    }
    for (auto _ : state) {
        auto lease = pool->acquire(jobs[0], kind);
        benchmark::DoNotOptimize(lease);
    }
    state.SetLabel("outbound port (takes a telephony port too), every hook set");
}
BENCHMARK(acquire_release_observed);

// A refused acquire with every hook but `refused`: it counts, and takes no lock.
void refused_acquire_unheard(benchmark::State& state) {
    std::atomic<std::uint64_t> heard{0};
    auto hooks = every_hook(heard);
    hooks.refused = nullptr;
    measure_refusals(state, hooks);
}
BENCHMARK(refused_acquire_unheard);

// A refused acquire heard by a `refused` hook: it locks once to queue its event, which is
// delivered (and its names copied) after the unlock.
void refused_acquire_heard(benchmark::State& state) {
    std::atomic<std::uint64_t> heard{0};
    measure_refusals(state, every_hook(heard));
}
BENCHMARK(refused_acquire_heard);

} // namespace

BENCHMARK_MAIN();
