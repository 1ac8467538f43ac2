#include <licpool/catalog/presets.hpp>
#include <licpool/keys/feature_key.hpp>

#include "keys/key_fixtures.hpp"
#include "licpool_catch.hpp"

#include <cstdint>
#include <random>
#include <string>

using licpool::decode_key;
using licpool::encode_key;
using licpool::errc;
using licpool::key_fields;
using licpool::key_layout;
using licpool_test::day;
using licpool_test::key_for;
using licpool_test::serial_a;
using licpool_test::test_secret;

namespace {
key_layout random_layout(std::mt19937& rng) {
    key_layout k;
    k.version = static_cast<std::uint8_t>(rng() & 0xF);
    k.feature_code = static_cast<std::uint16_t>(rng() & 0xFFF);
    k.count = static_cast<std::uint16_t>(rng());
    k.issue_day = static_cast<std::uint16_t>(rng());
    k.validity_days = static_cast<std::uint16_t>(rng() & 0xFFF);
    k.flags = static_cast<std::uint8_t>(rng() & 0xF);
    for (auto& b : k.mac) {
        b = static_cast<std::uint8_t>(rng());
    }
    return k;
}
} // namespace

TEST_CASE("key fields sit where DESIGN 3 puts them", "[keys][format]") {
    key_layout k;
    k.version = 1;
    k.feature_code = 0x101;
    k.count = 10;
    // 0001 000100000001 0000000000001010 then zeros: bytes 11 01 00 0A 00...
    CHECK(encode_key(k) == "240G02G0000000000000000000000000");

    k.feature_code = 0xFFF;
    k.count = 0xFFFF;
    k.issue_day = 0xFFFF;
    k.validity_days = 0xFFF;
    k.flags = 0xF;
    const auto b = k.bytes();
    CHECK(b[0] == 0x1F);
    for (std::size_t i = 1; i < 8; ++i) {
        CHECK(b[i] == 0xFF);
    }
    k.version = 0xF;
    k.mac.fill(0xFF);
    CHECK(encode_key(k) == std::string(32, 'Z'));
}

TEST_CASE("keys encode to 32 upper-case characters and decode back exactly", "[keys][format][property]") {
    std::mt19937 rng{0x5eed};
    for (int round = 0; round < 2000; ++round) {
        const key_layout k = random_layout(rng);
        const std::string text = encode_key(k);
        REQUIRE(text.size() == 32);
        for (char c : text) {
            CHECK(licpool::crockford_alphabet.find(c) != std::string_view::npos);
        }
        const auto back = decode_key(text);
        REQUIRE(back);
        CHECK(*back == k);
        CHECK(key_layout::from_bytes(k.bytes()) == k);
        // Any other spelling of the same key reads the same.
        const auto loose = decode_key(licpool_test::spelled_loosely(text));
        REQUIRE(loose);
        CHECK(*loose == k);
    }
}

TEST_CASE("decoding a key refuses bad characters and lengths", "[keys][format]") {
    const std::string key = key_for(0x101, 10, day(2026, 1, 15), 365);

    SECTION("a character outside the alphabet, with its position as given") {
        std::string text = licpool_test::spelled_loosely(key); // xxxx-xxxx-...
        text[6] = 'u';
        const auto k = decode_key(text);
        REQUIRE_FALSE(k);
        CHECK(k.error() == errc::malformed);
        CHECK(k.error().number() == 7);
        CHECK(k.error().message() == "key '" + text + "': character 'u' at position 7 is not a key character");
    }
    SECTION("too short or too long, counted without separators") {
        const auto short_key = decode_key(key.substr(0, 31));
        REQUIRE_FALSE(short_key);
        CHECK(short_key.error() == errc::malformed);
        CHECK(short_key.error().number() == 31);
        CHECK(short_key.error().message() ==
              "key '" + key.substr(0, 31) + "' has 31 characters, not counting '-' and spaces; a key has 32");
        CHECK(decode_key(key + "0").error().number() == 33);
        CHECK(decode_key("").error().number() == 0);
        CHECK(decode_key("----    ----").error().number() == 0);
    }
    SECTION("a bad character is reported before a bad length") {
        CHECK(decode_key("AB*").error().number() == 3);
    }
}

TEST_CASE("canonical_key gives the one spelling of a key", "[keys][format]") {
    const std::string key = key_for(0x101, 10, day(2026, 1, 15), 365);
    CHECK(*licpool::canonical_key(licpool_test::spelled_loosely(key)) == key);
    std::string with_lookalikes = key;
    for (char& c : with_lookalikes) {
        c = c == '1' ? 'l' : c == '0' ? 'O' : c;
    }
    CHECK(*licpool::canonical_key(" " + with_lookalikes + " ") == key);
    CHECK(licpool::canonical_key("nope").error() == errc::malformed);
}

