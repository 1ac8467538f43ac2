#include <licpool/catalog/presets.hpp>

#include "licpool_catch.hpp"

#include <set>
#include <string>
#include <vector>

using licpool::catalog;
using licpool::consumption;
using licpool::counting;
using licpool::unlimited;

namespace {
struct expected_kind {
    const char* name;
    std::uint16_t code;
    counting counts;
    consumption consumed;
    std::uint32_t cap;
    const char* tier_group;
    int tier;
    bool required;
};

void check_preset(const catalog& c, const std::vector<expected_kind>& rows) {
    REQUIRE(c.size() == rows.size());
    for (const auto& row : rows) {
        CAPTURE(row.name);
        const auto id = c.find(row.name);
        REQUIRE(id);
        const auto& k = c[*id];
        CHECK(k.feature_code == row.code);
        CHECK(k.counts == row.counts);
        CHECK(k.consumed == row.consumed);
        CHECK(k.platform_cap == row.cap);
        CHECK(k.tier_group == row.tier_group);
        CHECK(k.tier == row.tier);
        CHECK(k.required == row.required);
        CHECK_FALSE(k.is_bundle());
    }
}

constexpr auto C = counting::counted;
constexpr auto B = counting::boolean;
constexpr auto conc = consumption::concurrent;
constexpr auto asg = consumption::assigned;
constexpr auto either = consumption::either;
} // namespace

TEST_CASE("contact_center matches the POM seeds", "[catalog][presets]") {
    const auto c = licpool::presets::contact_center();
    CHECK(c.name() == "contact_center");
    check_preset(c, {
                        {"telephony_port", 0x101, C, conc, 10000, "", 0, false},
                        {"asr", 0x102, C, conc, unlimited, "", 0, false},
                        {"tts", 0x103, C, conc, unlimited, "", 0, false},
                        {"sms", 0x104, C, conc, unlimited, "", 0, false},
                        {"email", 0x105, C, conc, unlimited, "", 0, false},
                        {"outbound_port", 0x106, C, conc, unlimited, "", 0, false},
                        {"manual_agent", 0x107, C, conc, unlimited, "agent_seat", 0, false},
                        {"preview_agent", 0x108, C, conc, unlimited, "agent_seat", 1, false},
                        {"predictive_agent", 0x109, C, conc, unlimited, "agent_seat", 2, false},
                        {"agent_web_api", 0x10A, C, either, unlimited, "", 0, false},
                        {"external_selection", 0x10B, C, conc, unlimited, "", 0, false},
                    });
    // The licensing hierarchy: manual < preview < predictive.
    const auto& seats = c.tier_group(*c.find("preview_agent"));
    REQUIRE(seats.size() == 3);
    CHECK(c[seats[0]].name == "manual_agent");
    CHECK(c[seats[1]].name == "preview_agent");
    CHECK(c[seats[2]].name == "predictive_agent");
    CHECK(c.required_kinds().empty());
    // SMS and email are counted licenses with the seed's channel view (DESIGN 2).
    CHECK(c[*c.find("sms")].channel);
    CHECK(c[*c.find("email")].channel);
    CHECK_FALSE(c[*c.find("outbound_port")].channel);
    // DESIGN 5: the seeds set no rule against one user holding both methods.
    CHECK(c.mixing() == licpool::method_mixing::allowed);
}

