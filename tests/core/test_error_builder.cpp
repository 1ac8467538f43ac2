// fail(code) and its builder (issue 14): errors built by naming their fields give the same
// error, and the same message, as the positional constructor, whatever the function returns.
#include <licpool/core/error.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>

#include "licpool_catch.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace builder_test {
using licpool::errc;
using licpool::error;
using licpool::error_builder;
using licpool::fail;

// Every field of two errors, and their messages, one check each (a failure names the field).
void check_same(const error& built, const error& positional) {
    CHECK(built.code() == positional.code());
    CHECK(built.subject() == positional.subject());
    CHECK(built.context() == positional.context());
    CHECK(built.number() == positional.number());
    CHECK(built.limit() == positional.limit());
    CHECK(built.note() == positional.note());
    CHECK(built.note().data() == positional.note().data()); // the pointer is kept, not a copy
    CHECK(built.message() == positional.message());
    CHECK(built == positional);
}

// The four kinds of function that refuse, each with the same expression.
licpool::expected<licpool::job_id> find_job(std::string_view name) {
    if (name != "dialer") {
        return fail(errc::unknown_job).subject(name);
    }
    return licpool::job_id{7};
}
licpool::expected<void> check_job(std::string_view name) {
    if (name != "dialer") {
        return fail(errc::unknown_job).subject(name);
    }
    return {};
}
licpool::unexpected<error> refuse_job(std::string_view name) { return fail(errc::unknown_job).subject(name); }
error job_error(std::string_view name) noexcept { return fail(errc::unknown_job).subject(name); }
std::optional<error> maybe_job_error(std::string_view name) noexcept {
    if (name != "dialer") {
        return fail(errc::unknown_job).subject(name);
    }
    return std::nullopt;
}
// Value types that construct from almost anything must not take the builder as a value.
licpool::expected<std::string> job_text(std::string_view name) {
    if (name != "dialer") {
        return fail(errc::unknown_job).subject(name);
    }
    return std::string{name};
}
licpool::expected<std::function<bool(int)>> job_test(std::string_view name) {
    if (name != "dialer") {
        return fail(errc::unknown_job).subject(name);
    }
    return std::function<bool(int)>{[](int n) { return n > 0; }};
}
licpool::expected<std::unique_ptr<int>> job_box(std::string_view name) {
    if (name != "dialer") {
        return fail(errc::unknown_job).subject(name);
    }
    return std::make_unique<int>(7);
}
// Whether initializing a `To` from an `error_builder` rvalue can throw (std::is_nothrow_convertible
// is C++20; this is a C++17 test too).
template <class To>
void accept(To) noexcept;
template <class To>
constexpr bool converts_nothrow = noexcept(accept<To>(std::declval<error_builder>()));

licpool::expected<licpool::job_id> job_from_lambda(std::string_view name) {
    // A helper lambda that returns the builder (its type), converted where it is returned.
    const auto refused = [&](const char* why) { return fail(errc::invalid_setting).subject(name).note(why); };
    if (name.empty()) {
        return refused("a job needs a name");
    }
    return licpool::job_id{1};
}
} // namespace builder_test

TEST_CASE("fail(code) builds by name the error the positional constructor builds", "[core][error]") {
    using namespace builder_test;
    check_same(fail(errc::unknown_kind).subject("fax_port"), error{errc::unknown_kind, "fax_port"});
    check_same(fail(errc::snapshot_mac_mismatch), error{errc::snapshot_mac_mismatch});
    check_same(fail(errc::duplicate_feature_code).subject("tts").context("asr").number(0x102),
               error{errc::duplicate_feature_code, "tts", "asr", 0x102});
    check_same(fail(errc::secret_too_short).number(8).limit(16), error{errc::secret_too_short, {}, {}, 8, 16});
    check_same(fail(errc::invalid_kind).subject("x").note("a reason given as a literal"),
               error{errc::invalid_kind, "x", {}, 0, 0, "a reason given as a literal"});
    check_same(fail(errc::invalid_key_fields).subject("70000").context("count").note("a key grants 1 to 65535 instances"),
               error{errc::invalid_key_fields, "70000", "count", 0, 0, "a key grants 1 to 65535 instances"});
    const std::uint32_t min = 5;
    const std::uint32_t max = 3;
    check_same(fail(errc::invalid_setting)
                   .subject("dialer")
                   .context("outbound_port")
                   .number(min)
                   .limit(max)
                   .note("min {number} is above max {limit}"),
               error{errc::invalid_setting, "dialer", "outbound_port", min, max, "min {number} is above max {limit}"});
    // The order of the setters does not matter, and a field set twice keeps the last value.
    check_same(fail(errc::entitlement).limit(16).number(99).context("agents").subject("old").subject("fax_port").number(7),
               error{errc::entitlement, "fax_port", "agents", 7, 16});
    CHECK(error{fail(errc::malformed).subject("7KQ2*").context("*").number(5)}.message() ==
          "key '7KQ2*': character '*' at position 5 is not a key character");
}

