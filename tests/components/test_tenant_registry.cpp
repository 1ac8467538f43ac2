// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.

#include "components/component_fixture.hpp"
#include "licpool_catch.hpp"

#include "test_printing.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

// The tenant registry on its own (DESIGN 5, 6): totals and the tree from `counted_parts`,
// whose `entitle` publishes the system limits through the real recalculator (users are never
// a recalculation trigger, so nothing else moves a limit here). Node settings are applied
// directly on the tree, since a tenant's max and min are read as configured, not as divided.

namespace {

using namespace licpool_components;

catalog tenant_catalog(method_mixing mixing) {
    auto made = catalog::make("tenants",
                              {kind_spec{"station", 0x841}.assigned(), kind_spec{"softphone", 0x842},
                               kind_spec{"access", 0x843}.assigned_or_concurrent(), kind_spec{"marquee", 0x844}.boolean()},
                              mixing);
    REQUIRE(made);
    return *made;
}

struct tenant_rig {
    explicit tenant_rig(catalog c) : parts{std::move(c)} {}

    counted_parts parts;
    detail::tenant_registry tenants{parts.kinds, parts.totals, parts.tree};

    std::uint32_t org(const std::string& zone, const std::string& name) {
        auto o = parts.tree.find_or_create_organization(zone, name);
        REQUIRE(o);
        return *o;
    }
    void configure(std::uint32_t node, const std::string& kind, limits l) {
        auto checked = parts.tree.check_settings(parts.tree.nodes[node].path, {kind_limits{kind, l}});
        REQUIRE(checked);
        parts.tree.apply_settings(node, *checked);
    }
    user_id user(std::uint32_t tenant, const std::string& name) {
        auto u = tenants.add_user(tenant, name, {}, false);
        REQUIRE(u);
        return *u;
    }
    expected<void> login(std::uint32_t tenant, user_id u, const std::string& kind) {
        return tenants.take_license(tenant, u, kind, true);
    }
    expected<void> assign(std::uint32_t tenant, user_id u, const std::string& kind) {
        return tenants.take_license(tenant, u, kind, false);
    }
    kind_id kind(const std::string& name) const { return *parts.kinds.find(name); }
    std::size_t resource(const std::string& name) const { return parts.tree.resource_of[kind(name).value()]; }
    std::uint32_t node_used(std::uint32_t node, const std::string& kind_name) const {
        return parts.tree.node_counters[parts.tree.nodes[node].first_counter + resource(kind_name)].used();
    }
    std::uint32_t system_used(const std::string& kind_name) const {
        return parts.totals.counters[kind(kind_name).value()].used();
    }
};

} // namespace

TEST_CASE("tenant_registry: users are added, found, refused as duplicates and removed", "[components][tenant_registry]") {
    tenant_rig rig{tenant_catalog(method_mixing::allowed)};
    const auto a = rig.org("z", "a");
    const auto b = rig.org("z", "b");
    const auto alice = rig.user(a, "alice");
    auto found = rig.tenants.find_user(a, "alice");
    REQUIRE(found);
    CHECK(*found == alice);

    auto twice = rig.tenants.add_user(a, "alice", {}, true);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code() == errc::duplicate_user);
    auto nameless = rig.tenants.add_user(a, "", {}, false);
    REQUIRE_FALSE(nameless);
    CHECK(nameless.error().code() == errc::invalid_setting);
    // Names are per tenant.
    auto other = rig.tenants.add_user(b, "alice", {}, false);
    REQUIRE(other);
    CHECK(*other != alice);
    CHECK(rig.tenants.users_of(a).size() == 1);

    REQUIRE(rig.tenants.remove_user(a, alice));
    auto gone = rig.tenants.find_user(a, "alice");
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code() == errc::unknown_user);
    auto again_removed = rig.tenants.remove_user(a, alice);
    REQUIRE_FALSE(again_removed);
    CHECK(again_removed.error().code() == errc::unknown_user);
    CHECK(rig.tenants.users_of(a).empty());
    // The name is free again; the id is not reused.
    auto back = rig.tenants.add_user(a, "alice", {}, false);
    REQUIRE(back);
    CHECK(*back != alice);
}

