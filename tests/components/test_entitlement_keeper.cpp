// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.

#include "components/component_fixture.hpp"
#include "licpool_catch.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

using namespace licpool_components;
using namespace std::chrono_literals;

namespace {

// A serial provider the test switches, as a host's dongle is pulled, swapped or put back.
// Shared, because the validator keeps its own copy of the provider.
struct keeper_serial {
    std::shared_ptr<serial_number> current = std::make_shared<serial_number>("LP-KEEPER");
    serial_number serial() const { return *current; }
};

using keeper_validator = feature_key_validator<hmac_sha256, keeper_serial>;
using keeper_under_test = detail::entitlement_keeper<keeper_validator, manual_clock>;

vendor_secret keeper_secret() { return *vendor_secret::make("licpool keeper component secret"); }

date keeper_day(int year, unsigned month, unsigned day) { return date::from_ymd(year, month, day); }

pool_options keeper_options(entitlement_source source, std::int32_t grace_days) {
    pool_options options{source};
    options.grace_days = grace_days;
    return options;
}

// The keeper on its own: totals it publishes to, a clock, a switchable serial, and a
// trigger that only records what fired.
struct keeper_parts {
    explicit keeper_parts(catalog c = presets::contact_center(),
                          entitlement_source source = entitlement_source::keys, std::int32_t grace_days = 30)
        : kinds{std::move(c)}, options{keeper_options(source, grace_days)} {}

    std::string key(const std::string& kind, std::uint32_t count, const std::string& serial = "LP-KEEPER",
                    std::uint16_t validity_days = 0) const {
        key_fields f;
        f.feature_code = kinds[*kinds.find(kind)].feature_code;
        f.count = count;
        f.issued = keeper_day(2025, 12, 1);
        f.validity_days = validity_days;
        auto k = issue_key(f, serial_number{serial}, keeper_secret());
        REQUIRE(k);
        return *k;
    }

    std::uint32_t entitled(const std::string& kind) const { return totals.entitled[kinds.find(kind)->value()]; }
    void serial_is(const std::string& serial) { *provider.current = serial_number{serial}; }

    const catalog kinds;
    const pool_options options;
    manual_clock clock{keeper_day(2026, 1, 1)};
    keeper_serial provider;
    detail::kind_totals totals{kinds};
    trigger_log log;
    keeper_under_test keeper{kinds, totals, log, keeper_validator{kinds, keeper_secret(), provider}, clock, options};
};

using keeper_fired = std::pair<recalculation_cause, std::string>;

} // namespace

TEST_CASE("entitlement_keeper: an installed key grows the totals and recalculates once", "[components][keeper]") {
    keeper_parts p;
    const std::string asr5 = p.key("asr", 5);
    const auto installed = p.keeper.install_key(asr5);
    REQUIRE(installed);
    CHECK(installed->count == 5);
    CHECK(p.entitled("asr") == 5);
    CHECK(p.totals.now.count(*p.kinds.find("asr")) == 5);
    REQUIRE(p.log.fired.size() == 1);
    CHECK(p.log.fired[0] == keeper_fired{recalculation_cause::entitlement_changed, "asr"});
    CHECK(p.keeper.bound_serial == "LP-KEEPER");

    // DESIGN 4.3 trigger 2 is a change: the same key again changes nothing.
    REQUIRE(p.keeper.install_key(asr5));
    CHECK(p.entitled("asr") == 5);
    CHECK(p.keeper.keys.size() == 1);
    CHECK(p.log.fired.size() == 1);

    // Keys of a kind add up.
    REQUIRE(p.keeper.install_key(p.key("asr", 3)));
    CHECK(p.entitled("asr") == 8);
    CHECK(p.log.fired.size() == 2);
}

