// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_FEATURE_KEY_HPP
#define LICPOOL_KEYS_FEATURE_KEY_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/keys/crockford_base32.hpp>
#include <licpool/keys/hmac_sha256.hpp>
#include <licpool/keys/mac_policy.hpp>
#include <licpool/keys/serial_provider.hpp>
#include <licpool/keys/vendor_secret.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
// The feature-key format (DESIGN 3): 32 Crockford base32 characters, 160 bits,
//
//   bits    0-3  version         4   (1)
//           4-15 feature code   12   the kind's code in the catalog
//          16-31 count          16
//          32-47 issue day      16   days since 2020-01-01
//          48-59 validity days  12   0 = perpetual
//          60-63 flags           4   bit value 1 = trial; the others reserved (0)
//         64-159 MAC            96   leftmost 96 bits of
//                                    Mac(vendor secret, serial || bytes 0-7 of the key)
//
// every field big-endian, bit 0 the most significant bit of the first character.
namespace licpool {

/// Characters in a key, separators not counted.
inline constexpr std::size_t key_length = 32;
/// Bytes in a key: 32 characters of 5 bits.
inline constexpr std::size_t key_size = 20;
/// The key format version this library issues and reads.
inline constexpr std::uint8_t key_version = 1;
/// Day 0 of a key's issue-day field.
inline constexpr date key_epoch = date::from_ymd(2020, 1, 1);
/// The last day a key can be issued on: the issue-day field is 16 bits.
inline constexpr date key_last_issue_day = key_epoch + 0xFFFF;
/// The longest validity a key can state: the field is 12 bits.
inline constexpr std::uint16_t max_validity_days = 0xFFF;
/// How long a trial is valid, whatever its validity field says (DESIGN 3).
inline constexpr std::uint16_t trial_days = 60;
/// Flag bit: the key is a trial.
inline constexpr std::uint8_t key_flag_trial = 0x1;
/// The flag bits version 1 defines; the others must be 0.
inline constexpr std::uint8_t key_flags_known = key_flag_trial;

/// The 160 bits of a key, field by field, as they are laid out: no meaning given to them
/// yet. `encode_key` and `decode_key` are exact inverses for every value that fits its
/// field; a value too wide for its field is cut to the field's width.
struct key_layout {
    std::uint8_t version = key_version;   ///< 4 bits
    std::uint16_t feature_code = 0;       ///< 12 bits
    std::uint16_t count = 0;              ///< 16 bits
    std::uint16_t issue_day = 0;          ///< 16 bits, days since 2020-01-01
    std::uint16_t validity_days = 0;      ///< 12 bits, 0 = perpetual
    std::uint8_t flags = 0;               ///< 4 bits
    std::array<std::uint8_t, key_mac_size> mac{}; ///< 96 bits

    date issued() const noexcept { return key_epoch + issue_day; }
    bool trial() const noexcept { return (flags & key_flag_trial) != 0; }

    /// The key as 20 bytes, most significant first.
    std::array<std::uint8_t, key_size> bytes() const noexcept {
        std::array<std::uint8_t, key_size> b{};
        b[0] = static_cast<std::uint8_t>((version & 0xF) << 4 | ((feature_code >> 8) & 0xF));
        b[1] = static_cast<std::uint8_t>(feature_code);
        b[2] = static_cast<std::uint8_t>(count >> 8);
        b[3] = static_cast<std::uint8_t>(count);
        b[4] = static_cast<std::uint8_t>(issue_day >> 8);
        b[5] = static_cast<std::uint8_t>(issue_day);
        b[6] = static_cast<std::uint8_t>((validity_days >> 4) & 0xFF);
        b[7] = static_cast<std::uint8_t>((validity_days & 0xF) << 4 | (flags & 0xF));
        for (std::size_t i = 0; i < key_mac_size; ++i) {
            b[8 + i] = mac[i];
        }
        return b;
    }

    /// The first 64 bits: what the MAC covers, after the serial.
    std::array<std::uint8_t, 8> head() const noexcept {
        const auto all = bytes();
        std::array<std::uint8_t, 8> out{};
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = all[i];
        }
        return out;
    }

    static key_layout from_bytes(const std::array<std::uint8_t, key_size>& b) noexcept {
        key_layout k;
        k.version = static_cast<std::uint8_t>(b[0] >> 4);
        k.feature_code = static_cast<std::uint16_t>((b[0] & 0xF) << 8 | b[1]);
        k.count = static_cast<std::uint16_t>(b[2] << 8 | b[3]);
        k.issue_day = static_cast<std::uint16_t>(b[4] << 8 | b[5]);
        k.validity_days = static_cast<std::uint16_t>(b[6] << 4 | b[7] >> 4);
        k.flags = static_cast<std::uint8_t>(b[7] & 0xF);
        for (std::size_t i = 0; i < key_mac_size; ++i) {
            k.mac[i] = b[8 + i];
        }
        return k;
    }

