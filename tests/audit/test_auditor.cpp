// DESIGN 6: the compliance auditor, its events, findings, history and schedule.
#include "keys/key_fixtures.hpp"
#include "pool/pool_fixture.hpp"

#include <licpool/audit/audit_snapshot.hpp>

#include <sstream>
#include <type_traits>

using namespace licpool;
using namespace std::chrono_literals;
using licpool_test::pool_fixture;

// The auditor's input was `audit_snapshot` before issue 14; a host's Auditor written against
// that name still compiles, with a deprecation warning, for one release.
#if defined(__GNUC__)
#    pragma GCC diagnostic push
#    pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
static_assert(std::is_same_v<licpool::audit_snapshot, licpool::audit_input>, "the old name is the new type");
#if defined(__GNUC__)
#    pragma GCC diagnostic pop
#endif

namespace {
struct recorded : pool_fixture {
    explicit recorded(catalog kinds = presets::contact_center()) : pool_fixture{std::move(kinds)} {
        pool.on_compliance_event([this](const compliance_event& e) { events.push_back(e); });
    }
    std::vector<compliance_event> events;
};
} // namespace

TEST_CASE("a report gives each kind's entitlement, use and availability", "[audit][auditor]") {
    recorded f{presets::web_portal()};
    f.entitle("server", 1);
    f.entitle("organization", 2);
    f.entitle("agent_user", 5);
    f.entitle("marquee", 1);
    auto t = *f.pool.tenant(f.org("default", "acme"));
    REQUIRE(t.assign(*t.add_user("a"), "agent_user"));
    REQUIRE(t.login(*t.add_user("b"), "agent_user"));
    const auto r = f.pool.audit();
    CHECK(r.compliant());
    CHECK(f.events.empty()); // nothing is sent when nothing is exceeded
    const auto* agents = r.find("agent_user");
    REQUIRE(agents);
    CHECK(agents->entitled == 5);
    CHECK(agents->used == 2);
    CHECK(agents->assigned == 1);
    CHECK(agents->logged_in == 1);
    CHECK(agents->held_by_jobs == 0);
    CHECK(agents->available == 3);
    CHECK_FALSE(agents->exceeded);
    CHECK(r.find("organization")->used == 1);
    CHECK(r.find("marquee")->used == 0); // boolean kinds are never consumed
    CHECK(r.find("marquee")->entitled == 1);
    CHECK(r.find("server")->available == 1);
    CHECK(r.findings.empty());
}

TEST_CASE("an exceeded kind gives one event in the seed's words", "[audit][auditor]") {
    recorded f{presets::web_portal()};
    f.entitle("server", 1);
    f.entitle("organization", 1);
    f.entitle("enterprise_user", 12);
    auto t = *f.pool.tenant(f.org("default", "acme"));
    for (int i = 0; i < 12; ++i) {
        REQUIRE(t.assign(*t.add_user("u" + std::to_string(i)), "enterprise_user"));
    }
    f.entitle("enterprise_user", 10); // a license server now grants fewer: nobody is cut off
    const auto r = f.pool.audit();
    CHECK_FALSE(r.compliant());
    const auto* users = r.find("enterprise_user");
    CHECK(users->exceeded);
    CHECK(users->used == 12);
    CHECK(users->available == 0); // never below zero
    REQUIRE(r.exceeded_messages.size() == 1);
    CHECK(r.exceeded_messages[0] ==
          "Total enterprise users have exceeded the total enterprise user license count, licenses: [10] enterprise user: [12]");
    REQUIRE(f.events.size() == 1);
    CHECK(f.events[0].message == r.exceeded_messages[0]);
    CHECK(f.events[0].kind == f.kind("enterprise_user"));
    CHECK(f.events[0].entitled == 10);
    CHECK(f.events[0].used == 12);
    f.pool.audit();
    CHECK(f.events.size() == 2); // one per exceeded kind per audit
}

