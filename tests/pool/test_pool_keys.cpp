// DESIGN 3 inside the pool: installed keys are the entitlement.
#include "keys/key_fixtures.hpp"
#include "pool/pool_fixture.hpp"

#include <algorithm>
#include <memory>

using namespace licpool;
using namespace std::chrono_literals;
using licpool_test::day;
using licpool_test::key_for;

namespace {
struct keyed : licpool_test::pool_fixture {
    explicit keyed(catalog kinds = presets::contact_center())
        : pool_fixture{std::move(kinds), entitlement_source::keys} {}
    // Keys for this pool's serial, signed like the pool's own secret.
    std::string key(const std::string& kind, std::uint32_t count, date issued = day(2025, 12, 1),
                    std::uint16_t days = 0, bool trial = false) {
        key_fields f;
        f.feature_code = pool.kinds()[this->kind(kind)].feature_code;
        f.count = count;
        f.issued = issued;
        f.validity_days = days;
        f.trial = trial;
        auto k = issue_key(f, serial_number{"LP-TEST"}, licpool_test::pool_secret());
        REQUIRE(k);
        return *k;
    }
};
} // namespace

TEST_CASE("an installed key is entitlement, and triggers a recalculation", "[pool][keys]") {
    keyed f;
    const auto job = f.start("j", "outbound_port", 1, 0, 50);
    CHECK(f.quota(job, "outbound_port") == 0);
    const auto n = f.recalculations.size();
    const auto installed = f.pool.install_key(licpool_test::spelled_loosely(f.key("outbound_port", 20)));
    REQUIRE(installed);
    CHECK(installed->count == 20);
    CHECK(f.recalculations.size() == n + 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::entitlement_changed);
    CHECK(f.quota(job, "outbound_port") == 20);
    REQUIRE(f.pool.install_key(f.key("outbound_port", 5, day(2025, 11, 1))));
    CHECK(f.quota(job, "outbound_port") == 25);
    // The same key again counts once.
    REQUIRE(f.pool.install_key(f.key("outbound_port", 5, day(2025, 11, 1))));
    CHECK(f.quota(job, "outbound_port") == 25);
    CHECK(f.pool.installed_keys().size() == 2);
}

TEST_CASE("a refused key changes nothing", "[pool][keys][refusal]") {
    keyed f;
    REQUIRE(f.pool.install_key(f.key("asr", 4)));
    const auto n = f.recalculations.size();
    const auto wrong_serial = key_for(f.pool.kinds()[f.kind("asr")].feature_code, 9, day(2025, 1, 1));
    CHECK(f.pool.install_key(wrong_serial).error().code() == errc::mac_mismatch);
    CHECK(f.pool.install_key("not a key").error().code() == errc::malformed);
    CHECK(f.pool.install_key(f.key("asr", 9, day(2026, 6, 1))).error().code() == errc::not_yet_valid);
    CHECK(f.recalculations.size() == n);
    CHECK(f.pool.entitlement_of(f.kind("asr")) == 4);
    CHECK(f.pool.installed_keys().size() == 1);
}

TEST_CASE("removing a key takes its entitlement away, not the calls in progress", "[pool][keys]") {
    keyed f;
    const auto big = f.key("asr", 10);
    REQUIRE(f.pool.install_key(big));
    const auto job = f.start("j", "asr", 1, 0, 20);
    std::vector<lease> held;
    f.take(job, "asr", 8, held);
    REQUIRE(f.pool.install_key(f.key("asr", 2, day(2025, 10, 1))));
    REQUIRE(f.pool.remove_key(licpool_test::spelled_loosely(big)));
    CHECK(f.pool.system_usage(f.kind("asr")) == usage{2, 8});
    CHECK_FALSE(f.pool.acquire(job, "asr"));
    CHECK(f.pool.remove_key(big).error().code() == errc::key_not_installed);
}

