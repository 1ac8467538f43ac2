// DESIGN 5: users and stations, assigned and concurrent licenses, tenants.
#include "pool/pool_fixture.hpp"

using namespace licpool;
using licpool_test::pool_fixture;

namespace {
struct portal : pool_fixture {
    portal() : pool_fixture{presets::web_portal()} {
        entitle("server", 1);
        entitle("organization", 3);
        entitle("agent_user", 2);
        entitle("supervisor_user", 1);
    }
    licpool_test::test_pool::tenant_handle tenant(const std::string& name) {
        auto t = pool.tenant(org("default", name));
        REQUIRE(t);
        return *t;
    }
    std::uint32_t used(const std::string& kind) { return pool.system_usage(this->kind(kind)).in_use; }
};
} // namespace

TEST_CASE("an assigned license is consumed while the user has it", "[audit][users]") {
    portal f;
    auto acme = f.tenant("acme");
    const auto ann = *acme.add_user("ann");
    const auto bob = *acme.add_user("bob");
    REQUIRE(acme.assign(ann, "agent_user"));
    CHECK(f.used("agent_user") == 1);
    CHECK(acme.has_access(ann, "agent_user"));
    CHECK_FALSE(acme.has_access(bob, "agent_user"));
    CHECK(acme.assign(ann, "agent_user").error() == error{errc::license_held, "ann", "agent_user"});
    REQUIRE(acme.assign(bob, "agent_user"));
    const auto carl = *acme.add_user("carl");
    CHECK(acme.assign(carl, "agent_user").error() == error{errc::entitlement, "agent_user", {}, 2, 2});
    REQUIRE(acme.unassign(ann, "agent_user"));
    CHECK(f.used("agent_user") == 1);
    CHECK_FALSE(acme.has_access(ann, "agent_user"));
    CHECK(acme.unassign(ann, "agent_user").error().code() == errc::license_not_held);
    REQUIRE(acme.assign(carl, "agent_user"));
}

TEST_CASE("a concurrent license is consumed from login to logout", "[audit][users]") {
    portal f;
    auto acme = f.tenant("acme");
    const auto ann = *acme.add_user("ann");
    const auto bob = *acme.add_user("bob");
    REQUIRE(acme.login(ann, "supervisor_user"));
    const auto refused = acme.login(bob, "supervisor_user");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::entitlement);
    CHECK(refused.error().message() == "all 1 licensed supervisor_user are in use");
    REQUIRE(acme.logout(ann, "supervisor_user"));
    CHECK(acme.logout(ann, "supervisor_user").error().message() ==
          "user 'ann' holds no supervisor_user license logged in");
    REQUIRE(acme.login(bob, "supervisor_user"));
}

TEST_CASE("the web portal refuses mixing while a user holds licenses, not for life", "[audit][users]") {
    portal f;
    auto acme = f.tenant("acme");
    const auto ann = *acme.add_user("ann");
    REQUIRE(acme.login(ann, "agent_user"));
    const auto mixed = acme.assign(ann, "supervisor_user");
    REQUIRE_FALSE(mixed);
    CHECK(mixed.error() == error{errc::method_mismatch, "ann", "concurrent"});
    CHECK(f.used("supervisor_user") == 0);
    // Issue 13, item 2: a user that has given back every license takes either method next
    // (the seed fixes the method per user while licensed, not for life).
    REQUIRE(acme.logout(ann, "agent_user"));
    REQUIRE(acme.assign(ann, "agent_user"));
    CHECK(acme.login(ann, "supervisor_user").error() == error{errc::method_mismatch, "ann", "assigned"});
    CHECK(acme.login(ann, "agent_user").error() == error{errc::method_mismatch, "ann", "assigned"});
    CHECK(f.used("supervisor_user") == 0);
    const auto bob = *acme.add_user("bob");
    REQUIRE(acme.assign(bob, "agent_user"));
    CHECK(acme.login(bob, "supervisor_user").error() == error{errc::method_mismatch, "bob", "assigned"});
    REQUIRE(acme.unassign(bob, "agent_user"));
    CHECK(acme.login(bob, "supervisor_user"));
    CHECK(f.used("supervisor_user") == 1);
}

