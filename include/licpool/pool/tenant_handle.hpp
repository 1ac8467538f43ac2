// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_TENANT_HANDLE_HPP
#define LICPOOL_POOL_TENANT_HANDLE_HPP

#include <licpool/core/concat.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>

#include <cstdint>
#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// A tenant of a `license_pool` (DESIGN 5): an organization of the tree, with its users and
/// its acquired user licenses. Everything done through a handle stays inside that tenant: a
/// user of another tenant is unknown to it. A handle is cheap to copy and must not outlive
/// its pool; each call takes the pool's mutex. Hosts name it `license_pool<...>::tenant_handle`.
template <class Pool>
class basic_tenant_handle {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Pool>;

public:
    using attributes = std::map<std::string, std::string, std::less<>>;

    organization_id id() const noexcept { return organization_id{node_}; }

    /// `zone/name` of the organization.
    std::string path() const {
        return pool_->read([&] { return pool_->parts_.tree.nodes[node_].path; });
    }

    /// The user licenses the tenant bought (DESIGN 6: the "acquired" of its audit line).
    void set_acquired(std::uint32_t count) {
        pool_->locked([&] { pool_->parts_.tree.nodes[node_].acquired = count; });
    }
    std::uint32_t acquired() const {
        return pool_->read([&] { return pool_->parts_.tree.nodes[node_].acquired; });
    }

    /// A new user of this tenant, with attributes its usage factors can match.
    [[nodiscard]] result<user_id> add_user(std::string name, attributes user_attributes = {}) {
        return tenants([&](auto& t) { return t.add_user(node_, std::move(name), std::move(user_attributes), false); });
    }
    /// A station (a phone, a console) of this tenant; licenses are assigned to it as to a user.
    [[nodiscard]] result<user_id> add_station(std::string name, attributes user_attributes = {}) {
        return tenants([&](auto& t) { return t.add_user(node_, std::move(name), std::move(user_attributes), true); });
    }
    [[nodiscard]] result<user_id> find_user(std::string_view name) const {
        return pool_->read([&] { return pool_->parts_.tenants.find_user(node_, name); });
    }
    /// Sets one attribute of a user (an empty value removes it).
    [[nodiscard]] result<void> set_attribute(user_id user, std::string key, std::string value) {
        return tenants([&](auto& t) { return t.set_attribute(node_, user, std::move(key), std::move(value)); });
    }
    /// Removes a user; the licenses it held go back.
    [[nodiscard]] result<void> remove_user(user_id user) {
        return tenants([&](auto& t) { return t.remove_user(node_, user); });
    }
    std::vector<user_id> users() const {
        return pool_->read([&] { return pool_->parts_.tenants.users_of(node_); });
    }

    /// DESIGN 5: an assigned license, consumed while the user (or station) has it. Refused
    /// `consumption_mismatch` for a kind consumed while in use, `method_mismatch` when the
    /// catalog refuses mixing and the user holds concurrent licenses.
    [[nodiscard]] result<void> assign(user_id user, std::string_view kind) {
        return tenants([&](auto& t) { return t.take_license(node_, user, kind, false); });
    }
    [[nodiscard]] result<void> unassign(user_id user, std::string_view kind) {
        return tenants([&](auto& t) { return t.give_license(node_, user, kind, false); });
    }
    [[nodiscard]] result<void> assign(user_id user, kind_id kind) {
        return by_id(kind, [&](std::string_view name) { return assign(user, name); });
    }
    [[nodiscard]] result<void> unassign(user_id user, kind_id kind) {
        return by_id(kind, [&](std::string_view name) { return unassign(user, name); });
    }
    /// DESIGN 5: a concurrent license, consumed from login to logout; refused when none is
    /// free, `consumption_mismatch` for a kind consumed when configured, `method_mismatch`
    /// when the catalog refuses mixing and the user holds assigned licenses.
    [[nodiscard]] result<void> login(user_id user, std::string_view kind) {
        return tenants([&](auto& t) { return t.take_license(node_, user, kind, true); });
    }
    [[nodiscard]] result<void> logout(user_id user, std::string_view kind) {
        return tenants([&](auto& t) { return t.give_license(node_, user, kind, true); });
    }
    [[nodiscard]] result<void> login(user_id user, kind_id kind) {
        return by_id(kind, [&](std::string_view name) { return login(user, name); });
    }
    [[nodiscard]] result<void> logout(user_id user, kind_id kind) {
        return by_id(kind, [&](std::string_view name) { return logout(user, name); });
    }

    /// True when the user holds `kind`, assigned or logged in: access licenses gate
    /// features per user (DESIGN 5).
    bool has_access(user_id user, std::string_view kind) const {
        return pool_->read([&] { return pool_->parts_.tenants.has_access(node_, user, kind); });
    }
    /// By id: false for an id the catalog does not have.
    bool has_access(user_id user, kind_id kind) const {
        auto name = name_of(kind);
        return name && has_access(user, *name);
    }

private:
    friend Pool;
    basic_tenant_handle(Pool* pool, std::uint32_t node) noexcept : pool_{pool}, node_{node} {}

    // Every call that takes a kind takes its id or its name (issue 15); the catalog is
    // immutable, so the lookup needs no lock.
    result<std::string_view> name_of(kind_id kind) const {
        const auto& kinds = pool_->kinds();
        if (kind.value() >= kinds.size()) {
            return fail(errc::unknown_kind).subject(detail::concat("#", std::to_string(kind.value())));
        }
        return std::string_view{kinds[kind].name};
    }

    // The id forms run the name forms.
    template <class F>
    result<void> by_id(kind_id kind, F&& f) {
        auto name = name_of(kind);
        return name ? f(*name) : unexpected<error>(name.error());
    }

    // A change to this tenant's users, under the pool's mutex.
    template <class F>
    auto tenants(F&& f) {
        return pool_->locked([&] { return f(pool_->parts_.tenants); });
    }

    Pool* pool_;        // immutable: the pool outlives its handles
    std::uint32_t node_; // immutable: the organization's node index
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_TENANT_HANDLE_HPP
