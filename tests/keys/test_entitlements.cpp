#include <licpool/catalog/presets.hpp>
#include <licpool/keys/entitlement.hpp>
#include <licpool/keys/feature_key_validator.hpp>
#include <licpool/keys/key_ring.hpp>

#include "keys/key_fixtures.hpp"
#include "licpool_catch.hpp"

#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>
#include <string>

using licpool::catalog;
using licpool::date;
using licpool::entitlement;
using licpool::errc;
using licpool::key_ring;
using licpool_test::day;
using licpool_test::key_for;

namespace {
// Installs keys the way a host does: validate, then add.
struct installer {
    explicit installer(catalog c) : validator{std::move(c), licpool_test::test_secret(), licpool_test::serial_a} {}

    entitlement install(const std::string& key, date today = day(2026, 3, 1)) {
        const auto e = validator.validate(key, today);
        if (!e) {
            throw std::logic_error(e.error().message());
        }
        ring.add(*e);
        validator.record_install(*e);
        return *e;
    }
    licpool::kind_id kind(const char* name) const { return *validator.kinds().find(name); }
    licpool::entitlement_set on(date d) const { return ring.entitlements(validator.kinds(), d); }

    licpool::feature_key_validator<> validator;
    key_ring ring;
};
} // namespace

TEST_CASE("counted keys of one kind add up", "[keys][entitlements]") {
    installer host{licpool::presets::contact_center()};
    host.install(key_for(0x101, 100, day(2026, 1, 1)));
    host.install(key_for(0x101, 50, day(2026, 2, 1)));
    host.install(key_for(0x102, 8, day(2026, 1, 1)));
    const auto set = host.on(day(2026, 3, 1));
    CHECK(set.count(host.kind("telephony_port")) == 150);
    CHECK(set.count(host.kind("asr")) == 8);
    CHECK(set.count(host.kind("tts")) == 0);
    CHECK_FALSE(set.clipped_from(host.kind("telephony_port")));
    CHECK_FALSE(set.any_clipped());
    CHECK(set.size() == host.validator.kinds().size());
}

TEST_CASE("the sum is clipped at the platform cap, and the clipping reported", "[keys][entitlements]") {
    installer host{licpool::presets::pbx()};
    host.install(key_for(0x205, 3, day(2026, 1, 1)));
    CHECK(host.on(day(2026, 3, 1)).count(host.kind("softconsole")) == 3);
    host.install(key_for(0x205, 3, day(2026, 1, 2)));
    const auto set = host.on(day(2026, 3, 1));
    CHECK(set.count(host.kind("softconsole")) == 4);
    REQUIRE(set.clipped_from(host.kind("softconsole")));
    CHECK(*set.clipped_from(host.kind("softconsole")) == 6);
    CHECK(set.any_clipped());
    CHECK(set[host.kind("softconsole")].clipped_from == std::optional<std::uint64_t>{6});

    // Exactly at the cap is not clipping.
    installer at_cap{licpool::presets::pbx()};
    at_cap.install(key_for(0x205, 4, day(2026, 1, 1)));
    CHECK(at_cap.on(day(2026, 3, 1)).count(at_cap.kind("softconsole")) == 4);
    CHECK_FALSE(at_cap.on(day(2026, 3, 1)).clipped_from(at_cap.kind("softconsole")));
}

TEST_CASE("a kind without a cap is clipped only at 32 bits", "[keys][entitlements]") {
    auto c = *catalog::make("big", {licpool::kind_spec{"port", 0x801}, licpool::kind_spec{"pack", 0x802}.contains("port", 1000000)});
    installer host{c};
    host.install(key_for(0x802, 65535, day(2026, 1, 1)));
    const auto set = host.on(day(2026, 3, 1));
    CHECK(set.count(host.kind("port")) == licpool::unlimited);
    CHECK(*set.clipped_from(host.kind("port")) == 65535ULL * 1000000ULL);
}

TEST_CASE("a boolean kind is on when its sum is not zero", "[keys][entitlements]") {
    // (The contact center's sms and email are counted since issue 13: their keys add up.)
    installer host{licpool::presets::web_portal()};
    CHECK(host.on(day(2026, 3, 1)).count(host.kind("marquee")) == 0);
    host.install(key_for(0x307, 5, day(2026, 1, 1)));
    host.install(key_for(0x307, 1, day(2026, 1, 2)));
    CHECK(host.on(day(2026, 3, 1)).count(host.kind("marquee")) == 1);
    CHECK_FALSE(host.on(day(2026, 3, 1)).clipped_from(host.kind("marquee")));
}

TEST_CASE("a bundle key adds each part times its multiplier times the key's count", "[keys][entitlements]") {
    installer host{licpool::presets::pbx()};
    host.install(key_for(0x220, 2, day(2026, 1, 1)));   // 2 x UC small business 20
    host.install(key_for(0x221, 1, day(2026, 1, 1)));   // 1 x UC small business 25
    host.install(key_for(0x203, 5, day(2026, 1, 1)));   // 5 mobility on their own
    const auto set = host.on(day(2026, 3, 1));
    CHECK(set.count(host.kind("mobility")) == 2 * 20 + 25 + 5);
    CHECK(set.count(host.kind("phone_manager_pro")) == 65);
    CHECK(set.count(host.kind("phone_manager_pro_ip_audio")) == 65);
    // The bundle kinds themselves count nothing: their parts are counted.
    CHECK(set.count(host.kind("uc_small_business_20")) == 0);
    CHECK(set.count(host.kind("uc_small_business_25")) == 0);
}