TEST_CASE("tenant_registry: removing a user gives back every license at every level", "[components][tenant_registry]") {
    tenant_rig rig{tenant_catalog(method_mixing::allowed)};
    rig.parts.entitle("station", 5);
    rig.parts.entitle("softphone", 5);
    const auto a = rig.org("z", "a");
    const auto zone = *rig.parts.tree.find_zone("z");
    const auto alice = rig.user(a, "alice");
    REQUIRE(rig.assign(a, alice, "station"));
    REQUIRE(rig.login(a, alice, "softphone"));
    CHECK(rig.system_used("station") == 1);
    CHECK(rig.system_used("softphone") == 1);
    CHECK(rig.node_used(a, "station") == 1);
    CHECK(rig.node_used(zone, "softphone") == 1);
    CHECK(rig.parts.totals.assigned[rig.kind("station").value()] == 1);
    CHECK(rig.parts.totals.logged_in[rig.kind("softphone").value()] == 1);
    CHECK(rig.tenants.has_access(a, alice, "station"));

    REQUIRE(rig.tenants.remove_user(a, alice));
    for (const char* k : {"station", "softphone"}) {
        CAPTURE(k);
        CHECK(rig.system_used(k) == 0);
        CHECK(rig.node_used(a, k) == 0);
        CHECK(rig.node_used(zone, k) == 0);
    }
    CHECK(rig.parts.totals.assigned[rig.kind("station").value()] == 0);
    CHECK(rig.parts.totals.logged_in[rig.kind("softphone").value()] == 0);
    auto stale = rig.login(a, alice, "softphone");
    REQUIRE_FALSE(stale);
    CHECK(stale.error().code() == errc::unknown_user);
}

TEST_CASE("tenant_registry: how a kind is consumed decides assign or login", "[components][tenant_registry]") {
    tenant_rig rig{tenant_catalog(method_mixing::allowed)};
    rig.parts.entitle("station", 5);
    rig.parts.entitle("softphone", 5);
    rig.parts.entitle("access", 5);
    const auto a = rig.org("z", "a");
    const auto alice = rig.user(a, "alice");
    const auto bob = rig.user(a, "bob");

    auto login_station = rig.login(a, alice, "station");
    REQUIRE_FALSE(login_station);
    CHECK(login_station.error().code() == errc::consumption_mismatch);
    CHECK(login_station.error().context() == "login");
    auto assign_softphone = rig.assign(a, alice, "softphone");
    REQUIRE_FALSE(assign_softphone);
    CHECK(assign_softphone.error().code() == errc::consumption_mismatch);
    CHECK(assign_softphone.error().context() == "assign");
    CHECK(rig.system_used("station") == 0);
    CHECK(rig.system_used("softphone") == 0);

    // Consumed either way: either call takes it.
    CHECK(rig.assign(a, alice, "access"));
    CHECK(rig.login(a, bob, "access"));
    CHECK(rig.system_used("access") == 2);
    CHECK(rig.parts.totals.assigned[rig.kind("access").value()] == 1);
    CHECK(rig.parts.totals.logged_in[rig.kind("access").value()] == 1);
    // Given back the way it is held: a logout of an assigned license is not one.
    auto wrong_way = rig.tenants.give_license(a, alice, "access", true);
    REQUIRE_FALSE(wrong_way);
    CHECK(wrong_way.error().code() == errc::license_not_held);
    CHECK(rig.tenants.give_license(a, alice, "access", false));
    CHECK(rig.system_used("access") == 1);

    SECTION("kinds users cannot hold") {
        auto boolean = rig.assign(a, alice, "marquee");
        REQUIRE_FALSE(boolean);
        CHECK(boolean.error().code() == errc::not_counted);
        auto unknown = rig.login(a, alice, "fax");
        REQUIRE_FALSE(unknown);
        CHECK(unknown.error().code() == errc::unknown_kind);
    }
}