TEST_CASE("where an exceeded kind's use sits above the shares", "[audit][auditor]") {
    recorded f;
    f.entitle("tts", 10);
    const auto a = f.start("a", "tts", 1, 0, 10, allocation_mode::reserved, f.org("east", "acme"));
    const auto b = f.start("b", "tts", 1, 0, 10, allocation_mode::reserved, f.org("west", "globex"));
    std::vector<lease> held;
    f.take(a, "tts", 5, held);
    f.take(b, "tts", 5, held);
    REQUIRE(f.pool.pause_job(b)); // b's share goes to a, but b keeps its 5 calls
    f.entitle("tts", 6);
    const auto r = f.pool.audit();
    CHECK(r.find("tts")->used == 10);
    CHECK(r.find("tts")->held_by_jobs == 10);
    CHECK(r.find("tts")->exceeded);
    // Shares now: zone east 6 (org acme 6, job a 6), zone west 0 (globex 0, b 0).
    std::vector<std::string> over;
    for (const auto& e : r.excesses) {
        over.push_back(std::string{to_string(e.where)} + " " + e.name + " " + std::to_string(e.over));
    }
    CHECK(over == std::vector<std::string>{"zone west 5", "organization west/globex 5", "job b 5"});
}

TEST_CASE("a job above its quota is normal during a take-back, not an exceeded kind", "[audit][auditor]") {
    recorded f;
    f.entitle("tts", 10);
    const auto a = f.start("a", "tts", 1, 0, 10);
    std::vector<lease> held;
    f.take(a, "tts", 8, held);
    REQUIRE(f.pool.set_limits(a, "tts", 0, 4));
    const auto r = f.pool.audit();
    CHECK(r.compliant());
    CHECK(r.excesses.empty());
    CHECK(f.pool.explain(a, "tts")->taken_back == 4);
}

TEST_CASE("configuration findings, in their order, with their codes", "[audit][auditor][findings]") {
    recorded f;
    f.entitle("telephony_port", 20);
    f.entitle("outbound_port", 30);
    REQUIRE(f.pool.set_zone("east", {{"asr", {6, 10}}}));
    REQUIRE(f.pool.set_zone("west", {{"asr", {5, 10}}}));
    f.entitle("asr", 8);
    f.entitle("telephony_port", 12000); // above the 10,000-port cap
    f.entitle("outbound_port", 30);
    auto r = f.pool.audit();
    std::vector<std::string> codes;
    for (const auto& x : r.findings) {
        codes.push_back(std::string{to_string(x.code)} + " " + x.kind);
    }
    CHECK(codes == std::vector<std::string>{"zone_mins_above_entitlement asr", "entitlement_clipped telephony_port"});
    CHECK(r.findings[0].message == "the zones' mins for asr add up to 11, above its entitlement of 8");
    CHECK(r.findings[1].message == "telephony_port is entitled 12000, clipped to its platform cap of 10000");

    f.entitle("telephony_port", 20);
    r = f.pool.audit();
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].code == finding_code::outbound_above_telephony);
    CHECK(r.findings[0].message ==
          "outbound ports are entitled 30, above the 20 telephony ports; each outbound port in use also takes a telephony port");
    CHECK(r.findings[1].code == finding_code::zone_mins_above_entitlement);

    recorded portal{presets::web_portal()};
    r = portal.pool.audit();
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].code == finding_code::required_missing);
    CHECK(r.findings[0].message == "required kind server has no license: the product does not run");
}

TEST_CASE("the linked-kind finding follows the catalog's links, whatever the kinds are called", "[audit][auditor]") {
    // DESIGN 2, 6: a host's own catalog names its kinds as it likes; the finding is about a
    // kind that also takes another, not about the names the contact-center preset uses.
    auto kinds = catalog::make("trunks", {kind_spec{"sip_trunk", 0x801}.display("SIP trunk"),
                                          kind_spec{"campaign_line", 0x802}.also_takes("sip_trunk").display("campaign line")});
    REQUIRE(kinds);
    recorded f{*kinds};
    f.entitle("sip_trunk", 4);
    f.entitle("campaign_line", 4);
    CHECK(f.pool.audit().findings.empty()); // as many as it takes: nothing to correct
    f.entitle("campaign_line", 6);
    const auto r = f.pool.audit();
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].code == finding_code::outbound_above_telephony);
    CHECK(r.findings[0].kind == "campaign_line");
    CHECK(r.findings[0].message ==
          "campaign lines are entitled 6, above the 4 SIP trunks; each campaign line in use also takes a SIP trunk");
}

