// libFuzzer target: the random API-sequence test of issue 12 (item 17), with the fuzzer's
// bytes choosing the calls. The pool and the model of tests/model/sequence_driver.hpp must
// agree after every step; a disagreement prints the calls so far and aborts.
#include "model/sequence_driver.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
// Each pick takes one byte; when the bytes run out the sequence ends.
struct byte_chooser {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;
    bool exhausted() const { return at >= size; }
    std::size_t pick(std::size_t n) { return at < size ? data[at++] % n : 0; }
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_chooser choose{data, size};
    // The first byte picks the entitlement source: a license server's polls, or feature keys.
    licpool_model::sequence_driver driver{choose.pick(2) == 0 ? licpool::entitlement_source::license_server
                                                              : licpool::entitlement_source::keys};
    for (int steps = 0; steps < 64 && !choose.exhausted(); ++steps) {
        driver.step(choose);
        if (driver.failure()) {
            for (const auto& call : driver.log()) {
                std::fprintf(stderr, "  %s\n", call.c_str());
            }
            std::fprintf(stderr, "model disagreement: %s\n", driver.failure()->c_str());
            std::abort();
        }
    }
    return 0;
}
