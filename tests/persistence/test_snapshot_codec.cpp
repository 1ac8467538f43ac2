// DESIGN 7: the snapshot codec on its own, with no pool: tokens, the writer and the reader
// over a state built by hand, and the reader's exact refusals of damaged texts.
#include <licpool/catalog/presets.hpp>
#include <licpool/keys/vendor_secret.hpp>
#include <licpool/pool/detail/snapshot_reader.hpp>
#include <licpool/pool/detail/snapshot_state.hpp>
#include <licpool/pool/detail/snapshot_tokens.hpp>
#include <licpool/pool/detail/snapshot_writer.hpp>

#include "licpool_catch.hpp"
#include "test_printing.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace licpool;

// A named namespace: the test program is one unity source, and these names must not meet
// another test file's helpers.
namespace codec_test {

const vendor_secret& secret() {
    static const vendor_secret s = *vendor_secret::make("licpool codec test vendor secret");
    return s;
}

std::string signed_text(const std::string& body) { return body + "mac " + detail::snapshot_mac(secret(), body) + "\n"; }

expected<detail::snapshot_state> read(const std::string& text) {
    return detail::snapshot_reader{presets::contact_center(), secret()}.read(text);
}

date on(unsigned month, unsigned d) { return date::from_ymd(2026, month, d); }

// Something of every record: the writer must write it and the reader give it back.
detail::snapshot_state built(const catalog& kinds) {
    const auto kind = [&kinds](std::string_view name) { return *kinds.find(name); };
    detail::snapshot_state s;
    s.catalog = std::string{kinds.name()};
    s.serial = "LP-CODEC";
    s.source = "license_server";
    s.latest = on(1, 20);
    s.trials.push_back(trial_record{"LP-CODEC", 258, "TRIAL KEY"});
    s.keys = {"KEY-ONE", "KEY-TWO"};

    detail::snapshot_state::node zone;
    zone.name = "east";
    zone.settings[kind("outbound_port")] = limits{2, 10, 3};
    s.nodes.push_back(zone);
    detail::snapshot_state::node org;
    org.zone = false;
    org.zone_name = "east";
    org.name = "acme corp";
    org.acquired = 5;
    org.settings[kind("outbound_port")] = limits{1, 8, 1};
    org.settings[kind("tts")] = limits{0, unlimited, 2};
    s.nodes.push_back(org);

    detail::snapshot_state::job job;
    job.name = "reminders 100%";
    job.zone = "east";
    job.organization = "acme corp";
    job.priority = 7;
    job.mode = allocation_mode::dynamic;
    job.state = job_state::paused;
    job.campaign = kind("preview_agent");
    job.kinds = {{kind("outbound_port"), 1, 8}, {kind("tts"), 0, unlimited}};
    s.jobs.push_back(job);

    detail::snapshot_state::user user;
    user.zone = "east";
    user.organization = "acme corp";
    user.name = "Zo\xC3\xAB";
    user.method = detail::license_method::assigned;
    user.attributes = {{"team", "night shift"}, {"note", ""}};
    user.assigned = {kind("telephony_port")};
    s.users.push_back(user);

    s.poll.last_success = on(1, 18);
    s.poll.last_change = on(1, 10);
    s.poll.failing_since = on(1, 19);
    s.poll.grace_ends = on(2, 2);
    s.poll.last_good = {{"asr", 4}};
    s.daily_audit = true;
    s.last_daily_audit = on(1, 19);

    s.last_fence = 3;
    s.leases.push_back({"mps-1", 2, 9, kind("telephony_port"), 5, 3600000});
    s.lease_requests.push_back({"mps-1", 9, 2});

    s.audits = 1;
    compliance_report report;
    report.day = on(1, 19);
    report.sequence = 1;
    kind_usage usage;
    usage.kind = kind("telephony_port");
    usage.name = "telephony_port";
    usage.entitled = 50;
    usage.used = 6;
    usage.assigned = 1;
    usage.leased = 5;
    usage.available = 44;
    report.kinds.push_back(usage);
    report.tenants.push_back(tenant_usage{"east", "acme corp", 5, 5, 0, {{"night shift", 2}}});
    report.findings.push_back(finding{finding_code::grace_period, "", "polls fail"});
    report.exceeded_messages.push_back("nothing over");
    s.history.push_back(report);
    return s;
}

// A small valid body, line by line, for damaging one line at a time.
const std::vector<std::string> plain_lines = {
    "licpool-snapshot 2",                      // 1
    "catalog contact_center",                  // 2
    "serial LP-CODEC",                         // 3
    "source keys",                             // 4
    "latest-date 2026-01-20",                  // 5
    "zone east",                               // 6
    "org east acme 0",                         // 7
    "job j1 east acme 3 dynamic running -",    // 8
    "poll - - - - holding",                    // 9
    "daily-audit off -",                       // 10
    "fence 1",                                 // 11
    "lease mps 1 1 telephony_port 5 3600000",  // 12
    "audits 0",                                // 13
};

// The plain body with line `at` (from 1) replaced; 0 replaces none.
std::string plain_body(std::size_t at = 0, const std::string& with = {}) {
    std::string out;
    for (std::size_t i = 0; i < plain_lines.size(); ++i) {
        out += i + 1 == at ? with : plain_lines[i];
        out += '\n';
    }
    return out;
}

error malformed(std::int64_t line, const char* note, std::string_view subject = {}) {
    return error{errc::snapshot_malformed, subject, {}, line, 0, note};
}

} // namespace codec_test

