// Issue 12, item 17: random API sequences against the model (tests/model/sequence_driver.hpp).
// LICPOOL_MODEL_SEQUENCES sets how many (10,000 by default); a failing seed prints the
// shortest failing sequence of calls found by shrinking.
#include "model/sequence_driver.hpp"

#include "licpool_catch.hpp"

#include <cstdlib>
#include <random>

using namespace licpool_model;

namespace {
std::uint64_t sequences() {
    if (const char* text = std::getenv("LICPOOL_MODEL_SEQUENCES")) {
        const auto n = std::strtoull(text, nullptr, 10);
        if (n > 0) {
            return n;
        }
    }
    return 10000;
}

std::string listing(const std::vector<std::string>& calls) {
    std::string out;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        out += "  " + std::to_string(i + 1) + ". " + calls[i] + "\n";
    }
    return out;
}
} // namespace

TEST_CASE("random API sequences agree with the model after every step", "[model][property]") {
    const std::uint64_t count = sequences();
    std::uint64_t steps_run = 0;
    for (std::uint64_t seed = 1; seed <= count; ++seed) {
        std::mt19937_64 rng{seed};
        recorded_steps steps;
        // Every other sequence runs a pool whose entitlement is feature keys (DESIGN 3).
        const auto source = seed % 2 == 0 ? licpool::entitlement_source::keys : licpool::entitlement_source::license_server;
        // Every other pair of sequences runs a catalog that refuses mixing methods (DESIGN 5).
        const auto mixing = (seed / 2) % 2 == 0 ? licpool::method_mixing::allowed : licpool::method_mixing::refused;
        sequence_driver driver{source, mixing};
        const std::size_t length = 10 + static_cast<std::size_t>(rng() % 21);
        for (std::size_t i = 0; i < length && !driver.failure(); ++i) {
            steps.emplace_back();
            recording_chooser<std::mt19937_64> choose{rng, steps};
            driver.step(choose);
            ++steps_run;
        }
        if (driver.failure()) {
            const auto shortest = shrink(steps, source, mixing);
            sequence_driver again{source, mixing};
            replay(shortest, again);
            FAIL("seed " << seed << " (mixing " << (mixing == licpool::method_mixing::allowed ? "allowed" : "refused")
                         << "): " << driver.failure().value_or("?") << "\nshortest failing sequence ("
                         << again.log().size() << " calls; " << again.failure().value_or("it passes alone?!")
                         << "):\n" << listing(again.log()));
        }
    }
    CHECK(steps_run >= count * 10);
}
