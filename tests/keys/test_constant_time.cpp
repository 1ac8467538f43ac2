#include <licpool/keys/constant_time.hpp>

#include "licpool_catch.hpp"

#include <array>
#include <cstdint>
#include <string>

TEST_CASE("constant_time_equal compares every byte", "[keys][constant_time]") {
    std::array<std::uint8_t, 12> a{};
    std::array<std::uint8_t, 12> b{};
    CHECK(licpool::constant_time_equal(a, b));
    for (std::size_t i = 0; i < a.size(); ++i) {
        for (std::uint8_t bit = 1; bit != 0; bit = static_cast<std::uint8_t>(bit << 1)) {
            b = a;
            b[i] ^= bit;
            CHECK_FALSE(licpool::constant_time_equal(a, b));
        }
    }
    CHECK(licpool::constant_time_equal(std::string_view{"abc"}, std::string_view{"abc"}));
    CHECK_FALSE(licpool::constant_time_equal(std::string_view{"abc"}, std::string_view{"abd"}));
    CHECK_FALSE(licpool::constant_time_equal(std::string_view{"abc"}, std::string_view{"ab"}));
    CHECK(licpool::constant_time_equal(nullptr, nullptr, 0));
}

TEST_CASE("secure_wipe zeroes the bytes it is given, and only those", "[keys][constant_time]") {
    std::array<std::uint8_t, 8> bytes{1, 2, 3, 4, 5, 6, 7, 8};
    licpool::secure_wipe(bytes.data() + 2, 4);
    CHECK(bytes == std::array<std::uint8_t, 8>{1, 2, 0, 0, 0, 0, 7, 8});
    licpool::secure_wipe(bytes);
    CHECK(bytes == std::array<std::uint8_t, 8>{});

    std::string text = "secret";
    licpool::secure_wipe(text.data(), text.size());
    CHECK(text == std::string(6, '\0'));
}