TEST_CASE("entitlement_keeper: a removed key takes its count away", "[components][keeper]") {
    keeper_parts p;
    const std::string asr5 = p.key("asr", 5);
    const std::string tts2 = p.key("tts", 2);
    REQUIRE(p.keeper.install_key(asr5));
    REQUIRE(p.keeper.install_key(tts2));
    p.log.fired.clear();

    REQUIRE(p.keeper.remove_key(asr5));
    CHECK(p.entitled("asr") == 0);
    CHECK(p.entitled("tts") == 2);
    CHECK(p.log.fired == std::vector<keeper_fired>{{recalculation_cause::entitlement_changed, "asr"}});

    const auto again = p.keeper.remove_key(asr5);
    REQUIRE_FALSE(again);
    CHECK(again.error().code() == errc::key_not_installed);
    CHECK(p.log.fired.size() == 1);

    // The last key gone, nothing is bound: the next key is the provider's serial's.
    REQUIRE(p.keeper.remove_key(tts2));
    p.serial_is("LP-OTHER");
    REQUIRE(p.keeper.install_key(p.key("tts", 1, "LP-OTHER")));
    CHECK(p.keeper.bound_serial == "LP-OTHER");
    CHECK(p.entitled("tts") == 1);
}

TEST_CASE("entitlement_keeper: no key is installed without the serial it must be bound to",
          "[components][keeper][serial]") {
    keeper_parts p;

    SECTION("no serial: serial_absent") {
        p.serial_is("");
        const auto refused = p.keeper.install_key(p.key("asr", 5));
        REQUIRE_FALSE(refused);
        CHECK(refused.error() == error{errc::serial_absent, "LP-KEEPER"});
        CHECK(p.keeper.keys.empty());
        CHECK(p.entitled("asr") == 0);
        // Nothing was installed, so nothing stopped counting: no event.
        CHECK(p.log.fired.empty());
    }
    SECTION("keys bound to another serial: serial_changed") {
        REQUIRE(p.keeper.install_key(p.key("asr", 5)));
        p.log.fired.clear();
        p.serial_is("LP-OTHER");
        const auto refused = p.keeper.install_key(p.key("tts", 1, "LP-OTHER"));
        REQUIRE_FALSE(refused);
        CHECK(refused.error() == error{errc::serial_changed, "LP-OTHER", "LP-KEEPER"});
        CHECK(p.keeper.keys.size() == 1);
        CHECK(p.entitled("tts") == 0);
        // The install read the serial, and so noticed it was replaced (DESIGN 3).
        CHECK(p.log.fired ==
              std::vector<keeper_fired>{{recalculation_cause::key_serial, "feature-key serial LP-KEEPER replaced by LP-OTHER"}});
    }
}

TEST_CASE("entitlement_keeper: read_serial recalculates when the keys' serial goes, is replaced and comes back",
          "[components][keeper][serial]") {
    keeper_parts p;
    REQUIRE(p.keeper.install_key(p.key("asr", 5)));
    p.log.fired.clear();

    CHECK_FALSE(p.keeper.read_serial()); // the serial is there: nothing to tell
    CHECK(p.log.fired.empty());

    p.serial_is("");
    CHECK(p.keeper.read_serial());
    CHECK(p.entitled("asr") == 0);
    REQUIRE(p.log.fired.size() == 1);
    CHECK(p.log.fired.back() == keeper_fired{recalculation_cause::key_serial, "feature-key serial LP-KEEPER absent"});
    CHECK_FALSE(p.keeper.read_serial()); // still absent: no second event
    CHECK(p.log.fired.size() == 1);

    p.serial_is("LP-OTHER");
    CHECK(p.keeper.read_serial());
    REQUIRE(p.log.fired.size() == 2);
    CHECK(p.log.fired.back() ==
          keeper_fired{recalculation_cause::key_serial, "feature-key serial LP-KEEPER replaced by LP-OTHER"});
    p.serial_is("LP-THIRD"); // replaced is replaced, by whichever serial
    CHECK_FALSE(p.keeper.read_serial());
    CHECK(p.log.fired.size() == 2);
    CHECK(p.entitled("asr") == 0);

    p.serial_is(" lp-keeper "); // any spelling of the serial is the serial
    CHECK(p.keeper.read_serial());
    REQUIRE(p.log.fired.size() == 3);
    CHECK(p.log.fired.back() == keeper_fired{recalculation_cause::key_serial, "feature-key serial LP-KEEPER present"});
    CHECK(p.entitled("asr") == 5);
    CHECK(p.keeper.keys.size() == 1); // the keys stayed installed throughout
}