TEST_CASE("tenant_registry: method mixing is the catalog's to allow or refuse", "[components][tenant_registry]") {
    SECTION("refused: one method while licensed, either once all is given back") {
        tenant_rig rig{tenant_catalog(method_mixing::refused)};
        rig.parts.entitle("station", 5);
        rig.parts.entitle("softphone", 5);
        const auto a = rig.org("z", "a");
        const auto alice = rig.user(a, "alice");
        REQUIRE(rig.assign(a, alice, "station"));
        auto mixed = rig.login(a, alice, "softphone");
        REQUIRE_FALSE(mixed);
        CHECK(mixed.error().code() == errc::method_mismatch);
        CHECK(rig.system_used("softphone") == 0);
        REQUIRE(rig.tenants.give_license(a, alice, "station", false));
        REQUIRE(rig.login(a, alice, "softphone"));
        auto back = rig.assign(a, alice, "station");
        REQUIRE_FALSE(back);
        CHECK(back.error().code() == errc::method_mismatch);
    }
    SECTION("allowed: each license follows its kind") {
        tenant_rig rig{tenant_catalog(method_mixing::allowed)};
        rig.parts.entitle("station", 5);
        rig.parts.entitle("softphone", 5);
        const auto a = rig.org("z", "a");
        const auto alice = rig.user(a, "alice");
        CHECK(rig.assign(a, alice, "station"));
        CHECK(rig.login(a, alice, "softphone"));
    }
}

TEST_CASE("tenant_registry: a user holds a kind once, assigned or logged in", "[components][tenant_registry]") {
    tenant_rig rig{tenant_catalog(method_mixing::allowed)};
    rig.parts.entitle("station", 5);
    rig.parts.entitle("access", 5);
    const auto a = rig.org("z", "a");
    const auto alice = rig.user(a, "alice");
    REQUIRE(rig.assign(a, alice, "station"));
    auto twice = rig.assign(a, alice, "station");
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code() == errc::license_held);
    REQUIRE(rig.assign(a, alice, "access"));
    auto other_way = rig.login(a, alice, "access");
    REQUIRE_FALSE(other_way);
    CHECK(other_way.error().code() == errc::license_held);
    CHECK(rig.system_used("station") == 1);
    CHECK(rig.system_used("access") == 1);
}

TEST_CASE("tenant_registry: an organization's and a zone's max bind their users", "[components][tenant_registry]") {
    tenant_rig rig{tenant_catalog(method_mixing::allowed)};
    rig.parts.entitle("softphone", 20);
    const auto a = rig.org("z", "a");
    const auto b = rig.org("z", "b");
    const auto zone = *rig.parts.tree.find_zone("z");
    rig.configure(a, "softphone", limits{0, 2, 1});
    rig.configure(zone, "softphone", limits{0, 3, 1});

    REQUIRE(rig.login(a, rig.user(a, "a1"), "softphone"));
    REQUIRE(rig.login(a, rig.user(a, "a2"), "softphone"));
    auto over_org = rig.login(a, rig.user(a, "a3"), "softphone");
    REQUIRE_FALSE(over_org);
    CHECK(over_org.error().code() == errc::organization);
    CHECK(over_org.error().subject() == "z/a");
    CHECK(over_org.error().limit() == 2);

    REQUIRE(rig.login(b, rig.user(b, "b1"), "softphone"));
    auto over_zone = rig.login(b, rig.user(b, "b2"), "softphone");
    REQUIRE_FALSE(over_zone);
    CHECK(over_zone.error().code() == errc::zone);
    CHECK(over_zone.error().subject() == "z");
    CHECK(over_zone.error().limit() == 3);
    CHECK(rig.system_used("softphone") == 3);
    CHECK(rig.node_used(zone, "softphone") == 3);

    SECTION("a job's licenses count against the same max") {
        const auto c = rig.org("y", "c");
        rig.configure(c, "softphone", limits{0, 1, 1});
        // What a job's lease holds at the organization and zone (the take ladder's rungs).
        const auto r = rig.resource("softphone");
        rig.parts.tree.node_counters[rig.parts.tree.nodes[c].first_counter + r].force_take();
        rig.parts.tree.node_counters[rig.parts.tree.nodes[rig.parts.tree.nodes[c].parent].first_counter + r].force_take();
        auto with_job = rig.login(c, rig.user(c, "c1"), "softphone");
        REQUIRE_FALSE(with_job);
        CHECK(with_job.error().code() == errc::organization);
    }
}