TEST_CASE("reports are kept with their day and found by range, within retention", "[audit][history]") {
    recorded f;
    f.pool.set_audit_retention(audit_retention{3, 10});
    const auto day = [](unsigned d) { return date::from_ymd(2026, 1, d); };
    for (int i = 0; i < 4; ++i) {
        f.pool.audit();
        f.advance(24h);
    }
    // Audits on Jan 1-4; only the three newest are kept.
    auto kept = f.pool.past_audits(day(1), day(31));
    REQUIRE(kept.size() == 3);
    CHECK(kept[0].day == day(2));
    CHECK(kept[0].sequence == 1);
    CHECK(kept[2].day == day(4));
    CHECK(f.pool.past_audits(day(3), day(3)).size() == 1);
    CHECK(f.pool.past_audits(day(10), day(20)).empty());
    // Age: a report more than 10 days older than the newest goes.
    f.advance(24h * 11); // Jan 16
    f.pool.audit();
    kept = f.pool.past_audits(day(1), day(31));
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].day == day(16));
}

TEST_CASE("the daily audit runs once a day on the pool's clock", "[audit][schedule]") {
    recorded f;
    f.pool.tick();
    CHECK(f.pool.past_audits(date{0}, date{100000}).empty()); // not enabled
    f.pool.enable_daily_audit();
    f.pool.tick();
    f.advance(1h);
    f.advance(20h);
    CHECK(f.pool.past_audits(date{0}, date{100000}).size() == 1);
    f.advance(3h); // the next day
    CHECK(f.pool.past_audits(date{0}, date{100000}).size() == 2);
    f.pool.enable_daily_audit(false);
    f.advance(48h);
    CHECK(f.pool.past_audits(date{0}, date{100000}).size() == 2);
}

namespace {
struct terse_wording {
    std::string exceeded(const license_kind& k, std::uint32_t entitled, std::uint64_t used) const {
        return k.name + " " + std::to_string(used) + "/" + std::to_string(entitled);
    }
};
struct counting_auditor {
    compliance_report audit(const audit_input& s) const {
        compliance_report r;
        r.day = s.day;
        r.exceeded_messages.push_back("custom: " + std::to_string(s.tenants.size()) + " tenants");
        return r;
    }
};
} // namespace

TEST_CASE("a host's own wording or auditor", "[audit][policies]") {
    STATIC_REQUIRE(is_auditor_v<compliance_auditor<>>);
    STATIC_REQUIRE(is_auditor_v<counting_auditor>);
    STATIC_REQUIRE_FALSE(is_auditor_v<int>);
    {
        using pool_t = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<terse_wording>,
                                    feature_key_validator<>, std::mutex, manual_clock>;
        pool_t pool{presets::contact_center(), serial_number{"S"}, licpool_test::pool_secret(),
                    pool_options{entitlement_source::license_server}};
        REQUIRE(pool.report_poll({{"asr", 2}}));
        auto job = pool.start_job(job_spec{1, 0, 2, allocation_mode::reserved, {"asr"}});
        auto l1 = pool.acquire(*job, "asr");
        auto l2 = pool.acquire(*job, "asr");
        REQUIRE(pool.report_poll({{"asr", 1}}));
        CHECK(pool.audit().exceeded_messages == std::vector<std::string>{"asr 2/1"});
    }
    {
        using pool_t = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, counting_auditor,
                                    feature_key_validator<>, std::mutex, manual_clock>;
        pool_t pool{presets::contact_center(), serial_number{"S"}, licpool_test::pool_secret()};
        (void)pool.organization("z", "o");
        CHECK(pool.audit().exceeded_messages == std::vector<std::string>{"custom: 1 tenants"});
    }
}

