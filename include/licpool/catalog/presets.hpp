// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CATALOG_PRESETS_HPP
#define LICPOOL_CATALOG_PRESETS_HPP

#include <licpool/catalog/catalog.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
// Ready catalogs for the three kinds of product licpool was built for (DESIGN 2).
//
// Feature codes are fixed forever and unique across every preset, so that a key issued for
// one catalog can never decode as a kind of another: contact center 0x1xx, PBX 0x2xx, web
// portal 0x3xx. Codes 0x800-0xFFF are left for hosts' own catalogs.
//
// The functions are templates with an unused parameter, called like plain functions, so that
// a preset (and the catalog's checks) is compiled only where it is made: scripts/compile-times.
namespace licpool::presets {

namespace detail {
// The presets are fixed data checked by the test suite, so making them cannot fail.
template <class Unused = void>
catalog make_checked(std::string name, std::vector<kind_spec> specs,
                            method_mixing mixing = method_mixing::allowed) {
    return *catalog::make(std::move(name), std::move(specs), mixing);
}
} // namespace detail

/// An outbound dialer on a voice portal (the POM seeds: pom-licensing-requirements.txt and
/// pom-license-settings.txt).
template <class Unused = void>
catalog contact_center() {
    return detail::make_checked(
        "contact_center",
        {
            // The platform runs at most 10,000 telephony ports per system (the POM seed); an
            // attached agent's nail-up port is one of them.
            kind_spec{"telephony_port", 0x101}.cap(10000).agent_port().display("telephony port"),
            // ASR and TTS: one connection per call using the resource, freed when it stops.
            kind_spec{"asr", 0x102}.display("ASR connection"),
            kind_spec{"tts", 0x103}.display("TTS connection"),
            // SMS and email licenses are counted: SMS and email campaigns hold one per message
            // in flight, split across zones, organizations and jobs like outbound ports. The
            // seed's boolean channel view of them is the channel: enabled while the
            // entitlement is non-zero.
            kind_spec{"sms", 0x104}.channel().display("SMS license"),
            kind_spec{"email", 0x105}.channel().display("email license"),
            // Ports for agentless notification campaigns. A notification call holds an outbound
            // port and a telephony port (the seed keeps outbound ports at or below the telephony
            // ports): each outbound port taken takes a telephony port too.
            kind_spec{"outbound_port", 0x106}.also_takes("telephony_port").display("outbound port"),
            // The licensing hierarchy: predictive serves predictive, preview and manual
            // campaigns; preview serves preview and manual; manual serves manual only.
            kind_spec{"manual_agent", 0x107}.tier("agent_seat", 0).display("manual agent"),
            kind_spec{"preview_agent", 0x108}.tier("agent_seat", 1).display("preview agent"),
            kind_spec{"predictive_agent", 0x109}.tier("agent_seat", 2).display("predictive agent"),
            // Agent desktop integration through the agent web API service. The seeds do not
            // say when a desktop consumes it, so a user (or a station) may hold it configured
            // or while logged in (DESIGN 5).
            kind_spec{"agent_web_api", 0x10A}.assigned_or_concurrent().display("agent web API service"),
            kind_spec{"external_selection", 0x10B}.display("external selection"),
        });
}

/// A PBX control unit (the IP Office seed: ipoffice-licenses.txt). Some licenses are consumed
/// when configured, others while in use, and one user may hold both (a UC bundle gives a user
/// Mobility and Phone Manager): mixing is allowed (DESIGN 5).
template <class Unused = void>
catalog pbx() {
    return detail::make_checked(
        "pbx",
        {
            // Third-party IP phones consume one instance each while registered (configured).
            kind_spec{"ip_endpoint", 0x201}.assigned().display("IP endpoint"),
            // A SIP trunk channel needs a license while it is in use.
            kind_spec{"sip_trunk_channel", 0x202}.display("SIP trunk channel"),
            // Consumed by a user being configured for any mobility feature.
            kind_spec{"mobility", 0x203}.assigned().display("mobility user"),
            kind_spec{"voicemail_pro", 0x204}.assigned().display("Voicemail Pro server"),
            // A system licenses 4 SoftConsoles at most (the IP Office seed). A PC
            // application, taken while it runs like Phone Manager (the seed does not say).
            kind_spec{"softconsole", 0x205}.cap(4).display("SoftConsole"),
            // Phone Manager modes need an instance available while the application runs.
            kind_spec{"phone_manager_pro", 0x206}.display("Phone Manager Pro user"),
            kind_spec{"phone_manager_pro_ip_audio", 0x207}.display("Phone Manager Pro IP audio user"),
            // Unified Communications for Small Business: each adds the matching number of
            // mobility, Phone Manager Pro and Phone Manager Pro IP audio licenses.
            kind_spec{"uc_small_business_20", 0x220}
                .contains("mobility", 20).contains("phone_manager_pro", 20).contains("phone_manager_pro_ip_audio", 20),
            kind_spec{"uc_small_business_25", 0x221}
                .contains("mobility", 25).contains("phone_manager_pro", 25).contains("phone_manager_pro_ip_audio", 25),
            kind_spec{"uc_small_business_30", 0x222}
                .contains("mobility", 30).contains("phone_manager_pro", 30).contains("phone_manager_pro_ip_audio", 30),
            kind_spec{"uc_small_business_50", 0x223}
                .contains("mobility", 50).contains("phone_manager_pro", 50).contains("phone_manager_pro_ip_audio", 50),
        });
}

/// A multi-tenant reporting portal (the web portal seed: web-portal-licensing.txt). Its access
/// licenses are allocated either way, but all of one user's the same way while it holds any:
/// mixing is refused (DESIGN 5).
template <class Unused = void>
catalog web_portal() {
    return detail::make_checked(
        "web_portal",
        {
            // Without the server license the portal does not run at all (the seed).
            kind_spec{"server", 0x301}.boolean().required().display("server"),
            // One per organization (tenant) created.
            kind_spec{"organization", 0x302}.assigned().consumed_per_tenant().display("organization"),
            // Access licenses: one system allocates some assigned (consumed while the user or
            // station has it) and some concurrent (consumed from login to logout) (DESIGN 5).
            kind_spec{"supervisor_user", 0x303}.assigned_or_concurrent().display("supervisor user"),
            kind_spec{"agent_user", 0x304}.assigned_or_concurrent().display("agent user"),
            kind_spec{"enterprise_user", 0x305}.assigned_or_concurrent().display("enterprise user"),
            // Optional system-wide features. Scheduled reports are a web portal feature: they need
            // the server license and an organization license (without one a system has only the
            // marquee); the marquee can be licensed alone.
            kind_spec{"scheduled_reports", 0x306}.boolean().needs("server").needs("organization").display(
                "scheduled reports feature"),
            kind_spec{"marquee", 0x307}.boolean().display("marquee feature"),
        },
        method_mixing::refused);
}

/// The preset called `name` (`contact_center`, `pbx` or `web_portal`), as the CLI and
/// scenario files name them.
template <class Unused = void>
[[nodiscard]] expected_in<catalog, Unused> by_name(std::string_view name) {
    if (name == "contact_center") {
        return contact_center();
    }
    if (name == "pbx") {
        return pbx();
    }
    if (name == "web_portal") {
        return web_portal();
    }
    return fail(errc::unknown_catalog).subject(name);
}

} // namespace licpool::presets
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CATALOG_PRESETS_HPP