TEST_CASE("the builder converts to every type a refusing function returns", "[core][error]") {
    using namespace builder_test;
    STATIC_REQUIRE(std::is_convertible_v<error_builder, error>);
    STATIC_REQUIRE(converts_nothrow<error>);
    STATIC_REQUIRE(std::is_convertible_v<error_builder, licpool::unexpected<error>>);
    STATIC_REQUIRE(converts_nothrow<licpool::unexpected<error>>);
    STATIC_REQUIRE(std::is_convertible_v<error_builder, licpool::expected<licpool::job_id>>);
    STATIC_REQUIRE(converts_nothrow<licpool::expected<licpool::job_id>>);
    STATIC_REQUIRE(std::is_convertible_v<error_builder, licpool::expected<void>>);
    STATIC_REQUIRE(converts_nothrow<licpool::expected<void>>);
    STATIC_REQUIRE(std::is_convertible_v<error_builder, std::optional<error>>);
    STATIC_REQUIRE(std::is_convertible_v<error_builder, licpool::expected<std::string>>);
    // Lvalue builders convert too, and the setters keep the value category they are called on.
    STATIC_REQUIRE(std::is_convertible_v<error_builder&, licpool::expected<int>>);
    STATIC_REQUIRE(std::is_convertible_v<const error_builder&, error>);
    STATIC_REQUIRE(std::is_same_v<decltype(fail(errc::unknown_job).subject("x")), error_builder&&>);
    STATIC_REQUIRE(std::is_same_v<decltype(std::declval<error_builder&>().subject("x")), error_builder&>);
    STATIC_REQUIRE(noexcept(fail(errc::unknown_job).subject("x").context("y").number(1).limit(2).note("z")));
    // The builder is not a value: neither an errc nor a bool nor a name.
    STATIC_REQUIRE_FALSE(std::is_convertible_v<error_builder, errc>);
    STATIC_REQUIRE_FALSE(std::is_constructible_v<bool, error_builder>);
    STATIC_REQUIRE_FALSE(std::is_convertible_v<error_builder, std::string_view>);

    const error want{errc::unknown_job, "fax"};
    const auto id = find_job("fax");
    REQUIRE_FALSE(id.has_value());
    CHECK(id.error() == want);
    CHECK(find_job("dialer").value() == licpool::job_id{7});

    const auto checked = check_job("fax");
    REQUIRE_FALSE(checked.has_value());
    CHECK(checked.error() == want);
    CHECK(check_job("dialer").has_value());

    // std::unexpected reads its error with error(), tl::unexpected with value(): read it
    // through an expected, as licpool does.
    CHECK(licpool::expected<int>{refuse_job("fax")}.error() == want);
    CHECK(job_error("fax") == want);
    REQUIRE(maybe_job_error("fax").has_value());
    CHECK(*maybe_job_error("fax") == want);
    CHECK_FALSE(maybe_job_error("dialer").has_value());

    const auto text = job_text("fax");
    REQUIRE_FALSE(text.has_value());
    CHECK(text.error() == want);
    CHECK(*job_text("dialer") == "dialer");
    const auto test = job_test("fax");
    REQUIRE_FALSE(test.has_value());
    CHECK(test.error() == want);
    CHECK((*job_test("dialer"))(1));
    const auto box = job_box("fax");
    REQUIRE_FALSE(box.has_value());
    CHECK(box.error() == want);
    CHECK(**job_box("dialer") == 7);

    const auto unnamed = job_from_lambda("");
    REQUIRE_FALSE(unnamed.has_value());
    check_same(unnamed.error(), error{errc::invalid_setting, "", {}, 0, 0, "a job needs a name"});

    // Direct initialization, and a builder kept in a variable and finished later.
    const licpool::expected<int> braced{fail(errc::unknown_job).subject("fax")};
    CHECK(braced.error() == want);
    const licpool::expected<int> parens(fail(errc::unknown_job).subject("fax"));
    CHECK(parens.error() == want);
    auto kept = fail(errc::unknown_job);
    kept.subject("fax");
    const licpool::expected<int> from_lvalue = kept;
    CHECK(from_lvalue.error() == want);
    const error from_const = std::as_const(kept);
    CHECK(from_const == want);
}

TEST_CASE("the builder copies the names it is given and cuts them as the constructor does", "[core][error]") {
    using namespace builder_test;
    const std::string long_name(200, 'k');
    const std::string long_context(100, 'c');
    const error built = fail(errc::unknown_kind).subject(long_name).context(long_context);
    check_same(built, error{errc::unknown_kind, long_name, long_context});
    CHECK(built.subject().size() == error::subject_capacity);
    CHECK(built.context().size() == error::context_capacity);
    CHECK(built.message() == "license kind '" + std::string(error::subject_capacity, 'k') + "...' is not in the catalog");

    // A UTF-8 name is cut before the character that does not fit, the same way.
    std::string accented(error::subject_capacity - 1, 'a');
    accented += "\xC3\xA9\xC3\xA9"; // "éé": the first straddles the capacity
    check_same(fail(errc::unknown_job).subject(accented), error{errc::unknown_job, accented});
    CHECK(error{fail(errc::unknown_job).subject(accented)}.subject().size() == error::subject_capacity - 1);

    // The builder holds copies: the names it was given may be gone before it converts.
    auto builder = fail(errc::unknown_job);
    {
        std::string name = "temporary";
        builder.subject(name).context(name);
        name.assign("overwritten");
    }
    const error copied = builder;
    CHECK(copied.subject() == "temporary");
    CHECK(copied.context() == "temporary");
}

TEST_CASE("the positional fail() is the builder with every field set", "[core][error]") {
    using namespace builder_test;
    const licpool::expected<int> old =
        fail(errc::invalid_setting, "dialer", "outbound_port", 5, 3, "min {number} is above max {limit}");
    check_same(old.error(), fail(errc::invalid_setting)
                                .subject("dialer")
                                .context("outbound_port")
                                .number(5)
                                .limit(3)
                                .note("min {number} is above max {limit}"));
}
