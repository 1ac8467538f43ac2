// DESIGN 6: usage factors: each managed user counted once, by the first enabled factor.
#include "pool/pool_fixture.hpp"

using namespace licpool;
using licpool_test::pool_fixture;

namespace {
void factor(pool_fixture& f, const std::string& name, const std::string& attribute, const std::string& pattern) {
    auto criterion = attribute_matches(attribute, pattern);
    REQUIRE(criterion);
    REQUIRE(f.pool.add_usage_factor(name, *criterion));
}

const tenant_usage& tenant_in(const compliance_report& r, const std::string& name) {
    for (const auto& t : r.tenants) {
        if (t.name == name) {
            return t;
        }
    }
    FAIL("no tenant " << name);
    return r.tenants.front();
}

// The UMP-365 seed's factors, in its precedence.
void seed_factors(pool_fixture& f) {
    factor(f, "direct_routing", "calling", "^direct-routing$");
    factor(f, "operator_connect", "calling", "^operator-connect$");
    factor(f, "by_template", "template", ".");
    factor(f, "by_user_interface", "changed_in", "ump");
    factor(f, "service_numbers", "service", "fax|emergency");
}
} // namespace

TEST_CASE("the seed's example: 500 acquired, 370 currently licensed, 130 available", "[audit][factors]") {
    pool_fixture f;
    seed_factors(f);
    auto t = *f.pool.tenant(f.org("default", "contoso"));
    t.set_acquired(500);
    int n = 0;
    const auto add = [&](int count, std::map<std::string, std::string, std::less<>> attributes) {
        for (int i = 0; i < count; ++i) {
            REQUIRE(t.add_user("user" + std::to_string(n++), attributes));
        }
    };
    add(200, {{"calling", "direct-routing"}});
    add(100, {{"calling", "operator-connect"}});
    add(50, {{"changed_in", "ump-365 portal"}});
    add(20, {{"service", "fax"}});
    add(30, {{"department", "sales"}}); // managed by no factor: not counted
    const auto report = f.pool.audit();
    const auto& usage = tenant_in(report, "contoso");
    CHECK(usage.acquired == 500);
    CHECK(usage.licensed == 370);
    CHECK(usage.available == 130);
    REQUIRE(usage.factors.size() == 5);
    CHECK(usage.factors[0].factor == "direct_routing");
    CHECK(usage.factors[0].users == 200);
    CHECK(usage.factors[1].users == 100);
    CHECK(usage.factors[2].users == 0);
    CHECK(usage.factors[3].users == 50);
    CHECK(usage.factors[4].users == 20);
}

TEST_CASE("a user matching several factors is counted once, by the first", "[audit][factors]") {
    pool_fixture f;
    seed_factors(f);
    auto t = *f.pool.tenant(f.org("default", "contoso"));
    t.set_acquired(10);
    REQUIRE(t.add_user("both", {{"calling", "direct-routing"}, {"service", "emergency"}, {"template", "sales"}}));
    auto usage = tenant_in(f.pool.audit(), "contoso");
    CHECK(usage.licensed == 1);
    CHECK(usage.factors[0].users == 1);
    CHECK(usage.factors[2].users == 0);
    CHECK(usage.factors[4].users == 0);

    SECTION("switched off, a factor passes its users to the next that matches") {
        REQUIRE(f.pool.set_usage_factor_enabled("direct_routing", false));
        usage = tenant_in(f.pool.audit(), "contoso");
        CHECK(usage.licensed == 1);
        REQUIRE(usage.factors.size() == 4); // only enabled factors are listed
        CHECK(usage.factors[0].factor == "operator_connect");
        CHECK(usage.factors[1].factor == "by_template");
        CHECK(usage.factors[1].users == 1);
    }
    SECTION("with no factor enabled nothing is licensed") {
        for (const auto& name : f.pool.usage_factors()) {
            REQUIRE(f.pool.set_usage_factor_enabled(name, false));
        }
        usage = tenant_in(f.pool.audit(), "contoso");
        CHECK(usage.licensed == 0);
        CHECK(usage.available == 10);
        CHECK(usage.factors.empty());
    }
}

TEST_CASE("factors are defined once and applied to every tenant", "[audit][factors][tenants]") {
    pool_fixture f;
    factor(f, "voice", "calling", "voice");
    auto a = *f.pool.tenant(f.org("default", "a"));
    auto b = *f.pool.tenant(f.org("default", "b"));
    a.set_acquired(3);
    REQUIRE(a.add_user("x", {{"calling", "voice"}}));
    REQUIRE(b.add_user("y", {{"calling", "voicemail"}}));
    REQUIRE(b.add_user("z", {{"calling", "fax"}}));
    const auto report = f.pool.audit();
    CHECK(tenant_in(report, "a").licensed == 1);
    CHECK(tenant_in(report, "a").available == 2);
    CHECK(tenant_in(report, "b").licensed == 1);
    CHECK(tenant_in(report, "b").available == 0); // never below zero
}

TEST_CASE("the regex criterion searches an attribute; a missing one does not match", "[audit][factors]") {
    auto criterion = attribute_matches("number", "^\\+1(800|888)");
    REQUIRE(criterion);
    const std::map<std::string, std::string, std::less<>> toll_free{{"number", "+18005550100"}};
    const std::map<std::string, std::string, std::less<>> local{{"number", "+15125550100"}};
    const std::map<std::string, std::string, std::less<>> none{{"name", "+1800"}};
    CHECK((*criterion)(user_view{"t", "u", false, &toll_free, nullptr, nullptr}));
    CHECK_FALSE((*criterion)(user_view{"t", "u", false, &local, nullptr, nullptr}));
    CHECK_FALSE((*criterion)(user_view{"t", "u", false, &none, nullptr, nullptr}));
    auto anywhere = attribute_matches("name", "800");
    CHECK((*anywhere)(user_view{"t", "u", false, &none, nullptr, nullptr})); // unanchored
    const auto bad = attribute_matches("number", "([unclosed");
    REQUIRE_FALSE(bad);
    CHECK(bad.error() == error{errc::invalid_pattern, "number", "([unclosed"});
}

TEST_CASE("host predicates are criteria too; factor names are unique", "[audit][factors]") {
    pool_fixture f;
    REQUIRE(f.pool.add_usage_factor("stations", [](const user_view& u) { return u.station; }));
    CHECK(f.pool.add_usage_factor("stations", [](const user_view&) { return true; }).error().code() ==
          errc::duplicate_factor);
    CHECK(f.pool.set_usage_factor_enabled("ghost", false).error() == error{errc::unknown_factor, "ghost"});
    auto t = *f.pool.tenant(f.org("default", "o"));
    REQUIRE(t.add_station("lobby"));
    REQUIRE(t.add_user("ann"));
    CHECK(tenant_in(f.pool.audit(), "o").licensed == 1);
}