TEST_CASE("a key stops counting when its last day passes, noticed at the tick", "[pool][keys]") {
    keyed f; // the clock starts on 2026-01-01
    REQUIRE(f.pool.install_key(f.key("tts", 6, day(2025, 12, 3), 30))); // last valid day 2026-01-01
    const auto job = f.start("j", "tts", 1, 0, 10);
    CHECK(f.quota(job, "tts") == 6);
    const auto n = f.recalculations.size();
    f.advance(23h);
    CHECK(f.quota(job, "tts") == 6);
    CHECK(f.recalculations.size() == n);
    f.advance(1h); // 2026-01-02
    CHECK(f.quota(job, "tts") == 0);
    CHECK(f.recalculations.size() == n + 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::entitlement_changed);

    SECTION("setting the calendar back revives nothing") {
        f.pool.clock().set_today(day(2025, 12, 15));
        f.pool.tick();
        CHECK(f.quota(job, "tts") == 0);
        CHECK(f.pool.install_key(f.key("tts", 1, day(2025, 12, 3), 30)).error().code() == errc::expired);
    }
}

TEST_CASE("a trial is installed once per feature", "[pool][keys]") {
    keyed f;
    const auto trial = f.key("asr", 5, day(2025, 12, 20), 60, true);
    REQUIRE(f.pool.install_key(trial));
    REQUIRE(f.pool.install_key(trial)); // the same trial again is not a second trial
    const auto second = f.pool.install_key(f.key("asr", 5, day(2025, 12, 21), 60, true));
    REQUIRE_FALSE(second);
    CHECK(second.error().code() == errc::trial_already_used);
    REQUIRE(f.pool.remove_key(trial));
    CHECK(f.pool.install_key(f.key("asr", 5, day(2025, 12, 22), 60, true)).error().code() == errc::trial_already_used);
}

TEST_CASE("bundles and caps reach the pool as the validator counts them", "[pool][keys]") {
    keyed f{presets::pbx()};
    REQUIRE(f.pool.install_key(f.key("uc_small_business_20", 2)));
    CHECK(f.pool.entitlement_of(f.kind("mobility")) == 40);
    CHECK(f.pool.entitlement_of(f.kind("phone_manager_pro_ip_audio")) == 40);
    CHECK(f.pool.entitlement_of(f.kind("uc_small_business_20")) == 0);
    REQUIRE(f.pool.install_key(f.key("softconsole", 6)));
    CHECK(f.pool.entitlement_of(f.kind("softconsole")) == 4);
    CHECK(f.pool.entitlements().clipped_from(f.kind("softconsole")) == std::uint64_t{6});
}

TEST_CASE("a required kind makes the pool operational", "[pool][keys]") {
    keyed f{presets::web_portal()};
    CHECK_FALSE(f.pool.operational());
    REQUIRE(f.pool.install_key(f.key("server", 1)));
    CHECK(f.pool.operational());
    CHECK(f.pool.enabled(f.kind("server")));
    CHECK_FALSE(f.pool.enabled(f.kind("marquee")));
}

TEST_CASE("each pool takes entitlement from one source only", "[pool][keys][refusal]") {
    keyed by_keys;
    CHECK(by_keys.pool.report_poll({{"asr", 3}}).error().code() == errc::wrong_entitlement_source);
    licpool_test::pool_fixture by_polls;
    CHECK(by_polls.pool.install_key(by_keys.key("asr", 3)).error().code() == errc::wrong_entitlement_source);
    CHECK(by_polls.pool.report_poll({{"fax", 3}}).error().code() == errc::unknown_kind);
}

// ---- issue 13, item 3: the serial is checked while the system runs (DESIGN 3) -------------

