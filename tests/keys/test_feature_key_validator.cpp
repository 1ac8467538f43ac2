#include <licpool/catalog/presets.hpp>
#include <licpool/keys/feature_key_validator.hpp>
#include <licpool/keys/key_ring.hpp>

#include "keys/key_fixtures.hpp"
#include "licpool_catch.hpp"

#include <cstdint>
#include <memory>
#include <random>
#include <vector>
#include <string>

using licpool::date;
using licpool::errc;
using licpool::feature_key_validator;
using licpool_test::day;
using licpool_test::key_for;
using licpool_test::serial_a;
using licpool_test::serial_b;
using licpool_test::test_secret;

namespace {
constexpr std::uint16_t telephony_port = 0x101;
constexpr std::uint16_t sms = 0x104;
constexpr std::uint16_t email = 0x105;

feature_key_validator<> make_validator(const licpool::serial_number& serial = serial_a) {
    return feature_key_validator<>{licpool::presets::contact_center(), test_secret(), serial};
}

// A key whose fields are set directly, with a correct MAC for `serial`: what only a
// generator other than issue_key (a newer one, say) could produce.
std::string raw_key(licpool::key_layout k, const licpool::serial_number& serial = serial_a) {
    k.mac = licpool::key_mac(test_secret(), serial, k);
    return licpool::encode_key(k);
}
} // namespace

TEST_CASE("a valid key gives its entitlement", "[keys][validator]") {
    auto v = make_validator();
    const std::string key = key_for(telephony_port, 10, day(2026, 1, 15), 365);
    const auto e = v.validate(licpool_test::spelled_loosely(key), day(2026, 2, 1));
    REQUIRE(e);
    CHECK(e->key == key);
    CHECK(v.kinds()[e->kind].name == "telephony_port");
    CHECK(e->count == 10);
    CHECK(e->issued == day(2026, 1, 15));
    REQUIRE(e->expires);
    CHECK(*e->expires == day(2027, 1, 14));
    CHECK_FALSE(e->trial);

    const auto perpetual = v.validate(key_for(telephony_port, 5, day(2020, 1, 1)), day(2026, 2, 1));
    REQUIRE(perpetual);
    CHECK_FALSE(perpetual->expires);
}

