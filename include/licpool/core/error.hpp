// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_ERROR_HPP
#define LICPOOL_CORE_ERROR_HPP

#include <licpool/core/version.hpp>

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

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
    }
    return "unknown_error";
}

inline std::ostream& operator<<(std::ostream& out, errc code) { return out << to_string(code); }

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
    error(errc code, std::string_view subject, std::string_view context = {},
          std::int64_t number = 0, std::int64_t limit = 0, const char* note = nullptr) noexcept
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
        case errc::unknown_kind:
            out += "license kind " + subject + " is not in the catalog";
            break;
        case errc::unknown_catalog:
            out += "no preset catalog is called " + subject + " (contact_center, pbx, web_portal)";
            break;
        case errc::duplicate_kind:
            out += "license kind " + subject + " is defined twice";
            break;
        case errc::duplicate_feature_code:
            out += "kind " + subject + " has feature code " + hex(number_) +
                   ", which kind " + context + " already has";
            break;
        case errc::invalid_feature_code:
            out += "kind " + subject + " has feature code " + hex(number_) +
                   "; feature codes run from 0x001 to 0xFFF";
            break;
        case errc::unknown_bundle_part:
            out += "bundle " + subject + " names kind " + context + ", which the catalog lacks";
            break;
        case errc::bundle_cycle:
            out += "bundle " + subject + " contains itself through " + context;
            break;
        case errc::invalid_kind:
            out += "kind " + subject + ": ";
            out += note();
            break;
        }
        return out;
    }

    friend bool operator==(const error& a, const error& b) noexcept {
        return a.code_ == b.code_ && a.subject_.view() == b.subject_.view() &&
               a.context_.view() == b.context_.view() && a.number_ == b.number_ &&
               a.limit_ == b.limit_ && a.note() == b.note();
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
            size_ = static_cast<std::uint8_t>(std::min(text.size(), Capacity));
            cut_ = text.size() > Capacity;
            std::copy_n(text.data(), size_, chars_);
        }
        std::string_view view() const noexcept { return {chars_, size_}; }
        bool cut() const noexcept { return cut_; }

    private:
        char chars_[Capacity] = {};
        std::uint8_t size_ = 0;
        bool cut_ = false;
    };

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