TEST_CASE("how a kind is consumed decides the call that takes it", "[audit][users][consumption]") {
    // Issue 13, item 2: the IP Office consumes Mobility when a user is configured for it and
    // Phone Manager while the application runs; a UC bundle gives one user both.
    pool_fixture f{presets::pbx()};
    f.entitle("mobility", 2);
    f.entitle("phone_manager_pro", 2);
    auto office = *f.pool.tenant(f.org("default", "office"));
    const auto alice = *office.add_user("alice");
    const auto bob = *office.add_user("bob");
    const auto in_use = [&](const char* kind) { return f.pool.system_usage(f.kind(kind)).in_use; };

    // The PBX lets one user mix: configured for Mobility, running Phone Manager.
    REQUIRE(office.assign(alice, "mobility"));
    REQUIRE(office.login(alice, "phone_manager_pro"));
    CHECK(office.has_access(alice, "mobility"));
    CHECK(office.has_access(alice, "phone_manager_pro"));

    // The other call is refused, naming the kind and how it is consumed; nothing changes.
    const auto by_login = office.login(bob, "mobility");
    REQUIRE_FALSE(by_login);
    CHECK(by_login.error() == error{errc::consumption_mismatch, "mobility", "login"});
    CHECK(by_login.error().message() ==
          "license kind 'mobility' is consumed when configured: a user takes it by assign, not login (DESIGN 5)");
    const auto by_assign = office.assign(bob, "phone_manager_pro");
    REQUIRE_FALSE(by_assign);
    CHECK(by_assign.error() == error{errc::consumption_mismatch, "phone_manager_pro", "assign"});
    CHECK(by_assign.error().message() ==
          "license kind 'phone_manager_pro' is consumed while in use: a user takes it by login, not assign (DESIGN 5)");
    CHECK(office.login(alice, "mobility").error().code() == errc::consumption_mismatch);
    CHECK(in_use("mobility") == 1);
    CHECK(in_use("phone_manager_pro") == 1);
    CHECK_FALSE(office.has_access(bob, "mobility"));
    CHECK_FALSE(office.has_access(bob, "phone_manager_pro"));

    // Each comes back by its own call.
    REQUIRE(office.logout(alice, "phone_manager_pro"));
    REQUIRE(office.unassign(alice, "mobility"));
    CHECK(in_use("mobility") == 0);
    CHECK(in_use("phone_manager_pro") == 0);
}

TEST_CASE("mixing is the catalog's setting, which a host may set over a preset", "[audit][users][consumption]") {
    pool_fixture f{presets::pbx().with_mixing(method_mixing::refused)};
    f.entitle("mobility", 2);
    f.entitle("phone_manager_pro", 2);
    auto office = *f.pool.tenant(f.org("default", "office"));
    const auto alice = *office.add_user("alice");
    REQUIRE(office.assign(alice, "mobility"));
    CHECK(office.login(alice, "phone_manager_pro").error() == error{errc::method_mismatch, "alice", "assigned"});
    CHECK(f.pool.system_usage(f.kind("phone_manager_pro")).in_use == 0);
    // The kind's own rule still comes first.
    CHECK(office.login(alice, "mobility").error().code() == errc::consumption_mismatch);
    REQUIRE(office.unassign(alice, "mobility"));
    CHECK(office.login(alice, "phone_manager_pro"));
}

TEST_CASE("a kind consumed either way is held once by a user, whichever way", "[audit][users][consumption]") {
    pool_fixture f; // contact center: agent_web_api is taken by assign or by login, mixing allowed
    f.entitle("agent_web_api", 3);
    auto tenant = *f.pool.tenant(f.org("default", "default"));
    const auto ann = *tenant.add_user("ann");
    REQUIRE(tenant.assign(ann, "agent_web_api"));
    CHECK(tenant.login(ann, "agent_web_api").error() == error{errc::license_held, "ann", "agent_web_api"});
    CHECK(f.pool.system_usage(f.kind("agent_web_api")).in_use == 1);
    // A kind consumed while in use is still refused to assign in the contact center.
    CHECK(tenant.assign(ann, "external_selection").error() ==
          error{errc::consumption_mismatch, "external_selection", "assign"});
}

TEST_CASE("without a required kind every assign and login is refused, naming it", "[audit][users]") {
    pool_fixture f{presets::web_portal()};
    f.entitle("organization", 1);
    f.entitle("agent_user", 5);
    auto acme = *f.pool.tenant(f.org("default", "acme"));
    const auto ann = *acme.add_user("ann");
    CHECK(acme.assign(ann, "agent_user").error() == error{errc::not_operational, "server"});
    CHECK(acme.login(ann, "agent_user").error() == error{errc::not_operational, "server"});
    f.entitle("server", 1);
    CHECK(acme.assign(ann, "agent_user"));
}

TEST_CASE("optional features are gated system-wide; boolean kinds are not handed out", "[audit][users]") {
    portal f;
    CHECK_FALSE(f.pool.enabled(f.kind("scheduled_reports")));
    f.entitle("scheduled_reports", 1);
    CHECK(f.pool.enabled(f.kind("scheduled_reports")));
    auto acme = f.tenant("acme");
    const auto ann = *acme.add_user("ann");
    CHECK(acme.assign(ann, "marquee").error().code() == errc::not_counted);
    CHECK(acme.assign(ann, "fax").error().code() == errc::unknown_kind);
}

TEST_CASE("stations hold assigned licenses like users", "[audit][users]") {
    pool_fixture f{presets::pbx()};
    f.entitle("ip_endpoint", 2);
    auto office = *f.pool.tenant(f.org("default", "office"));
    const auto phone = office.add_station("desk-101", {{"model", "sip-t46"}});
    REQUIRE(phone);
    REQUIRE(office.assign(*phone, "ip_endpoint"));
    CHECK(f.pool.system_usage(f.kind("ip_endpoint")).in_use == 1);
    REQUIRE(office.remove_user(*phone));
    CHECK(f.pool.system_usage(f.kind("ip_endpoint")).in_use == 0);
    CHECK(office.find_user("desk-101").error().code() == errc::unknown_user);
}

