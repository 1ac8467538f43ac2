// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_USER_CRITERION_HPP
#define LICPOOL_AUDIT_USER_CRITERION_HPP

// What a usage factor is, without the ready pattern criterion: the pool needs only this, so a
// host that defines no factor, or writes its own predicates, never compiles the pattern
// compiler. `attribute_matches` is in <licpool/audit/usage_factor.hpp>.
#include <licpool/core/ids.hpp>

#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

    // A member template only so that the map lookup is compiled where it is called
    // (scripts/compile-times).
    /// The value of `key`, when the user has that attribute.
    template <class Unused = void>
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

} // namespace licpool

#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_USER_CRITERION_HPP
