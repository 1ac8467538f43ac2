// libFuzzer target: snapshot text, from any bytes, read into a fresh pool (DESIGN 7).
// The fuzzer signs what it is given, as licpool would, so that the reader's checks behind
// the MAC are explored too. Beyond "no crash, no sanitizer report", it checks that a refused
// snapshot leaves the pool fresh, and that an accepted one is a fixed point: the pool writes
// it back as a text that reads into an equal pool writing the same text.
#include <licpool/licpool.hpp>
#include <licpool/pool/detail/snapshot_format.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>

namespace {
using fuzz_pool = licpool::license_pool<licpool::tier_hierarchy, licpool::reserved_dynamic_allocator<>,
                                        licpool::compliance_auditor<>, licpool::feature_key_validator<>,
                                        licpool::null_mutex, licpool::manual_clock>;

void require(bool holds) {
    if (!holds) {
        std::abort();
    }
}

const licpool::vendor_secret& secret() {
    static const licpool::vendor_secret s = *licpool::vendor_secret::make("licpool fuzzing vendor secret");
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 8192) {
        return 0;
    }
    std::string body(reinterpret_cast<const char*>(data), size);
    const bool sign = !body.empty() && (body.back() == '\n');
    const std::string text = sign ? body + "mac " + licpool::detail::snapshot_mac(secret(), body) + "\n" : body;

    // DESIGN 7: the same text read as an exchanged feature key's (another serial, on request):
    // refused with nothing changed, or read with the old serial's keys dropped.
    {
        fuzz_pool other{licpool::presets::contact_center(), licpool::serial_number{"FUZZ-0002"}, secret()};
        const std::string empty = other.snapshot();
        const auto exchanged = other.restore_snapshot(text, licpool::snapshot_serial::exchanged);
        if (!exchanged) {
            require(!exchanged.error().message().empty());
            require(other.snapshot() == empty);
        } else {
            // What it kept is this serial's: saved again, it reads back without the option.
            const std::string kept = other.snapshot();
            fuzz_pool after{licpool::presets::contact_center(), licpool::serial_number{"FUZZ-0002"}, secret()};
            require(after.restore_snapshot(kept).has_value());
        }
    }

    fuzz_pool pool{licpool::presets::contact_center(), licpool::serial_number{"FUZZ-0001"}, secret()};
    const std::string fresh = pool.snapshot();
    const auto restored = pool.restore_snapshot(text);
    if (!restored) {
        require(!restored.error().message().empty());
        require(pool.snapshot() == fresh);
        return 0;
    }
    const std::string written = pool.snapshot();
    fuzz_pool again{licpool::presets::contact_center(), licpool::serial_number{"FUZZ-0001"}, secret()};
    require(again.restore_snapshot(written).has_value());
    require(again.snapshot() == written);
    return 0;
}
