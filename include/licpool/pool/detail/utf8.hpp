// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_UTF8_HPP
#define LICPOOL_POOL_DETAIL_UTF8_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// Decodes the UTF-8 code point that starts at `text[at]` and moves `at` past it; empty,
/// with `at` past the text, when the bytes there are not UTF-8 (a stray continuation byte,
/// a sequence cut short, an overlong form, a surrogate, or a value above U+10FFFF). Bytes
/// are read as unsigned, so the answer is the same whether `char` is signed or not.
inline std::optional<char32_t> next_code_point(std::string_view text, std::size_t& at) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
    const std::uint8_t lead = byte(at);
    std::size_t length = 0;
    char32_t value = 0;
    char32_t least = 0; // the smallest value a sequence of this length may hold (no overlong forms)
    if (lead < 0x80) {
        ++at;
        return char32_t{lead};
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, value = lead & 0x1Fu, least = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, value = lead & 0x0Fu, least = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, value = lead & 0x07u, least = 0x10000;
    } else {
        at = text.size();
        return std::nullopt;
    }
    if (text.size() - at < length) {
        at = text.size();
        return std::nullopt;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const std::uint8_t next = byte(at + i);
        if ((next & 0xC0) != 0x80) {
            at = text.size();
            return std::nullopt;
        }
        value = (value << 6) | (next & 0x3Fu);
    }
    at += length;
    if (value < least || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        at = text.size();
        return std::nullopt;
    }
    return value;
}

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_UTF8_HPP