TEST_CASE("each refusal has its own code", "[keys][validator]") {
    auto v = make_validator();
    const date today = day(2026, 3, 1);

    SECTION("malformed: a bad character, with its position") {
        const auto e = v.validate("240G-02G8-KRBD-1T1M-EHH1-FMXM-W4RZ-WCG*", today);
        REQUIRE_FALSE(e);
        CHECK(e.error() == errc::malformed);
        CHECK(e.error().number() == 39);
    }
    SECTION("malformed: a bad length") {
        const auto e = v.validate("240G02G8KRBD1T1MEHH1FMXMW4RZWCG", today);
        REQUIRE_FALSE(e);
        CHECK(e.error() == errc::malformed);
        CHECK(e.error().number() == 31);
    }
    SECTION("unsupported version") {
        licpool::key_layout k;
        k.version = 2;
        k.feature_code = telephony_port;
        k.count = 1;
        const auto e = v.validate(raw_key(k), today);
        REQUIRE_FALSE(e);
        CHECK(e.error() == errc::unsupported_version);
        CHECK(e.error().message() == "key '" + raw_key(k) + "' is a version 2 key; this licpool reads version 1 keys only");
    }
    SECTION("unsupported version: reserved flag bits in an authentic key") {
        licpool::key_layout k;
        k.feature_code = telephony_port;
        k.count = 1;
        k.flags = 0x2;
        const auto e = v.validate(raw_key(k), today);
        REQUIRE_FALSE(e);
        CHECK(e.error() == errc::unsupported_version);
        CHECK(e.error().message() == "key '" + raw_key(k) +
                                         "' has flags 2: version 1 keys define only flag 1 (trial); this key "
                                         "needs a newer licpool");
        // Forged reserved bits are a MAC mismatch like any other change.
        auto forged = *licpool::decode_key(key_for(telephony_port, 1, day(2026, 1, 1)));
        forged.flags = 0x4;
        CHECK(v.validate(licpool::encode_key(forged), today).error() == errc::mac_mismatch);
    }
    SECTION("MAC mismatch: a key for another serial") {
        const std::string key = key_for(telephony_port, 10, day(2026, 1, 15), 0, false, serial_b);
        const auto e = v.validate(key, today);
        REQUIRE_FALSE(e);
        CHECK(e.error() == errc::mac_mismatch);
        CHECK(e.error().message() == "key '" + key +
                                         "' does not check out: it is mistyped, or it was issued for another "
                                         "serial than 'LP-0001'");
    }
    SECTION("MAC mismatch: a key under another secret") {
        licpool::key_fields f;
        f.feature_code = telephony_port;
        f.count = 10;
        f.issued = day(2026, 1, 15);
        const auto key = licpool::issue_key(f, serial_a, *licpool::vendor_secret::make("some other vendor secret"));
        CHECK(v.validate(*key, today).error() == errc::mac_mismatch);
    }
    SECTION("unknown feature") {
        const std::string key = key_for(0x7FF, 1, day(2026, 1, 1));
        const auto e = v.validate(key, today);
        REQUIRE_FALSE(e);
        CHECK(e.error() == errc::unknown_feature);
        CHECK(e.error().message() == "key '" + key + "' is for feature code 0x7FF, which catalog 'contact_center' does not have");
        // A key of another preset's catalog never reads as one of this catalog's kinds.
        CHECK(v.validate(key_for(0x205, 1, day(2026, 1, 1)), today).error() == errc::unknown_feature);
    }
    SECTION("not yet valid") {
        const std::string key = key_for(telephony_port, 1, day(2026, 3, 2));
        const auto e = v.validate(key, today);
        REQUIRE_FALSE(e);
        CHECK(e.error() == errc::not_yet_valid);
        CHECK(e.error().message() == "key '" + key + "' is valid from 2026-03-02 (today is 2026-03-01)");
    }
    SECTION("expired") {
        const std::string key = key_for(telephony_port, 1, day(2026, 1, 1), 31);
        const auto e = v.validate(key, today);
        REQUIRE_FALSE(e);
        CHECK(e.error() == errc::expired);
        CHECK(e.error().message() == "key '" + key + "' expired: its last valid day was 2026-01-31 (today is 2026-03-01)");
    }
    SECTION("trial already used") {
        const auto first = v.validate(key_for(sms, 1, day(2026, 2, 1), 0, true), today);
        REQUIRE(first);
        v.record_install(*first);
        const std::string second = key_for(sms, 2, day(2026, 2, 2), 0, true);
        const auto e = v.validate(second, today);
        REQUIRE_FALSE(e);
        CHECK(e.error() == errc::trial_already_used);
        CHECK(e.error().message() == "key '" + second +
                                         "' is a second trial of 'sms' on this serial; a trial is allowed once "
                                         "per serial and feature");
    }
}

TEST_CASE("refusals come in the DESIGN 3 order", "[keys][validator]") {
    auto v = make_validator();
    const date today = day(2026, 3, 1);
    // A key with several faults gets the first refusal of the list.
    // Expired, of an unknown feature, for another serial: the MAC first.
    CHECK(v.validate(key_for(0x7FF, 1, day(2020, 1, 1), 1, false, serial_b), today).error() == errc::mac_mismatch);
    // Expired and of an unknown feature: the feature first.
    CHECK(v.validate(key_for(0x7FF, 1, day(2020, 1, 1), 1), today).error() == errc::unknown_feature);
    // Another version, with a bad MAC: the version first.
    licpool::key_layout k;
    k.version = 9;
    CHECK(v.validate(licpool::encode_key(k), today).error() == errc::unsupported_version);
    // A bad character in a key of the wrong length: malformed, naming the character.
    CHECK(v.validate("*", today).error().number() == 1);
    // An expired second trial: expired first.
    const auto first = v.validate(key_for(email, 1, day(2026, 2, 1), 0, true), today);
    v.record_install(*first);
    CHECK(v.validate(key_for(email, 1, day(2025, 1, 1), 0, true), today).error() == errc::expired);
    CHECK(v.validate(key_for(email, 1, day(2026, 4, 1), 0, true), today).error() == errc::not_yet_valid);
}