TEST_CASE("issue_key writes the published layout and MAC", "[keys][issue]") {
    // Known answers, computed by an independent implementation of DESIGN 3 (Python's hmac
    // module): the format is fixed, so these never change.
    CHECK(key_for(0x101, 10, day(2026, 1, 15), 365) == "240G02G8KRBD1T1MEHH1FMXMW4RZWCGX");
    CHECK(key_for(0x104, 1, day(2026, 3, 1), 0, true) == "24200088SC1W3ZR2G0P7ET0PY0WP3DP2");

    // The serial enters the MAC upper-cased and trimmed.
    CHECK(key_for(0x101, 10, day(2026, 1, 15), 365, false, licpool::serial_number{"  lp-0001 "}) ==
          "240G02G8KRBD1T1MEHH1FMXMW4RZWCGX");
    // Another serial or another secret gives another MAC, same fields.
    const std::string other_serial = key_for(0x101, 10, day(2026, 1, 15), 365, false, licpool_test::serial_b);
    CHECK(other_serial.substr(0, 13) == "240G02G8KRBD1");
    CHECK(other_serial != "240G02G8KRBD1T1MEHH1FMXMW4RZWCGX");
    key_fields f;
    f.feature_code = 0x101;
    f.count = 10;
    f.issued = day(2026, 1, 15);
    f.validity_days = 365;
    const auto other_secret = licpool::issue_key(f, serial_a, *licpool::vendor_secret::make("another vendor's secret"));
    REQUIRE(other_secret);
    CHECK(*other_secret != "240G02G8KRBD1T1MEHH1FMXMW4RZWCGX");
}

TEST_CASE("issue_key marks a trial and gives it 60 days", "[keys][issue]") {
    const auto k = decode_key(key_for(0x104, 1, day(2026, 3, 1), 0, true));
    REQUIRE(k);
    CHECK(k->trial());
    CHECK(k->flags == licpool::key_flag_trial);
    CHECK(k->validity_days == 60);
    CHECK(decode_key(key_for(0x104, 1, day(2026, 3, 1), 60, true))->validity_days == 60);
    CHECK_FALSE(decode_key(key_for(0x104, 1, day(2026, 3, 1), 60, false))->trial());
}

