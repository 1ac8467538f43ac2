// share() (DESIGN 4.1) on one level of many children: the recalculation's inner loop; and
// tiered_share() (DESIGN 4.5), the same for a tier group's seats with nested limits.
#include <licpool/allocation/share.hpp>
#include <licpool/allocation/tiered_share.hpp>

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

namespace {

std::vector<licpool::share_child> children(std::size_t n) {
    std::mt19937_64 rng{42};
    std::vector<licpool::share_child> out(n);
    for (auto& c : out) {
        c.floor = static_cast<std::uint32_t>(rng() % 3);
        c.ceiling = c.floor + static_cast<std::uint32_t>(rng() % 50);
        c.weight = static_cast<std::uint32_t>(1 + rng() % 10);
    }
    return out;
}

void sainte_lague(benchmark::State& state) {
    const auto kids = children(static_cast<std::size_t>(state.range(0)));
    std::vector<std::uint32_t> out(kids.size());
    const std::uint64_t capacity = kids.size() * 12;
    for (auto _ : state) {
        licpool::share(capacity, kids.data(), kids.size(), out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(sainte_lague)->RangeMultiplier(10)->Range(10, 100000);

void strict_priority(benchmark::State& state) {
    const auto kids = children(static_cast<std::size_t>(state.range(0)));
    std::vector<std::uint32_t> out(kids.size());
    const std::uint64_t capacity = kids.size() * 12;
    for (auto _ : state) {
        licpool::strict_priority_share(capacity, kids.data(), kids.size(), out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(strict_priority)->RangeMultiplier(10)->Range(10, 100000);

// Agent jobs of three campaign tiers under 3 tight nested limits, so that every limit fills.
void tiered(benchmark::State& state) {
    const auto kids = children(static_cast<std::size_t>(state.range(0)));
    std::vector<licpool::tiered_child> jobs(kids.size());
    for (std::size_t i = 0; i < kids.size(); ++i) {
        jobs[i].floor = kids[i].floor;
        jobs[i].weight = kids[i].weight;
        jobs[i].by_tier[i % 3] = kids[i].ceiling;
    }
    licpool::tiered_capacity capacity;
    capacity.tiers = 3;
    capacity.at_least = {kids.size() * 12, kids.size() * 5, kids.size() * 2};
    std::vector<std::uint32_t> out(kids.size());
    for (auto _ : state) {
        licpool::tiered_share(capacity, jobs.data(), jobs.size(), out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(tiered)->RangeMultiplier(10)->Range(10, 100000);

} // namespace

BENCHMARK_MAIN();
