// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_USAGE_FACTOR_HPP
#define LICPOOL_AUDIT_USAGE_FACTOR_HPP

#include <licpool/audit/user_criterion.hpp>
#include <licpool/core/expected.hpp>

#include <memory>
#include <regex>
#include <string>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The ready criterion: attribute `attribute` matches `pattern` (ECMAScript syntax, searched
/// anywhere in the value, like "contains"). A user without the attribute does not match.
/// Refused with `errc::invalid_pattern` when the pattern does not compile.
///
/// Called as a function; it is a template only so that the regular-expression engine, the
/// costliest code in the library to compile, is compiled in the translation units that call it
/// and not in every one that includes this header (`Regex` is always `std::regex`).
template <class Regex = std::regex>
[[nodiscard]] expected<user_criterion> attribute_matches(std::string attribute, const std::string& pattern) {
    std::shared_ptr<const Regex> compiled;
    try {
        compiled = std::make_shared<const Regex>(pattern, Regex::ECMAScript);
    } catch (const std::regex_error&) {
        // std::regex reports a bad pattern only by throwing; licpool turns it into a value.
        return fail(errc::invalid_pattern).subject(attribute).context(pattern);
    }
    return user_criterion{[attribute = std::move(attribute), compiled](const user_view& user) {
        const auto value = user.attribute(attribute);
        return value && std::regex_search(value->begin(), value->end(), *compiled);
    }};
}

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_USAGE_FACTOR_HPP
