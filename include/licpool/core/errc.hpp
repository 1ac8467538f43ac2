// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
//
// The error codes: their stable numbers and names. The error value that carries a code with
// the values that explain it is in core/error.hpp, the message texts in
// core/detail/error_messages.hpp.
#ifndef LICPOOL_CORE_ERRC_HPP
#define LICPOOL_CORE_ERRC_HPP

#include <licpool/core/version.hpp>

#include <cstdint>
#include <iosfwd>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// Why a licpool operation was refused. The numeric values are stable across releases
/// (hosts store and compare them); new codes only ever get new numbers. Codes are grouped
/// by area in ranges of 20.
enum class errc : std::uint16_t {
    // -- general --------------------------------------------------------------------
    /// A name was looked up in the catalog and is not there (DESIGN 2).
    unknown_kind = 1,
    /// No preset catalog has the name asked for (DESIGN 2).
    unknown_catalog = 2,

    // -- catalog (DESIGN 2) -----------------------------------------------------------
    /// Two kinds of one catalog share a name.
    duplicate_kind = 20,
    /// Two kinds of one catalog share a feature code.
    duplicate_feature_code = 21,
    /// A feature code is 0 or does not fit in 12 bits.
    invalid_feature_code = 22,
    /// A bundle names a kind the catalog does not have.
    unknown_bundle_part = 23,
    /// A bundle contains itself, directly or through other bundles.
    bundle_cycle = 24,
    /// A kind is inconsistent in itself (bad name, zero multiplier, tier clash...).
    invalid_kind = 25,

    // -- feature keys (DESIGN 3) ----------------------------------------------------------
    // 40..46 are the validator's refusals, numbered in the order it checks them.
    /// The key text has a character that is not Crockford base32 (`number` is its 1-based
    /// position in the text as given, `context` the character), or, after removing `-` and
    /// spaces, not 32 characters (`number` is how many there were).
    malformed = 40,
    /// The key's version field (`number`) is not one this library reads, or a version 1 key
    /// sets flag bits that version 1 reserves (`number` is the flags, `note` says so).
    unsupported_version = 41,
    /// The key's MAC does not match: the key was mistyped, forged, or issued for another
    /// serial (`context`); the three are indistinguishable by design.
    mac_mismatch = 42,
    /// The key names a feature code (`number`) that the catalog (`context`) does not have.
    unknown_feature = 43,
    /// The key's issue day (`number`, days since 1970) is after the date it was checked
    /// against (`limit`).
    not_yet_valid = 44,
    /// The key's last valid day (`number`, days since 1970) is before the date it was
    /// checked against (`limit`).
    expired = 45,
    /// A different trial key for the same feature (`context`) was already installed on this
    /// serial: a trial is allowed once per serial and feature, ever.
    trial_already_used = 46,
    /// A key to be removed is not installed.
    key_not_installed = 47,
    /// A vendor secret is shorter (`number` bytes) than the minimum (`limit` bytes).
    secret_too_short = 48,
    /// A key cannot be issued: field `context` has the value `subject`, outside its range
    /// (`note` says what the range is).
    invalid_key_fields = 49,
    /// The serial provider reports no feature-key serial (the feature key was removed):
    /// no key can be checked (DESIGN 3). `subject` is the serial the installed keys, or a
    /// snapshot's, are bound to.
    serial_absent = 50,
    /// The serial provider reports serial `subject`, but the installed keys are bound to
    /// serial `context` (the feature key was swapped): a key of the new serial is installed
    /// once the old keys are removed, or the old serial is back (DESIGN 3).
    serial_changed = 51,

    // -- allocation (DESIGN 4) --------------------------------------------------------
    /// A required kind has no license: the product does not run (DESIGN 2, 4.4).
    not_operational = 60,
    /// The job is paused, stopped or snoozed (DESIGN 4.4).
    not_running = 61,
    /// The job already holds its max (DESIGN 4.4). Not a sign of hunger.
    job_max = 62,
    /// The job holds its whole quota (DESIGN 4.4).
    job_quota = 63,
    /// The job's organization holds its whole share (DESIGN 4.4).
    organization = 64,
    /// The job's zone holds its whole share (DESIGN 4.4).
    zone = 65,
    /// Every licensed instance of the kind is in use (DESIGN 4.4).
    entitlement = 66,
    /// No job has that id or name.
    unknown_job = 67,
    /// A job of that name exists already (names stay taken after a stop).
    duplicate_job = 68,
    /// A setting is out of range: priority 1..10, weight 1..1000, min above max.
    invalid_setting = 69,
    /// The job is not in a state the call accepts (pause needs a running job, ...).
    invalid_state = 70,
    /// The job was not started for that kind.
    kind_not_in_job = 71,
    /// The kind is boolean or a bundle, where a counted kind is needed.
    not_counted = 72,
    /// No zone or organization has that name or id.
    unknown_node = 73,
    /// The agent is not attached to any job (DESIGN 4.5).
    unknown_agent = 74,
    /// The agent is attached to a job already (DESIGN 4.5).
    agent_attached = 75,
    /// A seat kind is taken by attaching agents, or a campaign names a kind that is no seat.
    seat_kind = 76,
    /// The pool holds as many jobs or nodes as it can.
    capacity_exhausted = 77,
    /// The call does not fit where this pool takes its entitlement from (keys or polls).
    wrong_entitlement_source = 78,