TEST_CASE("a key is valid from its issue day to its last valid day", "[keys][validator]") {
    const std::string key = key_for(telephony_port, 1, day(2026, 1, 10), 30);
    auto at = [&](date d) { return make_validator().validate(key, d); };
    CHECK(at(day(2026, 1, 9)).error() == errc::not_yet_valid);
    CHECK(at(day(2026, 1, 10)));
    REQUIRE(at(day(2026, 2, 8)));
    CHECK(*at(day(2026, 2, 8))->expires == day(2026, 2, 8));
    CHECK(at(day(2026, 2, 9)).error() == errc::expired);

    const std::string one_day = key_for(telephony_port, 1, day(2026, 1, 10), 1);
    CHECK(make_validator().validate(one_day, day(2026, 1, 10)));
    CHECK(*make_validator().validate(one_day, day(2026, 1, 10))->expires == day(2026, 1, 10));
    CHECK(make_validator().validate(one_day, day(2026, 1, 11)).error() == errc::expired);

    const std::string trial = key_for(sms, 1, day(2026, 1, 1), 0, true);
    CHECK(*make_validator().validate(trial, day(2026, 3, 1))->expires == day(2026, 3, 1));
    CHECK(make_validator().validate(trial, day(2026, 3, 2)).error() == errc::expired);
}

TEST_CASE("a trial is valid 60 days whatever its validity field says", "[keys][validator]") {
    licpool::key_layout k;
    k.feature_code = sms;
    k.count = 1;
    k.issue_day = static_cast<std::uint16_t>(day(2026, 1, 1) - licpool::key_epoch);
    k.flags = licpool::key_flag_trial;
    for (const std::uint16_t field : {std::uint16_t{0}, std::uint16_t{1}, std::uint16_t{60}, std::uint16_t{4095}}) {
        CAPTURE(field);
        k.validity_days = field;
        const auto e = make_validator().validate(raw_key(k), day(2026, 1, 1));
        REQUIRE(e);
        CHECK(*e->expires == day(2026, 3, 1));
    }
}

TEST_CASE("setting the clock back revives nothing", "[keys][validator]") {
    auto v = make_validator();
    const std::string month = key_for(telephony_port, 1, day(2026, 1, 1), 31);
    CHECK(v.validate(month, day(2026, 1, 20)));
    CHECK(v.latest_date() == day(2026, 1, 20));

    SECTION("an expired key stays expired") {
        CHECK(v.validate(month, day(2026, 2, 1)).error() == errc::expired);
        CHECK(v.validate(month, day(2026, 1, 15)).error() == errc::expired);
        CHECK(v.latest_date() == day(2026, 2, 1));
        CHECK(v.observe(day(2025, 1, 1)) == day(2026, 2, 1));
    }
    SECTION("a used trial stays used") {
        const auto trial = v.validate(key_for(sms, 1, day(2026, 1, 10), 0, true), day(2026, 1, 20));
        v.record_install(*trial);
        const std::string second = key_for(sms, 1, day(2025, 6, 1), 0, true);
        CHECK(v.validate(second, day(2025, 6, 2)).error() == errc::expired);
    }
    SECTION("the latest date is saved state") {
        CHECK(v.observe(day(2026, 3, 1)) == day(2026, 3, 1));
        auto restarted = make_validator();
        restarted.restore(v.state());
        CHECK(restarted.latest_date() == day(2026, 3, 1));
        CHECK(restarted.validate(month, day(2026, 1, 15)).error() == errc::expired);
    }
}

TEST_CASE("a trial is allowed once per serial and feature, ever", "[keys][validator][trial]") {
    auto v = make_validator();
    const date today = day(2026, 3, 1);
    const std::string first = key_for(sms, 1, day(2026, 2, 1), 0, true);
    const auto e = v.validate(first, today);
    REQUIRE(e);
    CHECK(e->trial);
    CHECK_FALSE(v.trial_used(sms));
    v.record_install(*e);
    CHECK(v.trial_used(sms));

    SECTION("the same key again is not a second trial") {
        CHECK(v.validate(first, today));
        CHECK(v.validate(licpool_test::spelled_loosely(first), today));
    }
    SECTION("a different trial key for the same feature is refused") {
        CHECK(v.validate(key_for(sms, 1, day(2026, 2, 20), 0, true), today).error() == errc::trial_already_used);
    }
    SECTION("a trial of another feature is fine, and so is a full key of the same feature") {
        CHECK(v.validate(key_for(email, 1, day(2026, 2, 20), 0, true), today));
        CHECK(v.validate(key_for(sms, 1, day(2026, 2, 20)), today));
    }
    SECTION("removing the trial key does not give the trial back") {
        licpool::key_ring ring;
        ring.add(*e);
        REQUIRE(ring.remove(first));
        CHECK(v.validate(key_for(sms, 1, day(2026, 2, 20), 0, true), today).error() == errc::trial_already_used);
    }
    SECTION("validating alone uses no trial: installing does") {
        auto fresh = make_validator();
        CHECK(fresh.validate(key_for(sms, 1, day(2026, 2, 20), 0, true), today));
        CHECK(fresh.validate(first, today));
        CHECK_FALSE(fresh.trial_used(sms));
    }
    SECTION("the registry is saved state") {
        const auto state = v.state();
        REQUIRE(state.trials.size() == 1);
        CHECK(state.trials[0] == licpool::trial_record{"LP-0001", sms, first});
        auto restarted = make_validator();
        restarted.restore(state);
        CHECK(restarted.validate(key_for(sms, 1, day(2026, 2, 20), 0, true), today).error() ==
              errc::trial_already_used);
        CHECK(restarted.state() == state);
        // Restoring an older state forgets nothing.
        restarted.restore(licpool::validator_state{});
        CHECK(restarted.state() == state);
    }
}