    friend bool operator==(const key_layout& a, const key_layout& b) noexcept {
        return a.version == b.version && a.feature_code == b.feature_code && a.count == b.count &&
               a.issue_day == b.issue_day && a.validity_days == b.validity_days && a.flags == b.flags &&
               a.mac == b.mac;
    }
    friend bool operator!=(const key_layout& a, const key_layout& b) noexcept { return !(a == b); }
};

/// The canonical text of a key: 32 upper-case characters, no separators.
// This, decode_key and canonical_key are templates (never given a template argument) only so
// that their string and expected code is compiled where they are called (issue 15).
template <class Unused = void>
std::string encode_key(const key_layout& k) { return crockford_encode(k.bytes()); }

namespace detail {
/// The 32 symbol values of a key's text, or why it is no key: check 1 of DESIGN 3, as
/// `decode_key` documents it. The symbols go to the stack, and those past the 32nd are only
/// counted, so that reading a key allocates nothing (issue 16). A bad character anywhere is
/// reported before a length.
template <class Unused = void>
[[nodiscard]] expected_in<std::array<std::uint8_t, key_length>, Unused> key_symbols(std::string_view text) {
    std::array<std::uint8_t, key_length> symbols{};
    std::size_t count = 0;
    const std::size_t bad = crockford_scan(text, [&](std::uint8_t value) {
        if (count < key_length) {
            symbols[count] = value;
        }
        ++count;
    });
    if (bad != std::string_view::npos) {
        return crockford_refusal(text, bad);
    }
    if (count != key_length) {
        return fail(errc::malformed)
            .subject(text)
            .number(static_cast<std::int64_t>(count))
            .limit(static_cast<std::int64_t>(key_length));
    }
    return symbols;
}

/// The fields 32 symbols lay out.
inline key_layout key_layout_of(const std::array<std::uint8_t, key_length>& symbols) noexcept {
    // 32 symbols of 5 bits are exactly 20 bytes: 8 symbols make 5 bytes.
    std::array<std::uint8_t, key_size> b{};
    for (std::size_t group = 0; group < 4; ++group) {
        std::uint64_t forty_bits = 0;
        for (std::size_t i = 0; i < 8; ++i) {
            forty_bits = forty_bits << 5 | symbols[group * 8 + i];
        }
        for (std::size_t i = 0; i < 5; ++i) {
            b[group * 5 + i] = static_cast<std::uint8_t>(forty_bits >> (32 - 8 * i));
        }
    }
    return key_layout::from_bytes(b);
}

/// The canonical text of 32 symbols: `encode_key(key_layout_of(symbols))`, since 32 symbols
/// are exactly the 160 bits of a key, without taking the bits apart and back.
template <class Unused = void>
std::string key_text_of(const std::array<std::uint8_t, key_length>& symbols) {
    std::string text(key_length, '\0');
    for (std::size_t i = 0; i < key_length; ++i) {
        text[i] = crockford_alphabet[symbols[i] & 0x1F];
    }
    return text;
}
} // namespace detail

/// Reads a key's fields, checking its text only (not its MAC, version or meaning). Refused
/// as `errc::malformed`: a character that is not a key character (with its position in
/// `text` as given) or, separators removed, a length other than 32 (DESIGN 3).
template <class Unused = void>
[[nodiscard]] expected_in<key_layout, Unused> decode_key(std::string_view text) {
    const auto symbols = detail::key_symbols<Unused>(text);
    if (!symbols) {
        return unexpected<error>(symbols.error());
    }
    return detail::key_layout_of(*symbols);
}

/// The canonical text of any spelling of a key (case, separators, I/L/O), or why `text`
/// is no key.
template <class Unused = void>
[[nodiscard]] expected_in<std::string, Unused> canonical_key(std::string_view text) {
    const auto k = decode_key<Unused>(text);
    if (!k) {
        return unexpected<error>(k.error());
    }
    return encode_key(*k);
}

