// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_SERIAL_PROVIDER_HPP
#define LICPOOL_KEYS_SERIAL_PROVIDER_HPP

#include <licpool/core/detection.hpp>
#include <licpool/core/ids.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The serial as it enters a key's MAC (DESIGN 3): surrounding spaces trimmed, ASCII
/// letters upper-cased, every other byte as it is. `" ab-12 "` and `"AB-12"` are one serial.
// A template (never given a template argument) only so that it is compiled where it is
// called, not in every file that includes licpool (issue 15).
template <class Unused = void>
std::string normalize_serial(std::string_view serial) {
    const auto first = serial.find_first_not_of(' ');
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = serial.find_last_not_of(' ');
    std::string out{serial.substr(first, last - first + 1)};
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

/// The `SerialProvider` policy (DESIGN 3, host-ID binding): where the feature-key serial
/// that keys are bound to comes from. One member:
///  - `licpool::serial_number serial() const`.
/// A host whose serial lives in a dongle, a TPM or a machine ID supplies its own class;
/// `fixed_serial`, the default, holds one serial given at start-up.
struct fixed_serial {
    fixed_serial() = default;
    /// Implicit on purpose: a serial number is the plainest provider there is, so a host
    /// can pass one where a provider is expected.
    fixed_serial(serial_number s) : serial_{std::move(s)} {}

    serial_number serial() const { return serial_; }

private:
    serial_number serial_;
};

namespace detail {
template <class P>
using serial_provider_serial_t = decltype(std::declval<const P&>().serial());

/// One readable `static_assert` per missing member; see `check_clock_policy`.
template <class SerialProvider>
constexpr bool check_serial_provider_policy() {
    static_assert(is_detected_convertible_v<serial_number, serial_provider_serial_t, SerialProvider>,
                  "SerialProvider policy does not provide: licpool::serial_number serial() const "
                  "(the feature-key serial keys are bound to; see DESIGN.md section 3)");
    return true;
}
} // namespace detail

/// True when `T` meets the `SerialProvider` policy.
template <class T>
inline constexpr bool is_serial_provider_v =
    detail::is_detected_convertible_v<serial_number, detail::serial_provider_serial_t, T>;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
template <class T>
concept serial_provider_policy = is_serial_provider_v<T>;
#endif

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_SERIAL_PROVIDER_HPP