TEST_CASE("entitlement_keeper: keys_changed_today once the clock passes a key's last valid day",
          "[components][keeper]") {
    keeper_parts p;
    // Issued 2025-12-01 for 40 days: valid up to 2026-01-09.
    REQUIRE(p.keeper.install_key(p.key("asr", 5, "LP-KEEPER", 40)));
    REQUIRE(p.keeper.install_key(p.key("tts", 2)));
    p.log.fired.clear();

    CHECK_FALSE(p.keeper.keys_changed_today());
    p.clock.set_today(keeper_day(2026, 1, 9));
    CHECK_FALSE(p.keeper.keys_changed_today());
    CHECK(p.entitled("asr") == 5);

    p.clock.set_today(keeper_day(2026, 1, 10));
    CHECK(p.keeper.keys_changed_today());
    CHECK(p.entitled("asr") == 0);
    CHECK(p.entitled("tts") == 2);
    CHECK_FALSE(p.keeper.keys_changed_today());
    // The caller recalculates (the pool's tick, once for everything it noticed).
    CHECK(p.log.fired.empty());

    // A calendar set back revives nothing (DESIGN 3).
    p.clock.set_today(keeper_day(2026, 1, 5));
    CHECK_FALSE(p.keeper.keys_changed_today());
    CHECK(p.entitled("asr") == 0);
}

TEST_CASE("entitlement_keeper: a keys-source keeper takes no polls, and a polling one no keys",
          "[components][keeper][polls]") {
    SECTION("keys") {
        keeper_parts p;
        REQUIRE(p.keeper.install_key(p.key("asr", 5)));
        p.log.fired.clear();
        const auto poll = p.keeper.report_poll({{"asr", 9}});
        REQUIRE_FALSE(poll);
        CHECK(poll.error().code() == errc::wrong_entitlement_source);
        const auto failure = p.keeper.report_poll_failure();
        REQUIRE_FALSE(failure);
        CHECK(failure.error().code() == errc::wrong_entitlement_source);
        CHECK(p.entitled("asr") == 5);
        CHECK_FALSE(p.keeper.poll.last_success);
        CHECK_FALSE(p.keeper.poll.failing_since);
        CHECK(p.log.fired.empty());
    }
    SECTION("license server") {
        keeper_parts p{presets::contact_center(), entitlement_source::license_server};
        const auto install = p.keeper.install_key(p.key("asr", 5));
        REQUIRE_FALSE(install);
        CHECK(install.error().code() == errc::wrong_entitlement_source);
        CHECK(p.keeper.keys.empty());
        // A polling pool reads no serial, gone or not.
        p.serial_is("");
        CHECK_FALSE(p.keeper.read_serial());
        CHECK(p.log.fired.empty());
    }
}