// Issue 13, item 6 (DESIGN 2): SMS and email licenses are counted, held by SMS and email
// campaigns and divided like outbound ports; their channel is on while any is licensed.
TEST_CASE("sms and email are counted, divided among campaigns, and show their channel", "[audit][channels]") {
    pool_fixture f;
    f.entitle("sms", 3);
    auto texts = f.pool.start_job(job_spec{1, 0, 10, allocation_mode::reserved, {"sms"}}.named("texts"));
    auto more = f.pool.start_job(job_spec{1, 0, 10, allocation_mode::reserved, {"sms"}}.named("more-texts"));
    REQUIRE(texts);
    REQUIRE(more);
    CHECK(f.quota(*texts, "sms") + f.quota(*more, "sms") == 3);
    std::vector<lease> held;
    f.take(*texts, "sms", static_cast<int>(f.quota(*texts, "sms")), held);
    CHECK(f.pool.acquire(*texts, "sms").error().code() == errc::job_quota);
    CHECK(f.pool.enabled(f.kind("sms")));
    CHECK_FALSE(f.pool.enabled(f.kind("email")));
    std::ostringstream text;
    text << f.pool.audit();
    CHECK(text.str().find("sms entitled=3 used=2 available=1 channel=on\n") != std::string::npos);
    const auto report = f.pool.audit();
    CHECK(report.find("sms")->channel);
    CHECK(report.find("sms")->enabled);
    CHECK_FALSE(report.find("email")->enabled);
    CHECK_FALSE(report.find("outbound_port")->channel);
    // A server can be lent SMS licenses too (no longer refused as a boolean kind).
    CHECK(f.pool.grant_node_lease(node_lease_request{"gateway", 1, "sms", 1, 30s}));
    f.entitle("sms", 0);
    std::ostringstream off;
    off << f.pool.audit();
    CHECK(off.str().find("channel=off") != std::string::npos);
    CHECK_FALSE(f.pool.enabled(f.kind("sms")));
}

// Issue 13, item 5 (DESIGN 2): a kind that needs another works only while both are licensed.
TEST_CASE("a feature that needs another license is off without it, and the audit says why", "[audit][needs]") {
    recorded f{presets::web_portal()};
    f.entitle("server", 1);
    f.entitle("scheduled_reports", 1);
    f.entitle("marquee", 1);
    // Without an organization license a system has only the marquee (the web portal seed).
    CHECK(f.pool.operational());
    CHECK(f.pool.enabled(f.kind("marquee")));
    CHECK_FALSE(f.pool.enabled(f.kind("scheduled_reports")));
    auto report = f.pool.audit();
    CHECK_FALSE(report.find("scheduled_reports")->enabled);
    const auto missing = std::find_if(report.findings.begin(), report.findings.end(), [](const finding& x) {
        return x.code == finding_code::prerequisite_missing;
    });
    REQUIRE(missing != report.findings.end());
    CHECK(missing->kind == "scheduled_reports");
    CHECK(missing->message == "scheduled_reports is licensed but needs organization, which is not: it does not work");
    f.entitle("organization", 2);
    CHECK(f.pool.enabled(f.kind("scheduled_reports")));
    report = f.pool.audit();
    CHECK(report.find("scheduled_reports")->enabled);
    CHECK(std::none_of(report.findings.begin(), report.findings.end(),
                       [](const finding& x) { return x.code == finding_code::prerequisite_missing; }));
}

TEST_CASE("a kind can need only another kind of its catalog", "[catalog][needs][refusal]") {
    CHECK(catalog::make("c", {kind_spec{"a", 0x801}.needs("b")}).error().code() == errc::invalid_kind);
    CHECK(catalog::make("c", {kind_spec{"a", 0x801}.needs("a")}).error().code() == errc::invalid_kind);
    CHECK(catalog::make("c", {kind_spec{"a", 0x801}.needs("b"), kind_spec{"b", 0x802}.contains("a", 1)})
              .error()
              .code() == errc::invalid_kind);
    const auto ok = catalog::make("c", {kind_spec{"a", 0x801}.needs("b"), kind_spec{"b", 0x802}});
    REQUIRE(ok);
    CHECK((*ok)[*ok->find("a")].needs == std::vector<kind_id>{*ok->find("b")});
}

