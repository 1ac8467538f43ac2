// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_MAC_POLICY_HPP
#define LICPOOL_KEYS_MAC_POLICY_HPP

#include <licpool/core/detection.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The bytes of a MAC a key carries: its leftmost 96 bits (DESIGN 3).
inline constexpr std::size_t key_mac_size = 12;

namespace detail {
template <class Mac>
using mac_digest_type_t = typename Mac::digest_type;
template <class Mac>
using mac_compute_t =
    decltype(std::declval<const Mac&>().compute(std::declval<std::string_view>(), std::declval<std::string_view>()));

// A digest is a `std::array` of bytes, long enough to give the 96 bits a key keeps.
template <class T>
struct is_mac_digest : std::false_type {};
template <std::size_t N>
struct is_mac_digest<std::array<std::uint8_t, N>> : std::bool_constant<(N >= key_mac_size)> {};

template <class Mac>
constexpr bool mac_has_digest_type() {
    if constexpr (is_detected_v<mac_digest_type_t, Mac>) {
        return is_mac_digest<mac_digest_type_t<Mac>>::value;
    } else {
        return false;
    }
}

template <class Mac>
constexpr bool mac_has_compute() {
    if constexpr (is_detected_v<mac_digest_type_t, Mac>) {
        return is_detected_convertible_v<mac_digest_type_t<Mac>, mac_compute_t, Mac>;
    } else {
        return is_detected_v<mac_compute_t, Mac>;
    }
}

// The optional member (see hmac_sha256): `with_key(key)`, a MAC keyed once for many messages.
template <class Mac>
using mac_with_key_t = decltype(std::declval<const Mac&>().with_key(std::declval<std::string_view>()));
template <class Keyed>
using mac_keyed_compute_t = decltype(std::declval<const Keyed&>().compute(std::declval<std::string_view>()));

/// True when `Mac` can be keyed once (`with_key`) into something whose `compute(message)`
/// gives its digest.
template <class Mac>
constexpr bool mac_has_with_key() {
    if constexpr (is_detected_v<mac_with_key_t, Mac> && mac_has_digest_type<Mac>()) {
        return is_detected_convertible_v<mac_digest_type_t<Mac>, mac_keyed_compute_t, mac_with_key_t<Mac>>;
    } else {
        return false;
    }
}

/// Fires one readable `static_assert` per missing member of a `Mac` policy; called from a
/// `static_assert` in every class or function that takes one (see `check_clock_policy`).
template <class Mac>
constexpr bool check_mac_policy() {
    static_assert(mac_has_digest_type<Mac>(),
                  "Mac policy does not provide: using digest_type = std::array<std::uint8_t, N> "
                  "with N >= 12 (a key keeps the leftmost 96 bits of the MAC; see DESIGN.md section 3)");
    static_assert(mac_has_compute<Mac>(),
                  "Mac policy does not provide: digest_type compute(std::string_view key, "
                  "std::string_view message) const (the keyed function over raw bytes; see DESIGN.md section 3)");
    static_assert(std::is_default_constructible_v<Mac>,
                  "Mac policy is not default-constructible (the validator and issue_key make their own; "
                  "see DESIGN.md section 3)");
    return true;
}
} // namespace detail

/// True when `T` meets the `Mac` policy documented on `hmac_sha256`.
template <class T>
inline constexpr bool is_mac_v =
    detail::mac_has_digest_type<T>() && detail::mac_has_compute<T>() && std::is_default_constructible_v<T>;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
/// The same requirement as `is_mac_v`, for documentation and constrained host code.
template <class T>
concept mac_policy = is_mac_v<T>;
#endif

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_MAC_POLICY_HPP