namespace detail {
/// The 96-bit MAC of a key's first 64 bits for a serial already normalized: the leftmost
/// bytes of `compute(serial || head)` (DESIGN 3). The message is put together on the stack
/// for any serial up to 120 bytes, so that checking a key allocates nothing (issue 16).
template <class Compute>
std::array<std::uint8_t, key_mac_size> key_mac_of(std::string_view normalized_serial, const key_layout& k,
                                                  const Compute& compute) {
    const auto head = k.head();
    const auto leftmost = [](const auto& digest) {
        std::array<std::uint8_t, key_mac_size> out{};
        for (std::size_t i = 0; i < key_mac_size; ++i) {
            out[i] = digest[i];
        }
        return out;
    };
    constexpr std::size_t on_stack = 128;
    if (normalized_serial.size() <= on_stack - head.size()) {
        char message[on_stack];
        std::memcpy(message, normalized_serial.data(), normalized_serial.size());
        for (std::size_t i = 0; i < head.size(); ++i) {
            message[normalized_serial.size() + i] = static_cast<char>(head[i]);
        }
        return leftmost(compute(std::string_view{message, normalized_serial.size() + head.size()}));
    }
    std::string message{normalized_serial};
    for (const std::uint8_t byte : head) {
        message += static_cast<char>(byte);
    }
    return leftmost(compute(std::string_view{message}));
}

/// A `Mac` keyed with the vendor secret once, for the many keys a validator checks (issue
/// 16): the policy's own keyed form where it has one (`with_key`; `hmac_sha256` keeps its
/// pad states, and the secret's bytes are not kept), otherwise the policy and the secret,
/// keyed again at every MAC.
template <class Mac, bool = mac_has_with_key<Mac>()>
class keyed_mac {
public:
    explicit keyed_mac(const vendor_secret& secret) : keyed_{Mac{}.with_key(secret.bytes())} {}
    mac_digest_type_t<Mac> compute(std::string_view message) const { return keyed_.compute(message); }

private:
    mac_with_key_t<Mac> keyed_;
};

template <class Mac>
class keyed_mac<Mac, false> {
public:
    explicit keyed_mac(vendor_secret secret) : secret_{std::move(secret)} {}
    mac_digest_type_t<Mac> compute(std::string_view message) const { return mac_.compute(secret_.bytes(), message); }

private:
    vendor_secret secret_;
    Mac mac_{};
};
} // namespace detail

/// The 96-bit MAC of a key's first 64 bits for `serial`: the leftmost bytes of
/// `Mac(secret, normalized serial || head)` (DESIGN 3).
template <class Mac = hmac_sha256>
std::array<std::uint8_t, key_mac_size> key_mac(const vendor_secret& secret, const serial_number& serial,
                                               const key_layout& k, const Mac& mac = Mac{}) {
    static_assert(detail::check_mac_policy<Mac>(), "see the message above");
    return detail::key_mac_of(normalize_serial(serial.value()), k,
                              [&](std::string_view message) { return mac.compute(secret.bytes(), message); });
}

/// What a vendor puts into a key it issues.
struct key_fields {
    std::uint16_t feature_code = 0;  ///< the kind's code, 0x001-0xFFF
    std::uint32_t count = 0;         ///< 1-65535
    date issued = key_epoch;         ///< 2020-01-01 to 2199-06-06
    std::uint16_t validity_days = 0; ///< 0 (perpetual) to 4095
    bool trial = false;              ///< a trial: valid 60 days (validity 0 or 60 given)
};

/// A key for `serial` granting `f`, in canonical form: the vendor side of DESIGN 3 (the
/// `licpool keygen` command). Refused with `errc::invalid_key_fields`: a field outside its
/// range, as `key_fields` documents it.
template <class Mac = hmac_sha256>
[[nodiscard]] expected_in<std::string, Mac> issue_key(const key_fields& f, const serial_number& serial, const vendor_secret& secret) {
    static_assert(detail::check_mac_policy<Mac>(), "see the message above");
    if (f.feature_code == 0 || f.feature_code > 0xFFF) {
        return fail(errc::invalid_key_fields)
            .subject(std::to_string(f.feature_code))
            .context("feature code")
            .note("a feature code runs from 1 to 4095 (0x001 to 0xFFF)");
    }
    if (f.count == 0 || f.count > 0xFFFF) {
        return fail(errc::invalid_key_fields)
            .subject(std::to_string(f.count))
            .context("count")
            .note("a key grants 1 to 65535 instances");
    }
    if (f.issued < key_epoch || f.issued > key_last_issue_day) {
        return fail(errc::invalid_key_fields)
            .subject(f.issued.to_string())
            .context("issue day")
            .note("a key is issued from 2020-01-01 to 2199-06-06");
    }
    if (f.validity_days > max_validity_days) {
        return fail(errc::invalid_key_fields)
            .subject(std::to_string(f.validity_days))
            .context("validity")
            .note("a key is valid for 1 to 4095 days, or 0 for ever");
    }
    if (f.trial && f.validity_days != 0 && f.validity_days != trial_days) {
        return fail(errc::invalid_key_fields)
            .subject(std::to_string(f.validity_days))
            .context("trial validity")
            .note("a trial is valid 60 days: give 60, or 0 for the default");
    }
    key_layout k;
    k.version = key_version;
    k.feature_code = f.feature_code;
    k.count = static_cast<std::uint16_t>(f.count);
    k.issue_day = static_cast<std::uint16_t>(f.issued - key_epoch);
    // DESIGN 3: a trial is valid 60 days; the field says so too, for readers of the key.
    k.validity_days = f.trial ? trial_days : f.validity_days;
    k.flags = f.trial ? key_flag_trial : 0;
    k.mac = key_mac<Mac>(secret, serial, k);
    return encode_key(k);
}

