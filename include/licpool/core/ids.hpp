// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_IDS_HPP
#define LICPOOL_CORE_IDS_HPP

#include <licpool/core/version.hpp>

#include <cstdint>
#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest
#include <string>
#include <type_traits>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// A value that names one thing of one sort: a `job_id` cannot be passed where a `zone_id`
/// is expected, nor built from a bare integer by accident (the constructor is explicit).
template <class Tag, class Rep = std::uint32_t>
class strong_id {
public:
    using tag_type = Tag;
    using rep_type = Rep;

    constexpr strong_id() = default;
    constexpr explicit strong_id(Rep value) noexcept(std::is_nothrow_move_constructible_v<Rep>)
        : value_(std::move(value)) {}

    constexpr const Rep& value() const noexcept { return value_; }

    friend constexpr bool operator==(const strong_id& a, const strong_id& b) { return a.value_ == b.value_; }
    friend constexpr bool operator!=(const strong_id& a, const strong_id& b) { return !(a.value_ == b.value_); }
    friend constexpr bool operator<(const strong_id& a, const strong_id& b) { return a.value_ < b.value_; }
    friend constexpr bool operator<=(const strong_id& a, const strong_id& b) { return !(b.value_ < a.value_); }
    friend constexpr bool operator>(const strong_id& a, const strong_id& b) { return b.value_ < a.value_; }
    friend constexpr bool operator>=(const strong_id& a, const strong_id& b) { return !(a.value_ < b.value_); }

private:
    Rep value_{};
};

/// One license kind of a catalog: its index there (DESIGN 2).
using kind_id = strong_id<struct kind_tag, std::uint16_t>;
/// A zone of the allocation tree (DESIGN 4).
using zone_id = strong_id<struct zone_tag>;
/// An organization (a tenant) of the allocation tree (DESIGN 4, 5).
using organization_id = strong_id<struct organization_tag>;
/// A job (a campaign run) of the allocation tree (DESIGN 4).
using job_id = strong_id<struct job_tag>;
/// A user of a tenant, holder of assigned or concurrent licenses (DESIGN 5).
using user_id = strong_id<struct user_tag>;
/// An agent of an agent-based campaign (DESIGN 4.5).
using agent_id = strong_id<struct agent_tag>;
/// The feature-key serial a system's keys are bound to (DESIGN 3).
using serial_number = strong_id<struct serial_tag, std::string>;

} // namespace licpool

namespace std {
template <class Tag, class Rep>
struct hash<licpool::strong_id<Tag, Rep>> {
    std::size_t operator()(const licpool::strong_id<Tag, Rep>& id) const noexcept {
        return std::hash<Rep>{}(id.value());
    }
};
} // namespace std
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CORE_IDS_HPP
