// What a pool costs in memory (issue 16, benchmark 6): heap bytes per job, per node (an
// organization) and per held lease, and the allocations an acquire and its release make.
// This program alone replaces the global operator new and delete with ones that count, so
// each figure is the live heap before and after, divided by how many were added. Growth
// slack of the pool's vectors is part of what a job costs, so it is counted.
#include <licpool/licpool.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace {

std::atomic<std::int64_t> live_bytes{0};
std::atomic<std::int64_t> allocations{0};

// Each block carries its size in front, so that delete knows what it gives back.
constexpr std::size_t header = alignof(std::max_align_t);

void* counted_new(std::size_t size) {
    void* block = std::malloc(size + header);
    if (block == nullptr) {
        throw std::bad_alloc{};
    }
    *static_cast<std::size_t*>(block) = size;
    live_bytes.fetch_add(static_cast<std::int64_t>(size), std::memory_order_relaxed);
    allocations.fetch_add(1, std::memory_order_relaxed);
    return static_cast<char*>(block) + header;
}

void counted_delete(void* p) noexcept {
    if (p == nullptr) {
        return;
    }
    void* block = static_cast<char*>(p) - header;
    live_bytes.fetch_sub(static_cast<std::int64_t>(*static_cast<std::size_t*>(block)), std::memory_order_relaxed);
    std::free(block);
}

// Over-aligned blocks (a cache-line-aligned counter, say) likewise, the header one alignment wide.
void* counted_new(std::size_t size, std::align_val_t align) {
    const auto a = std::max(static_cast<std::size_t>(align), header);
    void* block = std::aligned_alloc(a, (size + a + a - 1) / a * a);
    if (block == nullptr) {
        throw std::bad_alloc{};
    }
    *static_cast<std::size_t*>(block) = size;
    live_bytes.fetch_add(static_cast<std::int64_t>(size), std::memory_order_relaxed);
    allocations.fetch_add(1, std::memory_order_relaxed);
    return static_cast<char*>(block) + a;
}

void counted_delete(void* p, std::align_val_t align) noexcept {
    if (p == nullptr) {
        return;
    }
    void* block = static_cast<char*>(p) - std::max(static_cast<std::size_t>(align), header);
    live_bytes.fetch_sub(static_cast<std::int64_t>(*static_cast<std::size_t*>(block)), std::memory_order_relaxed);
    std::free(block);
}

} // namespace

void* operator new(std::size_t size, std::align_val_t align) { return counted_new(size, align); }
void* operator new[](std::size_t size, std::align_val_t align) { return counted_new(size, align); }
void operator delete(void* p, std::align_val_t align) noexcept { counted_delete(p, align); }
void operator delete[](void* p, std::align_val_t align) noexcept { counted_delete(p, align); }
void operator delete(void* p, std::size_t, std::align_val_t align) noexcept { counted_delete(p, align); }
void operator delete[](void* p, std::size_t, std::align_val_t align) noexcept { counted_delete(p, align); }
void* operator new(std::size_t size) { return counted_new(size); }
void* operator new[](std::size_t size) { return counted_new(size); }
void operator delete(void* p) noexcept { counted_delete(p); }
void operator delete[](void* p) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_delete(p); }

namespace {

using bench_pool = licpool::license_pool_st<>;

std::unique_ptr<bench_pool> make_pool() {
    auto pool = std::make_unique<bench_pool>(licpool::presets::contact_center(), licpool::serial_number{"BENCH"},
                                             *licpool::vendor_secret::make("licpool benchmark secret"),
                                             licpool::pool_options{licpool::entitlement_source::license_server});
    (void)pool->report_poll({{"asr", 1000000}, {"telephony_port", 10000}, {"tts", 10000}});
    return pool;
}

std::int64_t live() { return live_bytes.load(std::memory_order_relaxed); }

// Jobs are started one at a time (each recalculates, DESIGN 4.3), so a few thousand.
constexpr int jobs_counted = 3000;
constexpr int nodes_counted = 2000;
constexpr int leases_counted = 100000;

void memory_per_job(benchmark::State& state) {
    for (auto _ : state) {
        auto pool = make_pool();
        const auto org = *pool->organization("bench", "jobs");
        (void)pool->start_job(licpool::job_spec{}.in(org).max(10).kinds({"asr"})); // first-use allocations
        const auto before = live();
        for (int i = 1; i < jobs_counted; ++i) {
            (void)pool->start_job(licpool::job_spec{}.in(org).priority(1 + i % 10).max(10).kinds({"asr"}));
        }
        state.counters["bytes_per_job"] = static_cast<double>(live() - before) / (jobs_counted - 1);
    }
    state.SetLabel("a running job of one kind, no agents");
}
BENCHMARK(memory_per_job)->Iterations(1);

void memory_per_node(benchmark::State& state) {
    for (auto _ : state) {
        auto pool = make_pool();
        (void)pool->organization("bench", "org0");
        const auto before = live();
        for (int i = 1; i < nodes_counted; ++i) {
            (void)pool->organization("bench", "org" + std::to_string(i));
        }
        state.counters["bytes_per_node"] = static_cast<double>(live() - before) / (nodes_counted - 1);
    }
    state.SetLabel("an organization with no settings");
}
BENCHMARK(memory_per_node)->Iterations(1);

void memory_per_held_lease(benchmark::State& state) {
    for (auto _ : state) {
        auto pool = make_pool();
        const auto job = *pool->start_job(licpool::job_spec{}.max(leases_counted).kinds({"asr"}));
        const auto kind = *pool->kinds().find("asr");
        std::vector<licpool::lease> held;
        held.reserve(leases_counted); // the host's container is the host's
        const auto before = live();
        for (int i = 0; i < leases_counted; ++i) {
            held.push_back(*pool->acquire(job, kind));
        }
        const double heap = static_cast<double>(live() - before) / leases_counted;
        state.counters["heap_bytes_per_held_lease"] = heap;
        state.counters["bytes_per_held_lease"] = heap + sizeof(licpool::lease);
    }
    state.SetLabel("the lease object plus any heap it holds");
}
BENCHMARK(memory_per_held_lease)->Iterations(1);

void measure_allocations(benchmark::State& state, bool three_kinds) {
    auto pool = make_pool();
    const auto job = *pool->start_job(licpool::job_spec{}.max(1000).kinds({"telephony_port", "asr", "tts"}));
    const auto& kinds = pool->kinds();
    const auto port = *kinds.find("telephony_port");
    const auto asr = *kinds.find("asr");
    const auto tts = *kinds.find("tts");
    const auto before = allocations.load();
    std::int64_t calls = 0;
    for (auto _ : state) {
        if (three_kinds) {
            auto call = pool->acquire(job, {port, asr, tts});
            benchmark::DoNotOptimize(call);
        } else {
            auto lease = pool->acquire(job, port);
            benchmark::DoNotOptimize(lease);
        }
        ++calls;
    }
    state.counters["allocations_per_acquire_release"] = static_cast<double>(allocations.load() - before) / static_cast<double>(calls);
}

void allocations_acquire_release(benchmark::State& state) { measure_allocations(state, false); }
BENCHMARK(allocations_acquire_release)->MinTime(0.1);

void allocations_acquire_release_three_kinds(benchmark::State& state) { measure_allocations(state, true); }
BENCHMARK(allocations_acquire_release_three_kinds)->MinTime(0.1);

} // namespace

BENCHMARK_MAIN();
