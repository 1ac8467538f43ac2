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