TEST_CASE("tenant_registry: other tenants' unused mins are kept for them", "[components][tenant_registry]") {
    tenant_rig rig{tenant_catalog(method_mixing::allowed)};
    rig.parts.entitle("softphone", 12);
    const auto a = rig.org("z", "a");
    const auto b = rig.org("z", "b");
    const auto c = rig.org("y", "c");
    const auto zone_y = *rig.parts.tree.find_zone("y");
    rig.configure(b, "softphone", limits{4, unlimited, 1});
    // Another zone keeps the larger of its own min and its organizations' mins: 5.
    rig.configure(zone_y, "softphone", limits{3, unlimited, 1});
    rig.configure(c, "softphone", limits{5, unlimited, 1});

    // a's users: 12 less 4 (b's min) less 5 (zone y) leaves 3.
    for (int i = 0; i < 3; ++i) {
        REQUIRE(rig.login(a, rig.user(a, "a" + std::to_string(i)), "softphone"));
    }
    auto kept = rig.login(a, rig.user(a, "a3"), "softphone");
    REQUIRE_FALSE(kept);
    CHECK(kept.error().code() == errc::entitlement);
    CHECK(kept.error().context() == "kept");
    CHECK(kept.error().number() == 12);
    CHECK(rig.system_used("softphone") == 3);

    // A tenant's own min is not kept from its own users.
    REQUIRE(rig.login(b, rig.user(b, "b0"), "softphone"));
    // b's min is now 1 in use, 3 kept: a still has nothing.
    auto still_kept = rig.login(a, rig.tenants.find_user(a, "a3").value(), "softphone");
    REQUIRE_FALSE(still_kept);
    CHECK(still_kept.error().code() == errc::entitlement);
    // Zone y's users are not held back by their own zone's min.
    REQUIRE(rig.login(c, rig.user(c, "c0"), "softphone"));
    CHECK(rig.system_used("softphone") == 5);
}

TEST_CASE("tenant_registry: usage factors are added once, in order, and switched on and off",
          "[components][tenant_registry]") {
    tenant_rig rig{tenant_catalog(method_mixing::allowed)};
    auto gold = attribute_matches("template", "^gold");
    REQUIRE(gold);
    REQUIRE(rig.tenants.add_factor("direct_routing", [](const user_view& u) { return u.station; }));
    REQUIRE(rig.tenants.add_factor("by_template", *gold));
    auto twice = rig.tenants.add_factor("direct_routing", [](const user_view&) { return true; });
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code() == errc::duplicate_factor);
    CHECK(rig.tenants.factor_names() == std::vector<std::string>{"direct_routing", "by_template"});

    REQUIRE(rig.tenants.set_factor_enabled("direct_routing", false));
    CHECK_FALSE(rig.tenants.factors[0].enabled);
    CHECK(rig.tenants.factors[1].enabled);
    REQUIRE(rig.tenants.set_factor_enabled("direct_routing", true));
    CHECK(rig.tenants.factors[0].enabled);
    auto unknown = rig.tenants.set_factor_enabled("operator_connect", false);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code() == errc::unknown_factor);

    // The criteria are kept as given: the ready one reads the user's attributes.
    const auto a = rig.org("z", "a");
    const auto alice = rig.user(a, "alice");
    REQUIRE(rig.tenants.set_attribute(a, alice, "template", "gold-2024"));
    const auto& rec = rig.tenants.users[alice.value()];
    const user_view view{"z/a", rec.name, rec.station, &rec.attributes, &rec.assigned, &rec.logged_in};
    CHECK(rig.tenants.factors[1].criterion(view));
    CHECK_FALSE(rig.tenants.factors[0].criterion(view));
}

