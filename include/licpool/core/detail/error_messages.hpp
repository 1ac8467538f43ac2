// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
//
// The message texts of the error codes, as a table of templates: one row per code, filled in
// with the error's values only when a message is read (DESIGN 1: a refusal on the hot path
// allocates nothing). Hosts, tests and the CLI's golden files compare these sentences, so a
// text changes only on purpose.
#ifndef LICPOOL_CORE_DETAIL_ERROR_MESSAGES_HPP
#define LICPOOL_CORE_DETAIL_ERROR_MESSAGES_HPP

#include <licpool/core/errc.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/version.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// The values of an error that its message can name.
struct message_values {
    std::string_view subject;
    bool subject_cut = false; // the subject was longer than an error keeps
    std::string_view context;
    bool context_cut = false;
    std::int64_t number = 0;
    std::int64_t limit = 0;
    const char* note = nullptr; // null and "" differ: a malformed key's message tells them apart
};

// A template is text with named fields in braces:
//   {subject} {context}              the name quoted, '...' marking a name that was cut
//   {subject_text} {context_text}    the name as it is, where the sentence reads it as a word
//   {number} {limit}                 the figures in decimal
//   {number_hex}                     a feature code: 0x and at least three hex digits
//   {number_day} {limit_day}         a day (days since 1970) as YYYY-MM-DD
//   {context_character}              the first character of `context`, as a reader can see it
//   {note}                           the note, its own {number} and {limit} filled in
//   {note_text}                      the note as given (the key messages never filled theirs)
// A brace that starts no known field is kept as written.

/// Picks the template for an error whose code words its message by the error's values.
using message_choice = std::string_view (*)(const message_values&);

/// A code's message: one template, or a function that picks one of several.
struct message_row {
    constexpr message_row(errc code_, std::string_view text_) noexcept : code{code_}, text{text_} {}
    constexpr message_row(errc code_, message_choice choose_) noexcept : code{code_}, choose{choose_} {}

    errc code;
    std::string_view text;
    message_choice choose = nullptr;
};

inline std::string_view malformed_message(const message_values& v) {
    if (!v.context.empty()) {
        return "key {subject}: {context_character} at position {number} is not a key character";
    }
    if (v.note != nullptr) {
        return "key {subject}: {note_text}";
    }
    return "key {subject} has {number} characters, not counting '-' and spaces; a key has {limit}";
}

inline std::string_view unsupported_version_message(const message_values& v) {
    // A note means the version is right but the key sets flag bits that version reserves.
    if (v.note != nullptr) {
        return "key {subject} has flags {number}: {note_text}";
    }
    return "key {subject} is a version {number} key; this licpool reads version {limit} keys only";
}

inline std::string_view mac_mismatch_message(const message_values& v) {
    // Without a serial the key was checked against the system's own.
    if (v.context.empty()) {
        return "key {subject} does not check out: it is mistyped, or it was issued for another serial than "
               "this system's";
    }
    return "key {subject} does not check out: it is mistyped, or it was issued for another serial than {context}";
}

inline std::string_view entitlement_message(const message_values& v) {
    if (v.limit == 0) {
        // Nothing to wait for: no license of the kind will come back by itself.
        return "no {subject_text} is licensed; retry only once the entitlement changes";
    }
    if (v.context == "zone minimums") {
        // DESIGN 7: a node lease is refused what the zones' minimums guarantee them.
        return "all {limit} licensed {subject_text} are lent to servers or kept for zone minimums";
    }
    if (!v.context.empty()) {
        // DESIGN 5: a tenant's user is refused what other tenants' minimums keep.
        return "all {limit} licensed {subject_text} are in use or kept for other tenants' minimums";
    }
    return "all {limit} licensed {subject_text} are in use";
}

inline std::string_view consumption_mismatch_message(const message_values& v) {
    // `context` is the call that was refused; the message names the call that takes the kind.
    if (v.context == "login") {
        return "license kind {subject} is consumed when configured: a user takes it by assign, not login (DESIGN 5)";
    }
    if (v.context == "acquire") {
        return "license kind {subject} is consumed when configured: a user takes it by assign; a job cannot "
               "acquire it (DESIGN 5)";
    }
    return "license kind {subject} is consumed while in use: a user takes it by login, not assign (DESIGN 5)";
}

inline std::string_view snapshot_malformed_message(const message_values& v) {
    // The subject, when there is one, is the part of the line that did not read.
    if (v.subject.empty()) {
        return "snapshot line {number}: {note}";
    }
    return "snapshot line {number}: {note} ({subject})";
}

