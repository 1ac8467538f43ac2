// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_CONSTANT_TIME_HPP
#define LICPOOL_KEYS_CONSTANT_TIME_HPP

#include <licpool/core/version.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// True when the `size` bytes at `a` and at `b` are equal, in a time that depends on `size`
/// only, never on where the first difference is (DESIGN 3: a MAC compared byte by byte with
/// an early exit tells an attacker, by timing, how many leading bytes of a forgery are right).
inline bool constant_time_equal(const std::uint8_t* a, const std::uint8_t* b, std::size_t size) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    // The empty asm hides `difference` from the optimizer at every step, so the compiler can
    // neither stop at the first difference nor skip the loop; unlike a volatile, it keeps the
    // value in a register (a volatile's store and reload each step was a tenth of checking a
    // key, issue 16).
    std::uint8_t difference = 0;
    for (std::size_t i = 0; i < size; ++i) {
        difference = static_cast<std::uint8_t>(difference | (a[i] ^ b[i]));
        __asm__("" : "+r"(difference));
    }
#else
    // volatile: the compiler may neither stop at the first difference nor skip the loop.
    volatile std::uint8_t difference = 0;
    for (std::size_t i = 0; i < size; ++i) {
        difference = static_cast<std::uint8_t>(difference | (a[i] ^ b[i]));
    }
#endif
    return difference == 0;
}

template <std::size_t N>
bool constant_time_equal(const std::array<std::uint8_t, N>& a, const std::array<std::uint8_t, N>& b) noexcept {
    return constant_time_equal(a.data(), b.data(), N);
}

/// Texts of different lengths differ at once (a length is no secret); texts of one length
/// are compared in constant time.
inline bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    volatile std::uint8_t difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        difference = static_cast<std::uint8_t>(difference | (static_cast<std::uint8_t>(a[i]) ^
                                                              static_cast<std::uint8_t>(b[i])));
    }
    return difference == 0;
}

/// Overwrites `size` bytes at `data` with zeros, in a way the optimizer cannot remove
/// (DESIGN 3: the library wipes the copies of the vendor secret it makes). A plain
/// `memset` before a buffer dies is a dead store a compiler may delete; writes through a
/// `volatile` pointer are observable behaviour and stay.
inline void secure_wipe(void* data, std::size_t size) noexcept {
    volatile unsigned char* bytes = static_cast<volatile unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        bytes[i] = 0;
    }
}

template <class T, std::size_t N>
void secure_wipe(std::array<T, N>& data) noexcept {
    static_assert(std::is_trivially_copyable_v<T>, "secure_wipe zeroes bytes: T must be trivially copyable");
    secure_wipe(data.data(), sizeof(T) * N);
}

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_CONSTANT_TIME_HPP
