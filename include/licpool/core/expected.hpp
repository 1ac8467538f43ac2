// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_EXPECTED_HPP
#define LICPOOL_CORE_EXPECTED_HPP

#include <licpool/core/error.hpp>

#include <cstdint>
#include <string_view>

// DESIGN 1: `tl::expected` when <tl/expected.hpp> is found, else C++23 `std::expected`.
// Define LICPOOL_USE_STD_EXPECTED to prefer the standard one when both are there.
#if !defined(LICPOOL_USE_STD_EXPECTED) && defined(__has_include)
#  if __has_include(<tl/expected.hpp>)
#    include <tl/expected.hpp>
#    define LICPOOL_EXPECTED_IS_TL 1
#  endif
#endif

#if !defined(LICPOOL_EXPECTED_IS_TL)
#  if defined(__has_include)
#    if __has_include(<expected>)
#      include <expected>
#    endif
#  endif
#  if defined(__cpp_lib_expected) && __cpp_lib_expected >= 202202L
#    define LICPOOL_EXPECTED_IS_STD 1
#  else
#    error "licpool needs an expected type: install tl-expected (https://github.com/TartanLlama/expected) so that <tl/expected.hpp> is on the include path, or compile as C++23 with a standard library that has std::expected (GCC 12 or later)."
#  endif
#endif

namespace licpool {

// Only what tl::expected and std::expected share is used anywhere in licpool:
// has_value, operator bool, value, error, operator*, operator->, value_or.
#if defined(LICPOOL_EXPECTED_IS_TL)
template <class T, class E = error>
using expected = tl::expected<T, E>;
template <class E>
using unexpected = tl::unexpected<E>;
#else
template <class T, class E = error>
using expected = std::expected<T, E>;
template <class E>
using unexpected = std::unexpected<E>;
#endif

/// The refusal a fallible licpool function returns: `return fail(errc::unknown_kind, name);`.
/// The arguments are those of `error`'s constructor.
inline unexpected<error> fail(errc code, std::string_view subject = {}, std::string_view context = {},
                              std::int64_t number = 0, std::int64_t limit = 0,
                              const char* note = nullptr) noexcept {
    return unexpected<error>(error{code, subject, context, number, limit, note});
}

} // namespace licpool

#endif // LICPOOL_CORE_EXPECTED_HPP
