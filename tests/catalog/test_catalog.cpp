#include <licpool/catalog/catalog.hpp>
#include <licpool/catalog/presets.hpp>

#include "licpool_catch.hpp"

#include <string>
#include <vector>

using licpool::catalog;
using licpool::errc;
using licpool::kind_spec;

namespace {
licpool::error refusal(std::vector<kind_spec> specs) {
    auto made = catalog::make("test", std::move(specs));
    REQUIRE_FALSE(made.has_value());
    return made.error();
}
} // namespace

TEST_CASE("a kind says how it is consumed; the catalog whether a user may mix", "[catalog][consumption]") {
    // DESIGN 5, issue 13 item 2.
    auto made = catalog::make("host", {
                                          kind_spec{"seat", 0x801},
                                          kind_spec{"phone", 0x802}.assigned(),
                                          kind_spec{"access", 0x803}.assigned_or_concurrent(),
                                      },
                              licpool::method_mixing::refused);
    REQUIRE(made);
    const auto& seat = (*made)[*made->find("seat")];
    const auto& phone = (*made)[*made->find("phone")];
    const auto& access = (*made)[*made->find("access")];
    CHECK(seat.consumed == licpool::consumption::concurrent);
    CHECK((seat.taken_by_login() && !seat.taken_by_assign()));
    CHECK(phone.consumed == licpool::consumption::assigned);
    CHECK((phone.taken_by_assign() && !phone.taken_by_login()));
    CHECK(access.consumed == licpool::consumption::either);
    CHECK((access.taken_by_assign() && access.taken_by_login()));
    CHECK(std::string{licpool::consumption_name(access.consumed)} == "when configured or while in use");
    CHECK(made->mixing() == licpool::method_mixing::refused);
    // Mixing is allowed unless a catalog says otherwise.
    CHECK(catalog::make("plain", {kind_spec{"seat", 0x801}})->mixing() == licpool::method_mixing::allowed);
    const auto relaxed = made->with_mixing(licpool::method_mixing::allowed);
    CHECK(relaxed.mixing() == licpool::method_mixing::allowed);
    CHECK(relaxed.size() == made->size());
}

TEST_CASE("a catalog resolves kinds by name, id and feature code", "[catalog]") {
    auto made = catalog::make("demo", {
                                          kind_spec{"voice_port", 0x801}.cap(100),
                                          kind_spec{"fax", 0x802}.boolean(),
                                          kind_spec{"desk_phone", 0x803}.assigned(),
                                      });
    REQUIRE(made);
    const catalog& c = *made;
    CHECK(c.name() == "demo");
    REQUIRE(c.size() == 3);

    const auto port = c.find("voice_port");
    REQUIRE(port);
    CHECK(c[*port].name == "voice_port");
    CHECK(c[*port].id == *port);
    CHECK(c[*port].platform_cap == 100);
    CHECK(c[*port].has_cap());
    CHECK(c[*port].is_counted());
    CHECK(c[*port].consumed == licpool::consumption::concurrent);

    const auto fax = c.find("fax");
    REQUIRE(fax);
    CHECK(c[*fax].is_boolean());
    CHECK_FALSE(c[*fax].has_cap());
    CHECK(c[*c.find("desk_phone")].consumed == licpool::consumption::assigned);

    CHECK(c.find_code(0x802) == fax.value());
    CHECK_FALSE(c.find_code(0x804).has_value());

    const auto missing = c.find("fax_port");
    REQUIRE_FALSE(missing);
    CHECK(missing.error() == licpool::error{errc::unknown_kind, "fax_port"});
}

TEST_CASE("display names default from the kind name", "[catalog]") {
    auto c = catalog::make("demo", {
                                       kind_spec{"enterprise_user", 0x801},
                                       kind_spec{"asr", 0x802}.display("ASR connection"),
                                       kind_spec{"box", 0x803}.display("box", "boxes"),
                                   });
    REQUIRE(c);
    const auto& user = (*c)[*c->find("enterprise_user")];
    CHECK(user.singular == "enterprise user");
    CHECK(user.plural == "enterprise users");
    CHECK((*c)[*c->find("asr")].plural == "ASR connections");
    CHECK((*c)[*c->find("box")].plural == "boxes");
}

TEST_CASE("tier groups list their kinds from the lowest tier up", "[catalog]") {
    auto c = catalog::make("demo", {
                                       kind_spec{"gold", 0x801}.tier("seat", 2),
                                       kind_spec{"bronze", 0x802}.tier("seat", 0),
                                       kind_spec{"silver", 0x803}.tier("seat", 1),
                                       kind_spec{"other", 0x804},
                                   });
    REQUIRE(c);
    const auto& group = c->tier_group(*c->find("silver"));
    REQUIRE(group.size() == 3);
    CHECK((*c)[group[0]].name == "bronze");
    CHECK((*c)[group[1]].name == "silver");
    CHECK((*c)[group[2]].name == "gold");
    CHECK(c->tier_group(*c->find("gold")) == group);
    CHECK(c->tier_group(*c->find("other")).empty());
}