TEST_CASE("pbx matches the IP Office seed", "[catalog][presets]") {
    const auto c = licpool::presets::pbx();
    CHECK(c.name() == "pbx");
    REQUIRE(c.size() == 11);
    // DESIGN 5: a UC bundle gives one user Mobility (configured) and Phone Manager (running).
    CHECK(c.mixing() == licpool::method_mixing::allowed);
    const std::vector<expected_kind> plain = {
        {"ip_endpoint", 0x201, C, asg, unlimited, "", 0, false},
        {"sip_trunk_channel", 0x202, C, conc, unlimited, "", 0, false},
        {"mobility", 0x203, C, asg, unlimited, "", 0, false},
        {"voicemail_pro", 0x204, C, asg, unlimited, "", 0, false},
        {"softconsole", 0x205, C, conc, 4, "", 0, false},
        {"phone_manager_pro", 0x206, C, conc, unlimited, "", 0, false},
        {"phone_manager_pro_ip_audio", 0x207, C, conc, unlimited, "", 0, false},
    };
    for (const auto& row : plain) {
        CAPTURE(row.name);
        const auto& k = c[*c.find(row.name)];
        CHECK(k.feature_code == row.code);
        CHECK(k.consumed == row.consumed);
        CHECK(k.platform_cap == row.cap);
        CHECK_FALSE(k.is_bundle());
    }
    // UC for Small Business: N users = N mobility + N Phone Manager Pro + N IP audio.
    const std::vector<std::pair<const char*, std::uint32_t>> bundles = {
        {"uc_small_business_20", 20}, {"uc_small_business_25", 25},
        {"uc_small_business_30", 30}, {"uc_small_business_50", 50}};
    std::uint16_t code = 0x220;
    for (const auto& [name, users] : bundles) {
        CAPTURE(name);
        const auto& b = c[*c.find(name)];
        CHECK(b.feature_code == code++);
        REQUIRE(b.is_bundle());
        REQUIRE(b.expansion.size() == 3);
        CHECK(b.expansion[0] == licpool::bundle_part{*c.find("mobility"), users});
        CHECK(b.expansion[1] == licpool::bundle_part{*c.find("phone_manager_pro"), users});
        CHECK(b.expansion[2] == licpool::bundle_part{*c.find("phone_manager_pro_ip_audio"), users});
    }
}

TEST_CASE("web_portal matches the web portal seed", "[catalog][presets]") {
    const auto c = licpool::presets::web_portal();
    CHECK(c.name() == "web_portal");
    check_preset(c, {
                        {"server", 0x301, B, conc, unlimited, "", 0, true},
                        {"organization", 0x302, C, asg, unlimited, "", 0, false},
                        {"supervisor_user", 0x303, C, either, unlimited, "", 0, false},
                        {"agent_user", 0x304, C, either, unlimited, "", 0, false},
                        {"enterprise_user", 0x305, C, either, unlimited, "", 0, false},
                        {"scheduled_reports", 0x306, B, conc, unlimited, "", 0, false},
                        {"marquee", 0x307, B, conc, unlimited, "", 0, false},
                    });
    // DESIGN 5: all of one user's licenses are allocated one way while it holds any.
    CHECK(c.mixing() == licpool::method_mixing::refused);
    CHECK(c.with_mixing(licpool::method_mixing::allowed).mixing() == licpool::method_mixing::allowed);
    // The seed's own compliance message uses these names.
    const auto& user = c[*c.find("enterprise_user")];
    CHECK(user.singular == "enterprise user");
    CHECK(user.plural == "enterprise users");
    // Scheduled reports need the server and an organization license (issue 13, item 5).
    const auto& reports = c[*c.find("scheduled_reports")];
    CHECK(reports.needs == std::vector<licpool::kind_id>{*c.find("server"), *c.find("organization")});
    CHECK(c[*c.find("marquee")].needs.empty());
}

TEST_CASE("feature codes are unique across all presets", "[catalog][presets]") {
    std::set<std::uint16_t> codes;
    std::size_t kinds = 0;
    for (const auto& c : {licpool::presets::contact_center(), licpool::presets::pbx(), licpool::presets::web_portal()}) {
        for (const auto& k : c.kinds()) {
            codes.insert(k.feature_code);
            ++kinds;
            CHECK(k.feature_code < 0x800); // 0x800-0xFFF are left for hosts
        }
    }
    CHECK(codes.size() == kinds);
}

TEST_CASE("presets are found by name", "[catalog][presets]") {
    CHECK(licpool::presets::by_name("pbx")->name() == "pbx");
    CHECK(licpool::presets::by_name("web_portal")->size() == 7);
    const auto none = licpool::presets::by_name("pabx");
    REQUIRE_FALSE(none);
    CHECK(none.error() == licpool::error{licpool::errc::unknown_catalog, "pabx"});
}