TEST_CASE("keys whose serial is not there are a finding that names both serials", "[audit][auditor][findings][serial]") {
    audit_input s;
    s.kinds = presets::contact_center();
    s.entitlements = entitlement_set::total(s.kinds, std::vector<entitlement>{}, date{});
    s.serial = audit_input::serial_state{"LP-A", ""};
    auto r = compliance_auditor<>{}.audit(s);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].code == finding_code::serial_absent);
    CHECK(r.findings[0].kind.empty());
    CHECK(r.findings[0].message ==
          "the serial provider reports no feature-key serial: the keys bound to serial LP-A count nothing until it is back");
    s.serial = audit_input::serial_state{"LP-A", "LP-B"};
    r = compliance_auditor<>{}.audit(s);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].code == finding_code::serial_changed);
    CHECK(r.findings[0].message == "the serial provider reports serial LP-B: the keys bound to serial LP-A count nothing; "
                                   "put its feature key back, or remove them and install keys of LP-B");
    // Appended codes: the order of the ones before is kept, and these come last.
    CHECK(static_cast<int>(finding_code::serial_absent) == 6);
    CHECK(static_cast<int>(finding_code::serial_changed) == 7);
    CHECK(to_string(finding_code::serial_absent) == "serial_absent");
    CHECK(to_string(finding_code::serial_changed) == "serial_changed");
}

// Issue 14: events are attributed to kinds by id, not by re-sorting names. A host's Auditor
// that gives its messages in its own order (here: reversed) still gets each event right.
namespace {
struct reversed_auditor {
    compliance_report audit(const audit_input& s) const {
        auto report = compliance_auditor<>{}.audit(s);
        std::reverse(report.exceeded_messages.begin(), report.exceeded_messages.end());
        std::reverse(report.exceeded_kinds.begin(), report.exceeded_kinds.end());
        return report;
    }
};
} // namespace

TEST_CASE("each exceeded kind's event is its own, whatever order the auditor gives", "[audit][events]") {
    using reversed_pool = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, reversed_auditor,
                                       feature_key_validator<>, std::mutex, manual_clock>;
    reversed_pool pool{presets::contact_center(), serial_number{"LP-TEST"}, licpool_test::pool_secret(),
                       pool_options{entitlement_source::license_server}, manual_clock{date::from_ymd(2026, 1, 1)}};
    std::vector<compliance_event> events;
    pool.on_compliance_event([&](const compliance_event& e) { events.push_back(e); });
    REQUIRE(pool.report_poll({{"asr", 4}, {"tts", 6}}));
    auto job = pool.start_job(job_spec{1, 0, 10, allocation_mode::reserved, {"asr", "tts"}}.named("ivr"));
    REQUIRE(job);
    std::vector<lease> held;
    for (int i = 0; i < 4; ++i) {
        held.push_back(std::move(*pool.acquire(*job, "asr")));
    }
    for (int i = 0; i < 6; ++i) {
        held.push_back(std::move(*pool.acquire(*job, "tts")));
    }
    REQUIRE(pool.report_poll({{"asr", 2}, {"tts", 3}})); // both exceeded now, by different counts
    const auto report = pool.audit();
    REQUIRE(report.exceeded_messages.size() == 2);
    REQUIRE(events.size() == 2);
    for (const auto& e : events) {
        const auto& name = pool.kinds()[e.kind].name;
        CHECK(e.entitled == (name == "asr" ? 2u : 3u));
        CHECK(e.used == (name == "asr" ? 4u : 6u));
        CHECK(e.message.find(name == "asr" ? "ASR connection" : "TTS connection") != std::string::npos);
    }
    CHECK(events[0].kind != events[1].kind);
}
