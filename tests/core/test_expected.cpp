#include <licpool/core/expected.hpp>

#include "licpool_catch.hpp"

#include <memory>
#include <string>

namespace {
licpool::expected<int> halve(int n) {
    if (n % 2 != 0) {
        return licpool::fail(licpool::errc::unknown_kind, "odd");
    }
    return n / 2;
}

licpool::expected<void> check_even(int n) {
    if (n % 2 != 0) {
        return licpool::fail(licpool::errc::unknown_kind, "odd");
    }
    return {};
}
} // namespace

TEST_CASE("licpool::expected is the implementation this build asked for", "[core][expected]") {
#if defined(LICPOOL_EXPECTED_IS_TL)
    SUCCEED("tl::expected");
    CHECK(__cplusplus >= 201703L);
#elif defined(LICPOOL_EXPECTED_IS_STD)
    SUCCEED("std::expected");
    CHECK(__cplusplus > 202002L);
#else
    FAIL("no expected implementation selected");
#endif
}

TEST_CASE("the shared subset of tl::expected and std::expected works", "[core][expected]") {
    const auto ok = halve(8);
    REQUIRE(ok.has_value());
    CHECK(static_cast<bool>(ok));
    CHECK(*ok == 4);
    CHECK(ok.value() == 4);
    CHECK(ok.value_or(-1) == 4);

    const auto bad = halve(7);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code() == licpool::errc::unknown_kind);
    CHECK(bad.value_or(-1) == -1);

    CHECK(check_even(2).has_value());
    CHECK_FALSE(check_even(3).has_value());
    CHECK(check_even(3).error().subject() == "odd");

    licpool::expected<std::string> text = std::string{"abc"};
    CHECK(text->size() == 3);

    // Move-only values (a lease is one) pass through.
    licpool::expected<std::unique_ptr<int>> owned = std::make_unique<int>(5);
    REQUIRE(owned);
    std::unique_ptr<int> taken = std::move(*owned);
    CHECK(*taken == 5);
}
