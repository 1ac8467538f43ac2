#include <licpool/core/error.hpp>
#include <licpool/core/expected.hpp>

#include "licpool_catch.hpp"

#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

using licpool::errc;
using licpool::error;

namespace {
struct code_row {
    errc code;
    int value;
    const char* name;
};

// Hosts store these numbers and names: they must never change. A new code gets a new row.
const std::vector<code_row> stable_codes = {
    {errc::unknown_kind, 1, "unknown_kind"},
    {errc::unknown_catalog, 2, "unknown_catalog"},
    {errc::duplicate_kind, 20, "duplicate_kind"},
    {errc::duplicate_feature_code, 21, "duplicate_feature_code"},
    {errc::invalid_feature_code, 22, "invalid_feature_code"},
    {errc::unknown_bundle_part, 23, "unknown_bundle_part"},
    {errc::bundle_cycle, 24, "bundle_cycle"},
    {errc::invalid_kind, 25, "invalid_kind"},
    {errc::malformed, 40, "malformed"},
    {errc::unsupported_version, 41, "unsupported_version"},
    {errc::mac_mismatch, 42, "mac_mismatch"},
    {errc::unknown_feature, 43, "unknown_feature"},
    {errc::not_yet_valid, 44, "not_yet_valid"},
    {errc::expired, 45, "expired"},
    {errc::trial_already_used, 46, "trial_already_used"},
    {errc::key_not_installed, 47, "key_not_installed"},
    {errc::secret_too_short, 48, "secret_too_short"},
    {errc::invalid_key_fields, 49, "invalid_key_fields"},
    {errc::not_operational, 60, "not_operational"},
    {errc::not_running, 61, "not_running"},
    {errc::job_max, 62, "job_max"},
    {errc::job_quota, 63, "job_quota"},
    {errc::organization, 64, "organization"},
    {errc::zone, 65, "zone"},
    {errc::entitlement, 66, "entitlement"},
    {errc::unknown_job, 67, "unknown_job"},
    {errc::duplicate_job, 68, "duplicate_job"},
    {errc::invalid_setting, 69, "invalid_setting"},
    {errc::invalid_state, 70, "invalid_state"},
    {errc::kind_not_in_job, 71, "kind_not_in_job"},
    {errc::not_counted, 72, "not_counted"},
    {errc::unknown_node, 73, "unknown_node"},
    {errc::unknown_agent, 74, "unknown_agent"},
    {errc::agent_attached, 75, "agent_attached"},
    {errc::seat_kind, 76, "seat_kind"},
    {errc::capacity_exhausted, 77, "capacity_exhausted"},
    {errc::wrong_entitlement_source, 78, "wrong_entitlement_source"},
    {errc::serial_absent, 50, "serial_absent"},
    {errc::serial_changed, 51, "serial_changed"},
    {errc::method_mismatch, 80, "method_mismatch"},
    {errc::unknown_user, 81, "unknown_user"},
    {errc::duplicate_user, 82, "duplicate_user"},
    {errc::license_held, 83, "license_held"},
    {errc::license_not_held, 84, "license_not_held"},
    {errc::unknown_factor, 85, "unknown_factor"},
    {errc::invalid_pattern, 86, "invalid_pattern"},
    {errc::duplicate_factor, 87, "duplicate_factor"},
    {errc::consumption_mismatch, 88, "consumption_mismatch"},
    {errc::stale_fence, 100, "stale_fence"},
    {errc::stale_request, 101, "stale_request"},
    {errc::snapshot_malformed, 110, "snapshot_malformed"},
    {errc::snapshot_mac_mismatch, 111, "snapshot_mac_mismatch"},
    {errc::snapshot_version, 112, "snapshot_version"},
    {errc::snapshot_foreign, 113, "snapshot_foreign"},
    {errc::snapshot_not_empty, 114, "snapshot_not_empty"},
    {errc::io_error, 115, "io_error"},
};
} // namespace

TEST_CASE("error codes keep their numbers and names", "[core][error]") {
    for (const auto& row : stable_codes) {
        CAPTURE(row.name);
        CHECK(static_cast<int>(row.code) == row.value);
        CHECK(licpool::to_string(row.code) == row.name);
    }
    // Names are distinct, so a name identifies a code.
    for (std::size_t i = 0; i < stable_codes.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            CHECK(std::string{stable_codes[i].name} != stable_codes[j].name);
        }
    }
}

TEST_CASE("an error message names the offending value", "[core][error]") {
    const error e{errc::unknown_kind, "fax_port"};
    CHECK(e.code() == errc::unknown_kind);
    CHECK(e.subject() == "fax_port");
    CHECK(e.message() == "license kind 'fax_port' is not in the catalog");

    const error dup{errc::duplicate_feature_code, "tts", "asr", 0x102};
    CHECK(dup.message() == "kind 'tts' has feature code 0x102, which kind 'asr' already has");

    const error note{errc::invalid_kind, "x", {}, 0, 0, "a reason given as a literal"};
    CHECK(note.message() == "kind 'x': a reason given as a literal");
}

