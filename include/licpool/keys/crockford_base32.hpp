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

namespace detail {
// `crockford_value` of every byte, or -2 for a separator: looked up rather than searched,
// since a pool reads every key at install and again at each snapshot load (issue 16).
constexpr std::array<std::int8_t, 256> make_crockford_table() noexcept {
    std::array<std::int8_t, 256> table{};
    for (std::size_t c = 0; c < table.size(); ++c) {
        const char ch = static_cast<char>(static_cast<unsigned char>(c));
        table[c] = static_cast<std::int8_t>(is_key_separator(ch) ? -2 : crockford_value(ch));
    }
    return table;
}
inline constexpr std::array<std::int8_t, 256> crockford_table = make_crockford_table();

/// Calls `take(value)` for each key character of `text`, in order, separators skipped, and
/// returns the index of the first character that is neither (npos when there is none); no
/// character after that one is taken.
template <class Take>
std::size_t crockford_scan(std::string_view text, Take&& take) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::int8_t value = crockford_table[static_cast<unsigned char>(text[i])];
        if (value >= 0) {
            take(static_cast<std::uint8_t>(value));
        } else if (value == -1) {
            return i;
        }
    }
    return std::string_view::npos;
}

/// The refusal of `text` for its character at index `at`: `errc::malformed` with the
/// character and its 1-based position in the text as given (DESIGN 3).
inline error_builder crockford_refusal(std::string_view text, std::size_t at) {
    return fail(errc::malformed).subject(text).context(text.substr(at, 1)).number(static_cast<std::int64_t>(at + 1));
}
} // namespace detail

/// `size` bytes as upper-case base32: ceil(8 * size / 5) characters, the last one padded
/// with zero bits.
// This and the two functions below are templates (never given a template argument) only so
// that their string, vector and expected code is compiled where they are called, not in
// every file that includes licpool (issue 15).
template <class Unused = void>
std::string crockford_encode(const std::uint8_t* data, std::size_t size) {
    // Sized once and written by index: appending a character at a time checked the
    // capacity at every one (a validated key is encoded back to its canonical text).
    std::string out((size * 8 + 4) / 5, '\0');
    std::size_t at = 0;
    std::uint32_t pending = 0; // the low `bits` bits are not written yet
    unsigned bits = 0;
    for (std::size_t i = 0; i < size; ++i) {
        pending = (pending << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out[at++] = crockford_alphabet[(pending >> bits) & 0x1F];
        }
        pending &= (1U << bits) - 1;
    }
    if (bits > 0) {
        out[at] = crockford_alphabet[(pending << (5 - bits)) & 0x1F];
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
[[nodiscard]] expected_in<std::vector<std::uint8_t>, Unused> crockford_symbols(std::string_view text) {
    std::vector<std::uint8_t> symbols;
    symbols.reserve(text.size());
    const std::size_t bad = detail::crockford_scan(text, [&](std::uint8_t value) { symbols.push_back(value); });
    if (bad != std::string_view::npos) {
        return detail::crockford_refusal(text, bad);
    }
    return symbols;
}

/// The bytes `text` encodes; the inverse of `crockford_encode`. Besides a character that
/// is not a key character, refused as `errc::malformed`: a length no byte string encodes
/// to, and padding bits that are not zero, so that every text decodes to at most one byte
/// string and encodes back to its own canonical spelling.
template <class Unused = void>
[[nodiscard]] expected_in<std::vector<std::uint8_t>, Unused> crockford_decode(std::string_view text) {
    auto symbols = crockford_symbols<Unused>(text);
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