TEST_CASE("tenant_registry: a user of one tenant is unknown to another", "[components][tenant_registry]") {
    tenant_rig rig{tenant_catalog(method_mixing::allowed)};
    rig.parts.entitle("softphone", 5);
    const auto a = rig.org("z", "a");
    const auto b = rig.org("z", "b");
    const auto alice = rig.user(a, "alice");
    REQUIRE(rig.login(a, alice, "softphone"));

    CHECK(rig.tenants.find_user(b, "alice").error().code() == errc::unknown_user);
    CHECK(rig.login(b, alice, "access").error().code() == errc::unknown_user);
    CHECK(rig.tenants.give_license(b, alice, "softphone", true).error().code() == errc::unknown_user);
    CHECK(rig.tenants.set_attribute(b, alice, "k", "v").error().code() == errc::unknown_user);
    CHECK(rig.tenants.remove_user(b, alice).error().code() == errc::unknown_user);
    CHECK_FALSE(rig.tenants.has_access(b, alice, "softphone"));
    CHECK(rig.tenants.has_access(a, alice, "softphone"));
    CHECK(rig.tenants.users_of(b).empty());
    CHECK(rig.tenants.users_of(a) == std::vector<user_id>{alice});
    // Nothing done through the wrong tenant touched alice or her license.
    CHECK(rig.tenants.find_user(a, "alice"));
    CHECK(rig.system_used("softphone") == 1);
    CHECK(rig.tenants.users[alice.value()].attributes.empty());
}

TEST_CASE("tenant_registry: organization_users counts what a tenant's users hold, per resource",
          "[components][tenant_registry]") {
    tenant_rig rig{tenant_catalog(method_mixing::allowed)};
    rig.parts.entitle("station", 5);
    rig.parts.entitle("softphone", 5);
    const auto a = rig.org("z", "a");
    const auto b = rig.org("z", "b");
    const auto alice = rig.user(a, "alice");
    const auto bob = rig.user(a, "bob");
    REQUIRE(rig.assign(a, alice, "station"));
    REQUIRE(rig.login(a, alice, "softphone"));
    REQUIRE(rig.login(a, bob, "softphone"));
    REQUIRE(rig.login(b, rig.user(b, "carol"), "softphone"));

    CHECK(rig.tenants.organization_users(a, rig.resource("softphone")) == 2);
    CHECK(rig.tenants.organization_users(a, rig.resource("station")) == 1);
    CHECK(rig.tenants.organization_users(b, rig.resource("softphone")) == 1);
    CHECK(rig.tenants.organization_users(b, rig.resource("station")) == 0);
    REQUIRE(rig.tenants.give_license(a, bob, "softphone", true));
    CHECK(rig.tenants.organization_users(a, rig.resource("softphone")) == 1);
    REQUIRE(rig.tenants.remove_user(a, alice));
    CHECK(rig.tenants.organization_users(a, rig.resource("softphone")) == 0);
    CHECK(rig.tenants.organization_users(a, rig.resource("station")) == 0);
}

TEST_CASE("tenant_registry: the web portal preset, per-tenant licenses and a required server",
          "[components][tenant_registry]") {
    tenant_rig rig{presets::web_portal()};
    rig.parts.entitle("organization", 1);
    rig.parts.entitle("agent_user", 5);
    rig.parts.entitle("supervisor_user", 5);
    const auto a = rig.org("z", "a");
    auto second = rig.parts.tree.find_or_create_organization("z", "b");
    REQUIRE_FALSE(second);
    CHECK(second.error().code() == errc::entitlement);
    const auto alice = rig.user(a, "alice");

    auto no_server = rig.assign(a, alice, "agent_user");
    REQUIRE_FALSE(no_server);
    CHECK(no_server.error().code() == errc::not_operational);
    CHECK(rig.system_used("agent_user") == 0);

    rig.parts.entitle("server", 1);
    REQUIRE(rig.assign(a, alice, "agent_user"));
    auto mixed = rig.login(a, alice, "supervisor_user");
    REQUIRE_FALSE(mixed);
    CHECK(mixed.error().code() == errc::method_mismatch);
}
