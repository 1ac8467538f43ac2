// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_TENANT_REGISTRY_HPP
#define LICPOOL_POOL_DETAIL_TENANT_REGISTRY_HPP

#include <licpool/audit/user_criterion.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/pool/detail/allocation_state.hpp>
#include <licpool/pool/detail/kind_totals.hpp>
#include <licpool/pool/detail/pool_tree.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstdint>
#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// Tenants and their users (DESIGN 5): an organization of the tree is a tenant; its users
/// and stations hold licenses assigned (consumed while configured) or concurrent (consumed
/// from login to logout), taken at the system level and counted at the organization's and
/// zone's, never a recalculation trigger. Also the usage factors the audit counts users by
/// (DESIGN 6). Every call names the tenant: a user of another tenant is unknown to it.
///
/// A single-threaded component: the pool's mutex guards it.
/// (A template with an unused parameter only so that its code is compiled where a pool is
/// instantiated, not in every translation unit that includes the pool: scripts/compile-times.)
template <class Unused = void>
class basic_tenant_registry {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Unused>;

public:
    basic_tenant_registry(const catalog& catalog_kinds, kind_totals& kind_totals, pool_tree& allocation_tree)
        : kinds{catalog_kinds}, totals{kind_totals}, tree{allocation_tree} {}

    basic_tenant_registry(const basic_tenant_registry&) = delete;
    basic_tenant_registry& operator=(const basic_tenant_registry&) = delete;

    [[nodiscard]] result<user_id> add_user(std::uint32_t tenant, std::string name,
                                      std::map<std::string, std::string, std::less<>> attributes, bool station) {
        if (name.empty()) {
            return fail(errc::invalid_setting).subject(tree.nodes[tenant].path).note("a user needs a name");
        }
        for (const std::uint32_t u : tree.nodes[tenant].users) {
            if (!users[u].removed && users[u].name == name) {
                return fail(errc::duplicate_user).subject(name).context(tree.nodes[tenant].path);
            }
        }
        const auto index = static_cast<std::uint32_t>(users.size());
        tree.nodes[tenant].users.reserve(tree.nodes[tenant].users.size() + 1); // so that the last push_back cannot fail
        user_record rec;
        rec.name = std::move(name);
        rec.tenant = tenant;
        rec.station = station;
        rec.attributes = std::move(attributes);
        users.push_back(std::move(rec));
        tree.nodes[tenant].users.push_back(index);
        return user_id{index};
    }

    [[nodiscard]] result<user_id> find_user(std::uint32_t tenant, std::string_view name) const {
        for (const std::uint32_t u : tree.nodes[tenant].users) {
            if (!users[u].removed && users[u].name == name) {
                return user_id{u};
            }
        }
        return fail(errc::unknown_user).subject(name).context(tree.nodes[tenant].path);
    }

    [[nodiscard]] result<void> set_attribute(std::uint32_t tenant, user_id user, std::string key, std::string value) {
        auto u = user_index(tenant, user);
        if (!u) {
            return unexpected<error>(u.error());
        }
        auto& attributes = users[*u].attributes;
        if (value.empty()) {
            attributes.erase(key);
        } else {
            attributes[std::move(key)] = std::move(value);
        }
        return {};
    }

    [[nodiscard]] result<void> remove_user(std::uint32_t tenant, user_id user) {
        auto u = user_index(tenant, user);
        if (!u) {
            return unexpected<error>(u.error());
        }
        auto& rec = users[*u];
        for (const kind_id k : rec.assigned) {
            totals.counters[k.value()].give_back();
            give_back_tenant_level(tenant, k);
            --totals.assigned[k.value()];
        }
        for (const kind_id k : rec.logged_in) {
            totals.counters[k.value()].give_back();
            give_back_tenant_level(tenant, k);
            --totals.logged_in[k.value()];
        }
        rec.assigned.clear();
        rec.logged_in.clear();
        rec.removed = true;
        auto& list = tree.nodes[tenant].users;
        list.erase(std::remove(list.begin(), list.end(), *u), list.end());
        return {};
    }

    std::vector<user_id> users_of(std::uint32_t tenant) const {
        std::vector<user_id> out;
        for (const std::uint32_t u : tree.nodes[tenant].users) {
            out.push_back(user_id{u});
        }
        return out;
    }