TEST_CASE("bundles expand through nested bundles, multipliers multiplied", "[catalog][bundle]") {
    auto c = catalog::make("demo", {
                                       kind_spec{"user", 0x801},
                                       kind_spec{"phone", 0x802},
                                       kind_spec{"pack", 0x803}.contains("user", 2).contains("phone", 1),
                                       kind_spec{"crate", 0x804}.contains("pack", 5).contains("user", 3),
                                   });
    REQUIRE(c);
    const auto& crate = (*c)[*c->find("crate")];
    CHECK(crate.is_bundle());
    REQUIRE(crate.parts.size() == 2);
    REQUIRE(crate.expansion.size() == 2);
    CHECK(crate.expansion[0] == licpool::bundle_part{*c->find("user"), 13});
    CHECK(crate.expansion[1] == licpool::bundle_part{*c->find("phone"), 5});
    CHECK_FALSE((*c)[*c->find("user")].is_bundle());
    CHECK((*c)[*c->find("user")].expansion.empty());
}

TEST_CASE("required kinds are listed", "[catalog]") {
    auto c = catalog::make("demo", {kind_spec{"a", 0x801}, kind_spec{"server", 0x802}.boolean().required()});
    REQUIRE(c);
    REQUIRE(c->required_kinds().size() == 1);
    CHECK((*c)[c->required_kinds()[0]].name == "server");
}

TEST_CASE("a catalog with a duplicate name is refused", "[catalog][refusal]") {
    const auto e = refusal({kind_spec{"port", 0x801}, kind_spec{"seat", 0x802}, kind_spec{"port", 0x803}});
    CHECK(e == licpool::error{errc::duplicate_kind, "port"});
    CHECK(e.message() == "license kind 'port' is defined twice");
}

TEST_CASE("a catalog with a duplicate feature code is refused", "[catalog][refusal]") {
    const auto e = refusal({kind_spec{"port", 0x801}, kind_spec{"seat", 0x801}});
    CHECK(e.code() == errc::duplicate_feature_code);
    CHECK(e.subject() == "seat");
    CHECK(e.context() == "port");
    CHECK(e.message() == "kind 'seat' has feature code 0x801, which kind 'port' already has");
}

TEST_CASE("feature codes must fit in 12 bits and not be zero", "[catalog][refusal]") {
    const auto code = GENERATE(std::uint16_t{0}, std::uint16_t{0x1000}, std::uint16_t{0xFFFF});
    const auto e = refusal({kind_spec{"port", code}});
    CHECK(e.code() == errc::invalid_feature_code);
    CHECK(e.subject() == "port");
    CHECK(e.number() == code);
}

TEST_CASE("kind names are tokens a scenario file can hold", "[catalog][refusal]") {
    const char* bad = GENERATE("", "Port", "9port", "_port", "voice port", "port-1",
                               "a_name_that_is_far_too_long_to_be_a_kind_name_okay");
    CAPTURE(bad);
    const auto e = refusal({kind_spec{bad, 0x801}});
    CHECK(e.code() == errc::invalid_kind);
    CHECK(e.subject() == std::string{bad}.substr(0, licpool::error::subject_capacity));
}

TEST_CASE("a bundle naming an unknown kind is refused", "[catalog][refusal][bundle]") {
    const auto e = refusal({kind_spec{"pack", 0x801}.contains("ghost", 2)});
    CHECK(e == licpool::error{errc::unknown_bundle_part, "pack", "ghost"});
    CHECK(e.message() == "bundle 'pack' names kind 'ghost', which the catalog lacks");
}

TEST_CASE("bundles that contain themselves are refused", "[catalog][refusal][bundle]") {
    SECTION("directly") {
        const auto e = refusal({kind_spec{"pack", 0x801}.contains("pack", 1)});
        CHECK(e.code() == errc::bundle_cycle);
        CHECK(e.subject() == "pack");
    }
    SECTION("through two bundles") {
        const auto e = refusal({kind_spec{"a", 0x801}.contains("b", 1), kind_spec{"b", 0x802}.contains("a", 1)});
        CHECK(e.code() == errc::bundle_cycle);
    }
    SECTION("through three bundles, beside a kind that is fine") {
        const auto e = refusal({kind_spec{"x", 0x800}, kind_spec{"a", 0x801}.contains("b", 1).contains("x", 1),
                                kind_spec{"b", 0x802}.contains("c", 1), kind_spec{"c", 0x803}.contains("a", 1)});
        CHECK(e.code() == errc::bundle_cycle);
    }
}