/// Every code's message, in the order of the codes.
inline constexpr message_row message_rows[] = {
    // -- general
    {errc::unknown_kind, "license kind {subject} is not in the catalog"},
    {errc::unknown_catalog, "no preset catalog is called {subject} (contact_center, pbx, web_portal)"},
    // -- catalog
    {errc::duplicate_kind, "license kind {subject} is defined twice"},
    {errc::duplicate_feature_code, "kind {subject} has feature code {number_hex}, which kind {context} already has"},
    {errc::invalid_feature_code, "kind {subject} has feature code {number_hex}; feature codes run from 0x001 to 0xFFF"},
    {errc::unknown_bundle_part, "bundle {subject} names kind {context}, which the catalog lacks"},
    {errc::bundle_cycle, "bundle {subject} contains itself through {context}"},
    {errc::invalid_kind, "kind {subject}: {note}"},
    // -- feature keys
    {errc::malformed, &malformed_message},
    {errc::unsupported_version, &unsupported_version_message},
    {errc::mac_mismatch, &mac_mismatch_message},
    {errc::unknown_feature, "key {subject} is for feature code {number_hex}, which catalog {context} does not have"},
    {errc::not_yet_valid, "key {subject} is valid from {number_day} (today is {limit_day})"},
    {errc::expired, "key {subject} expired: its last valid day was {number_day} (today is {limit_day})"},
    {errc::trial_already_used,
     "key {subject} is a second trial of {context} on this serial; a trial is allowed once per serial and feature"},
    {errc::key_not_installed, "key {subject} is not installed"},
    {errc::secret_too_short, "the vendor secret is {number} bytes long; it must be at least {limit} bytes"},
    {errc::invalid_key_fields, "cannot issue a key with {context_text} {subject}: {note_text}"},
    {errc::serial_absent,
     "the serial provider reports no feature-key serial (the feature key is missing); keys bound to serial "
     "{subject} count nothing and no key can be checked until it is back"},
    {errc::serial_changed,
     "the serial provider reports serial {subject} but the installed keys are bound to {context}: put the feature "
     "key of {context} back, or remove its keys before installing keys of {subject}"},
    // -- allocation
    {errc::not_operational, "the pool is not operational: required kind {subject} has no license"},
    {errc::not_running, "job {subject} is {context_text}; only a running job takes licenses"},
    {errc::job_max, "job {subject} holds its max of {limit} {context_text}"},
    {errc::job_quota, "job {subject} holds {number} {context_text}, its whole quota of {limit}"},
    {errc::organization, "organization {subject} holds {number} {context_text}, its whole share of {limit}"},
    {errc::zone, "zone {subject} holds {number} {context_text}, its whole share of {limit}"},
    {errc::entitlement, &entitlement_message},
    {errc::unknown_job, "no job is called {subject}"},
    {errc::duplicate_job, "a job called {subject} exists already (names stay taken after a stop)"},
    {errc::invalid_setting, "{subject}: {note}"},
    {errc::invalid_state, "job {subject} is {context_text}; {note}"},
    {errc::kind_not_in_job, "job {subject} was not started for {context}"},
    {errc::not_counted, "kind {subject} {note}"},
    {errc::unknown_node, "no {context_text} is called {subject}"},
    {errc::unknown_agent, "agent {number} is not attached to any job"},
    {errc::agent_attached, "agent {number} is attached to job {subject} already"},
    {errc::seat_kind, "kind {subject} {note}"},
    {errc::capacity_exhausted, "the pool holds as many {subject_text} as it can ({limit})"},
    {errc::wrong_entitlement_source, "{note}"},
    // -- users, tenants and the audit
    {errc::method_mismatch,
     "user {subject} holds {context_text} licenses; its licenses are all {context_text} or none are (DESIGN 5)"},
    {errc::unknown_user, "tenant {context} has no user {subject}"},
    {errc::duplicate_user, "tenant {context} has a user {subject} already"},
    {errc::license_held, "user {subject} holds a {context_text} license already"},
    {errc::license_not_held, "user {subject} holds no {context_text} license {note}"},
    {errc::unknown_factor, "no usage factor is called {subject}"},
    {errc::invalid_pattern, "usage factor {subject}: pattern {context} is not a regular expression"},
    {errc::duplicate_factor, "a usage factor called {subject} exists already"},
    {errc::consumption_mismatch, &consumption_mismatch_message},
    // -- node leases
    {errc::stale_fence,
     "holder {subject} has no live lease with fence {number} (it expired or was released): the message comes too "
     "late"},
    {errc::stale_request,
     "request {number} of holder {subject} was answered before and its lease has ended; a retry takes nothing"},
    // -- snapshots
    {errc::snapshot_malformed, &snapshot_malformed_message},
    {errc::snapshot_mac_mismatch,
     "the snapshot's MAC does not match its text: it was damaged or edited, or written under another vendor "
     "secret"},
    {errc::snapshot_version, "the snapshot is format version {number}; this licpool reads up to {limit}"},
    {errc::snapshot_foreign, "the snapshot is of another system: its {context_text} is {subject}"},
    {errc::snapshot_not_empty, "a snapshot is read into a fresh pool only; this one has {subject_text}"},
    {errc::io_error, "cannot {note} {subject}"},
};