    // DESIGN 5: assign (consumed while assigned) or login (consumed while logged in). The
    // checks: the pool is operational, the kind is consumed the way the call takes it, the
    // catalog lets the user mix methods or the user holds none of the other, the user does
    // not hold the kind already, and a license of the kind is free.
    [[nodiscard]] result<void> take_license(std::uint32_t tenant, user_id user, std::string_view kind_name, bool concurrent) {
        const auto named = user_and_kind(tenant, user, kind_name);
        if (!named) {
            return unexpected<error>(named.error());
        }
        const auto [u, k] = *named;
        if (auto refused = totals.check_operational()) {
            return unexpected<error>(*refused);
        }
        auto& rec = users[u];
        // DESIGN 5: how a kind is consumed decides the call that takes it.
        const auto& kind = kinds[k];
        if (concurrent ? !kind.taken_by_login() : !kind.taken_by_assign()) {
            return fail(errc::consumption_mismatch).subject(kind_name).context(concurrent ? "login" : "assign");
        }
        // DESIGN 5: where the catalog refuses mixing, a user holding licenses of the other
        // method is refused; one that holds none (has released everything) takes either.
        const auto& other = concurrent ? rec.assigned : rec.logged_in;
        if (kinds.mixing() == method_mixing::refused && !other.empty()) {
            return fail(errc::method_mismatch).subject(rec.name).context(concurrent ? "assigned" : "concurrent");
        }
        auto& held = concurrent ? rec.logged_in : rec.assigned;
        if (rec.holds(k)) {
            return fail(errc::license_held).subject(rec.name).context(kind_name);
        }
        if (auto refused = check_tenant_room(tenant, k)) {
            return unexpected<error>(*refused);
        }
        held.reserve(held.size() + 1); // before anything is taken: the push_back below cannot fail
        limited_counter::reading seen{};
        if (!totals.counters[k.value()].try_take(seen)) {
            return fail(errc::entitlement).subject(kind_name).number(seen.used).limit(seen.limit);
        }
        take_tenant_level(tenant, k);
        held.push_back(k);
        ++(concurrent ? totals.logged_in : totals.assigned)[k.value()];
        return {};
    }

    [[nodiscard]] result<void> give_license(std::uint32_t tenant, user_id user, std::string_view kind_name, bool concurrent) {
        const auto named = user_and_kind(tenant, user, kind_name);
        if (!named) {
            return unexpected<error>(named.error());
        }
        const auto [u, k] = *named;
        auto& rec = users[u];
        auto& held = concurrent ? rec.logged_in : rec.assigned;
        const auto it = std::find(held.begin(), held.end(), k);
        if (it == held.end()) {
            return fail(errc::license_not_held)
                .subject(rec.name)
                .context(kind_name)
                .note(concurrent ? "logged in" : "assigned");
        }
        held.erase(it);
        --(concurrent ? totals.logged_in : totals.assigned)[k.value()];
        totals.counters[k.value()].give_back();
        give_back_tenant_level(tenant, k);
        return {};
    }

    bool has_access(std::uint32_t tenant, user_id user, std::string_view kind_name) const {
        const auto u = user_index(tenant, user);
        const auto k = kinds.find(kind_name);
        if (!u || !k) {
            return false;
        }
        const auto& rec = users[*u];
        return std::find(rec.assigned.begin(), rec.assigned.end(), *k) != rec.assigned.end() ||
               std::find(rec.logged_in.begin(), rec.logged_in.end(), *k) != rec.logged_in.end();
    }

    /// Adds a usage factor after those defined so far (DESIGN 6: precedence is the order they
    /// are added in), for every tenant.
    [[nodiscard]] result<void> add_factor(std::string name, user_criterion criterion) {
        for (const auto& f : factors) {
            if (f.name == name) {
                return fail(errc::duplicate_factor).subject(name);
            }
        }
        factors.push_back(usage_factor{std::move(name), std::move(criterion), true});
        return {};
    }

    /// Switches a usage factor off (users it would count go on to the next factor) or on.
    [[nodiscard]] result<void> set_factor_enabled(std::string_view name, bool enabled) {
        for (auto& f : factors) {
            if (f.name == name) {
                f.enabled = enabled;
                return {};
            }
        }
        return fail(errc::unknown_factor).subject(name);
    }

    /// The usage factors' names, in precedence order.
    std::vector<std::string> factor_names() const {
        std::vector<std::string> out;
        for (const auto& f : factors) {
            out.push_back(f.name);
        }
        return out;
    }

    // A user of `tenant`, or unknown: a user of another tenant is never seen through this one.

    /// What the users of organization `org` hold of resource `r` (for explain).
    std::uint32_t organization_users(std::uint32_t org, std::size_t r) const {
        std::uint32_t held = 0;
        for (const std::uint32_t u : tree.nodes[org].users) {
            for (const auto* kinds_held : {&users[u].assigned, &users[u].logged_in}) {
                held += static_cast<std::uint32_t>(std::count_if(kinds_held->begin(), kinds_held->end(),
                                                                 [&](kind_id k) { return tree.resource_of[k.value()] == r; }));
            }
        }
        return held;
    }

