// How fast the catalog answers the lookups every scenario line and key makes.
#include <licpool/catalog/presets.hpp>

#include <benchmark/benchmark.h>

namespace {

void find_by_name(benchmark::State& state) {
    const auto catalog = licpool::presets::contact_center();
    for (auto _ : state) {
        benchmark::DoNotOptimize(catalog.find("predictive_agent"));
    }
}
BENCHMARK(find_by_name);

void find_by_feature_code(benchmark::State& state) {
    const auto catalog = licpool::presets::contact_center();
    for (auto _ : state) {
        benchmark::DoNotOptimize(catalog.find_code(0x10B));
    }
}
BENCHMARK(find_by_feature_code);

} // namespace

BENCHMARK_MAIN();