TEST_CASE("snapshot tokens: text is encoded so that a token holds no space, and decodes back", "[persistence][codec]") {
    using detail::decode_token;
    using detail::encode_token;
    CHECK(encode_token("") == "%%");
    CHECK(encode_token("acme") == "acme");
    CHECK(encode_token("acme corp") == "acme%20corp");
    CHECK(encode_token("100%") == "100%25");
    CHECK(encode_token("%%") == "%25%25"); // the text "%%" is not the empty text
    CHECK(encode_token("Zo\xC3\xAB") == "Zo%C3%AB");
    CHECK(encode_token("a\nb\t\x7F") == "a%0Ab%09%7F");

    for (const std::string text : {"", " ", "acme corp", "100%", "%%", "%20", "Zo\xC3\xAB", "a\nb\r\n", "/ ' \" *"}) {
        CAPTURE(text);
        CHECK(decode_token(encode_token(text)) == text);
    }
    for (int byte = 0; byte < 256; ++byte) {
        const std::string text(2, static_cast<char>(byte));
        const std::string token = encode_token(text);
        CAPTURE(byte, token);
        for (const char c : token) {
            CHECK((static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F));
        }
        CHECK(decode_token(token) == text);
    }
}

TEST_CASE("snapshot tokens: a broken %-escape does not decode", "[persistence][codec]") {
    for (const char* token : {"%", "a%", "%4", "ab%2", "%G1", "%1G", "%4a", "%%x", "x%%"}) {
        CAPTURE(token);
        CHECK_FALSE(detail::decode_token(token));
    }
    CHECK(detail::decode_token("%%") == std::string{});
    CHECK(detail::decode_token("%25%25") == std::string{"%%"});
}

TEST_CASE("snapshot tokens: dates, counts, lines and numbers", "[persistence][codec]") {
    CHECK(detail::date_token(std::nullopt) == "-");
    CHECK(detail::date_token(codec_test::on(2, 3)) == "2026-02-03");
    CHECK(detail::count_token(unlimited) == "*");
    CHECK(detail::count_token(0) == "0");
    CHECK(detail::count_token(unlimited - 1) == "4294967294");
    CHECK(detail::license_method_token(detail::license_method::none) == "none");
    CHECK(detail::license_method_token(detail::license_method::concurrent) == "concurrent");

    std::vector<std::string_view> tokens{"left over"};
    detail::split_tokens("job  a%20b x", tokens);
    CHECK(tokens == std::vector<std::string_view>{"job", "", "a%20b", "x"});
    detail::split_tokens("", tokens);
    CHECK(tokens.empty());

    CHECK(detail::parse_number("0", 0) == std::uint64_t{0});
    CHECK(detail::parse_number("1000", 1000) == std::uint64_t{1000});
    CHECK_FALSE(detail::parse_number("1001", 1000));
    CHECK(detail::parse_number("18446744073709551615", ~std::uint64_t{0}) == ~std::uint64_t{0});
    for (const char* bad : {"", "-1", "+1", "1 ", "0x10", "18446744073709551616", "000000000000000000001"}) {
        CAPTURE(bad);
        CHECK_FALSE(detail::parse_number(bad, ~std::uint64_t{0}));
    }
}