TEST_CASE("feature-key errors name the key, position, date or count", "[core][error]") {
    CHECK(error{errc::malformed, "7KQ2*", "*", 5}.message() ==
          "key '7KQ2*': character '*' at position 5 is not a key character");
    CHECK(error{errc::malformed, std::string_view{"7K\0", 3}, std::string_view{"\0", 1}, 3}.message() ==
          std::string{"key '7K\0", 8} + "': byte 0x00 at position 3 is not a key character");
    CHECK(error{errc::malformed, "7KQ2", {}, 4, 32}.message() ==
          "key '7KQ2' has 4 characters, not counting '-' and spaces; a key has 32");
    CHECK(error{errc::unsupported_version, "K", {}, 2, 1}.message() ==
          "key 'K' is a version 2 key; this licpool reads version 1 keys only");
    CHECK(error{errc::mac_mismatch, "K", "SN-1"}.message() ==
          "key 'K' does not check out: it is mistyped, or it was issued for another serial than 'SN-1'");
    CHECK(error{errc::mac_mismatch, "K"}.message() ==
          "key 'K' does not check out: it is mistyped, or it was issued for another serial than this system's");
    CHECK(error{errc::serial_absent, "LP-A"}.message() ==
          "the serial provider reports no feature-key serial (the feature key is missing); keys bound to serial 'LP-A' "
          "count nothing and no key can be checked until it is back");
    CHECK(error{errc::serial_changed, "LP-B", "LP-A"}.message() ==
          "the serial provider reports serial 'LP-B' but the installed keys are bound to 'LP-A': put the feature key "
          "of 'LP-A' back, or remove its keys before installing keys of 'LP-B'");
    CHECK(error{errc::unknown_feature, "K", "pbx", 0x1FF}.message() ==
          "key 'K' is for feature code 0x1FF, which catalog 'pbx' does not have");
    const auto d = [](int y, unsigned m, unsigned dd) { return licpool::date::from_ymd(y, m, dd).days_since_1970(); };
    CHECK(error{errc::not_yet_valid, "K", {}, d(2026, 5, 1), d(2026, 4, 1)}.message() ==
          "key 'K' is valid from 2026-05-01 (today is 2026-04-01)");
    CHECK(error{errc::expired, "K", {}, d(2026, 3, 1), d(2026, 3, 2)}.message() ==
          "key 'K' expired: its last valid day was 2026-03-01 (today is 2026-03-02)");
    CHECK(error{errc::trial_already_used, "K", "sms"}.message() ==
          "key 'K' is a second trial of 'sms' on this serial; a trial is allowed once per serial and feature");
    CHECK(error{errc::key_not_installed, "K"}.message() == "key 'K' is not installed");
    CHECK(error{errc::secret_too_short, {}, {}, 8, 16}.message() ==
          "the vendor secret is 8 bytes long; it must be at least 16 bytes");
    CHECK(error{errc::invalid_key_fields, "70000", "count", 0, 0, "a key grants 1 to 65535 instances"}.message() ==
          "cannot issue a key with count '70000': a key grants 1 to 65535 instances");
}

TEST_CASE("an error keeps long values without allocating, cut and marked", "[core][error]") {
    STATIC_REQUIRE(std::is_trivially_copyable_v<error>);
    STATIC_REQUIRE(std::is_nothrow_copy_constructible_v<error>);

    const std::string long_name(200, 'k');
    const error e{errc::unknown_kind, long_name};
    CHECK(e.subject().size() == error::subject_capacity);
    CHECK(e.message() == "license kind '" + std::string(error::subject_capacity, 'k') +
                             "...' is not in the catalog");
}

TEST_CASE("errors compare by code and values, and with a bare code", "[core][error]") {
    const error a{errc::unknown_kind, "x"};
    CHECK(a == error{errc::unknown_kind, "x"});
    CHECK(a != error{errc::unknown_kind, "y"});
    CHECK(a != error{errc::duplicate_kind, "x"});
    CHECK(a == errc::unknown_kind);
    CHECK(errc::unknown_kind == a);
    CHECK(a != errc::bundle_cycle);
}

TEST_CASE("errors print as code and message", "[core][error]") {
    std::ostringstream out;
    out << error{errc::bundle_cycle, "a", "b"};
    CHECK(out.str() == "bundle_cycle: bundle 'a' contains itself through 'b'");

    std::ostringstream code;
    code << errc::duplicate_kind;
    CHECK(code.str() == "duplicate_kind");
}

TEST_CASE("fail() builds the unexpected value a function returns", "[core][error]") {
    auto refuse = []() -> licpool::expected<int> { return licpool::fail(errc::unknown_kind, "z"); };
    const auto r = refuse();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == error{errc::unknown_kind, "z"});
}

TEST_CASE("every code has a message", "[core][error]") {
    for (const auto& row : stable_codes) {
        CAPTURE(row.name);
        const licpool::error e{row.code, "subject", "context", 3, 4, "a note"};
        const auto m = e.message();
        CHECK_FALSE(m.empty());
        CHECK(m.find("unknown_error") == std::string::npos);
    }
}

TEST_CASE("the table of stable codes lists every code there is", "[core][error]") {
    std::size_t named = 0;
    for (int value = 0; value < 1000; ++value) {
        if (licpool::to_string(static_cast<errc>(value)) != "unknown_error") {
            ++named;
            CAPTURE(value);
            bool listed = false;
            for (const auto& row : stable_codes) {
                listed = listed || row.value == value;
            }
            CHECK(listed);
        }
    }
    CHECK(named == stable_codes.size());
}
