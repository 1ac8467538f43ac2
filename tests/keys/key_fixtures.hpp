// What the key tests share: a vendor secret, serials, and a way to issue keys tersely.
#ifndef LICPOOL_TESTS_KEYS_KEY_FIXTURES_HPP
#define LICPOOL_TESTS_KEYS_KEY_FIXTURES_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/date.hpp>
#include <licpool/keys/feature_key.hpp>
#include <licpool/keys/vendor_secret.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace licpool_test {

inline const licpool::vendor_secret& test_secret() {
    static const licpool::vendor_secret secret = *licpool::vendor_secret::make("licpool test vendor secret");
    return secret;
}

inline const licpool::serial_number serial_a{"LP-0001"};
inline const licpool::serial_number serial_b{"LP-0002"};

inline licpool::date day(int y, unsigned m, unsigned d) { return licpool::date::from_ymd(y, m, d); }

/// A key for `serial` with the given fields; tests only ask for valid fields, so a refusal
/// is a test bug and throws.
inline std::string key_for(std::uint16_t feature_code, std::uint32_t count, licpool::date issued,
                           std::uint16_t validity_days = 0, bool trial = false,
                           const licpool::serial_number& serial = serial_a) {
    licpool::key_fields f;
    f.feature_code = feature_code;
    f.count = count;
    f.issued = issued;
    f.validity_days = validity_days;
    f.trial = trial;
    auto key = licpool::issue_key(f, serial, test_secret());
    if (!key) {
        throw std::logic_error("test key refused: " + key.error().message());
    }
    return *key;
}

/// A key written as a person might type it: lower case, in groups of four.
inline std::string spelled_loosely(const std::string& key) {
    std::string out;
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (i != 0 && i % 4 == 0) {
            out += '-';
        }
        const char c = key[i];
        out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

} // namespace licpool_test

#endif // LICPOOL_TESTS_KEYS_KEY_FIXTURES_HPP
