// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_DETECTION_HPP
#define LICPOOL_CORE_DETECTION_HPP

#include <licpool/core/version.hpp>

#include <type_traits>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
// The detection idiom behind every `is_<policy>_v` trait: a policy's member is "there"
// when an expression using it is well-formed. C++17 has no concepts, and the policy checks
// must work (and name the missing member) in every language mode, so they build on this.
namespace licpool::detail {

template <class AlwaysVoid, template <class...> class Op, class... Args>
struct detector : std::false_type {
    using type = void;
};

template <template <class...> class Op, class... Args>
struct detector<std::void_t<Op<Args...>>, Op, Args...> : std::true_type {
    using type = Op<Args...>;
};

/// True when `Op<Args...>` names a type.
template <template <class...> class Op, class... Args>
inline constexpr bool is_detected_v = detector<void, Op, Args...>::value;

/// `Op<Args...>` when it names a type, else `void`.
template <template <class...> class Op, class... Args>
using detected_t = typename detector<void, Op, Args...>::type;

/// True when `Op<Args...>` names a type convertible to `To`.
template <class To, template <class...> class Op, class... Args>
inline constexpr bool is_detected_convertible_v =
    is_detected_v<Op, Args...> && std::is_convertible_v<detected_t<Op, Args...>, To>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CORE_DETECTION_HPP