TEST_CASE("issue_key refuses fields outside their ranges", "[keys][issue]") {
    key_fields good;
    good.feature_code = 0x101;
    good.count = 1;
    good.issued = day(2026, 1, 1);
    REQUIRE(licpool::issue_key(good, serial_a, test_secret()));

    struct bad_case {
        const char* what;
        key_fields fields;
        const char* message;
    };
    auto with = [&](auto change) {
        key_fields f = good;
        change(f);
        return f;
    };
    const bad_case cases[] = {
        {"feature code 0", with([](key_fields& f) { f.feature_code = 0; }),
         "cannot issue a key with feature code '0': a feature code runs from 1 to 4095 (0x001 to 0xFFF)"},
        {"feature code 0x1000", with([](key_fields& f) { f.feature_code = 0x1000; }),
         "cannot issue a key with feature code '4096': a feature code runs from 1 to 4095 (0x001 to 0xFFF)"},
        {"count 0", with([](key_fields& f) { f.count = 0; }),
         "cannot issue a key with count '0': a key grants 1 to 65535 instances"},
        {"count 65536", with([](key_fields& f) { f.count = 65536; }),
         "cannot issue a key with count '65536': a key grants 1 to 65535 instances"},
        {"issued before 2020", with([](key_fields& f) { f.issued = day(2019, 12, 31); }),
         "cannot issue a key with issue day '2019-12-31': a key is issued from 2020-01-01 to 2199-06-06"},
        {"issued after the 16-bit range", with([](key_fields& f) { f.issued = day(2199, 6, 7); }),
         "cannot issue a key with issue day '2199-06-07': a key is issued from 2020-01-01 to 2199-06-06"},
        {"validity 4096", with([](key_fields& f) { f.validity_days = 4096; }),
         "cannot issue a key with validity '4096': a key is valid for 1 to 4095 days, or 0 for ever"},
        {"a 30-day trial", with([](key_fields& f) { f.trial = true; f.validity_days = 30; }),
         "cannot issue a key with trial validity '30': a trial is valid 60 days: give 60, or 0 for the default"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const auto key = licpool::issue_key(c.fields, serial_a, test_secret());
        REQUIRE_FALSE(key);
        CHECK(key.error() == errc::invalid_key_fields);
        CHECK(key.error().message() == c.message);
    }

    // The edges of each range are accepted.
    for (const key_fields& f : {with([](key_fields& x) { x.feature_code = 0xFFF; }),
                                with([](key_fields& x) { x.count = 65535; }),
                                with([](key_fields& x) { x.issued = day(2020, 1, 1); }),
                                with([](key_fields& x) { x.issued = day(2199, 6, 6); }),
                                with([](key_fields& x) { x.validity_days = 4095; })}) {
        const auto key = licpool::issue_key(f, serial_a, test_secret());
        REQUIRE(key);
        const auto k = decode_key(*key);
        CHECK(k->feature_code == f.feature_code);
        CHECK(k->count == f.count);
        CHECK(k->issued() == f.issued);
        CHECK(k->validity_days == f.validity_days);
    }
}

TEST_CASE("issue_key by kind name issues the key the feature code gives", "[keys][issue]") {
    const auto& kinds = licpool::presets::contact_center();
    // The known answers above, by name: telephony_port is 0x101, sms 0x104.
    const auto port = licpool::issue_key(kinds, "telephony_port", 10, serial_a, test_secret(),
                                         licpool::key_terms{}.issued_on(day(2026, 1, 15)).valid_for(365));
    REQUIRE(port);
    CHECK(*port == "240G02G8KRBD1T1MEHH1FMXMW4RZWCGX");
    CHECK(*port == key_for(0x101, 10, day(2026, 1, 15), 365));
    const auto trial = licpool::issue_key(kinds, "sms", 1, serial_a, test_secret(),
                                          licpool::key_terms{}.issued_on(day(2026, 3, 1)).trial());
    REQUIRE(trial);
    CHECK(*trial == "24200088SC1W3ZR2G0P7ET0PY0WP3DP2");

    // Every kind of every preset, with each term: the same key as its feature code gives.
    for (const licpool::catalog& preset :
         {licpool::presets::contact_center(), licpool::presets::pbx(), licpool::presets::web_portal()}) {
        for (const auto& k : preset.kinds()) {
            CAPTURE(k.name);
            const std::uint32_t count = k.is_boolean() ? 1 : 7;
            CHECK(*licpool::issue_key(preset, k.name, count, serial_a, test_secret()) ==
                  key_for(k.feature_code, count, licpool::key_epoch));
            CHECK(*licpool::issue_key(preset, k.name, count, licpool_test::serial_b, test_secret(),
                                      licpool::key_terms{}.issued_on(day(2027, 5, 31)).valid_for(30)) ==
                  key_for(k.feature_code, count, day(2027, 5, 31), 30, false, licpool_test::serial_b));
            CHECK(*licpool::issue_key(preset, k.name, count, serial_a, test_secret(),
                                      licpool::key_terms{}.issued_on(day(2026, 2, 1)).trial().valid_for(60)) ==
                  key_for(k.feature_code, count, day(2026, 2, 1), 60, true));
        }
    }

    // Terms kept in a variable and set one by one are the same terms; trial(false) undoes trial().
    licpool::key_terms terms;
    terms.issued_on(day(2026, 1, 15));
    terms.valid_for(365);
    terms.trial();
    terms.trial(false);
    CHECK(*licpool::issue_key(kinds, "telephony_port", 10, serial_a, test_secret(), terms) ==
          "240G02G8KRBD1T1MEHH1FMXMW4RZWCGX");
    const auto defaults = licpool::key_terms{};
    CHECK(defaults.issued() == licpool::key_epoch);
    CHECK(defaults.validity_days() == 0);
    CHECK_FALSE(defaults.is_trial());
}

TEST_CASE("issue_key by kind name refuses an unknown kind and a boolean kind's count", "[keys][issue]") {
    const auto& kinds = licpool::presets::web_portal();
    const auto unknown = licpool::issue_key(kinds, "fax_port", 1, serial_a, test_secret());
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error() == errc::unknown_kind);
    CHECK(unknown.error().message() == "license kind 'fax_port' is not in the catalog");

    // A boolean kind is on or off (DESIGN 2): its key grants 1.
    REQUIRE(licpool::issue_key(kinds, "marquee", 1, serial_a, test_secret()));
    for (const std::uint32_t count : {0U, 2U, 50U, 70000U}) {
        CAPTURE(count);
        const auto key = licpool::issue_key(kinds, "marquee", count, serial_a, test_secret());
        REQUIRE_FALSE(key);
        CHECK(key.error() == errc::invalid_key_fields);
        CHECK(key.error().number() == count);
        CHECK(key.error().limit() == 1);
        CHECK(key.error().message() == "cannot issue a key with count " + std::to_string(count) +
                                           " for 'marquee': a boolean kind is on or off: its key grants 1");
    }

    // What the numeric form refuses, the named form refuses with the same error.
    const auto& cc = licpool::presets::contact_center();
    CHECK(licpool::issue_key(cc, "asr", 70000, serial_a, test_secret()).error().message() ==
          "cannot issue a key with count '70000': a key grants 1 to 65535 instances");
    const auto long_trial =
        licpool::issue_key(cc, "sms", 1, serial_a, test_secret(), licpool::key_terms{}.trial().valid_for(30));
    CHECK(long_trial.error().message() ==
          "cannot issue a key with trial validity '30': a trial is valid 60 days: give 60, or 0 for the default");
    CHECK(licpool::issue_key(cc, "asr", 1, serial_a, test_secret(), licpool::key_terms{}.issued_on(day(2019, 12, 31)))
              .error() == errc::invalid_key_fields);
}