TEST_CASE("an expired key stops counting when its day passes", "[keys][entitlements]") {
    installer host{licpool::presets::contact_center()};
    host.install(key_for(0x101, 10, day(2026, 1, 1)), day(2026, 1, 1));
    host.install(key_for(0x101, 5, day(2026, 1, 1), 31), day(2026, 1, 1));   // last day 2026-01-31
    host.install(key_for(0x101, 7, day(2026, 2, 1), 0), day(2026, 2, 1));
    const auto port = host.kind("telephony_port");
    CHECK(host.on(day(2026, 1, 31)).count(port) == 15);
    CHECK(host.on(day(2026, 2, 1)).count(port) == 17);
    // Before the third key's issue day it does not count either.
    CHECK(host.on(day(2025, 12, 31)).count(port) == 0);
    // The expired key stays installed.
    CHECK(host.ring.size() == 3);

    CHECK(*host.ring.next_change(day(2026, 1, 1)) == day(2026, 2, 1));
    CHECK_FALSE(host.ring.next_change(day(2026, 2, 1)));
}

TEST_CASE("the same key installed twice counts once", "[keys][entitlements]") {
    installer host{licpool::presets::contact_center()};
    const std::string key = key_for(0x101, 10, day(2026, 1, 1));
    CHECK(host.ring.add(*host.validator.validate(key, day(2026, 3, 1))));
    CHECK_FALSE(host.ring.add(*host.validator.validate(licpool_test::spelled_loosely(key), day(2026, 3, 1))));
    CHECK(host.ring.size() == 1);
    CHECK(host.on(day(2026, 3, 1)).count(host.kind("telephony_port")) == 10);
    // Counting the same entitlement twice on purpose does add it twice: the ring is what
    // makes a key count once.
    const auto twice = licpool::entitlement_set::total(host.validator.kinds(),
                                                       std::vector<entitlement>{host.ring.keys()[0], host.ring.keys()[0]},
                                                       day(2026, 3, 1));
    CHECK(twice.count(host.kind("telephony_port")) == 20);
}

TEST_CASE("a key can be removed, spelled any way", "[keys][entitlements]") {
    installer host{licpool::presets::contact_center()};
    const std::string a = key_for(0x101, 10, day(2026, 1, 1));
    const std::string b = key_for(0x101, 4, day(2026, 1, 2));
    host.install(a);
    host.install(b);
    CHECK(host.ring.contains(licpool_test::spelled_loosely(a)));
    REQUIRE(host.ring.remove(licpool_test::spelled_loosely(a)));
    CHECK_FALSE(host.ring.contains(a));
    REQUIRE(host.ring.keys().size() == 1);
    CHECK(host.ring.keys()[0].key == b);
    CHECK(host.on(day(2026, 3, 1)).count(host.kind("telephony_port")) == 4);

    const auto again = host.ring.remove(a);
    REQUIRE_FALSE(again);
    CHECK(again.error() == errc::key_not_installed);
    CHECK(again.error().message() == "key '" + a + "' is not installed");
    CHECK(host.ring.remove("not a key at all").error() == errc::key_not_installed);

    // After removal the key can be installed again.
    CHECK(host.ring.add(*host.validator.validate(a, day(2026, 3, 1))));
}

TEST_CASE("keys are kept in install order", "[keys][entitlements]") {
    installer host{licpool::presets::contact_center()};
    const std::string first = key_for(0x102, 1, day(2026, 1, 3));
    const std::string second = key_for(0x101, 1, day(2026, 1, 1));
    const std::string third = key_for(0x103, 1, day(2026, 1, 2));
    host.install(first);
    host.install(second);
    host.install(third);
    REQUIRE(host.ring.keys().size() == 3);
    CHECK(host.ring.keys()[0].key == first);
    CHECK(host.ring.keys()[1].key == second);
    CHECK(host.ring.keys()[2].key == third);
}

TEST_CASE("entitlement sets compare and iterate by kind", "[keys][entitlements]") {
    installer a{licpool::presets::contact_center()};
    installer b{licpool::presets::contact_center()};
    a.install(key_for(0x101, 10, day(2026, 1, 1)));
    b.install(key_for(0x101, 6, day(2026, 1, 1)));
    CHECK(a.on(day(2026, 3, 1)) != b.on(day(2026, 3, 1)));
    b.install(key_for(0x101, 4, day(2026, 1, 2)));
    CHECK(a.on(day(2026, 3, 1)) == b.on(day(2026, 3, 1)));

    std::size_t rows = 0;
    for (const auto& row : a.on(day(2026, 3, 1))) {
        CHECK(row.kind.value() == rows);
        ++rows;
    }
    CHECK(rows == a.validator.kinds().size());
    CHECK(licpool::entitlement_set{}.count(a.kind("asr")) == 0);
}
