// licpool/fmt.hpp: {fmt} formatters for the public types.
#include <licpool/fmt.hpp>
#include <licpool/licpool.hpp>

#include "licpool_catch.hpp"

using namespace licpool;

TEST_CASE("errors, codes, ids, kinds and dates format as their text", "[fmt]") {
    CHECK(fmt::format("{}", error{errc::unknown_kind, "fax"}) == "unknown_kind: license kind 'fax' is not in the catalog");
    CHECK(fmt::format("{}", errc::mac_mismatch) == "mac_mismatch");
    CHECK(fmt::format("{:>14}", errc::expired) == "       expired");
    CHECK(fmt::format("{}/{}", job_id{7}, serial_number{"LP-1"}) == "7/LP-1");
    const auto catalog = presets::contact_center();
    CHECK(fmt::format("[{:<16}]", catalog[*catalog.find("telephony_port")]) == "[telephony_port  ]");
    CHECK(fmt::format("{}", date::from_ymd(2026, 11, 24)) == "2026-11-24");
    CHECK(fmt::format("{} {} {}", job_state::snoozed, allocation_mode::dynamic, finding_code::grace_period) ==
          "snoozed dynamic grace_period");
    CHECK(fmt::format("{}", recalculation_cause::donor_available) == "donor_available");
    CHECK(fmt::format("{}", refused_call::dial_out) == "dial_out");
}

TEST_CASE("a report formats as licpool audit prints it", "[fmt]") {
    compliance_report r;
    kind_usage ports;
    ports.name = "outbound_port";
    ports.entitled = 20;
    ports.used = 30;
    ports.exceeded = true;
    r.kinds.push_back(ports);
    r.tenants.push_back(tenant_usage{"east", "acme", 10, 3, 7, {{"voice", 3}}});
    r.findings.push_back(finding{finding_code::required_missing, "server", "required kind server has no license"});
    r.exceeded_messages.push_back("Total outbound ports have exceeded ...");
    CHECK(fmt::format("{}", r) == "outbound_port entitled=20 used=30 available=0 EXCEEDED\n"
                                  "tenant east/acme acquired=10 licensed=3 available=7 voice=3\n"
                                  "finding required_missing: required kind server has no license\n"
                                  "Total outbound ports have exceeded ...\n");
    CHECK(fmt::format("{}", r.findings[0]) == "finding required_missing: required kind server has no license");
}