TEST_CASE("entitlement_keeper: polls set the totals; failures keep them for the grace period, then counted kinds fall",
          "[components][keeper][polls]") {
    keeper_parts p{presets::web_portal(), entitlement_source::license_server, 3};
    const std::vector<kind_count> good{{"server", 1}, {"marquee", 1}, {"agent_user", 10}};
    REQUIRE(p.keeper.report_poll(good));
    CHECK(p.entitled("agent_user") == 10);
    CHECK(p.entitled("server") == 1);
    CHECK(p.entitled("supervisor_user") == 0); // a kind a poll does not name has none
    CHECK(p.log.fired == std::vector<keeper_fired>{{recalculation_cause::entitlement_changed, "license server poll"}});
    CHECK(p.keeper.poll.last_success == keeper_day(2026, 1, 1));
    CHECK(p.keeper.poll.last_change == keeper_day(2026, 1, 1));

    // The same answer the next day: recorded, but no change and so no recalculation.
    p.clock.advance(24h);
    REQUIRE(p.keeper.report_poll(good));
    CHECK(p.log.fired.size() == 1);
    CHECK(p.keeper.poll.last_success == keeper_day(2026, 1, 2));
    CHECK(p.keeper.poll.last_change == keeper_day(2026, 1, 1));

    // Polls fail from Jan 3: a grace of 3 days keeps the last good entitlement to Jan 5.
    p.clock.advance(24h);
    REQUIRE(p.keeper.report_poll_failure());
    CHECK(p.keeper.poll.failing_since == keeper_day(2026, 1, 3));
    CHECK(p.keeper.poll.grace_ends == keeper_day(2026, 1, 5));
    p.clock.advance(48h);
    REQUIRE(p.keeper.report_poll_failure());
    CHECK(p.keeper.poll.failing_since == keeper_day(2026, 1, 3)); // the first failure counts
    CHECK_FALSE(p.keeper.poll.lapsed);
    CHECK(p.entitled("agent_user") == 10);
    CHECK(p.log.fired.size() == 1);

    // Jan 6: the grace is over. Counted kinds fall to zero, boolean kinds keep their value.
    p.clock.advance(24h);
    CHECK(p.keeper.end_grace_if_due(p.keeper.observe_today()));
    CHECK(p.keeper.poll.lapsed);
    CHECK(p.entitled("agent_user") == 0);
    CHECK(p.entitled("server") == 1);
    CHECK(p.entitled("marquee") == 1);
    REQUIRE(p.log.fired.size() == 2);
    CHECK(p.log.fired.back() == keeper_fired{recalculation_cause::entitlement_changed, "grace period ended"});
    CHECK_FALSE(p.keeper.end_grace_if_due(p.keeper.observe_today())); // once
    REQUIRE(p.keeper.report_poll_failure());
    CHECK(p.log.fired.size() == 2);

    // A success ends it at once.
    p.clock.advance(24h);
    REQUIRE(p.keeper.report_poll(good));
    CHECK(p.entitled("agent_user") == 10);
    CHECK_FALSE(p.keeper.poll.lapsed);
    CHECK_FALSE(p.keeper.poll.failing_since);
    CHECK_FALSE(p.keeper.poll.grace_ends);
    CHECK(p.log.fired.size() == 3);
}

TEST_CASE("entitlement_keeper: a success inside the grace period ends it, and the next failure starts anew",
          "[components][keeper][polls]") {
    keeper_parts p{presets::web_portal(), entitlement_source::license_server, 3};
    const std::vector<kind_count> good{{"server", 1}, {"agent_user", 10}};
    REQUIRE(p.keeper.report_poll(good));
    REQUIRE(p.keeper.report_poll_failure());
    CHECK(p.keeper.poll.failing_since == keeper_day(2026, 1, 1));
    p.clock.advance(48h);
    REQUIRE(p.keeper.report_poll(good));
    CHECK_FALSE(p.keeper.poll.failing_since);
    const auto fired = p.log.fired.size();

    // Jan 4 would have ended the first grace; this failure's own runs to Jan 6.
    p.clock.advance(24h);
    REQUIRE(p.keeper.report_poll_failure());
    CHECK(p.keeper.poll.failing_since == keeper_day(2026, 1, 4));
    CHECK(p.keeper.poll.grace_ends == keeper_day(2026, 1, 6));
    CHECK_FALSE(p.keeper.end_grace_if_due(p.keeper.observe_today()));
    CHECK(p.entitled("agent_user") == 10);
    CHECK(p.log.fired.size() == fired);
}

TEST_CASE("entitlement_keeper: the latest day never goes back when the clock is set back", "[components][keeper]") {
    keeper_parts p{presets::contact_center(), entitlement_source::license_server};
    p.clock.set_today(keeper_day(2026, 1, 10));
    CHECK(p.keeper.observe_today() == keeper_day(2026, 1, 10));
    CHECK(p.keeper.latest_day == keeper_day(2026, 1, 10));

    p.clock.set_today(keeper_day(2026, 1, 5));
    CHECK(p.keeper.observe_today() == keeper_day(2026, 1, 10));
    CHECK(p.keeper.latest_day == keeper_day(2026, 1, 10));
    CHECK(p.keeper.audit_day() == keeper_day(2026, 1, 10));
    // A failed poll is dated by the watermark, not by the calendar set back.
    REQUIRE(p.keeper.report_poll_failure());
    CHECK(p.keeper.poll.failing_since == keeper_day(2026, 1, 10));

    p.clock.set_today(keeper_day(2026, 1, 12));
    CHECK(p.keeper.observe_today() == keeper_day(2026, 1, 12));
    CHECK(p.keeper.audit_day() == keeper_day(2026, 1, 12));
}
