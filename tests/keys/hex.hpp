// Hex helpers for the key tests: published vectors are written in hex.
#ifndef LICPOOL_TESTS_KEYS_HEX_HPP
#define LICPOOL_TESTS_KEYS_HEX_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace licpool_test {

template <std::size_t N>
std::string to_hex(const std::array<std::uint8_t, N>& bytes, std::size_t count = N) {
    constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < count && i < N; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xF];
    }
    return out;
}

/// Raw bytes from hex, as a string (the form the MAC and secret APIs take).
inline std::string from_hex(std::string_view hex) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c - 'a' + 10;
    };
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out += static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1]));
    }
    return out;
}

} // namespace licpool_test

#endif // LICPOOL_TESTS_KEYS_HEX_HPP
