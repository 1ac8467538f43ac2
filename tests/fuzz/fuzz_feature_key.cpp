// libFuzzer target: feature-key text, from any bytes, through the base32 reader, the key
// decoder and the validator (DESIGN 3). Beyond "no crash, no sanitizer report", it checks:
//  - any text that decodes (as base32 or as a key) encodes back to a canonical text that
//    decodes to the same value;
//  - any key the validator accepts is exactly what issue_key gives for its fields, with the
//    same MAC: acceptance implies the text was a genuine key, nothing else.
// The seed corpus (corpus/feature_key/) holds valid keys for the secret and serial below,
// so the fuzzer explores around accepted keys as well as refused ones.
#include <licpool/licpool.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

const licpool::catalog& fuzz_catalog() {
    static const licpool::catalog c = licpool::presets::pbx();
    return c;
}

const licpool::vendor_secret& fuzz_secret() {
    static const licpool::vendor_secret s = *licpool::vendor_secret::make("licpool fuzzing vendor secret");
    return s;
}

const licpool::serial_number& fuzz_serial() {
    static const licpool::serial_number s{"FUZZ-0001"};
    return s;
}

constexpr licpool::date fuzz_today = licpool::date::from_ymd(2026, 3, 1);

// A broken property is a crash, so that libFuzzer saves the input that broke it.
void require(bool holds) {
    if (!holds) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        text[i] = static_cast<char>(data[i]);
    }

    if (const auto bytes = licpool::crockford_decode(text)) {
        const auto again = licpool::crockford_decode(licpool::crockford_encode(bytes->data(), bytes->size()));
        require(again && *again == *bytes);
    }

    const auto layout = licpool::decode_key(text);
    if (layout) {
        const std::string canonical = licpool::encode_key(*layout);
        require(canonical.size() == licpool::key_length);
        const auto again = licpool::decode_key(canonical);
        require(again && *again == *layout);
    } else {
        require(layout.error() == licpool::errc::malformed);
    }

    licpool::feature_key_validator<> validator{fuzz_catalog(), fuzz_secret(), fuzz_serial()};
    const auto e = validator.validate(text, fuzz_today);
    if (!e) {
        // Building the message reads every value the error holds: it must not fail either.
        require(!e.error().message().empty());
        return 0;
    }

    require(layout.has_value());
    require(e->key == licpool::encode_key(*layout));
    licpool::key_fields f;
    f.feature_code = fuzz_catalog()[e->kind].feature_code;
    f.count = e->count;
    f.issued = e->issued;
    f.trial = e->trial;
    f.validity_days = e->trial || !e->expires ? 0 : static_cast<std::uint16_t>(*e->expires - e->issued + 1);
    const auto reissued = licpool::issue_key(f, fuzz_serial(), fuzz_secret());
    require(reissued && *reissued == e->key);

    // Installed, the same key validates again: it is not a second trial.
    validator.record_install(*e);
    require(validator.validate(text, fuzz_today).has_value());
    return 0;
}