namespace {
// A SerialProvider whose serial the test can change, as a host reading a replaceable
// dongle would see it.
struct switchable_serial {
    std::shared_ptr<licpool::serial_number> current = std::make_shared<licpool::serial_number>("LP-0001");
    licpool::serial_number serial() const { return *current; }
};
} // namespace

TEST_CASE("the serial comes from a host-supplied provider", "[keys][validator][policy]") {
    STATIC_REQUIRE(licpool::is_serial_provider_v<switchable_serial>);
    switchable_serial provider;
    feature_key_validator<licpool::hmac_sha256, switchable_serial> v{licpool::presets::contact_center(), test_secret(),
                                                                     provider};
    const date today = day(2026, 3, 1);
    const std::string for_a = key_for(sms, 1, day(2026, 2, 1), 0, true, serial_a);
    const std::string for_b = key_for(sms, 1, day(2026, 2, 5), 0, true, serial_b);
    const auto e = v.validate(for_a, today);
    REQUIRE(e);
    v.record_install(*e);
    CHECK(v.validate(for_b, today).error() == errc::mac_mismatch);

    // After a serial exchange, keys for the new serial work and the old ones do not
    // (DESIGN 3: a key cannot move); the new serial has its own trial registry entry.
    *provider.current = serial_b;
    CHECK(v.serial() == serial_b);
    CHECK(v.validate(for_a, today).error() == errc::mac_mismatch);
    const auto eb = v.validate(for_b, today);
    REQUIRE(eb);
    v.record_install(*eb);
    CHECK(v.state().trials.size() == 2);
    CHECK(v.validate(key_for(sms, 1, day(2026, 2, 9), 0, true, serial_b), today).error() == errc::trial_already_used);

    // A serial written in lower case with spaces around it is the same serial.
    *provider.current = licpool::serial_number{"  lp-0002 "};
    CHECK(v.validate(for_b, today));
}

namespace {
// A host's own keyed function: a 16-byte digest of SHA-256(key || message).
struct test_mac {
    using digest_type = std::array<std::uint8_t, 16>;
    digest_type compute(std::string_view key, std::string_view message) const {
        licpool::sha256 h;
        const auto full = h.update(key).update(message).finish();
        digest_type out{};
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = full[i];
        }
        return out;
    }
};
struct no_compute {
    using digest_type = std::array<std::uint8_t, 32>;
};
struct short_digest {
    using digest_type = std::array<std::uint8_t, 8>;
    digest_type compute(std::string_view, std::string_view) const { return {}; }
};
struct no_serial {};
struct not_a_validator {
    void observe(date) {}
};
} // namespace

TEST_CASE("a host can key the MAC with its own function", "[keys][validator][policy]") {
    STATIC_REQUIRE(licpool::is_mac_v<test_mac>);
    licpool::key_fields f;
    f.feature_code = telephony_port;
    f.count = 3;
    f.issued = day(2026, 1, 1);
    const auto key = licpool::issue_key<test_mac>(f, serial_a, test_secret());
    REQUIRE(key);
    feature_key_validator<test_mac> custom{licpool::presets::contact_center(), test_secret(), serial_a};
    const auto e = custom.validate(*key, day(2026, 1, 2));
    REQUIRE(e);
    CHECK(e->count == 3);
    // The default validator does not take it, nor the custom one a default key.
    CHECK(make_validator().validate(*key, day(2026, 1, 2)).error() == errc::mac_mismatch);
    CHECK(custom.validate(key_for(telephony_port, 3, day(2026, 1, 1)), day(2026, 1, 2)).error() ==
          errc::mac_mismatch);
}