namespace {
// A host's serial provider that a test can switch: a feature key (a dongle, say) removed,
// swapped for another, or put back.
struct switchable_serial {
    std::shared_ptr<serial_number> current = std::make_shared<serial_number>("LP-TEST");
    serial_number serial() const { return *current; }
};

using switchable_pool =
    license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<>,
                 feature_key_validator<hmac_sha256, switchable_serial>, std::mutex, manual_clock>;

struct switchable {
    switchable()
        : pool{presets::contact_center(),
               feature_key_validator<hmac_sha256, switchable_serial>{presets::contact_center(),
                                                                     licpool_test::pool_secret(), provider},
               licpool_test::pool_secret(), pool_options{entitlement_source::keys},
               manual_clock{day(2026, 1, 1)}} {
        pool.observe(pool_observer{[this](const recalculation_event& e) { recalculations.push_back(e); }, {}});
    }
    std::string key(const std::string& kind, std::uint32_t count, const std::string& serial = "LP-TEST") {
        key_fields f;
        f.feature_code = pool.kinds()[*pool.kinds().find(kind)].feature_code;
        f.count = count;
        f.issued = day(2025, 12, 1);
        auto k = issue_key(f, serial_number{serial}, licpool_test::pool_secret());
        REQUIRE(k);
        return *k;
    }
    kind_id kind(const std::string& name) const { return *pool.kinds().find(name); }
    std::vector<finding_code> findings() {
        std::vector<finding_code> out;
        for (const auto& f : pool.audit().findings) {
            out.push_back(f.code);
        }
        return out;
    }
    bool has_finding(finding_code code) {
        const auto all = findings();
        return std::find(all.begin(), all.end(), code) != all.end();
    }

    switchable_serial provider;
    switchable_pool pool;
    std::vector<recalculation_event> recalculations;
};
} // namespace

TEST_CASE("keys stop counting while their serial is absent or replaced, and count again when it is back",
          "[pool][keys][serial]") {
    switchable f;
    REQUIRE(f.pool.install_key(f.key("asr", 5)));
    REQUIRE(f.pool.install_key(f.key("agent_web_api", 2)));
    auto job = f.pool.start_job(job_spec{1, 0, 10, allocation_mode::reserved, {"asr"}}.named("j"));
    REQUIRE(job);
    std::vector<lease> held;
    for (int i = 0; i < 3; ++i) {
        auto l = f.pool.acquire(*job, "asr");
        REQUIRE(l);
        held.push_back(std::move(*l));
    }
    CHECK_FALSE(f.has_finding(finding_code::serial_absent));

    // The feature key is pulled: the tick notices, as it notices an expiry.
    *f.provider.current = serial_number{""};
    const auto before = f.recalculations.size();
    f.pool.tick();
    REQUIRE(f.recalculations.size() == before + 1);
    CHECK(f.recalculations.back().cause == recalculation_cause::key_serial);
    CHECK(f.recalculations.back().subject == "feature-key serial LP-TEST absent");
    CHECK(f.pool.entitlement_of(f.kind("asr")) == 0);
    CHECK(f.pool.entitlement_of(f.kind("agent_web_api")) == 0);
    CHECK(f.pool.acquire(*job, "asr").error().code() == errc::entitlement); // grants stop
    // Calls in progress keep their licenses; the audit says why the entitlement is gone.
    CHECK(f.pool.system_usage(f.kind("asr")) == usage{0, 3});
    CHECK(f.has_finding(finding_code::serial_absent));
    CHECK(f.pool.installed_keys().size() == 2); // the keys stay installed
    // No key is installed while no serial is there to check it against.
    CHECK(f.pool.install_key(f.key("tts", 1)).error() == error{errc::serial_absent, "LP-TEST"});
    // A second tick with nothing new recalculates nothing.
    const auto quiet = f.recalculations.size();
    f.pool.tick();
    CHECK(f.recalculations.size() == quiet);
    held.pop_back(); // a call ends: its license goes back fine
    CHECK(f.pool.system_usage(f.kind("asr")) == usage{0, 2});

    // Another feature key: the keys are bound to LP-TEST, which is still not there.
    *f.provider.current = serial_number{"LP-OTHER"};
    f.pool.tick();
    CHECK(f.recalculations.back().cause == recalculation_cause::key_serial);
    CHECK(f.recalculations.back().subject == "feature-key serial LP-TEST replaced by LP-OTHER");
    CHECK(f.pool.entitlement_of(f.kind("asr")) == 0);
    CHECK(f.has_finding(finding_code::serial_changed));
    CHECK_FALSE(f.has_finding(finding_code::serial_absent));
    CHECK(f.pool.install_key(f.key("tts", 1, "LP-OTHER")).error() ==
          error{errc::serial_changed, "LP-OTHER", "LP-TEST"});

    // The original comes back: the keys count again.
    *f.provider.current = serial_number{" lp-test "}; // any spelling of the serial is the serial
    f.pool.tick();
    CHECK(f.recalculations.back().cause == recalculation_cause::key_serial);
    CHECK(f.recalculations.back().subject == "feature-key serial LP-TEST present");
    CHECK(f.pool.entitlement_of(f.kind("asr")) == 5);
    CHECK(f.pool.entitlement_of(f.kind("agent_web_api")) == 2);
    CHECK(f.pool.acquire(*job, "asr"));
    CHECK_FALSE(f.has_finding(finding_code::serial_absent));
    CHECK_FALSE(f.has_finding(finding_code::serial_changed));
}

