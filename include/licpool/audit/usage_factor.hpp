// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_USAGE_FACTOR_HPP
#define LICPOOL_AUDIT_USAGE_FACTOR_HPP

#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// One managed user of a tenant, as a usage factor's criterion sees it (DESIGN 6).
struct user_view {
    std::string_view tenant;
    std::string_view name;
    bool station = false;
    const std::map<std::string, std::string, std::less<>>* attributes = nullptr;
    const std::vector<kind_id>* assigned = nullptr;
    const std::vector<kind_id>* logged_in = nullptr;

    /// The value of `key`, when the user has that attribute.
    std::optional<std::string_view> attribute(std::string_view key) const {
        if (attributes == nullptr) {
            return std::nullopt;
        }
        const auto it = attributes->find(key);
        if (it == attributes->end()) {
            return std::nullopt;
        }
        return std::string_view{it->second};
    }
};

/// Whether a user counts under a factor: a host predicate.
using user_criterion = std::function<bool(const user_view&)>;

/// A usage factor (DESIGN 6): a named criterion. Factors are defined once for the pool, in
/// precedence order, and applied to each tenant: a managed user counts once, under the first
/// enabled factor it matches.
struct usage_factor {
    std::string name;
    user_criterion criterion;
    bool enabled = true;
};

/// The ready criterion: attribute `attribute` matches `pattern` (ECMAScript syntax, searched
/// anywhere in the value, like "contains"). A user without the attribute does not match.
/// Refused with `errc::invalid_pattern` when the pattern does not compile.
[[nodiscard]] inline expected<user_criterion> attribute_matches(std::string attribute, const std::string& pattern) {
    std::shared_ptr<const std::regex> compiled;
    try {
        compiled = std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
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