TEST_CASE("the policy traits accept the keys policies and refuse deficient ones", "[keys][policy]") {
    STATIC_REQUIRE(licpool::is_mac_v<licpool::hmac_sha256>);
    STATIC_REQUIRE_FALSE(licpool::is_mac_v<no_compute>);
    STATIC_REQUIRE_FALSE(licpool::is_mac_v<short_digest>);
    STATIC_REQUIRE_FALSE(licpool::is_mac_v<int>);

    STATIC_REQUIRE(licpool::is_serial_provider_v<licpool::fixed_serial>);
    STATIC_REQUIRE_FALSE(licpool::is_serial_provider_v<no_serial>);

    STATIC_REQUIRE(licpool::is_validator_v<feature_key_validator<>>);
    STATIC_REQUIRE(licpool::is_validator_v<feature_key_validator<test_mac, switchable_serial>>);
    STATIC_REQUIRE(licpool::detail::check_validator_policy<feature_key_validator<>>());
    STATIC_REQUIRE_FALSE(licpool::is_validator_v<not_a_validator>);
    STATIC_REQUIRE_FALSE(licpool::is_validator_v<int>);
}

TEST_CASE("issued keys validate to exactly the fields they were issued with", "[keys][validator][property]") {
    std::mt19937 rng{42};
    const auto codes = std::vector<std::uint16_t>{0x101, 0x102, 0x104, 0x106, 0x109, 0x10B};
    for (int round = 0; round < 1000; ++round) {
        licpool::key_fields f;
        f.feature_code = codes[rng() % codes.size()];
        f.count = static_cast<std::uint32_t>(1 + rng() % 65535);
        f.issued = licpool::key_epoch + static_cast<std::int32_t>(rng() % 0x10000);
        f.trial = rng() % 8 == 0;
        f.validity_days = f.trial ? 0 : static_cast<std::uint16_t>(rng() % 4096);
        const auto key = licpool::issue_key(f, serial_a, test_secret());
        REQUIRE(key);
        auto v = make_validator();
        const auto e = v.validate(*key, f.issued);
        REQUIRE(e);
        CHECK(e->key == *key);
        CHECK(v.kinds()[e->kind].feature_code == f.feature_code);
        CHECK(e->count == f.count);
        CHECK(e->issued == f.issued);
        CHECK(e->trial == f.trial);
        const std::uint16_t days = f.trial ? licpool::trial_days : f.validity_days;
        if (days == 0) {
            CHECK_FALSE(e->expires);
        } else {
            CHECK(*e->expires == f.issued + (days - 1));
        }
    }
}

TEST_CASE("a one-bit change anywhere in a key is refused", "[keys][validator][property]") {
    std::mt19937 rng{7};
    auto v = make_validator();
    const date today = day(2026, 6, 1);
    for (int round = 0; round < 120; ++round) {
        const bool trial = round % 5 == 0;
        const std::string key = key_for(static_cast<std::uint16_t>(0x101 + rng() % 11), static_cast<std::uint32_t>(1 + rng() % 500),
                                        day(2026, 5, 1) - static_cast<std::int32_t>(rng() % 25),
                                        trial ? 0 : static_cast<std::uint16_t>(rng() % 2 == 0 ? 0 : 365), trial);
        REQUIRE(v.validate(key, today));
        const auto bytes = licpool::decode_key(key)->bytes();
        for (std::size_t bit = 0; bit < 160; ++bit) {
            auto flipped = bytes;
            flipped[bit / 8] = static_cast<std::uint8_t>(flipped[bit / 8] ^ (0x80 >> (bit % 8)));
            const std::string text = licpool::crockford_encode(flipped);
            const auto e = v.validate(text, today);
            CAPTURE(key, bit);
            REQUIRE_FALSE(e);
            // The version field is bits 0-3: a change there is another version; anywhere
            // else the MAC no longer matches.
            CHECK(e.error() == (bit < 4 ? errc::unsupported_version : errc::mac_mismatch));
        }
        // And a change of one character to any other character.
        const std::size_t at = rng() % 32;
        for (char c : licpool::crockford_alphabet) {
            if (c == key[at]) {
                continue;
            }
            std::string changed = key;
            changed[at] = c;
            CHECK_FALSE(v.validate(changed, today));
        }
    }
}
