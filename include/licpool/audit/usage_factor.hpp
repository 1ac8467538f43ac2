// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_USAGE_FACTOR_HPP
#define LICPOOL_AUDIT_USAGE_FACTOR_HPP

#include <licpool/audit/pattern.hpp>
#include <licpool/audit/user_criterion.hpp>
#include <licpool/core/expected.hpp>

#include <memory>
#include <string>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The ready criterion: attribute `attribute` matches `pattern` (a licpool::pattern: ECMAScript
/// syntax without backreferences and lookaheads, searched anywhere in the value, like
/// "contains"). A user without the attribute does not match. Refused with
/// `errc::invalid_pattern` (`subject` the attribute, `context` the pattern) when the pattern
/// does not compile; pattern::compile says what is wrong and where.
///
/// A template with an unused parameter only so that the pattern compiler and matcher are
/// compiled where it is called (scripts/compile-times).
template <class Unused = void>
[[nodiscard]] expected_in<user_criterion, Unused> attribute_matches(std::string attribute, const std::string& pattern) {
    auto compiled = licpool::pattern::compile<Unused>(pattern);
    if (!compiled) {
        return fail(errc::invalid_pattern).subject(attribute).context(pattern);
    }
    // Shared, not copied: an audit copies every factor's criterion, and a pattern owns two
    // vectors where a shared_ptr copy is one count.
    auto shared = std::make_shared<const licpool::pattern>(std::move(*compiled));
    return user_criterion{[attribute = std::move(attribute), shared](const user_view& user) {
        const auto value = user.attribute(attribute);
        return value && shared->search(*value);
    }};
}

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_USAGE_FACTOR_HPP
