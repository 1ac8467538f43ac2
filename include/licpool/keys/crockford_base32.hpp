// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_CROCKFORD_BASE32_HPP
#define LICPOOL_KEYS_CROCKFORD_BASE32_HPP

#include <licpool/core/expected.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
// Crockford's base32 (https://www.crockford.com/base32.html), the alphabet of feature keys
// (DESIGN 3): 0-9 and A-Z without I, L, O and U, five bits a character, most significant
// bits first. Made for people reading keys out over the phone: case does not matter, I and
// L read as 1 and O as 0, and the `-` and spaces that group a key for reading are ignored.
namespace licpool {

/// The 32 symbols, by value.
inline constexpr std::string_view crockford_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The value (0-31) of a key character, or -1 when it is not one. Either case; I, i, L and
/// l read as 1, O and o as 0. U is not a character (Crockford keeps it for a check symbol).
constexpr int crockford_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'z') {
        c = static_cast<char>(c - 'a' + 'A');
    }
    switch (c) {
    case 'O': return 0;
    case 'I':
    case 'L': return 1;
    case 'U': return -1;
    default: break;
    }
    for (std::size_t v = 10; v < crockford_alphabet.size(); ++v) {
        if (crockford_alphabet[v] == c) {
            return static_cast<int>(v);
        }
    }
    return -1;
}

/// The characters that group a key for reading and are skipped when it is read.
constexpr bool is_key_separator(char c) noexcept { return c == '-' || c == ' '; }

/// `size` bytes as upper-case base32: ceil(8 * size / 5) characters, the last one padded
/// with zero bits.
// This and the two functions below are templates (never given a template argument) only so
// that their string, vector and expected code is compiled where they are called, not in
// every file that includes licpool (issue 15).
template <class Unused = void>
std::string crockford_encode(const std::uint8_t* data, std::size_t size) {
    std::string out;
    out.reserve((size * 8 + 4) / 5);
    std::uint32_t pending = 0; // the low `bits` bits are not written yet
    unsigned bits = 0;
    for (std::size_t i = 0; i < size; ++i) {
        pending = (pending << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out += crockford_alphabet[(pending >> bits) & 0x1F];
        }
        pending &= (1U << bits) - 1;
    }
    if (bits > 0) {
        out += crockford_alphabet[(pending << (5 - bits)) & 0x1F];
    }
    return out;
}

template <std::size_t N>
std::string crockford_encode(const std::array<std::uint8_t, N>& bytes) {
    return crockford_encode(bytes.data(), N);
}

/// The values of the key characters of `text`, separators skipped. The first character
/// that is neither is refused as `errc::malformed`, with its 1-based position in `text`
/// as given (separators counted), so a support engineer can point at it (DESIGN 3).
template <class Unused = void>
[[nodiscard]] expected<std::vector<std::uint8_t>> crockford_symbols(std::string_view text) {
    std::vector<std::uint8_t> symbols;
    symbols.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_key_separator(text[i])) {
            continue;
        }
        const int value = crockford_value(text[i]);
        if (value < 0) {
            return fail(errc::malformed)
                .subject(text)
                .context(text.substr(i, 1))
                .number(static_cast<std::int64_t>(i + 1));
        }
        symbols.push_back(static_cast<std::uint8_t>(value));
    }
    return symbols;
}

/// The bytes `text` encodes; the inverse of `crockford_encode`. Besides a character that
/// is not a key character, refused as `errc::malformed`: a length no byte string encodes
/// to, and padding bits that are not zero, so that every text decodes to at most one byte
/// string and encodes back to its own canonical spelling.
template <class Unused = void>
[[nodiscard]] expected<std::vector<std::uint8_t>> crockford_decode(std::string_view text) {
    auto symbols = crockford_symbols(text);
    if (!symbols) {
        return unexpected<error>(symbols.error());
    }
    const std::size_t bit_count = symbols->size() * 5;
    if (bit_count % 8 >= 5) {
        return fail(errc::malformed)
            .subject(text)
            .note("its length is not one that a whole number of bytes encodes to");
    }
    std::vector<std::uint8_t> out;
    out.reserve(bit_count / 8);
    std::uint32_t pending = 0;
    unsigned bits = 0;
    for (const std::uint8_t symbol : *symbols) {
        pending = (pending << 5) | symbol;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(pending >> bits));
            pending &= (1U << bits) - 1;
        }
    }
    if (pending != 0) {
        return fail(errc::malformed).subject(text).note("its last character sets bits past the last whole byte");
    }
    return out;
}

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_CROCKFORD_BASE32_HPP