TEST_CASE("a host call notices the serial without waiting for the tick", "[pool][keys][serial]") {
    switchable f;
    REQUIRE(f.pool.install_key(f.key("asr", 5)));
    *f.provider.current = serial_number{""};
    f.pool.check_serial();
    CHECK(f.pool.entitlement_of(f.kind("asr")) == 0);
    *f.provider.current = serial_number{"LP-TEST"};
    // An audit reads the serial too: its report is of the serial as it is now.
    CHECK(f.findings().empty());
    CHECK(f.pool.entitlement_of(f.kind("asr")) == 5);
}

TEST_CASE("with no key installed, the pool follows the serial provider", "[pool][keys][serial]") {
    switchable f;
    *f.provider.current = serial_number{"LP-OTHER"};
    f.pool.tick();
    CHECK(f.findings().empty()); // nothing is bound to LP-TEST: nothing is lost
    REQUIRE(f.pool.install_key(f.key("asr", 4, "LP-OTHER")));
    CHECK(f.pool.entitlement_of(f.kind("asr")) == 4);
    // A key of the old serial is what it always was: a key for another system.
    CHECK(f.pool.install_key(f.key("tts", 1)).error().code() == errc::mac_mismatch);
    // The exchange at run time: the old keys removed, the serial's own installed.
    *f.provider.current = serial_number{"LP-TEST"};
    f.pool.tick();
    CHECK(f.pool.entitlement_of(f.kind("asr")) == 0);
    REQUIRE(f.pool.remove_key(f.key("asr", 4, "LP-OTHER")));
    REQUIRE(f.pool.install_key(f.key("tts", 1)));
    CHECK(f.pool.entitlement_of(f.kind("tts")) == 1);
    CHECK(f.findings().empty());
}

TEST_CASE("a report that found the serial absent is kept through a snapshot", "[pool][keys][serial][persistence]") {
    switchable f;
    REQUIRE(f.pool.install_key(f.key("asr", 5)));
    *f.provider.current = serial_number{""};
    CHECK(f.has_finding(finding_code::serial_absent)); // the audit is kept in the history
    // Saved while the feature key is out, the snapshot is of the serial the keys are bound to.
    const std::string text = f.pool.snapshot();
    CHECK(text.find("\nserial LP-TEST\n") != std::string::npos);
    *f.provider.current = serial_number{"LP-TEST"};
    switchable back;
    REQUIRE(back.pool.restore_snapshot(text));
    CHECK(back.pool.entitlement_of(back.kind("asr")) == 5);
    const auto kept = back.pool.past_audits(date{0}, date{100000});
    REQUIRE(kept.size() == 1);
    REQUIRE(kept[0].findings.size() == 1);
    CHECK(kept[0].findings[0].code == finding_code::serial_absent);
}
