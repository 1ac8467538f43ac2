#include <licpool/keys/vendor_secret.hpp>

#include "licpool_catch.hpp"

#include <string>
#include <type_traits>
#include <utility>

using licpool::errc;
using licpool::vendor_secret;

TEST_CASE("a vendor secret needs at least 16 bytes", "[keys][secret]") {
    const auto short_one = vendor_secret::make("fifteen bytes!!");
    REQUIRE_FALSE(short_one);
    CHECK(short_one.error() == errc::secret_too_short);
    CHECK(short_one.error().number() == 15);
    CHECK(short_one.error().limit() == 16);
    CHECK(short_one.error().message() == "the vendor secret is 15 bytes long; it must be at least 16 bytes");
    // The message never shows the secret itself.
    CHECK(short_one.error().subject().empty());

    const auto ok = vendor_secret::make("sixteen bytes!!!");
    REQUIRE(ok);
    CHECK(ok->bytes() == "sixteen bytes!!!");
    CHECK(ok->size() == 16);
}

TEST_CASE("a vendor secret holds raw bytes, zeros included", "[keys][secret]") {
    const std::string raw("\0\x01\x02\xff\0\0\0\0\0\0\0\0\0\0\0\x7f", 16);
    const auto s = vendor_secret::make(raw);
    REQUIRE(s);
    CHECK(s->bytes() == raw);
}

TEST_CASE("a vendor secret copies, moves and leaves nothing in a moved-from object", "[keys][secret]") {
    STATIC_REQUIRE(std::is_copy_constructible_v<vendor_secret>);
    STATIC_REQUIRE(std::is_nothrow_move_constructible_v<vendor_secret>);
    STATIC_REQUIRE_FALSE(std::is_default_constructible_v<vendor_secret>);

    auto original = *vendor_secret::make("0123456789abcdef");
    const vendor_secret copy = original;
    CHECK(copy.bytes() == original.bytes());
    CHECK(copy.bytes().data() != original.bytes().data());

    vendor_secret moved = std::move(original);
    CHECK(moved.bytes() == "0123456789abcdef");
    CHECK(original.bytes().empty()); // NOLINT(bugprone-use-after-move): that is the point
    CHECK(original.size() == 0);

    auto other = *vendor_secret::make("another secret, longer");
    other = copy;
    CHECK(other.bytes() == "0123456789abcdef");
    other = std::move(moved);
    CHECK(other.bytes() == "0123456789abcdef");
}
