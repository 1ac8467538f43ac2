// The acquire/release fast path (DESIGN 4.4) against its floor: an atomic pair.
#include <licpool/licpool.hpp>

#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>
#include <vector>

namespace {

using bench_pool = licpool::license_pool_mt<>;

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

// What the fast path cannot beat: one atomic increment and one decrement.
void atomic_pair(benchmark::State& state) {
    static std::atomic<std::uint64_t> counter{0};
    for (auto _ : state) {
        counter.fetch_add(1, std::memory_order_acq_rel);
        counter.fetch_sub(1, std::memory_order_acq_rel);
    }
}
BENCHMARK(atomic_pair)->Threads(1)->Threads(2);

void acquire_release(benchmark::State& state) {
    static std::vector<licpool::job_id> jobs;
    static std::unique_ptr<bench_pool> pool;
    if (state.thread_index() == 0) {
        jobs.clear();
        pool = make_pool(jobs, 4);
    }
    const auto kind = *licpool::presets::contact_center().find("outbound_port");
    const auto job = [&] { return jobs[static_cast<std::size_t>(state.thread_index()) % jobs.size()]; };
    if (!pool->acquire(job(), kind)) {
        state.SkipWithError("the acquire is refused: this would measure a refusal");
    }
    for (auto _ : state) {
        auto lease = pool->acquire(job(), kind);
        benchmark::DoNotOptimize(lease);
    }
    if (state.thread_index() == 0) {
        state.SetLabel("one acquire and its release");
    }
}
BENCHMARK(acquire_release)->Threads(1)->Threads(2);

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
    state.SetLabel("every hook set");
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
