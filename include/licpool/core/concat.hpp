// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_CONCAT_HPP
#define LICPOOL_CORE_CONCAT_HPP

#include <licpool/core/version.hpp>

#include <string>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// Appends `parts` (anything a std::string_view can view) to `out`.
///
/// Messages are built by appending rather than with `"text" + std::string` chains: GCC 12
/// warns falsely (-Wrestrict) on those at -O2 and above, and hosts that build with -Werror
/// would inherit the warning from our headers.
template <class... Parts>
void append(std::string& out, const Parts&... parts) {
    out.reserve(out.size() + (std::string_view{parts}.size() + ... + 0));
    (out.append(std::string_view{parts}), ...);
}

/// `parts` joined into a new string.
template <class... Parts>
std::string concat(const Parts&... parts) {
    std::string out;
    append(out, parts...);
    return out;
}

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CORE_CONCAT_HPP
