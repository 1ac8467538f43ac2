// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_ERROR_HPP
#define LICPOOL_CORE_ERROR_HPP

#include <licpool/core/errc.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/version.hpp>

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace licpool {

/// A refusal: a stable code plus the values that explain it.
///
/// The values are kept inline (names are cut at a fixed length) and the message is built
/// only when it is read, so creating an error on a hot path allocates nothing (DESIGN 1).
class error {
public:
    static constexpr std::size_t subject_capacity = 54;
    static constexpr std::size_t context_capacity = 30;

    explicit error(errc code) noexcept : code_{code} {}

    /// `subject` is the offending value (a kind, job, key...), `context` a second name
    /// the message needs (the kind of a job's refusal, say); `number` and `limit` are
    /// the figures involved; `note` must be a string literal (it is not copied).
    error(errc code, std::string_view subject, std::string_view context = {}, std::int64_t number = 0,
          std::int64_t limit = 0, const char* note = nullptr) noexcept
        : code_{code}, number_{number}, limit_{limit}, note_{note} {
        subject_.assign(subject);
        context_.assign(context);
    }

    errc code() const noexcept { return code_; }
    std::string_view subject() const noexcept { return subject_.view(); }
    std::string_view context() const noexcept { return context_.view(); }
    std::int64_t number() const noexcept { return number_; }
    std::int64_t limit() const noexcept { return limit_; }
    std::string_view note() const noexcept { return note_ ? std::string_view{note_} : std::string_view{}; }

    /// A sentence that names the offending value, e.g.
    /// `license kind 'fax_port' is not in the catalog`.
    std::string message() const {
        std::string out;
        out.reserve(96);
        const auto subject = quoted(subject_);
        const auto context = quoted(context_);
        switch (code_) {
        case errc::unknown_kind: detail::append(out, "license kind ", subject, " is not in the catalog"); break;
        case errc::unknown_catalog:
            detail::append(out, "no preset catalog is called ", subject, " (contact_center, pbx, web_portal)");
            break;
        case errc::duplicate_kind: detail::append(out, "license kind ", subject, " is defined twice"); break;
        case errc::duplicate_feature_code:
            detail::append(out, "kind ", subject, " has feature code ", hex(number_), ", which kind ", context,
                           " already has");
            break;
        case errc::invalid_feature_code:
            detail::append(out, "kind ", subject, " has feature code ", hex(number_),
                           "; feature codes run from 0x001 to 0xFFF");
            break;
        case errc::unknown_bundle_part:
            detail::append(out, "bundle ", subject, " names kind ", context, ", which the catalog lacks");
            break;
        case errc::bundle_cycle: detail::append(out, "bundle ", subject, " contains itself through ", context); break;
        case errc::invalid_kind: detail::append(out, "kind ", subject, ": ", filled_note()); break;
        case errc::not_operational:
            detail::append(out, "the pool is not operational: required kind ", subject, " has no license");
            break;
        case errc::not_running:
            detail::append(out, "job ", subject, " is ", std::string{context_.view()},
                           "; only a running job takes licenses");
            break;
        case errc::job_max:
            detail::append(out, "job ", subject, " holds its max of ", std::to_string(limit_), " ",
                           std::string{context_.view()});
            break;
        case errc::job_quota:
            detail::append(out, "job ", subject, " holds ", std::to_string(number_), " ", std::string{context_.view()},
                           ", its whole quota of ", std::to_string(limit_));
            break;
        case errc::organization:
            detail::append(out, "organization ", subject, " holds ", std::to_string(number_), " ",
                           std::string{context_.view()}, ", its whole share of ", std::to_string(limit_));
            break;
        case errc::zone:
            detail::append(out, "zone ", subject, " holds ", std::to_string(number_), " ", std::string{context_.view()},
                           ", its whole share of ", std::to_string(limit_));
            break;
        case errc::entitlement:
            if (limit_ == 0) {
                // Nothing to wait for: no license of the kind will come back by itself.
                detail::append(out, "no ", std::string{subject_.view()},
                               " is licensed; retry only once the entitlement changes");
            } else if (context_.view() == "zone minimums") {
                // DESIGN 7: a node lease is refused what the zones' minimums guarantee them.
                detail::append(out, "all ", std::to_string(limit_), " licensed ", std::string{subject_.view()},
                               " are lent to servers or kept for zone minimums");
            } else if (!context_.view().empty()) {
                // DESIGN 5: a tenant's user is refused what other tenants' minimums keep.
                detail::append(out, "all ", std::to_string(limit_), " licensed ", std::string{subject_.view()},
                               " are in use or kept for other tenants' minimums");
            } else {
                detail::append(out, "all ", std::to_string(limit_), " licensed ", std::string{subject_.view()},
                               " are in use");
            }
            break;
        case errc::unknown_job: detail::append(out, "no job is called ", subject); break;
        case errc::duplicate_job:
            detail::append(out, "a job called ", subject, " exists already (names stay taken after a stop)");
            break;
        case errc::invalid_setting: detail::append(out, subject, ": ", filled_note()); break;
        case errc::invalid_state:
            detail::append(out, "job ", subject, " is ", std::string{context_.view()}, "; ", filled_note());
            break;
        case errc::kind_not_in_job: detail::append(out, "job ", subject, " was not started for ", context); break;
        case errc::not_counted: detail::append(out, "kind ", subject, " ", filled_note()); break;
        case errc::unknown_node:
            detail::append(out, "no ", std::string{context_.view()}, " is called ", subject);
            break;
        case errc::unknown_agent:
            detail::append(out, "agent ", std::to_string(number_), " is not attached to any job");
            break;
        case errc::agent_attached:
            detail::append(out, "agent ", std::to_string(number_), " is attached to job ", subject, " already");
            break;
        case errc::seat_kind: detail::append(out, "kind ", subject, " ", filled_note()); break;
        case errc::capacity_exhausted:
            detail::append(out, "the pool holds as many ", std::string{subject_.view()}, " as it can (",
                           std::to_string(limit_), ")");
            break;
        case errc::wrong_entitlement_source: out += filled_note(); break;
        case errc::malformed:
            if (!context_.view().empty()) {
                detail::append(out, "key ", subject, ": ", character(context_.view()[0]), " at position ",
                               std::to_string(number_), " is not a key character");
            } else if (note_ != nullptr) {
                detail::append(out, "key ", subject, ": ");
                out += note();
            } else {
                detail::append(out, "key ", subject, " has ", std::to_string(number_),
                               " characters, not counting '-' and spaces; a key has ", std::to_string(limit_));
            }
            break;
        case errc::unsupported_version:
            if (note_ != nullptr) {
                detail::append(out, "key ", subject, " has flags ", std::to_string(number_), ": ");
                out += note();
            } else {
                detail::append(out, "key ", subject, " is a version ", std::to_string(number_),
                               " key; this licpool reads version ", std::to_string(limit_), " keys only");
            }
            break;
        case errc::mac_mismatch:
            detail::append(out, "key ", subject,
                           " does not check out: it is mistyped, or it was issued for another serial than ");
            out += context_.view().empty() ? std::string{"this system's"} : context;
            break;
        case errc::unknown_feature:
            detail::append(out, "key ", subject, " is for feature code ", hex(number_), ", which catalog ", context,
                           " does not have");
            break;
        case errc::not_yet_valid:
            detail::append(out, "key ", subject, " is valid from ", day(number_), " (today is ", day(limit_), ")");
            break;
        case errc::expired:
            detail::append(out, "key ", subject, " expired: its last valid day was ", day(number_), " (today is ",
                           day(limit_), ")");
            break;
        case errc::trial_already_used:
            detail::append(out, "key ", subject, " is a second trial of ", context,
                           " on this serial; a trial is allowed once per serial and feature");
            break;
        case errc::key_not_installed: detail::append(out, "key ", subject, " is not installed"); break;
        case errc::secret_too_short:
            detail::append(out, "the vendor secret is ", std::to_string(number_), " bytes long; it must be at least ",
                           std::to_string(limit_), " bytes");
            break;
        case errc::invalid_key_fields:
            detail::append(out, "cannot issue a key with ", std::string{context_.view()}, " ", subject, ": ");
            out += note();
            break;
        case errc::serial_absent:
            detail::append(out, "the serial provider reports no feature-key serial (the feature key is missing); keys "
                                "bound to serial ", subject, " count nothing and no key can be checked until it is back");
            break;
        case errc::serial_changed:
            detail::append(out, "the serial provider reports serial ", subject, " but the installed keys are bound to ",
                           context, ": put the feature key of ", context, " back, or remove its keys before installing keys of ",
                           subject);
            break;
        case errc::method_mismatch:
            detail::append(out, "user ", subject, " holds ", context_.view(), " licenses; its licenses are all ",
                           context_.view(), " or none are (DESIGN 5)");
            break;
        case errc::unknown_user:
            detail::append(out, "tenant ", context, " has no user ", subject);
            break;
        case errc::duplicate_user:
            detail::append(out, "tenant ", context, " has a user ", subject, " already");
            break;
        case errc::license_held:
            detail::append(out, "user ", subject, " holds a ", context_.view(), " license already");
            break;
        case errc::license_not_held:
            detail::append(out, "user ", subject, " holds no ", context_.view(), " license ", filled_note());
            break;
        case errc::consumption_mismatch:
            if (context_.view() == "login") {
                detail::append(out, "license kind ", subject,
                               " is consumed when configured: a user takes it by assign, not login (DESIGN 5)");
            } else if (context_.view() == "acquire") {
                detail::append(out, "license kind ", subject,
                               " is consumed when configured: a user takes it by assign; a job cannot acquire it "
                               "(DESIGN 5)");
            } else {
                detail::append(out, "license kind ", subject,
                               " is consumed while in use: a user takes it by login, not assign (DESIGN 5)");
            }
            break;
        case errc::unknown_factor:
            detail::append(out, "no usage factor is called ", subject);
            break;
        case errc::invalid_pattern:
            detail::append(out, "usage factor ", subject, ": pattern ", context, " is not a regular expression");
            break;
        case errc::duplicate_factor:
            detail::append(out, "a usage factor called ", subject, " exists already");
            break;
        case errc::stale_fence:
            detail::append(out, "holder ", subject, " has no live lease with fence ", std::to_string(number_),
                           " (it expired or was released): the message comes too late");
            break;
        case errc::stale_request:
            detail::append(out, "request ", std::to_string(number_), " of holder ", subject,
                           " was answered before and its lease has ended; a retry takes nothing");
            break;
        case errc::snapshot_malformed:
            detail::append(out, "snapshot line ", std::to_string(number_), ": ", filled_note());
            if (!subject_.view().empty()) {
                detail::append(out, " (", subject, ")");
            }
            break;
        case errc::snapshot_mac_mismatch:
            detail::append(out, "the snapshot's MAC does not match its text: it was damaged or edited, or written "
                                "under another vendor secret");
            break;
        case errc::snapshot_version:
            detail::append(out, "the snapshot is format version ", std::to_string(number_), "; this licpool reads up to ",
                           std::to_string(limit_));
            break;
        case errc::snapshot_foreign:
            detail::append(out, "the snapshot is of another system: its ", context_.view(), " is ", subject);
            break;
        case errc::snapshot_not_empty:
            detail::append(out, "a snapshot is read into a fresh pool only; this one has ", subject_.view());
            break;
        case errc::io_error:
            detail::append(out, "cannot ", filled_note(), " ", subject);
            break;
        }
        return out;
    }

    friend bool operator==(const error& a, const error& b) noexcept {
        return a.code_ == b.code_ && a.subject_.view() == b.subject_.view() && a.context_.view() == b.context_.view() &&
               a.number_ == b.number_ && a.limit_ == b.limit_ && a.note() == b.note();
    }
    friend bool operator!=(const error& a, const error& b) noexcept { return !(a == b); }
    friend bool operator==(const error& a, errc code) noexcept { return a.code_ == code; }
    friend bool operator!=(const error& a, errc code) noexcept { return a.code_ != code; }
    friend bool operator==(errc code, const error& a) noexcept { return a.code_ == code; }
    friend bool operator!=(errc code, const error& a) noexcept { return a.code_ != code; }

    /// `<code>: <message>`, as the CLI prints it.
    friend std::ostream& operator<<(std::ostream& out, const error& e) {
        return out << to_string(e.code_) << ": " << e.message();
    }

private:
    // A fixed-size string: copying a name into an error never allocates.
    template <std::size_t Capacity>
    class inline_text {
    public:
        void assign(std::string_view text) noexcept {
            std::size_t size = std::min(text.size(), Capacity);
            cut_ = text.size() > Capacity;
            // A cut UTF-8 name ends before the character that does not fit, never inside it.
            while (cut_ && size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0u) == 0x80u) {
                --size;
            }
            size_ = static_cast<std::uint8_t>(size);
            std::copy_n(text.data(), size_, chars_);
        }
        std::string_view view() const noexcept { return {chars_, size_}; }
        bool cut() const noexcept { return cut_; }

    private:
        char chars_[Capacity] = {};
        std::uint8_t size_ = 0;
        bool cut_ = false;
    };

    // A note may name the error's figures: "{number}" and "{limit}" are replaced by them.
    std::string filled_note() const {
        std::string out{note()};
        for (const auto& [key, value] : {std::pair<std::string_view, std::int64_t>{"{number}", number_},
                                         std::pair<std::string_view, std::int64_t>{"{limit}", limit_}}) {
            for (auto at = out.find(key); at != std::string::npos; at = out.find(key)) {
                out.replace(at, key.size(), std::to_string(value));
            }
        }
        return out;
    }

    template <std::size_t Capacity>
    static std::string quoted(const inline_text<Capacity>& text) {
        std::string out = "'";
        out += text.view();
        if (text.cut()) {
            out += "...";
        }
        out += "'";
        return out;
    }

    // A character of a key as a reader can see it: printable ASCII quoted, anything else
    // (a control character, a byte of UTF-8) as its byte value.
    static std::string character(char c) {
        if (c > ' ' && c < 0x7F) {
            return detail::concat("character '", std::string(1, c), "'");
        }
        std::string out = "byte 0x";
        constexpr char digits[] = "0123456789ABCDEF";
        const auto byte = static_cast<unsigned char>(c);
        out += digits[byte >> 4];
        out += digits[byte & 0xF];
        return out;
    }

    static std::string day(std::int64_t days_since_1970) {
        return date{static_cast<std::int32_t>(days_since_1970)}.to_string();
    }

    static std::string hex(std::int64_t value) {
        constexpr char digits[] = "0123456789ABCDEF";
        std::string out = "0x";
        auto v = static_cast<std::uint64_t>(value);
        char buffer[16];
        int n = 0;
        do {
            buffer[n++] = digits[v & 0xF];
            v >>= 4;
        } while (v != 0 || n < 3);
        while (n > 0) {
            out += buffer[--n];
        }
        return out;
    }

    errc code_;
    inline_text<subject_capacity> subject_;
    inline_text<context_capacity> context_;
    std::int64_t number_ = 0;
    std::int64_t limit_ = 0;
    const char* note_ = nullptr;
};

} // namespace licpool

#endif // LICPOOL_CORE_ERROR_HPP