TEST_CASE("one tenant's users are never seen through another's handle", "[audit][users][tenants]") {
    portal f;
    auto acme = f.tenant("acme");
    auto globex = f.tenant("globex");
    const auto ann = *acme.add_user("ann");
    REQUIRE(acme.assign(ann, "agent_user"));
    CHECK(globex.find_user("ann").error().code() == errc::unknown_user);
    CHECK(globex.assign(ann, "supervisor_user").error().code() == errc::unknown_user);
    CHECK(globex.unassign(ann, "agent_user").error().code() == errc::unknown_user);
    CHECK(globex.remove_user(ann).error().code() == errc::unknown_user);
    CHECK(globex.set_attribute(ann, "team", "x").error().code() == errc::unknown_user);
    CHECK_FALSE(globex.has_access(ann, "agent_user"));
    CHECK(globex.users().empty());
    // The refusal names the asking tenant only.
    CHECK(globex.assign(ann, "agent_user").error().message().find("acme") == std::string::npos);
    CHECK(acme.has_access(ann, "agent_user"));
    // The same name in another tenant is another user.
    const auto other_ann = globex.add_user("ann");
    REQUIRE(other_ann);
    CHECK(*other_ann != ann);
    CHECK(acme.add_user("ann").error().code() == errc::duplicate_user);
}

TEST_CASE("every organization consumes an organization license; one more is refused", "[audit][tenants]") {
    portal f; // 3 organization licenses
    f.tenant("acme");
    f.tenant("globex");
    REQUIRE(f.pool.set_organization("east", "initech", {}));
    CHECK(f.used("organization") == 3);
    const auto refused = f.pool.organization("west", "umbrella");
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == error{errc::entitlement, "organization", {}, 3, 3});
    // Refused: neither the organization nor its new zone exists.
    CHECK_FALSE(f.pool.find_organization("west", "umbrella"));
    CHECK_FALSE(f.pool.find_zone("west"));
    // Naming an existing organization takes nothing more.
    CHECK(f.pool.organization("default", "acme"));
    CHECK(f.used("organization") == 3);
}

TEST_CASE("users and jobs share one entitlement", "[audit][users]") {
    pool_fixture f;
    f.entitle("agent_web_api", 3);
    auto org = f.org("default", "default");
    auto tenant = *f.pool.tenant(org);
    const auto ann = *tenant.add_user("ann");
    REQUIRE(tenant.assign(ann, "agent_web_api"));
    const auto job = f.start("desktop", "agent_web_api", 1, 0, 10, allocation_mode::reserved, org);
    std::vector<lease> held;
    f.take(job, "agent_web_api", 2, held);
    // DESIGN 5: the user's license is inside the organization too, so the organization, whose
    // share is the whole entitlement, is the first limit hit (DESIGN 4.4 order).
    CHECK(f.pool.acquire(job, "agent_web_api").error() == error{errc::organization, "default/default", "agent_web_api", 3, 3});
    CHECK(f.pool.system_usage(f.kind("agent_web_api")) == usage{3, 3});
}

// Issue 14: a host's own catalog names its kinds as it likes; the roles say which kind each
// tenant consumes and which kind an agent's nail-up port is (DESIGN 2, roles).
TEST_CASE("a host catalog's tenant license and agents' port are its own names", "[users][roles]") {
    auto kinds = catalog::make("host", {kind_spec{"tenant_license", 0x801}.assigned().consumed_per_tenant(),
                                        kind_spec{"trunk_port", 0x802}.agent_port(),
                                        kind_spec{"seat", 0x803}.tier("seats", 0),
                                        // named as the presets' kinds, but with no role here
                                        kind_spec{"organization", 0x804}, kind_spec{"telephony_port", 0x805}});
    REQUIRE(kinds);
    pool_fixture f{*kinds};
    f.entitle("tenant_license", 1);
    f.entitle("trunk_port", 5);
    f.entitle("seat", 5);
    f.entitle("organization", 9);
    f.entitle("telephony_port", 9);
    REQUIRE(f.pool.organization("east", "acme"));
    CHECK(f.pool.system_usage(f.kind("tenant_license")).in_use == 1);
    CHECK(f.pool.system_usage(f.kind("organization")).in_use == 0);
    // One tenant license: a second organization is refused.
    CHECK_FALSE(f.pool.organization("east", "globex"));
    const auto report = f.pool.audit();
    CHECK(report.find("tenant_license")->used == 1);
    CHECK(report.find("organization")->used == 0);
    // An agent's nail-up port is a trunk port.
    auto job = f.pool.start_job(job_spec{*f.pool.find_organization("east", "acme"), 1, 0, 5,
                                         allocation_mode::reserved, {}}.named("agents").agents("seat"));
    REQUIRE(job);
    REQUIRE(f.pool.attach_agent(*job, agent_id{1}));
    CHECK(f.pool.system_usage(f.kind("trunk_port")).in_use == 1);
    CHECK(f.pool.system_usage(f.kind("telephony_port")).in_use == 0);
}