// The functions that fill a message in are templates with an unused parameter only so that
// they, and the string building they do, are compiled where a message is read, not in every
// file that includes an error (scripts/compile-times).
template <class Unused = void>
void append_quoted(std::string& out, std::string_view name, bool cut) {
    append(out, "'", name, cut ? "...'" : "'");
}

template <class Unused = void>
void append_hex(std::string& out, std::int64_t value) {
    constexpr char digits[] = "0123456789ABCDEF";
    auto v = static_cast<std::uint64_t>(value);
    char buffer[16];
    int n = 0;
    do {
        buffer[n++] = digits[v & 0xF];
        v >>= 4;
    } while (v != 0 || n < 3);
    out += "0x";
    while (n > 0) {
        out += buffer[--n];
    }
}

// A character of a key as a reader can see it: printable ASCII quoted, anything else
// (a control character, a byte of UTF-8) as its byte value.
template <class Unused = void>
void append_character(std::string& out, char c) {
    if (c > ' ' && c < 0x7F) {
        append(out, "character '", std::string_view{&c, 1}, "'");
        return;
    }
    constexpr char digits[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(c);
    out += "byte 0x";
    out += digits[byte >> 4];
    out += digits[byte & 0xF];
}

template <class Unused = void>
void append_day(std::string& out, std::int64_t days_since_1970) {
    out += date{static_cast<std::int32_t>(days_since_1970)}.to_string();
}

// Copies `text` to `out`, handing each `{name}` to `field`, which appends the field's value and
// says whether it knows the name. One pass over the text: a value is never read as a template.
template <class Field>
void fill_template(std::string& out, std::string_view text, const Field& field) {
    std::size_t at = 0;
    while (at < text.size()) {
        const auto open = text.find('{', at);
        const auto close = open == std::string_view::npos ? open : text.find('}', open);
        if (close == std::string_view::npos) {
            break;
        }
        out.append(text.substr(at, open - at));
        if (field(text.substr(open + 1, close - open - 1))) {
            at = close + 1;
        } else {
            // Not a field: the brace is text, and a field may start right after it.
            out += '{';
            at = open + 1;
        }
    }
    out.append(text.substr(at));
}

// A note may name the error's figures, and only those: "{number}" and "{limit}".
template <class Unused = void>
void append_note(std::string& out, const message_values& v) {
    if (v.note == nullptr) {
        return;
    }
    fill_template(out, v.note, [&](std::string_view name) {
        if (name == "number" || name == "limit") {
            out += std::to_string(name == "number" ? v.number : v.limit);
            return true;
        }
        return false;
    });
}

template <class Unused = void>
bool append_field(std::string& out, std::string_view name, const message_values& v) {
    if (name == "subject") {
        append_quoted(out, v.subject, v.subject_cut);
    } else if (name == "context") {
        append_quoted(out, v.context, v.context_cut);
    } else if (name == "subject_text") {
        out.append(v.subject);
    } else if (name == "context_text") {
        out.append(v.context);
    } else if (name == "number") {
        out += std::to_string(v.number);
    } else if (name == "limit") {
        out += std::to_string(v.limit);
    } else if (name == "number_hex") {
        append_hex(out, v.number);
    } else if (name == "number_day") {
        append_day(out, v.number);
    } else if (name == "limit_day") {
        append_day(out, v.limit);
    } else if (name == "context_character") {
        if (!v.context.empty()) {
            append_character(out, v.context[0]);
        }
    } else if (name == "note") {
        append_note(out, v);
    } else if (name == "note_text") {
        if (v.note != nullptr) {
            out += v.note;
        }
    } else {
        return false;
    }
    return true;
}

/// The message of an error of code `code` with values `v`; empty for a number no code has.
template <class Unused = void>
std::string error_message(errc code, const message_values& v) {
    std::string out;
    for (const auto& row : message_rows) {
        if (row.code == code) {
            out.reserve(96);
            const auto text = row.choose != nullptr ? row.choose(v) : row.text;
            fill_template(out, text, [&](std::string_view name) { return append_field(out, name, v); });
            break;
        }
    }
    return out;
}

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CORE_DETAIL_ERROR_MESSAGES_HPP
