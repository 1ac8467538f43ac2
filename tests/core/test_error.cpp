#include <licpool/core/error.hpp>
#include <licpool/core/expected.hpp>

#include "licpool_catch.hpp"

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
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

namespace {
using namespace std::string_view_literals;

// One error and the message it gives, byte for byte.
struct golden_message {
    errc code;
    std::string_view subject;
    std::string_view context;
    std::int64_t number;
    std::int64_t limit;
    const char* note;
    std::string_view message;
};

// The messages as the old switch in error.hpp wrote them, recorded before the texts moved into
// a table of templates (issue 14): tests and the CLI golden files compare these sentences, so a
// refactoring must not change one byte. Every code is given the same six field sets (empty and
// non-empty names, zero and non-zero figures, a note with placeholders, names long enough to be
// cut); then rows for each branch a code takes on its values (the entitlement's zero limit and
// contexts, a malformed key's character kinds, a note or none, consumption by call...).
// A new code adds its own rows here.
const golden_message golden_messages[] = {
    {errc::unknown_kind, ""sv, ""sv, 0, 0, nullptr,
     "license kind '' is not in the catalog"sv},
    {errc::unknown_kind, "fax_port"sv, ""sv, 0, 0, nullptr,
     "license kind 'fax_port' is not in the catalog"sv},
    {errc::unknown_kind, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "license kind 'fax_port' is not in the catalog"sv},
    {errc::unknown_kind, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "license kind 'fax_port' is not in the catalog"sv},
    {errc::unknown_kind, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "license kind '' is not in the catalog"sv},
    {errc::unknown_kind, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "license kind 'k123456789k123456789k123456789k123456789k123456789k123...' is not in the catalog"sv},
    {errc::unknown_catalog, ""sv, ""sv, 0, 0, nullptr,
     "no preset catalog is called '' (contact_center, pbx, web_portal)"sv},
    {errc::unknown_catalog, "fax_port"sv, ""sv, 0, 0, nullptr,
     "no preset catalog is called 'fax_port' (contact_center, pbx, web_portal)"sv},
    {errc::unknown_catalog, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "no preset catalog is called 'fax_port' (contact_center, pbx, web_portal)"sv},
    {errc::unknown_catalog, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "no preset catalog is called 'fax_port' (contact_center, pbx, web_portal)"sv},
    {errc::unknown_catalog, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "no preset catalog is called '' (contact_center, pbx, web_portal)"sv},
    {errc::unknown_catalog, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "no preset catalog is called 'k123456789k123456789k123456789k123456789k123456789k123...' (contact_center, pbx, web_portal)"sv},
    {errc::duplicate_kind, ""sv, ""sv, 0, 0, nullptr,
     "license kind '' is defined twice"sv},
    {errc::duplicate_kind, "fax_port"sv, ""sv, 0, 0, nullptr,
     "license kind 'fax_port' is defined twice"sv},
    {errc::duplicate_kind, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "license kind 'fax_port' is defined twice"sv},
    {errc::duplicate_kind, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "license kind 'fax_port' is defined twice"sv},
    {errc::duplicate_kind, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "license kind '' is defined twice"sv},
    {errc::duplicate_kind, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "license kind 'k123456789k123456789k123456789k123456789k123456789k123...' is defined twice"sv},
    {errc::duplicate_feature_code, ""sv, ""sv, 0, 0, nullptr,
     "kind '' has feature code 0x000, which kind '' already has"sv},
    {errc::duplicate_feature_code, "fax_port"sv, ""sv, 0, 0, nullptr,
     "kind 'fax_port' has feature code 0x000, which kind '' already has"sv},
    {errc::duplicate_feature_code, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "kind 'fax_port' has feature code 0x007, which kind 'agents' already has"sv},
    {errc::duplicate_feature_code, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "kind 'fax_port' has feature code 0x007, which kind 'agents' already has"sv},
    {errc::duplicate_feature_code, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "kind '' has feature code 0xFFF, which kind 'zone minimums' already has"sv},
    {errc::duplicate_feature_code, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "kind 'k123456789k123456789k123456789k123456789k123456789k123...' has feature code 0x4E20, which kind 'c123456789c123456789c123456789...' already has"sv},
    {errc::invalid_feature_code, ""sv, ""sv, 0, 0, nullptr,
     "kind '' has feature code 0x000; feature codes run from 0x001 to 0xFFF"sv},
    {errc::invalid_feature_code, "fax_port"sv, ""sv, 0, 0, nullptr,
     "kind 'fax_port' has feature code 0x000; feature codes run from 0x001 to 0xFFF"sv},
    {errc::invalid_feature_code, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "kind 'fax_port' has feature code 0x007; feature codes run from 0x001 to 0xFFF"sv},
    {errc::invalid_feature_code, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "kind 'fax_port' has feature code 0x007; feature codes run from 0x001 to 0xFFF"sv},
    {errc::invalid_feature_code, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "kind '' has feature code 0xFFF; feature codes run from 0x001 to 0xFFF"sv},
    {errc::invalid_feature_code, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "kind 'k123456789k123456789k123456789k123456789k123456789k123...' has feature code 0x4E20; feature codes run from 0x001 to 0xFFF"sv},
    {errc::unknown_bundle_part, ""sv, ""sv, 0, 0, nullptr,
     "bundle '' names kind '', which the catalog lacks"sv},
    {errc::unknown_bundle_part, "fax_port"sv, ""sv, 0, 0, nullptr,
     "bundle 'fax_port' names kind '', which the catalog lacks"sv},
    {errc::unknown_bundle_part, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "bundle 'fax_port' names kind 'agents', which the catalog lacks"sv},
    {errc::unknown_bundle_part, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "bundle 'fax_port' names kind 'agents', which the catalog lacks"sv},
    {errc::unknown_bundle_part, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "bundle '' names kind 'zone minimums', which the catalog lacks"sv},
    {errc::unknown_bundle_part, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "bundle 'k123456789k123456789k123456789k123456789k123456789k123...' names kind 'c123456789c123456789c123456789...', which the catalog lacks"sv},
    {errc::bundle_cycle, ""sv, ""sv, 0, 0, nullptr,
     "bundle '' contains itself through ''"sv},
    {errc::bundle_cycle, "fax_port"sv, ""sv, 0, 0, nullptr,
     "bundle 'fax_port' contains itself through ''"sv},
    {errc::bundle_cycle, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "bundle 'fax_port' contains itself through 'agents'"sv},
    {errc::bundle_cycle, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "bundle 'fax_port' contains itself through 'agents'"sv},
    {errc::bundle_cycle, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "bundle '' contains itself through 'zone minimums'"sv},
    {errc::bundle_cycle, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "bundle 'k123456789k123456789k123456789k123456789k123456789k123...' contains itself through 'c123456789c123456789c123456789...'"sv},
    {errc::invalid_kind, ""sv, ""sv, 0, 0, nullptr,
     "kind '': "sv},
    {errc::invalid_kind, "fax_port"sv, ""sv, 0, 0, nullptr,
     "kind 'fax_port': "sv},
    {errc::invalid_kind, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "kind 'fax_port': "sv},
    {errc::invalid_kind, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "kind 'fax_port': needs 7 of 16, 7 again"sv},
    {errc::invalid_kind, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "kind '': a note"sv},
    {errc::invalid_kind, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "kind 'k123456789k123456789k123456789k123456789k123456789k123...': "sv},
    {errc::malformed, ""sv, ""sv, 0, 0, nullptr,
     "key '' has 0 characters, not counting '-' and spaces; a key has 0"sv},
    {errc::malformed, "fax_port"sv, ""sv, 0, 0, nullptr,
     "key 'fax_port' has 0 characters, not counting '-' and spaces; a key has 0"sv},
    {errc::malformed, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "key 'fax_port': character 'a' at position 7 is not a key character"sv},
    {errc::malformed, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "key 'fax_port': character 'a' at position 7 is not a key character"sv},
    {errc::malformed, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "key '': character 'z' at position 4095 is not a key character"sv},
    {errc::malformed, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "key 'k123456789k123456789k123456789k123456789k123456789k123...': character 'c' at position 20000 is not a key character"sv},
    {errc::unsupported_version, ""sv, ""sv, 0, 0, nullptr,
     "key '' is a version 0 key; this licpool reads version 0 keys only"sv},
    {errc::unsupported_version, "fax_port"sv, ""sv, 0, 0, nullptr,
     "key 'fax_port' is a version 0 key; this licpool reads version 0 keys only"sv},
    {errc::unsupported_version, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "key 'fax_port' is a version 7 key; this licpool reads version 16 keys only"sv},
    {errc::unsupported_version, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "key 'fax_port' has flags 7: needs {number} of {limit}, {number} again"sv},
    {errc::unsupported_version, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "key '' has flags 4095: a note"sv},
    {errc::unsupported_version, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "key 'k123456789k123456789k123456789k123456789k123456789k123...' is a version 20000 key; this licpool reads version 20500 keys only"sv},
    {errc::mac_mismatch, ""sv, ""sv, 0, 0, nullptr,
     "key '' does not check out: it is mistyped, or it was issued for another serial than this system's"sv},
    {errc::mac_mismatch, "fax_port"sv, ""sv, 0, 0, nullptr,
     "key 'fax_port' does not check out: it is mistyped, or it was issued for another serial than this system's"sv},
    {errc::mac_mismatch, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "key 'fax_port' does not check out: it is mistyped, or it was issued for another serial than 'agents'"sv},
    {errc::mac_mismatch, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "key 'fax_port' does not check out: it is mistyped, or it was issued for another serial than 'agents'"sv},
    {errc::mac_mismatch, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "key '' does not check out: it is mistyped, or it was issued for another serial than 'zone minimums'"sv},
    {errc::mac_mismatch, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "key 'k123456789k123456789k123456789k123456789k123456789k123...' does not check out: it is mistyped, or it was issued for another serial than 'c123456789c123456789c123456789...'"sv},
    {errc::unknown_feature, ""sv, ""sv, 0, 0, nullptr,
     "key '' is for feature code 0x000, which catalog '' does not have"sv},
    {errc::unknown_feature, "fax_port"sv, ""sv, 0, 0, nullptr,
     "key 'fax_port' is for feature code 0x000, which catalog '' does not have"sv},
    {errc::unknown_feature, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "key 'fax_port' is for feature code 0x007, which catalog 'agents' does not have"sv},
    {errc::unknown_feature, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "key 'fax_port' is for feature code 0x007, which catalog 'agents' does not have"sv},
    {errc::unknown_feature, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "key '' is for feature code 0xFFF, which catalog 'zone minimums' does not have"sv},
    {errc::unknown_feature, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "key 'k123456789k123456789k123456789k123456789k123456789k123...' is for feature code 0x4E20, which catalog 'c123456789c123456789c123456789...' does not have"sv},
    {errc::not_yet_valid, ""sv, ""sv, 0, 0, nullptr,
     "key '' is valid from 1970-01-01 (today is 1970-01-01)"sv},
    {errc::not_yet_valid, "fax_port"sv, ""sv, 0, 0, nullptr,
     "key 'fax_port' is valid from 1970-01-01 (today is 1970-01-01)"sv},
    {errc::not_yet_valid, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "key 'fax_port' is valid from 1970-01-08 (today is 1970-01-17)"sv},
    {errc::not_yet_valid, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "key 'fax_port' is valid from 1970-01-08 (today is 1970-01-17)"sv},
    {errc::not_yet_valid, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "key '' is valid from 1981-03-19 (today is 1970-01-01)"sv},
    {errc::not_yet_valid, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "key 'k123456789k123456789k123456789k123456789k123456789k123...' is valid from 2024-10-04 (today is 2026-02-16)"sv},
    {errc::expired, ""sv, ""sv, 0, 0, nullptr,
     "key '' expired: its last valid day was 1970-01-01 (today is 1970-01-01)"sv},
    {errc::expired, "fax_port"sv, ""sv, 0, 0, nullptr,
     "key 'fax_port' expired: its last valid day was 1970-01-01 (today is 1970-01-01)"sv},
    {errc::expired, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "key 'fax_port' expired: its last valid day was 1970-01-08 (today is 1970-01-17)"sv},
    {errc::expired, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "key 'fax_port' expired: its last valid day was 1970-01-08 (today is 1970-01-17)"sv},
    {errc::expired, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "key '' expired: its last valid day was 1981-03-19 (today is 1970-01-01)"sv},
    {errc::expired, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "key 'k123456789k123456789k123456789k123456789k123456789k123...' expired: its last valid day was 2024-10-04 (today is 2026-02-16)"sv},
    {errc::trial_already_used, ""sv, ""sv, 0, 0, nullptr,
     "key '' is a second trial of '' on this serial; a trial is allowed once per serial and feature"sv},
    {errc::trial_already_used, "fax_port"sv, ""sv, 0, 0, nullptr,
     "key 'fax_port' is a second trial of '' on this serial; a trial is allowed once per serial and feature"sv},
    {errc::trial_already_used, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "key 'fax_port' is a second trial of 'agents' on this serial; a trial is allowed once per serial and feature"sv},
    {errc::trial_already_used, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "key 'fax_port' is a second trial of 'agents' on this serial; a trial is allowed once per serial and feature"sv},
    {errc::trial_already_used, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "key '' is a second trial of 'zone minimums' on this serial; a trial is allowed once per serial and feature"sv},
    {errc::trial_already_used, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "key 'k123456789k123456789k123456789k123456789k123456789k123...' is a second trial of 'c123456789c123456789c123456789...' on this serial; a trial is allowed once per serial and feature"sv},
    {errc::key_not_installed, ""sv, ""sv, 0, 0, nullptr,
     "key '' is not installed"sv},
    {errc::key_not_installed, "fax_port"sv, ""sv, 0, 0, nullptr,
     "key 'fax_port' is not installed"sv},
    {errc::key_not_installed, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "key 'fax_port' is not installed"sv},
    {errc::key_not_installed, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "key 'fax_port' is not installed"sv},
    {errc::key_not_installed, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "key '' is not installed"sv},
    {errc::key_not_installed, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "key 'k123456789k123456789k123456789k123456789k123456789k123...' is not installed"sv},
    {errc::secret_too_short, ""sv, ""sv, 0, 0, nullptr,
     "the vendor secret is 0 bytes long; it must be at least 0 bytes"sv},
    {errc::secret_too_short, "fax_port"sv, ""sv, 0, 0, nullptr,
     "the vendor secret is 0 bytes long; it must be at least 0 bytes"sv},
    {errc::secret_too_short, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "the vendor secret is 7 bytes long; it must be at least 16 bytes"sv},
    {errc::secret_too_short, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "the vendor secret is 7 bytes long; it must be at least 16 bytes"sv},
    {errc::secret_too_short, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "the vendor secret is 4095 bytes long; it must be at least 0 bytes"sv},
    {errc::secret_too_short, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "the vendor secret is 20000 bytes long; it must be at least 20500 bytes"sv},
    {errc::invalid_key_fields, ""sv, ""sv, 0, 0, nullptr,
     "cannot issue a key with  '': "sv},
    {errc::invalid_key_fields, "fax_port"sv, ""sv, 0, 0, nullptr,
     "cannot issue a key with  'fax_port': "sv},
    {errc::invalid_key_fields, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "cannot issue a key with agents 'fax_port': "sv},
    {errc::invalid_key_fields, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "cannot issue a key with agents 'fax_port': needs {number} of {limit}, {number} again"sv},
    {errc::invalid_key_fields, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "cannot issue a key with zone minimums '': a note"sv},
    {errc::invalid_key_fields, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "cannot issue a key with c123456789c123456789c123456789 'k123456789k123456789k123456789k123456789k123456789k123...': "sv},
    {errc::serial_absent, ""sv, ""sv, 0, 0, nullptr,
     "the serial provider reports no feature-key serial (the feature key is missing); keys bound to serial '' count nothing and no key can be checked until it is back"sv},
    {errc::serial_absent, "fax_port"sv, ""sv, 0, 0, nullptr,
     "the serial provider reports no feature-key serial (the feature key is missing); keys bound to serial 'fax_port' count nothing and no key can be checked until it is back"sv},
    {errc::serial_absent, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "the serial provider reports no feature-key serial (the feature key is missing); keys bound to serial 'fax_port' count nothing and no key can be checked until it is back"sv},
    {errc::serial_absent, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "the serial provider reports no feature-key serial (the feature key is missing); keys bound to serial 'fax_port' count nothing and no key can be checked until it is back"sv},
    {errc::serial_absent, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "the serial provider reports no feature-key serial (the feature key is missing); keys bound to serial '' count nothing and no key can be checked until it is back"sv},
    {errc::serial_absent, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "the serial provider reports no feature-key serial (the feature key is missing); keys bound to serial 'k123456789k123456789k123456789k123456789k123456789k123...' count nothing and no key can be checked until it is back"sv},
    {errc::serial_changed, ""sv, ""sv, 0, 0, nullptr,
     "the serial provider reports serial '' but the installed keys are bound to '': put the feature key of '' back, or remove its keys before installing keys of ''"sv},
    {errc::serial_changed, "fax_port"sv, ""sv, 0, 0, nullptr,
     "the serial provider reports serial 'fax_port' but the installed keys are bound to '': put the feature key of '' back, or remove its keys before installing keys of 'fax_port'"sv},
    {errc::serial_changed, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "the serial provider reports serial 'fax_port' but the installed keys are bound to 'agents': put the feature key of 'agents' back, or remove its keys before installing keys of 'fax_port'"sv},
    {errc::serial_changed, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "the serial provider reports serial 'fax_port' but the installed keys are bound to 'agents': put the feature key of 'agents' back, or remove its keys before installing keys of 'fax_port'"sv},
    {errc::serial_changed, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "the serial provider reports serial '' but the installed keys are bound to 'zone minimums': put the feature key of 'zone minimums' back, or remove its keys before installing keys of ''"sv},
    {errc::serial_changed, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "the serial provider reports serial 'k123456789k123456789k123456789k123456789k123456789k123...' but the installed keys are bound to 'c123456789c123456789c123456789...': put the feature key of 'c123456789c123456789c123456789...' back, or remove its keys before installing keys of 'k123456789k123456789k123456789k123456789k123456789k123...'"sv},
    {errc::not_operational, ""sv, ""sv, 0, 0, nullptr,
     "the pool is not operational: required kind '' has no license"sv},
    {errc::not_operational, "fax_port"sv, ""sv, 0, 0, nullptr,
     "the pool is not operational: required kind 'fax_port' has no license"sv},
    {errc::not_operational, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "the pool is not operational: required kind 'fax_port' has no license"sv},
    {errc::not_operational, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "the pool is not operational: required kind 'fax_port' has no license"sv},
    {errc::not_operational, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "the pool is not operational: required kind '' has no license"sv},
    {errc::not_operational, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "the pool is not operational: required kind 'k123456789k123456789k123456789k123456789k123456789k123...' has no license"sv},
    {errc::not_running, ""sv, ""sv, 0, 0, nullptr,
     "job '' is ; only a running job takes licenses"sv},
    {errc::not_running, "fax_port"sv, ""sv, 0, 0, nullptr,
     "job 'fax_port' is ; only a running job takes licenses"sv},
    {errc::not_running, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "job 'fax_port' is agents; only a running job takes licenses"sv},
    {errc::not_running, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "job 'fax_port' is agents; only a running job takes licenses"sv},
    {errc::not_running, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "job '' is zone minimums; only a running job takes licenses"sv},
    {errc::not_running, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "job 'k123456789k123456789k123456789k123456789k123456789k123...' is c123456789c123456789c123456789; only a running job takes licenses"sv},
    {errc::job_max, ""sv, ""sv, 0, 0, nullptr,
     "job '' holds its max of 0 "sv},
    {errc::job_max, "fax_port"sv, ""sv, 0, 0, nullptr,
     "job 'fax_port' holds its max of 0 "sv},
    {errc::job_max, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "job 'fax_port' holds its max of 16 agents"sv},
    {errc::job_max, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "job 'fax_port' holds its max of 16 agents"sv},
    {errc::job_max, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "job '' holds its max of 0 zone minimums"sv},
    {errc::job_max, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "job 'k123456789k123456789k123456789k123456789k123456789k123...' holds its max of 20500 c123456789c123456789c123456789"sv},
    {errc::job_quota, ""sv, ""sv, 0, 0, nullptr,
     "job '' holds 0 , its whole quota of 0"sv},
    {errc::job_quota, "fax_port"sv, ""sv, 0, 0, nullptr,
     "job 'fax_port' holds 0 , its whole quota of 0"sv},
    {errc::job_quota, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "job 'fax_port' holds 7 agents, its whole quota of 16"sv},
    {errc::job_quota, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "job 'fax_port' holds 7 agents, its whole quota of 16"sv},
    {errc::job_quota, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "job '' holds 4095 zone minimums, its whole quota of 0"sv},
    {errc::job_quota, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "job 'k123456789k123456789k123456789k123456789k123456789k123...' holds 20000 c123456789c123456789c123456789, its whole quota of 20500"sv},
    {errc::organization, ""sv, ""sv, 0, 0, nullptr,
     "organization '' holds 0 , its whole share of 0"sv},
    {errc::organization, "fax_port"sv, ""sv, 0, 0, nullptr,
     "organization 'fax_port' holds 0 , its whole share of 0"sv},
    {errc::organization, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "organization 'fax_port' holds 7 agents, its whole share of 16"sv},
    {errc::organization, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "organization 'fax_port' holds 7 agents, its whole share of 16"sv},
    {errc::organization, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "organization '' holds 4095 zone minimums, its whole share of 0"sv},
    {errc::organization, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "organization 'k123456789k123456789k123456789k123456789k123456789k123...' holds 20000 c123456789c123456789c123456789, its whole share of 20500"sv},
    {errc::zone, ""sv, ""sv, 0, 0, nullptr,
     "zone '' holds 0 , its whole share of 0"sv},
    {errc::zone, "fax_port"sv, ""sv, 0, 0, nullptr,
     "zone 'fax_port' holds 0 , its whole share of 0"sv},
    {errc::zone, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "zone 'fax_port' holds 7 agents, its whole share of 16"sv},
    {errc::zone, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "zone 'fax_port' holds 7 agents, its whole share of 16"sv},
    {errc::zone, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "zone '' holds 4095 zone minimums, its whole share of 0"sv},
    {errc::zone, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "zone 'k123456789k123456789k123456789k123456789k123456789k123...' holds 20000 c123456789c123456789c123456789, its whole share of 20500"sv},
    {errc::entitlement, ""sv, ""sv, 0, 0, nullptr,
     "no  is licensed; retry only once the entitlement changes"sv},
    {errc::entitlement, "fax_port"sv, ""sv, 0, 0, nullptr,
     "no fax_port is licensed; retry only once the entitlement changes"sv},
    {errc::entitlement, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "all 16 licensed fax_port are in use or kept for other tenants' minimums"sv},
    {errc::entitlement, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "all 16 licensed fax_port are in use or kept for other tenants' minimums"sv},
    {errc::entitlement, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "no  is licensed; retry only once the entitlement changes"sv},
    {errc::entitlement, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "all 20500 licensed k123456789k123456789k123456789k123456789k123456789k123 are in use or kept for other tenants' minimums"sv},
    {errc::unknown_job, ""sv, ""sv, 0, 0, nullptr,
     "no job is called ''"sv},
    {errc::unknown_job, "fax_port"sv, ""sv, 0, 0, nullptr,
     "no job is called 'fax_port'"sv},
    {errc::unknown_job, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "no job is called 'fax_port'"sv},
    {errc::unknown_job, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "no job is called 'fax_port'"sv},
    {errc::unknown_job, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "no job is called ''"sv},
    {errc::unknown_job, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "no job is called 'k123456789k123456789k123456789k123456789k123456789k123...'"sv},
    {errc::duplicate_job, ""sv, ""sv, 0, 0, nullptr,
     "a job called '' exists already (names stay taken after a stop)"sv},
    {errc::duplicate_job, "fax_port"sv, ""sv, 0, 0, nullptr,
     "a job called 'fax_port' exists already (names stay taken after a stop)"sv},
    {errc::duplicate_job, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "a job called 'fax_port' exists already (names stay taken after a stop)"sv},
    {errc::duplicate_job, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "a job called 'fax_port' exists already (names stay taken after a stop)"sv},
    {errc::duplicate_job, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "a job called '' exists already (names stay taken after a stop)"sv},
    {errc::duplicate_job, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "a job called 'k123456789k123456789k123456789k123456789k123456789k123...' exists already (names stay taken after a stop)"sv},
    {errc::invalid_setting, ""sv, ""sv, 0, 0, nullptr,
     "'': "sv},
    {errc::invalid_setting, "fax_port"sv, ""sv, 0, 0, nullptr,
     "'fax_port': "sv},
    {errc::invalid_setting, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "'fax_port': "sv},
    {errc::invalid_setting, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "'fax_port': needs 7 of 16, 7 again"sv},
    {errc::invalid_setting, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "'': a note"sv},
    {errc::invalid_setting, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "'k123456789k123456789k123456789k123456789k123456789k123...': "sv},
    {errc::invalid_state, ""sv, ""sv, 0, 0, nullptr,
     "job '' is ; "sv},
    {errc::invalid_state, "fax_port"sv, ""sv, 0, 0, nullptr,
     "job 'fax_port' is ; "sv},
    {errc::invalid_state, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "job 'fax_port' is agents; "sv},
    {errc::invalid_state, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "job 'fax_port' is agents; needs 7 of 16, 7 again"sv},
    {errc::invalid_state, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "job '' is zone minimums; a note"sv},
    {errc::invalid_state, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "job 'k123456789k123456789k123456789k123456789k123456789k123...' is c123456789c123456789c123456789; "sv},
    {errc::kind_not_in_job, ""sv, ""sv, 0, 0, nullptr,
     "job '' was not started for ''"sv},
    {errc::kind_not_in_job, "fax_port"sv, ""sv, 0, 0, nullptr,
     "job 'fax_port' was not started for ''"sv},
    {errc::kind_not_in_job, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "job 'fax_port' was not started for 'agents'"sv},
    {errc::kind_not_in_job, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "job 'fax_port' was not started for 'agents'"sv},
    {errc::kind_not_in_job, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "job '' was not started for 'zone minimums'"sv},
    {errc::kind_not_in_job, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "job 'k123456789k123456789k123456789k123456789k123456789k123...' was not started for 'c123456789c123456789c123456789...'"sv},
    {errc::not_counted, ""sv, ""sv, 0, 0, nullptr,
     "kind '' "sv},
    {errc::not_counted, "fax_port"sv, ""sv, 0, 0, nullptr,
     "kind 'fax_port' "sv},
    {errc::not_counted, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "kind 'fax_port' "sv},
    {errc::not_counted, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "kind 'fax_port' needs 7 of 16, 7 again"sv},
    {errc::not_counted, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "kind '' a note"sv},
    {errc::not_counted, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "kind 'k123456789k123456789k123456789k123456789k123456789k123...' "sv},
    {errc::unknown_node, ""sv, ""sv, 0, 0, nullptr,
     "no  is called ''"sv},
    {errc::unknown_node, "fax_port"sv, ""sv, 0, 0, nullptr,
     "no  is called 'fax_port'"sv},
    {errc::unknown_node, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "no agents is called 'fax_port'"sv},
    {errc::unknown_node, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "no agents is called 'fax_port'"sv},
    {errc::unknown_node, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "no zone minimums is called ''"sv},
    {errc::unknown_node, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "no c123456789c123456789c123456789 is called 'k123456789k123456789k123456789k123456789k123456789k123...'"sv},
    {errc::unknown_agent, ""sv, ""sv, 0, 0, nullptr,
     "agent 0 is not attached to any job"sv},
    {errc::unknown_agent, "fax_port"sv, ""sv, 0, 0, nullptr,
     "agent 0 is not attached to any job"sv},
    {errc::unknown_agent, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "agent 7 is not attached to any job"sv},
    {errc::unknown_agent, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "agent 7 is not attached to any job"sv},
    {errc::unknown_agent, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "agent 4095 is not attached to any job"sv},
    {errc::unknown_agent, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "agent 20000 is not attached to any job"sv},
    {errc::agent_attached, ""sv, ""sv, 0, 0, nullptr,
     "agent 0 is attached to job '' already"sv},
    {errc::agent_attached, "fax_port"sv, ""sv, 0, 0, nullptr,
     "agent 0 is attached to job 'fax_port' already"sv},
    {errc::agent_attached, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "agent 7 is attached to job 'fax_port' already"sv},
    {errc::agent_attached, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "agent 7 is attached to job 'fax_port' already"sv},
    {errc::agent_attached, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "agent 4095 is attached to job '' already"sv},
    {errc::agent_attached, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "agent 20000 is attached to job 'k123456789k123456789k123456789k123456789k123456789k123...' already"sv},
    {errc::seat_kind, ""sv, ""sv, 0, 0, nullptr,
     "kind '' "sv},
    {errc::seat_kind, "fax_port"sv, ""sv, 0, 0, nullptr,
     "kind 'fax_port' "sv},
    {errc::seat_kind, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "kind 'fax_port' "sv},
    {errc::seat_kind, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "kind 'fax_port' needs 7 of 16, 7 again"sv},
    {errc::seat_kind, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "kind '' a note"sv},
    {errc::seat_kind, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "kind 'k123456789k123456789k123456789k123456789k123456789k123...' "sv},
    {errc::capacity_exhausted, ""sv, ""sv, 0, 0, nullptr,
     "the pool holds as many  as it can (0)"sv},
    {errc::capacity_exhausted, "fax_port"sv, ""sv, 0, 0, nullptr,
     "the pool holds as many fax_port as it can (0)"sv},
    {errc::capacity_exhausted, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "the pool holds as many fax_port as it can (16)"sv},
    {errc::capacity_exhausted, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "the pool holds as many fax_port as it can (16)"sv},
    {errc::capacity_exhausted, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "the pool holds as many  as it can (0)"sv},
    {errc::capacity_exhausted, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "the pool holds as many k123456789k123456789k123456789k123456789k123456789k123 as it can (20500)"sv},
    {errc::wrong_entitlement_source, ""sv, ""sv, 0, 0, nullptr,
     ""sv},
    {errc::wrong_entitlement_source, "fax_port"sv, ""sv, 0, 0, nullptr,
     ""sv},
    {errc::wrong_entitlement_source, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     ""sv},
    {errc::wrong_entitlement_source, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "needs 7 of 16, 7 again"sv},
    {errc::wrong_entitlement_source, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "a note"sv},
    {errc::wrong_entitlement_source, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     ""sv},
    {errc::method_mismatch, ""sv, ""sv, 0, 0, nullptr,
     "user '' holds  licenses; its licenses are all  or none are (DESIGN 5)"sv},
    {errc::method_mismatch, "fax_port"sv, ""sv, 0, 0, nullptr,
     "user 'fax_port' holds  licenses; its licenses are all  or none are (DESIGN 5)"sv},
    {errc::method_mismatch, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "user 'fax_port' holds agents licenses; its licenses are all agents or none are (DESIGN 5)"sv},
    {errc::method_mismatch, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "user 'fax_port' holds agents licenses; its licenses are all agents or none are (DESIGN 5)"sv},
    {errc::method_mismatch, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "user '' holds zone minimums licenses; its licenses are all zone minimums or none are (DESIGN 5)"sv},
    {errc::method_mismatch, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "user 'k123456789k123456789k123456789k123456789k123456789k123...' holds c123456789c123456789c123456789 licenses; its licenses are all c123456789c123456789c123456789 or none are (DESIGN 5)"sv},
    {errc::unknown_user, ""sv, ""sv, 0, 0, nullptr,
     "tenant '' has no user ''"sv},
    {errc::unknown_user, "fax_port"sv, ""sv, 0, 0, nullptr,
     "tenant '' has no user 'fax_port'"sv},
    {errc::unknown_user, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "tenant 'agents' has no user 'fax_port'"sv},
    {errc::unknown_user, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "tenant 'agents' has no user 'fax_port'"sv},
    {errc::unknown_user, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "tenant 'zone minimums' has no user ''"sv},
    {errc::unknown_user, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "tenant 'c123456789c123456789c123456789...' has no user 'k123456789k123456789k123456789k123456789k123456789k123...'"sv},
    {errc::duplicate_user, ""sv, ""sv, 0, 0, nullptr,
     "tenant '' has a user '' already"sv},
    {errc::duplicate_user, "fax_port"sv, ""sv, 0, 0, nullptr,
     "tenant '' has a user 'fax_port' already"sv},
    {errc::duplicate_user, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "tenant 'agents' has a user 'fax_port' already"sv},
    {errc::duplicate_user, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "tenant 'agents' has a user 'fax_port' already"sv},
    {errc::duplicate_user, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "tenant 'zone minimums' has a user '' already"sv},
    {errc::duplicate_user, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "tenant 'c123456789c123456789c123456789...' has a user 'k123456789k123456789k123456789k123456789k123456789k123...' already"sv},
    {errc::license_held, ""sv, ""sv, 0, 0, nullptr,
     "user '' holds a  license already"sv},
    {errc::license_held, "fax_port"sv, ""sv, 0, 0, nullptr,
     "user 'fax_port' holds a  license already"sv},
    {errc::license_held, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "user 'fax_port' holds a agents license already"sv},
    {errc::license_held, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "user 'fax_port' holds a agents license already"sv},
    {errc::license_held, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "user '' holds a zone minimums license already"sv},
    {errc::license_held, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "user 'k123456789k123456789k123456789k123456789k123456789k123...' holds a c123456789c123456789c123456789 license already"sv},
    {errc::license_not_held, ""sv, ""sv, 0, 0, nullptr,
     "user '' holds no  license "sv},
    {errc::license_not_held, "fax_port"sv, ""sv, 0, 0, nullptr,
     "user 'fax_port' holds no  license "sv},
    {errc::license_not_held, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "user 'fax_port' holds no agents license "sv},
    {errc::license_not_held, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "user 'fax_port' holds no agents license needs 7 of 16, 7 again"sv},
    {errc::license_not_held, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "user '' holds no zone minimums license a note"sv},
    {errc::license_not_held, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "user 'k123456789k123456789k123456789k123456789k123456789k123...' holds no c123456789c123456789c123456789 license "sv},
    {errc::unknown_factor, ""sv, ""sv, 0, 0, nullptr,
     "no usage factor is called ''"sv},
    {errc::unknown_factor, "fax_port"sv, ""sv, 0, 0, nullptr,
     "no usage factor is called 'fax_port'"sv},
    {errc::unknown_factor, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "no usage factor is called 'fax_port'"sv},
    {errc::unknown_factor, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "no usage factor is called 'fax_port'"sv},
    {errc::unknown_factor, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "no usage factor is called ''"sv},
    {errc::unknown_factor, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "no usage factor is called 'k123456789k123456789k123456789k123456789k123456789k123...'"sv},
    {errc::invalid_pattern, ""sv, ""sv, 0, 0, nullptr,
     "usage factor '': pattern '' is not a regular expression"sv},
    {errc::invalid_pattern, "fax_port"sv, ""sv, 0, 0, nullptr,
     "usage factor 'fax_port': pattern '' is not a regular expression"sv},
    {errc::invalid_pattern, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "usage factor 'fax_port': pattern 'agents' is not a regular expression"sv},
    {errc::invalid_pattern, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "usage factor 'fax_port': pattern 'agents' is not a regular expression"sv},
    {errc::invalid_pattern, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "usage factor '': pattern 'zone minimums' is not a regular expression"sv},
    {errc::invalid_pattern, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "usage factor 'k123456789k123456789k123456789k123456789k123456789k123...': pattern 'c123456789c123456789c123456789...' is not a regular expression"sv},
    {errc::duplicate_factor, ""sv, ""sv, 0, 0, nullptr,
     "a usage factor called '' exists already"sv},
    {errc::duplicate_factor, "fax_port"sv, ""sv, 0, 0, nullptr,
     "a usage factor called 'fax_port' exists already"sv},
    {errc::duplicate_factor, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "a usage factor called 'fax_port' exists already"sv},
    {errc::duplicate_factor, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "a usage factor called 'fax_port' exists already"sv},
    {errc::duplicate_factor, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "a usage factor called '' exists already"sv},
    {errc::duplicate_factor, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "a usage factor called 'k123456789k123456789k123456789k123456789k123456789k123...' exists already"sv},
    {errc::consumption_mismatch, ""sv, ""sv, 0, 0, nullptr,
     "license kind '' is consumed while in use: a user takes it by login, not assign (DESIGN 5)"sv},
    {errc::consumption_mismatch, "fax_port"sv, ""sv, 0, 0, nullptr,
     "license kind 'fax_port' is consumed while in use: a user takes it by login, not assign (DESIGN 5)"sv},
    {errc::consumption_mismatch, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "license kind 'fax_port' is consumed while in use: a user takes it by login, not assign (DESIGN 5)"sv},
    {errc::consumption_mismatch, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "license kind 'fax_port' is consumed while in use: a user takes it by login, not assign (DESIGN 5)"sv},
    {errc::consumption_mismatch, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "license kind '' is consumed while in use: a user takes it by login, not assign (DESIGN 5)"sv},
    {errc::consumption_mismatch, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "license kind 'k123456789k123456789k123456789k123456789k123456789k123...' is consumed while in use: a user takes it by login, not assign (DESIGN 5)"sv},
    {errc::stale_fence, ""sv, ""sv, 0, 0, nullptr,
     "holder '' has no live lease with fence 0 (it expired or was released): the message comes too late"sv},
    {errc::stale_fence, "fax_port"sv, ""sv, 0, 0, nullptr,
     "holder 'fax_port' has no live lease with fence 0 (it expired or was released): the message comes too late"sv},
    {errc::stale_fence, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "holder 'fax_port' has no live lease with fence 7 (it expired or was released): the message comes too late"sv},
    {errc::stale_fence, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "holder 'fax_port' has no live lease with fence 7 (it expired or was released): the message comes too late"sv},
    {errc::stale_fence, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "holder '' has no live lease with fence 4095 (it expired or was released): the message comes too late"sv},
    {errc::stale_fence, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "holder 'k123456789k123456789k123456789k123456789k123456789k123...' has no live lease with fence 20000 (it expired or was released): the message comes too late"sv},
    {errc::stale_request, ""sv, ""sv, 0, 0, nullptr,
     "request 0 of holder '' was answered before and its lease has ended; a retry takes nothing"sv},
    {errc::stale_request, "fax_port"sv, ""sv, 0, 0, nullptr,
     "request 0 of holder 'fax_port' was answered before and its lease has ended; a retry takes nothing"sv},
    {errc::stale_request, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "request 7 of holder 'fax_port' was answered before and its lease has ended; a retry takes nothing"sv},
    {errc::stale_request, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "request 7 of holder 'fax_port' was answered before and its lease has ended; a retry takes nothing"sv},
    {errc::stale_request, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "request 4095 of holder '' was answered before and its lease has ended; a retry takes nothing"sv},
    {errc::stale_request, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "request 20000 of holder 'k123456789k123456789k123456789k123456789k123456789k123...' was answered before and its lease has ended; a retry takes nothing"sv},
    {errc::snapshot_malformed, ""sv, ""sv, 0, 0, nullptr,
     "snapshot line 0: "sv},
    {errc::snapshot_malformed, "fax_port"sv, ""sv, 0, 0, nullptr,
     "snapshot line 0:  ('fax_port')"sv},
    {errc::snapshot_malformed, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "snapshot line 7:  ('fax_port')"sv},
    {errc::snapshot_malformed, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "snapshot line 7: needs 7 of 16, 7 again ('fax_port')"sv},
    {errc::snapshot_malformed, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "snapshot line 4095: a note"sv},
    {errc::snapshot_malformed, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "snapshot line 20000:  ('k123456789k123456789k123456789k123456789k123456789k123...')"sv},
    {errc::snapshot_mac_mismatch, ""sv, ""sv, 0, 0, nullptr,
     "the snapshot's MAC does not match its text: it was damaged or edited, or written under another vendor secret"sv},
    {errc::snapshot_mac_mismatch, "fax_port"sv, ""sv, 0, 0, nullptr,
     "the snapshot's MAC does not match its text: it was damaged or edited, or written under another vendor secret"sv},
    {errc::snapshot_mac_mismatch, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "the snapshot's MAC does not match its text: it was damaged or edited, or written under another vendor secret"sv},
    {errc::snapshot_mac_mismatch, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "the snapshot's MAC does not match its text: it was damaged or edited, or written under another vendor secret"sv},
    {errc::snapshot_mac_mismatch, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "the snapshot's MAC does not match its text: it was damaged or edited, or written under another vendor secret"sv},
    {errc::snapshot_mac_mismatch, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "the snapshot's MAC does not match its text: it was damaged or edited, or written under another vendor secret"sv},
    {errc::snapshot_version, ""sv, ""sv, 0, 0, nullptr,
     "the snapshot is format version 0; this licpool reads up to 0"sv},
    {errc::snapshot_version, "fax_port"sv, ""sv, 0, 0, nullptr,
     "the snapshot is format version 0; this licpool reads up to 0"sv},
    {errc::snapshot_version, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "the snapshot is format version 7; this licpool reads up to 16"sv},
    {errc::snapshot_version, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "the snapshot is format version 7; this licpool reads up to 16"sv},
    {errc::snapshot_version, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "the snapshot is format version 4095; this licpool reads up to 0"sv},
    {errc::snapshot_version, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "the snapshot is format version 20000; this licpool reads up to 20500"sv},
    {errc::snapshot_foreign, ""sv, ""sv, 0, 0, nullptr,
     "the snapshot is of another system: its  is ''"sv},
    {errc::snapshot_foreign, "fax_port"sv, ""sv, 0, 0, nullptr,
     "the snapshot is of another system: its  is 'fax_port'"sv},
    {errc::snapshot_foreign, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "the snapshot is of another system: its agents is 'fax_port'"sv},
    {errc::snapshot_foreign, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "the snapshot is of another system: its agents is 'fax_port'"sv},
    {errc::snapshot_foreign, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "the snapshot is of another system: its zone minimums is ''"sv},
    {errc::snapshot_foreign, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "the snapshot is of another system: its c123456789c123456789c123456789 is 'k123456789k123456789k123456789k123456789k123456789k123...'"sv},
    {errc::snapshot_not_empty, ""sv, ""sv, 0, 0, nullptr,
     "a snapshot is read into a fresh pool only; this one has "sv},
    {errc::snapshot_not_empty, "fax_port"sv, ""sv, 0, 0, nullptr,
     "a snapshot is read into a fresh pool only; this one has fax_port"sv},
    {errc::snapshot_not_empty, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "a snapshot is read into a fresh pool only; this one has fax_port"sv},
    {errc::snapshot_not_empty, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "a snapshot is read into a fresh pool only; this one has fax_port"sv},
    {errc::snapshot_not_empty, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "a snapshot is read into a fresh pool only; this one has "sv},
    {errc::snapshot_not_empty, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "a snapshot is read into a fresh pool only; this one has k123456789k123456789k123456789k123456789k123456789k123"sv},
    {errc::io_error, ""sv, ""sv, 0, 0, nullptr,
     "cannot  ''"sv},
    {errc::io_error, "fax_port"sv, ""sv, 0, 0, nullptr,
     "cannot  'fax_port'"sv},
    {errc::io_error, "fax_port"sv, "agents"sv, 7, 16, nullptr,
     "cannot  'fax_port'"sv},
    {errc::io_error, "fax_port"sv, "agents"sv, 7, 16, "needs {number} of {limit}, {number} again",
     "cannot needs 7 of 16, 7 again 'fax_port'"sv},
    {errc::io_error, ""sv, "zone minimums"sv, 4095, 0, "a note",
     "cannot a note ''"sv},
    {errc::io_error, "k123456789k123456789k123456789k123456789k123456789k123456789"sv, "c123456789c123456789c123456789c123456789"sv, 20000, 20500, nullptr,
     "cannot  'k123456789k123456789k123456789k123456789k123456789k123...'"sv},
    {errc::entitlement, "agents"sv, ""sv, 0, 5, nullptr,
     "all 5 licensed agents are in use"sv},
    {errc::entitlement, "agents"sv, "tenant a"sv, 0, 5, nullptr,
     "all 5 licensed agents are in use or kept for other tenants' minimums"sv},
    {errc::entitlement, "agents"sv, "zone minimums"sv, 0, 5, nullptr,
     "all 5 licensed agents are lent to servers or kept for zone minimums"sv},
    {errc::entitlement, "agents"sv, "tenant a"sv, 0, 0, nullptr,
     "no agents is licensed; retry only once the entitlement changes"sv},
    {errc::entitlement, "agents"sv, "zone minimums"sv, 0, 0, nullptr,
     "no agents is licensed; retry only once the entitlement changes"sv},
    {errc::malformed, "7KQ2*"sv, "*"sv, 5, 0, nullptr,
     "key '7KQ2*': character '*' at position 5 is not a key character"sv},
    {errc::malformed, "7KQ2 "sv, " "sv, 5, 0, nullptr,
     "key '7KQ2 ': byte 0x20 at position 5 is not a key character"sv},
    {errc::malformed, "7K\000"sv, "\000"sv, 3, 0, nullptr,
     "key '7K\000': byte 0x00 at position 3 is not a key character"sv},
    {errc::malformed, "7K\001"sv, "\001"sv, 3, 0, nullptr,
     "key '7K\001': byte 0x01 at position 3 is not a key character"sv},
    {errc::malformed, "7K\177"sv, "\177"sv, 3, 0, nullptr,
     "key '7K\177': byte 0x7F at position 3 is not a key character"sv},
    {errc::malformed, "7K\303\251"sv, "\303\251"sv, 3, 0, nullptr,
     "key '7K\303\251': byte 0xC3 at position 3 is not a key character"sv},
    {errc::malformed, "7KQ2"sv, ""sv, 0, 0, "a key is 32 characters",
     "key '7KQ2': a key is 32 characters"sv},
    {errc::malformed, "7KQ2"sv, "*"sv, 1, 0, "a note the position wins over",
     "key '7KQ2': character '*' at position 1 is not a key character"sv},
    {errc::malformed, "7KQ2"sv, ""sv, 4, 32, nullptr,
     "key '7KQ2' has 4 characters, not counting '-' and spaces; a key has 32"sv},
    {errc::unsupported_version, "K"sv, ""sv, 2, 1, nullptr,
     "key 'K' is a version 2 key; this licpool reads version 1 keys only"sv},
    {errc::unsupported_version, "K"sv, ""sv, 12, 0, "version 1 reserves flags {number}",
     "key 'K' has flags 12: version 1 reserves flags {number}"sv},
    {errc::mac_mismatch, "K"sv, "SN-1"sv, 0, 0, nullptr,
     "key 'K' does not check out: it is mistyped, or it was issued for another serial than 'SN-1'"sv},
    {errc::mac_mismatch, "K"sv, ""sv, 0, 0, nullptr,
     "key 'K' does not check out: it is mistyped, or it was issued for another serial than this system's"sv},
    {errc::consumption_mismatch, "agent_seat"sv, "login"sv, 0, 0, nullptr,
     "license kind 'agent_seat' is consumed when configured: a user takes it by assign, not login (DESIGN 5)"sv},
    {errc::consumption_mismatch, "agent_seat"sv, "acquire"sv, 0, 0, nullptr,
     "license kind 'agent_seat' is consumed when configured: a user takes it by assign; a job cannot acquire it (DESIGN 5)"sv},
    {errc::consumption_mismatch, "agent_seat"sv, "assign"sv, 0, 0, nullptr,
     "license kind 'agent_seat' is consumed while in use: a user takes it by login, not assign (DESIGN 5)"sv},
    {errc::consumption_mismatch, "agent_seat"sv, ""sv, 0, 0, nullptr,
     "license kind 'agent_seat' is consumed while in use: a user takes it by login, not assign (DESIGN 5)"sv},
    {errc::snapshot_malformed, ""sv, ""sv, 12, 0, "expected {limit} fields",
     "snapshot line 12: expected 0 fields"sv},
    {errc::snapshot_malformed, "job x"sv, ""sv, 12, 3, "expected {limit} fields",
     "snapshot line 12: expected 3 fields ('job x')"sv},
    {errc::duplicate_feature_code, "tts"sv, "asr"sv, 258, 0, nullptr,
     "kind 'tts' has feature code 0x102, which kind 'asr' already has"sv},
    {errc::duplicate_feature_code, "tts"sv, "asr"sv, -1, 0, nullptr,
     "kind 'tts' has feature code 0xFFFFFFFFFFFFFFFF, which kind 'asr' already has"sv},
    {errc::invalid_feature_code, "tts"sv, ""sv, 4096, 0, nullptr,
     "kind 'tts' has feature code 0x1000; feature codes run from 0x001 to 0xFFF"sv},
    {errc::unknown_feature, "K"sv, "pbx"sv, 1, 0, nullptr,
     "key 'K' is for feature code 0x001, which catalog 'pbx' does not have"sv},
    {errc::not_yet_valid, "K"sv, ""sv, 20574, 20544, nullptr,
     "key 'K' is valid from 2026-05-01 (today is 2026-04-01)"sv},
    {errc::expired, "K"sv, ""sv, -1, 0, nullptr,
     "key 'K' expired: its last valid day was 1969-12-31 (today is 1970-01-01)"sv},
    {errc::invalid_kind, "x"sv, ""sv, 0, 0, "a reason given as a literal",
     "kind 'x': a reason given as a literal"sv},
    {errc::unknown_kind, "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu\303\251"sv, ""sv, 0, 0, nullptr,
     "license kind 'uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu...' is not in the catalog"sv},
    {errc::io_error, "/tmp/pool.snapshot"sv, ""sv, 0, 0, "write",
     "cannot write '/tmp/pool.snapshot'"sv},
    {errc::invalid_key_fields, "70000"sv, "count"sv, 0, 0, "a key grants 1 to 65535 instances",
     "cannot issue a key with count '70000': a key grants 1 to 65535 instances"sv},
};
} // namespace