TEST_CASE("snapshot MAC: hex of the body under the secret", "[persistence][codec]") {
    const std::string mac = detail::snapshot_mac(codec_test::secret(), "body\n");
    CHECK(mac.size() == 64);
    CHECK(mac.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(mac == detail::snapshot_mac(codec_test::secret(), "body\n"));
    CHECK(mac != detail::snapshot_mac(codec_test::secret(), "body \n"));
    CHECK(mac != detail::snapshot_mac(*vendor_secret::make("another vendor secret"), "body\n"));
}

TEST_CASE("snapshot codec: a state written and read back has every field it had", "[persistence][codec]") {
    const catalog kinds = presets::contact_center();
    const detail::snapshot_state s = codec_test::built(kinds);
    const std::string body = detail::snapshot_writer{kinds}.text(s);

    // A few lines word for word: free text encoded, unlimited as '*', an organization's path.
    CHECK(body.rfind("licpool-snapshot 2\ncatalog contact_center\nserial LP-CODEC\nsource license_server\n", 0) == 0);
    CHECK(body.find("\norg east acme%20corp 5\n") != std::string::npos);
    CHECK(body.find("\nsetting east/acme%20corp tts 0 * 2\n") != std::string::npos);
    CHECK(body.find("\njob reminders%20100%25 east acme%20corp 7 dynamic paused preview_agent\n") != std::string::npos);
    CHECK(body.find("\nuser east acme%20corp Zo%C3%AB user assigned active\n") != std::string::npos);
    CHECK(body.find("\nattribute note %%\n") != std::string::npos);
    CHECK(body.find("\npoll 2026-01-18 2026-01-10 2026-01-19 2026-02-02 holding\n") != std::string::npos);
    CHECK(body.find("\nlease mps-1 2 9 telephony_port 5 3600000\n") != std::string::npos);
    CHECK(body.find("mac") == std::string::npos); // the writer leaves signing to its caller

    const auto read = codec_test::read(codec_test::signed_text(body));
    REQUIRE(read);
    const detail::snapshot_state& r = *read;
    CHECK(r.version == 2);
    CHECK(r.catalog == "contact_center");
    CHECK(r.serial == s.serial);
    CHECK(r.source == s.source);
    CHECK(r.latest == s.latest);
    CHECK(r.trials == s.trials);
    CHECK(r.keys == s.keys);
    CHECK(r.key_lines == std::vector<std::size_t>{7, 8});

    REQUIRE(r.nodes.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CAPTURE(i);
        CHECK(r.nodes[i].zone == s.nodes[i].zone);
        CHECK(r.nodes[i].zone_name == s.nodes[i].zone_name);
        CHECK(r.nodes[i].name == s.nodes[i].name);
        CHECK(r.nodes[i].acquired == s.nodes[i].acquired);
        CHECK(r.nodes[i].settings == s.nodes[i].settings);
    }

    REQUIRE(r.jobs.size() == 1);
    const auto& job = r.jobs[0];
    CHECK(job.name == "reminders 100%");
    CHECK(job.zone == "east");
    CHECK(job.organization == "acme corp");
    CHECK(job.priority == 7);
    CHECK(job.mode == allocation_mode::dynamic);
    CHECK(job.state == job_state::paused);
    CHECK(job.campaign == std::optional<kind_id>{*kinds.find("preview_agent")});
    REQUIRE(job.kinds.size() == 2);
    CHECK(job.kinds[0].kind == *kinds.find("outbound_port"));
    CHECK(job.kinds[0].min == 1);
    CHECK(job.kinds[0].max == 8);
    CHECK(job.kinds[1].kind == *kinds.find("tts"));
    CHECK(job.kinds[1].max == unlimited);

    REQUIRE(r.users.size() == 1);
    const auto& user = r.users[0];
    CHECK(user.zone == "east");
    CHECK(user.organization == "acme corp");
    CHECK(user.name == "Zo\xC3\xAB");
    CHECK_FALSE(user.station);
    CHECK_FALSE(user.removed);
    CHECK(user.method == detail::license_method::assigned);
    CHECK(user.attributes == s.users[0].attributes);
    CHECK(user.assigned == s.users[0].assigned);

    CHECK(r.poll.last_success == s.poll.last_success);
    CHECK(r.poll.last_change == s.poll.last_change);
    CHECK(r.poll.failing_since == s.poll.failing_since);
    CHECK(r.poll.grace_ends == s.poll.grace_ends);
    CHECK_FALSE(r.poll.lapsed);
    CHECK(r.poll.last_good == s.poll.last_good);
    CHECK(r.daily_audit);
    CHECK(r.last_daily_audit == codec_test::on(1, 19));

    CHECK(r.last_fence == 3);
    REQUIRE(r.leases.size() == 1);
    CHECK(r.leases[0].holder == "mps-1");
    CHECK(r.leases[0].fence == 2);
    CHECK(r.leases[0].request_id == 9);
    CHECK(r.leases[0].kind == *kinds.find("telephony_port"));
    CHECK(r.leases[0].count == 5);
    CHECK(r.leases[0].remaining_ms == 3600000);
    REQUIRE(r.lease_requests.size() == 1);
    CHECK(r.lease_requests[0].holder == "mps-1");
    CHECK(r.lease_requests[0].request_id == 9);
    CHECK(r.lease_requests[0].fence == 2);

    CHECK(r.audits == 1);
    REQUIRE(r.history.size() == 1);
    const auto& report = r.history[0];
    CHECK(report.day == codec_test::on(1, 19));
    CHECK(report.sequence == 1);
    REQUIRE(report.kinds.size() == 1);
    CHECK(report.kinds[0].name == "telephony_port");
    CHECK(report.kinds[0].entitled == 50);
    CHECK(report.kinds[0].used == 6);
    CHECK(report.kinds[0].leased == 5);
    CHECK(report.kinds[0].available == 44);
    REQUIRE(report.tenants.size() == 1);
    CHECK(report.tenants[0].name == "acme corp");
    REQUIRE(report.tenants[0].factors.size() == 1);
    CHECK(report.tenants[0].factors[0].factor == "night shift");
    CHECK(report.tenants[0].factors[0].users == 2);
    REQUIRE(report.findings.size() == 1);
    CHECK(report.findings[0].code == finding_code::grace_period);
    CHECK(report.findings[0].message == "polls fail");
    CHECK(report.exceeded_messages == std::vector<std::string>{"nothing over"});

    // And what was read writes the same text again.
    CHECK(detail::snapshot_writer{kinds}.text(r) == body);
}

TEST_CASE("snapshot codec: damaged texts are refused with the line and what is wrong", "[persistence][codec][refusal]") {
    using codec_test::malformed;
    using codec_test::plain_body;
    using codec_test::signed_text;
    REQUIRE(codec_test::read(signed_text(plain_body())));

    struct damage {
        std::size_t line;
        std::string with;
        error refusal;
    };
    const damage damages[] = {
        // The first field that does not read is the one named, though the priority is bad too.
        {8, "job j1 ea%G acme 11 dynamic running -", malformed(8, "a %-escape is broken", "ea%G")},
        {8, "job j1 east acme 11 dynamic running -", malformed(8, "a number does not read", "11")},
        {8, "job j1 east acme 3 dynamic running", malformed(8, "an unknown record, or a known one with the wrong number of tokens", "job")},
        {7, "org west acme 0", malformed(7, "an organization of a zone not defined before it", "west")},
        {6, "", malformed(6, "an empty line")},
        {6, "zone east\nsetting east fax_port x 10 1", malformed(7, "the catalog has no such kind", "fax_port")},
        {12, "lease mps 1 1 fax_port 5 3600000", malformed(12, "a lease field does not read")},
        {12, "lease mps 2 1 telephony_port 5 3600000",
         malformed(12, "a lease with a fence above the fence counter, no licenses, or a kind that is not counted")},
        {1, "licpool-snapshot 1", malformed(11, "a record format version 1 does not have", "fence")},
        {1, "licpool-snapshot 3", error{errc::snapshot_version, {}, {}, 3, 2}},
        {2, "catalog pbx", error{errc::snapshot_foreign, "pbx", "catalog"}},
    };
    for (const auto& d : damages) {
        CAPTURE(d.line, d.with);
        const auto r = codec_test::read(signed_text(plain_body(d.line, d.with)));
        REQUIRE_FALSE(r);
        CHECK(r.error() == d.refusal);
    }

    const auto unsigned_text = codec_test::read(plain_body());
    REQUIRE_FALSE(unsigned_text);
    CHECK(unsigned_text.error() == malformed(13, "the snapshot ends before its mac line: it was cut short"));
    CHECK(unsigned_text.error().message() == "snapshot line 13: the snapshot ends before its mac line: it was cut short");

    const auto escape = codec_test::read(signed_text(plain_body(8, "job j1 ea%G acme 11 dynamic running -")));
    REQUIRE_FALSE(escape);
    CHECK(escape.error().message() == "snapshot line 8: a %-escape is broken ('ea%G')");

    const auto after_mac = codec_test::read(signed_text(plain_body()) + "zone west\n");
    REQUIRE_FALSE(after_mac);
    CHECK(after_mac.error() == malformed(15, "a line after the mac line"));

    const auto edited = codec_test::read(plain_body() + "mac " + std::string(64, '0') + "\n");
    REQUIRE_FALSE(edited);
    CHECK(edited.error() == errc::snapshot_mac_mismatch);

    const auto empty = codec_test::read("");
    REQUIRE_FALSE(empty);
    CHECK(empty.error() == malformed(1, "the snapshot is empty"));

    const auto cut = codec_test::read("licpool-snapshot 2");
    REQUIRE_FALSE(cut);
    CHECK(cut.error() == malformed(1, "the last line has no line break: the snapshot was cut short"));
}