TEST_CASE("a bundle is only a set of other kinds", "[catalog][refusal][bundle]") {
    SECTION("zero multiplier") {
        const auto e = refusal({kind_spec{"u", 0x801}, kind_spec{"pack", 0x802}.contains("u", 0)});
        CHECK(e.code() == errc::invalid_kind);
        CHECK(e.subject() == "pack");
    }
    SECTION("with a tier, cap, required flag or boolean counting") {
        auto spec = kind_spec{"pack", 0x802}.contains("u", 1);
        const int which = GENERATE(0, 1, 2, 3);
        if (which == 0) spec.tier("g", 1);
        if (which == 1) spec.cap(10);
        if (which == 2) spec.required();
        if (which == 3) spec.boolean();
        const auto e = refusal({kind_spec{"u", 0x801}, spec});
        CHECK(e.code() == errc::invalid_kind);
        CHECK(e.subject() == "pack");
    }
    SECTION("granting more than 32 bits of a kind") {
        const auto e = refusal({kind_spec{"u", 0x801}, kind_spec{"a", 0x802}.contains("u", 100000),
                                kind_spec{"b", 0x803}.contains("a", 100000)});
        CHECK(e.code() == errc::invalid_kind);
        CHECK(e.subject() == "b");
    }
}

TEST_CASE("tier groups must be consistent", "[catalog][refusal]") {
    SECTION("two kinds with one tier order") {
        const auto e = refusal({kind_spec{"a", 0x801}.tier("seat", 1), kind_spec{"b", 0x802}.tier("seat", 1)});
        CHECK(e.code() == errc::invalid_kind);
        CHECK(e.subject() == "b");
        CHECK(e.context() == "a");
    }
    SECTION("more than 8 tiers in one group (DESIGN 2: one nested seat limit per tier)") {
        std::vector<kind_spec> specs;
        for (int t = 0; t < 9; ++t) {
            specs.push_back(kind_spec{"tier_" + std::to_string(t), static_cast<std::uint16_t>(0x801 + t)}.tier("seat", static_cast<std::uint8_t>(t)));
        }
        const auto e = refusal(specs);
        CHECK(e.code() == errc::invalid_kind);
        CHECK(e.subject() == "tier_8");
        specs.pop_back();
        CHECK(catalog::make("eight", specs));
    }
    SECTION("a boolean kind in a tier group") {
        const auto e = refusal({kind_spec{"a", 0x801}.tier("seat", 1).boolean()});
        CHECK(e.code() == errc::invalid_kind);
    }
    SECTION("the same order in different groups is fine") {
        CHECK(catalog::make("t", {kind_spec{"a", 0x801}.tier("x", 1), kind_spec{"b", 0x802}.tier("y", 1)}));
    }
}

// Issue 14: the kinds the pool and the auditor give a role to are declared by the catalog,
// not found by name (DESIGN 2, roles).
TEST_CASE("a catalog declares which kind tenants consume and which is the agents' port", "[catalog][roles]") {
    const auto cc = licpool::presets::contact_center();
    CHECK(cc.agent_port_kind() == std::optional<licpool::kind_id>{*cc.find("telephony_port")});
    CHECK_FALSE(cc.tenant_kind());
    const auto portal = licpool::presets::web_portal();
    CHECK(portal.tenant_kind() == std::optional<licpool::kind_id>{*portal.find("organization")});
    CHECK_FALSE(portal.agent_port_kind());
    CHECK_FALSE(licpool::presets::pbx().tenant_kind());

    using licpool::kind_spec;
    const auto refused = [](std::vector<kind_spec> specs) {
        const auto c = licpool::catalog::make("c", std::move(specs));
        return !c && c.error().code() == licpool::errc::invalid_kind;
    };
    CHECK(refused({kind_spec{"a", 0x801}.consumed_per_tenant(), kind_spec{"b", 0x802}.consumed_per_tenant()}));
    CHECK(refused({kind_spec{"a", 0x801}.agent_port(), kind_spec{"b", 0x802}.agent_port()}));
    CHECK(refused({kind_spec{"a", 0x801}.boolean().consumed_per_tenant()}));
    CHECK(refused({kind_spec{"a", 0x801}.tier("seats", 0).agent_port()}));
    CHECK(refused({kind_spec{"a", 0x801}, kind_spec{"b", 0x802}.contains("a", 2).agent_port()}));
}