TEST_CASE("every code gives its messages word for word", "[core][error]") {
    std::size_t index = 0;
    for (const auto& row : golden_messages) {
        CAPTURE(index, licpool::to_string(row.code));
        const error e{row.code, row.subject, row.context, row.number, row.limit, row.note};
        CHECK(e.message() == row.message);
        ++index;
    }
    // Every code is pinned, so a code whose texts are lost or moved to another code shows.
    for (const auto& code : stable_codes) {
        CAPTURE(code.name);
        std::size_t rows = 0;
        for (const auto& row : golden_messages) {
            rows += row.code == code.code ? 1u : 0u;
        }
        CHECK(rows >= 6);
    }
}

TEST_CASE("fail(code) with only the given fields set gives every message word for word", "[core][error]") {
    // As licpool's code builds its errors: a field that is empty or 0 is not named at all.
    std::size_t index = 0;
    for (const auto& row : golden_messages) {
        CAPTURE(index, licpool::to_string(row.code));
        auto built = licpool::fail(row.code);
        if (!row.subject.empty()) {
            built.subject(row.subject);
        }
        if (!row.context.empty()) {
            built.context(row.context);
        }
        if (row.number != 0) {
            built.number(row.number);
        }
        if (row.limit != 0) {
            built.limit(row.limit);
        }
        if (row.note != nullptr) {
            built.note(row.note);
        }
        const error e = built;
        CHECK(e == error{row.code, row.subject, row.context, row.number, row.limit, row.note});
        CHECK(e.message() == row.message);
        ++index;
    }
}

TEST_CASE("a message fills in its fields once: names and notes are text, not templates", "[core][error]") {
    // A name that looks like a field is shown as it is.
    CHECK(error{errc::unknown_kind, "{limit}", {}, 0, 9}.message() == "license kind '{limit}' is not in the catalog");
    // A note fills in the figures, and nothing else.
    CHECK(error{errc::invalid_kind, "x", {}, 3, 4, "{subject} {number} of {limit} {{number}"}.message() ==
          "kind 'x': {subject} 3 of 4 {3");
    // A number no code has gives no message (an error is only made from a code).
    CHECK(error{static_cast<errc>(999), "x"}.message().empty());
}