    // -- users, tenants and the audit (DESIGN 5, 6) ----------------------------------------
    /// The catalog refuses mixing methods (DESIGN 5): the user holds licenses of the other
    /// method (`context`), and the call would mix them.
    method_mismatch = 80,
    /// No user of that tenant has that id or name.
    unknown_user = 81,
    /// The tenant has a user of that name already.
    duplicate_user = 82,
    /// The user holds a license of that kind already (assigned or logged in).
    license_held = 83,
    /// The user holds no license of that kind to give back.
    license_not_held = 84,
    /// No usage factor has that name.
    unknown_factor = 85,
    /// A usage factor's regular expression does not compile.
    invalid_pattern = 86,
    /// A usage factor of that name exists already.
    duplicate_factor = 87,
    /// The kind (`subject`) is not taken by that call (`context`, "assign" or "login"): an
    /// assigned kind is consumed when configured and taken by assign, a concurrent one while
    /// in use and taken by login (DESIGN 5).
    consumption_mismatch = 88,

    // -- node leases (DESIGN 7) ---------------------------------------------------------------
    /// A message names a lease fence the holder no longer has: it expired, was released or
    /// was force-released. Late messages from a former holder get this.
    stale_fence = 100,
    /// A holder's request id was answered before and its lease has ended: a retried or
    /// duplicated request never takes a second license.
    stale_request = 101,

    // -- snapshots (DESIGN 7) -----------------------------------------------------------------
    /// A snapshot line does not read (`number` is the line, `note` the problem): truncated,
    /// damaged or edited.
    snapshot_malformed = 110,
    /// The snapshot's MAC does not match its text: damaged, edited, or written under another
    /// vendor secret.
    snapshot_mac_mismatch = 111,
    /// The snapshot is of a format version this licpool does not read (`number`).
    snapshot_version = 112,
    /// The snapshot belongs to another system: another catalog, serial or entitlement source.
    snapshot_foreign = 113,
    /// A snapshot is read into a fresh pool only: this one has keys, nodes, jobs or users.
    snapshot_not_empty = 114,
    /// A file could not be read or written (`note` says which step).
    io_error = 115,
};

/// The stable name of a code, e.g. `"mac_mismatch"`: what logs, the CLI and snapshots show.
constexpr std::string_view to_string(errc code) noexcept {
    switch (code) {
    case errc::unknown_kind: return "unknown_kind";
    case errc::unknown_catalog: return "unknown_catalog";
    case errc::duplicate_kind: return "duplicate_kind";
    case errc::duplicate_feature_code: return "duplicate_feature_code";
    case errc::invalid_feature_code: return "invalid_feature_code";
    case errc::unknown_bundle_part: return "unknown_bundle_part";
    case errc::bundle_cycle: return "bundle_cycle";
    case errc::invalid_kind: return "invalid_kind";
    case errc::malformed: return "malformed";
    case errc::unsupported_version: return "unsupported_version";
    case errc::mac_mismatch: return "mac_mismatch";
    case errc::unknown_feature: return "unknown_feature";
    case errc::not_yet_valid: return "not_yet_valid";
    case errc::expired: return "expired";
    case errc::trial_already_used: return "trial_already_used";
    case errc::key_not_installed: return "key_not_installed";
    case errc::secret_too_short: return "secret_too_short";
    case errc::invalid_key_fields: return "invalid_key_fields";
    case errc::serial_absent: return "serial_absent";
    case errc::serial_changed: return "serial_changed";
    case errc::not_operational: return "not_operational";
    case errc::not_running: return "not_running";
    case errc::job_max: return "job_max";
    case errc::job_quota: return "job_quota";
    case errc::organization: return "organization";
    case errc::zone: return "zone";
    case errc::entitlement: return "entitlement";
    case errc::unknown_job: return "unknown_job";
    case errc::duplicate_job: return "duplicate_job";
    case errc::invalid_setting: return "invalid_setting";
    case errc::invalid_state: return "invalid_state";
    case errc::kind_not_in_job: return "kind_not_in_job";
    case errc::not_counted: return "not_counted";
    case errc::unknown_node: return "unknown_node";
    case errc::unknown_agent: return "unknown_agent";
    case errc::agent_attached: return "agent_attached";
    case errc::seat_kind: return "seat_kind";
    case errc::capacity_exhausted: return "capacity_exhausted";
    case errc::wrong_entitlement_source: return "wrong_entitlement_source";
    case errc::method_mismatch: return "method_mismatch";
    case errc::unknown_user: return "unknown_user";
    case errc::duplicate_user: return "duplicate_user";
    case errc::license_held: return "license_held";
    case errc::license_not_held: return "license_not_held";
    case errc::unknown_factor: return "unknown_factor";
    case errc::invalid_pattern: return "invalid_pattern";
    case errc::duplicate_factor: return "duplicate_factor";
    case errc::consumption_mismatch: return "consumption_mismatch";
    case errc::stale_fence: return "stale_fence";
    case errc::stale_request: return "stale_request";
    case errc::snapshot_malformed: return "snapshot_malformed";
    case errc::snapshot_mac_mismatch: return "snapshot_mac_mismatch";
    case errc::snapshot_version: return "snapshot_version";
    case errc::snapshot_foreign: return "snapshot_foreign";
    case errc::snapshot_not_empty: return "snapshot_not_empty";
    case errc::io_error: return "io_error";
    }
    return "unknown_error";
}

// Declared on std::basic_ostream<char, Traits> rather than std::ostream so that only <iosfwd> is
// needed here: <ostream> (a tenth of the library's compile time) is compiled by the hosts that
// print, which include it anyway (issue 15).
template <class Traits>
std::basic_ostream<char, Traits>& operator<<(std::basic_ostream<char, Traits>& out, errc code) {
    return out << to_string(code);
}

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CORE_ERRC_HPP
