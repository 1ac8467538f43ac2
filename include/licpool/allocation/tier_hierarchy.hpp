// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_ALLOCATION_TIER_HIERARCHY_HPP
#define LICPOOL_ALLOCATION_TIER_HIERARCHY_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/detection.hpp>
#include <licpool/core/ids.hpp>

#include <optional>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// The hierarchy resolver policy (DESIGN 4.5): which seat an agent of a campaign takes.
///
/// A campaign needing tier T can use a seat of T or of any higher tier of T's tier group
/// (predictive serves predictive, preview and manual campaigns; preview serves preview and
/// manual; manual serves manual). The lowest adequate tier with a free seat comes first, to
/// keep the higher tiers for the campaigns that need them. The pool asks again at every
/// recalculation with the agent's own seat counted as free, and moves the agent down when the
/// answer is a lower tier.
struct tier_hierarchy {
    /// `is_free(kind)` tells whether a seat of `kind` is free. Returns the seat kind to take,
    /// or nothing when no adequate seat is free.
    template <class IsFree>
    std::optional<kind_id> resolve(const catalog& kinds, kind_id needed, IsFree&& is_free) const {
        const auto& group = kinds.tier_group(needed);
        if (group.empty()) {
            // A kind outside any tier group serves only itself.
            if (is_free(needed)) {
                return needed;
            }
            return std::nullopt;
        }
        bool adequate = false;
        for (const kind_id tier : group) {
            adequate = adequate || tier == needed;
            if (adequate && is_free(tier)) {
                return tier;
            }
        }
        return std::nullopt;
    }
};

namespace detail {
// The callable the pool passes as `is_free`; the trait probes `resolve` with it.
struct seat_probe {
    bool operator()(kind_id) const noexcept { return true; }
};
template <class R>
using resolver_resolve_t = decltype(std::declval<const R&>().resolve(
    std::declval<const catalog&>(), std::declval<kind_id>(), std::declval<seat_probe>()));

template <class Resolver>
constexpr bool check_resolver_policy() {
    static_assert(is_detected_convertible_v<std::optional<kind_id>, resolver_resolve_t, Resolver>,
                  "HierarchyResolver policy does not provide: std::optional<licpool::kind_id> "
                  "resolve(const licpool::catalog&, licpool::kind_id needed, IsFree is_free) const "
                  "(see DESIGN.md section 4.5)");
    return true;
}
} // namespace detail

/// True when `T` meets the HierarchyResolver policy of `tier_hierarchy`.
template <class T>
inline constexpr bool is_hierarchy_resolver_v =
    detail::is_detected_convertible_v<std::optional<kind_id>, detail::resolver_resolve_t, T>;

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_ALLOCATION_TIER_HIERARCHY_HPP