/// When a key holds, besides its kind and count: the issue day, how many days it is valid
/// and whether it is a trial (DESIGN 3). By default issued 2020-01-01, perpetual, no trial.
/// Each setter returns the terms, so they chain on a temporary:
///
/// ```cpp
/// licpool::key_terms{}.issued_on(licpool::date::from_ymd(2026, 1, 15)).valid_for(365)
/// licpool::key_terms{}.issued_on(today).trial()
/// ```
class key_terms {
public:
    /// The key's first valid day: from 2020-01-01 to 2199-06-06.
    key_terms& issued_on(date day) & noexcept { issued_ = day; return *this; }
    key_terms issued_on(date day) && noexcept { issued_ = day; return *this; }
    /// Valid `days` days from the issue day, 1 to 4095; 0, the default, for ever.
    key_terms& valid_for(std::uint16_t days) & noexcept { validity_days_ = days; return *this; }
    key_terms valid_for(std::uint16_t days) && noexcept { validity_days_ = days; return *this; }
    /// A trial (or, given false, not): valid 60 days, installed once per serial and kind
    /// (DESIGN 3); leave the validity at 0 or give 60.
    key_terms& trial(bool on = true) & noexcept { trial_ = on; return *this; }
    key_terms trial(bool on = true) && noexcept { trial_ = on; return *this; }

    date issued() const noexcept { return issued_; }
    std::uint16_t validity_days() const noexcept { return validity_days_; }
    bool is_trial() const noexcept { return trial_; }

private:
    // The && setters return a copy, not a reference: `auto&& t = key_terms{}.trial();`
    // then holds terms rather than a reference to a temporary gone at the semicolon.
    date issued_ = key_epoch;
    std::uint16_t validity_days_ = 0;
    bool trial_ = false;
};

/// A key for `serial` granting `count` of the kind named `kind` in `kinds`, on `terms`: the
/// key `issue_key(key_fields, ...)` gives for that kind's feature code, so a vendor issues by
/// the names its catalog shows (`licpool kinds`) rather than by codes. Refused:
/// `errc::unknown_kind` for a name `kinds` does not hold; `errc::invalid_key_fields` for a
/// boolean kind given a count other than 1 (it is on or off, DESIGN 2), and for whatever the
/// numeric form refuses.
///
/// ```cpp
/// licpool::issue_key(pool.kinds(), "outbound_port", 50, serial, secret,
///                    licpool::key_terms{}.issued_on(licpool::date::from_ymd(2026, 1, 15)).valid_for(365))
/// ```
template <class Mac = hmac_sha256>
[[nodiscard]] expected_in<std::string, Mac> issue_key(const catalog& kinds, std::string_view kind, std::uint32_t count,
                                              const serial_number& serial, const vendor_secret& secret,
                                              const key_terms& terms = {}) {
    const auto id = kinds.find(kind);
    if (!id) {
        return unexpected<error>(id.error());
    }
    const license_kind& k = kinds[*id];
    // DESIGN 2: a boolean kind is on while its entitlement is non-zero; a larger count would
    // read as more of something that has no amount, so it is a mistake to point out.
    if (k.is_boolean() && count != 1) {
        return fail(errc::invalid_key_fields)
            .subject(k.name)
            .context("count " + std::to_string(count) + " for")
            .number(count)
            .limit(1)
            .note("a boolean kind is on or off: its key grants 1");
    }
    key_fields f;
    f.feature_code = k.feature_code;
    f.count = count;
    f.issued = terms.issued();
    f.validity_days = terms.validity_days();
    f.trial = terms.is_trial();
    return issue_key<Mac>(f, serial, secret);
}

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_FEATURE_KEY_HPP