    /// Counts a user's license of `kind` at its tenant's and zone's level, whatever their
    /// limits (the caller checked them, or a snapshot restores what was held).
    void take_tenant_level(std::uint32_t tenant, kind_id kind) noexcept {
        const auto r = tree.resource_of[kind.value()];
        tree.node_counters[tree.nodes[tenant].first_counter + r].force_take();
        tree.node_counters[tree.nodes[tree.nodes[tenant].parent].first_counter + r].force_take();
    }

private:
    [[nodiscard]] result<std::uint32_t> user_index(std::uint32_t tenant, user_id user) const {
        if (user.value() >= users.size() || users[user.value()].tenant != tenant || users[user.value()].removed) {
            return fail(errc::unknown_user)
                .subject(concat("#", std::to_string(user.value())))
                .context(tree.nodes[tenant].path);
        }
        return user.value();
    }

    // The user (of this tenant) and the kind (one users can hold) a license call names.
    [[nodiscard]] result<std::pair<std::uint32_t, kind_id>> user_and_kind(std::uint32_t tenant, user_id user,
                                                              std::string_view kind_name) const {
        auto u = user_index(tenant, user);
        if (!u) {
            return unexpected<error>(u.error());
        }
        auto k = tree.user_kind(kind_name);
        if (!k) {
            return unexpected<error>(k.error());
        }
        return std::make_pair(*u, *k);
    }

    // DESIGN 5: a tenant's users take their licenses inside the tree, from their organization
    // and its zone, as jobs do: the organization's and the zone's max bind them, and the part of
    // every other organization's and zone's min that is not in use is kept for those. Users are
    // bound by mins and maxes, not by shares: shares divide capacity among jobs at a
    // recalculation, and an assign or a login is not a trigger (DESIGN 4.3). Lock held.
    std::optional<error> check_tenant_room(std::uint32_t tenant, kind_id kind) const {
        const auto r = tree.resource_of[kind.value()];
        const auto& org = tree.nodes[tenant];
        const auto& zone = tree.nodes[org.parent];
        const auto used_at = [&](const node_record& n) { return tree.node_counters[n.first_counter + r].used(); };
        for (const auto* level : {&org, &zone}) {
            const limits l = tree.node_limits(*level, r);
            if (l.max != unlimited && used_at(*level) >= l.max) {
                return fail(level == &org ? errc::organization : errc::zone)
                    .subject(level->path)
                    .context(kinds[kind].name)
                    .number(used_at(*level))
                    .limit(l.max);
            }
        }
        // What other tenants' mins keep: in this zone, each other organization's unused min;
        // in every other zone, the unused part of the larger of its min and its organizations' mins.
        std::uint64_t kept = 0;
        const auto unused = [](std::uint64_t min, std::uint64_t used) { return min > used ? min - used : 0; };
        for (const std::uint32_t z : tree.zones) {
            const auto& other_zone = tree.nodes[z];
            std::uint64_t org_mins = 0;
            for (const std::uint32_t o : other_zone.children) {
                const std::uint64_t min = tree.node_limits(tree.nodes[o], r).min;
                org_mins += min;
                if (z == org.parent && o != tenant) {
                    kept += unused(min, used_at(tree.nodes[o]));
                }
            }
            if (z != org.parent) {
                kept += unused(std::max<std::uint64_t>(tree.node_limits(other_zone, r).min, org_mins), used_at(other_zone));
            }
        }
        const auto system = totals.counters[kind.value()].read();
        if (std::uint64_t{system.used} + kept >= system.limit) {
            // In use or kept for others: the figure is what this tenant cannot have.
            return fail(errc::entitlement)
                .subject(kinds[kind].name)
                .context(kept > 0 ? "kept" : "")
                .number(static_cast<std::int64_t>(std::min<std::uint64_t>(system.used + kept, system.limit)))
                .limit(system.limit);
        }
        return std::nullopt;
    }


    void give_back_tenant_level(std::uint32_t tenant, kind_id kind) noexcept {
        const auto r = tree.resource_of[kind.value()];
        tree.node_counters[tree.nodes[tenant].first_counter + r].give_back();
        tree.node_counters[tree.nodes[tree.nodes[tenant].parent].first_counter + r].give_back();
    }
    // Immutable after construction.
    const catalog& kinds;
    kind_totals& totals;
    pool_tree& tree;

public:
    /// Every user ever added, by id (a removed user keeps its place, marked). Mutex.
    std::vector<user_record> users;
    /// The usage factors in precedence order (DESIGN 6). Mutex.
    std::vector<usage_factor> factors;
};
using tenant_registry = basic_tenant_registry<>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_TENANT_REGISTRY_HPP
