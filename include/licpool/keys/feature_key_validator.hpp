// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_FEATURE_KEY_VALIDATOR_HPP
#define LICPOOL_KEYS_FEATURE_KEY_VALIDATOR_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/detection.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/keys/constant_time.hpp>
#include <licpool/keys/entitlement.hpp>
#include <licpool/keys/feature_key.hpp>
#include <licpool/keys/hmac_sha256.hpp>
#include <licpool/keys/mac_policy.hpp>
#include <licpool/keys/serial_provider.hpp>
#include <licpool/keys/vendor_secret.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// A trial that was installed: its serial (normalized), feature and key. The registry of
/// these is kept for ever (DESIGN 3).
struct trial_record {
    std::string serial;
    std::uint16_t feature_code = 0;
    std::string key;

    friend bool operator==(const trial_record& a, const trial_record& b) {
        return a.serial == b.serial && a.feature_code == b.feature_code && a.key == b.key;
    }
    friend bool operator!=(const trial_record& a, const trial_record& b) { return !(a == b); }
};

/// What a validator must keep across restarts (DESIGN 3, 7): the latest date it has seen
/// and the trial registry.
struct validator_state {
    date latest;
    std::vector<trial_record> trials;

    // Templates (never given a template argument) only so that the vector comparison is
    // compiled where states are compared, not in every file that includes licpool (issue 15).
    template <class Unused = void>
    friend bool operator==(const validator_state& a, const validator_state& b) {
        return a.latest == b.latest && a.trials == b.trials;
    }
    template <class Unused = void>
    friend bool operator!=(const validator_state& a, const validator_state& b) { return !(a == b); }
};

/// The feature-key validator policy (DESIGN 3): turns key text into an `entitlement`, or
/// into the first refusal of these, in this order, each its own `errc`:
///
///  1. `malformed`: a character that is not a key character (with its position), or not
///     32 characters once `-` and spaces are removed;
///  2. `unsupported_version`: a version other than 1;
///  3. `mac_mismatch`: the MAC is not that of this serial (a mistyped key, a forged key and
///     a key for another serial look the same, on purpose); then, for an authentic key,
///     `unsupported_version` again if it sets flag bits version 1 reserves;
///  4. `unknown_feature`: the catalog has no kind with the key's feature code;
///  5. `not_yet_valid`: issued after the date checked against;
///  6. `expired`: its last valid day is before the date checked against;
///  7. `trial_already_used`: a different trial key for this serial and feature was
///     installed before.
///
/// The date checked against is max(today, the latest date seen): a calendar set back
/// revives no expired key and no trial.
///
/// Policies: `Mac` is the keyed function (`hmac_sha256`; see keys/mac_policy.hpp);
/// `SerialProvider` says which serial this system is (`fixed_serial`; see
/// keys/serial_provider.hpp). Not thread-safe: the pool calls it under its own lock.
template <class Mac = hmac_sha256, class SerialProvider = fixed_serial>
class feature_key_validator {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Mac>;

    static_assert(detail::check_mac_policy<Mac>(), "see the message above");
    static_assert(detail::check_serial_provider_policy<SerialProvider>(), "see the message above");

public:
    using mac_type = Mac;
    using serial_provider_type = SerialProvider;

    /// Keys its `Mac` with `secret` here, once (`hmac_sha256` keeps only its pad states,
    /// which it wipes as the secret is wiped).
    feature_key_validator(catalog c, vendor_secret secret, SerialProvider serial = {})
        : catalog_{std::move(c)}, mac_{std::move(secret)}, serial_{std::move(serial)} {}

    /// What `key_text` grants, checked against max(`today`, the latest date seen); raises
    /// the latest date seen to `today`. Validating changes no registry: a trial is used only
    /// when the caller installs it (`record_install`).
    [[nodiscard]] result<entitlement> validate(std::string_view key_text, date today) {
        const date day = observe(today);
        auto e = revalidate(key_text);
        if (!e) {
            return e;
        }
        // Checks 5 and 6: valid on days d with issued <= d < issued + validity.
        if (day < e->issued) {
            return fail(errc::not_yet_valid)
                .subject(key_text)
                .number(e->issued.days_since_1970())
                .limit(day.days_since_1970());
        }
        if (e->expires && day > *e->expires) {
            return fail(errc::expired)
                .subject(key_text)
                .number(e->expires->days_since_1970())
                .limit(day.days_since_1970());
        }
        // Check 7: once per serial and feature, ever; the same key again is no second trial.
        if (e->trial) {
            const trial_record* used = find_trial(normalize_serial(serial_.serial().value()), catalog_[e->kind].feature_code);
            if (used != nullptr && used->key != e->key) {
                return fail(errc::trial_already_used).subject(key_text).context(catalog_[e->kind].name);
            }
        }
        return e;
    }

    /// Checks 1 to 4 only (the text, the version, the MAC, the feature): what a key grants,
    /// whatever the date and the trial registry. A pool reading a snapshot re-validates its
    /// installed keys this way: a key that expired since it was installed stays installed
    /// (it just counts nothing), but a key that is not genuine is refused.
    [[nodiscard]] result<entitlement> revalidate(std::string_view key_text) const {
        // DESIGN 3, check 1: the text.
        const auto symbols = detail::key_symbols<detail::void_in<Mac>>(key_text);
        if (!symbols) {
            return unexpected<error>(symbols.error());
        }
        const key_layout k = detail::key_layout_of(*symbols);

        // Check 2: a key of another version may not even have a MAC laid out as ours.
        if (k.version != key_version) {
            return fail(errc::unsupported_version).subject(key_text).number(k.version).limit(key_version);
        }

        // Check 3, constant-time (DESIGN 3). A wrong serial gives exactly this error, with
        // nothing to tell it apart from a forgery.
        const serial_number serial{normalize_serial(serial_.serial().value())};
        const auto expected_mac =
            detail::key_mac_of(serial.value(), k, [this](std::string_view message) { return mac_.compute(message); });
        if (!constant_time_equal(expected_mac, k.mac)) {
            return fail(errc::mac_mismatch).subject(key_text).context(serial.value());
        }
        // Reserved flag bits are refused as `unsupported_version`: only a newer key
        // generator sets them, giving them a meaning (a restriction, say) that this library
        // would silently ignore; such a key is of a format this version does not read. It
        // is checked after the MAC so that a corrupted or forged key still reads as a MAC
        // mismatch and only the vendor's own keys get this answer.
        if ((k.flags & ~key_flags_known & 0xF) != 0) {
            return fail(errc::unsupported_version)
                .subject(key_text)
                .number(k.flags)
                .limit(key_version)
                .note("version 1 keys define only flag 1 (trial); this key needs a newer licpool");
        }

        // Check 4.
        const auto kind = catalog_.find_code(k.feature_code);
        if (!kind) {
            return fail(errc::unknown_feature).subject(key_text).context(catalog_.name()).number(k.feature_code);
        }

        // A trial is valid 60 days whatever its validity field says.
        const date issued = k.issued();
        const std::uint16_t days = k.trial() ? trial_days : k.validity_days;
        entitlement e;
        e.key = detail::key_text_of(*symbols);
        e.kind = *kind;
        e.count = k.count;
        e.issued = issued;
        e.expires = days == 0 ? std::nullopt : std::optional<date>{issued + (days - 1)};
        e.trial = k.trial();
        return e;
    }

    /// Records that `e`, which `validate` returned, was installed: a trial enters the
    /// registry, for ever (removing the key does not take it out).
    void record_install(const entitlement& e) {
        if (!e.trial || e.kind.value() >= catalog_.size()) {
            return;
        }
        const std::uint16_t code = catalog_[e.kind].feature_code;
        std::string serial = normalize_serial(serial_.serial().value());
        if (find_trial(serial, code) == nullptr) {
            trials_.push_back(trial_record{std::move(serial), code, e.key});
        }
    }

    /// Raises the latest date seen to `today` and returns max(latest, `today`): the date to
    /// validate and count entitlements against (DESIGN 3: never trust a calendar that goes
    /// backwards).
    date observe(date today) noexcept {
        latest_ = std::max(latest_, today);
        return latest_;
    }

    date latest_date() const noexcept { return latest_; }

    /// True when a trial of `feature_code` was installed on this system's serial.
    bool trial_used(std::uint16_t feature_code) const {
        return find_trial(normalize_serial(serial_.serial().value()), feature_code) != nullptr;
    }

    /// The state to persist (DESIGN 7).
    validator_state state() const { return validator_state{latest_, trials_}; }

    /// Takes back a persisted state. It never moves the latest date back nor forgets a
    /// trial: restoring an old snapshot into a running validator cannot revive anything.
    void restore(const validator_state& s) {
        latest_ = std::max(latest_, s.latest);
        for (const trial_record& t : s.trials) {
            if (find_trial(t.serial, t.feature_code) == nullptr) {
                trials_.push_back(t);
            }
        }
    }

    /// The catalog keys are read against.
    const catalog& kinds() const noexcept { return catalog_; }

    /// The serial keys are bound to, normalized as it enters the MAC.
    serial_number serial() const { return serial_number{normalize_serial(serial_.serial().value())}; }

private:
    const trial_record* find_trial(const std::string& serial, std::uint16_t feature_code) const {
        const auto it = std::find_if(trials_.begin(), trials_.end(), [&](const trial_record& t) {
            return t.serial == serial && t.feature_code == feature_code;
        });
        return it == trials_.end() ? nullptr : &*it;
    }

    catalog catalog_;
    detail::keyed_mac<Mac> mac_;
    SerialProvider serial_;
    date latest_{};
    std::vector<trial_record> trials_;
};

namespace detail {
template <class V>
using validator_validate_t =
    decltype(std::declval<V&>().validate(std::declval<std::string_view>(), std::declval<date>()));
template <class V>
using validator_record_install_t = decltype(std::declval<V&>().record_install(std::declval<const entitlement&>()));
template <class V>
using validator_observe_t = decltype(std::declval<V&>().observe(std::declval<date>()));

/// One readable `static_assert` per missing member of a validator policy; the pool calls it
/// from a `static_assert` in its body (see `check_clock_policy`).
template <class Validator>
constexpr bool check_validator_policy() {
    static_assert(is_detected_convertible_v<expected<entitlement>, validator_validate_t, Validator>,
                  "Validator policy does not provide: licpool::expected<licpool::entitlement> "
                  "validate(std::string_view key_text, licpool::date today) (see DESIGN.md section 3)");
    static_assert(is_detected_v<validator_record_install_t, Validator>,
                  "Validator policy does not provide: void record_install(const licpool::entitlement&) "
                  "(see DESIGN.md section 3)");
    static_assert(is_detected_convertible_v<date, validator_observe_t, Validator>,
                  "Validator policy does not provide: licpool::date observe(licpool::date today) "
                  "(see DESIGN.md section 3)");
    return true;
}
template <class V>
using validator_state_t = decltype(std::declval<const V&>().state());
template <class V>
using validator_restore_t = decltype(std::declval<V&>().restore(std::declval<const validator_state&>()));
template <class V>
using validator_revalidate_t = decltype(std::declval<const V&>().revalidate(std::declval<std::string_view>()));
template <class V>
using validator_serial_t = decltype(std::declval<const V&>().serial());

/// What a pool's snapshots need of its validator, beyond the policy (DESIGN 7): opt-in, so a
/// host validator without them works in a pool that never takes snapshots. Checked where a
/// snapshot is written or read.
template <class Validator>
constexpr bool check_persistent_validator() {
    static_assert(is_detected_convertible_v<validator_state, validator_state_t, Validator>,
                  "Validator does not provide, for snapshots: licpool::validator_state state() const "
                  "(see DESIGN.md section 7)");
    static_assert(is_detected_v<validator_restore_t, Validator>,
                  "Validator does not provide, for snapshots: void restore(const licpool::validator_state&) "
                  "(see DESIGN.md section 7)");
    static_assert(is_detected_convertible_v<expected<entitlement>, validator_revalidate_t, Validator>,
                  "Validator does not provide, for snapshots: licpool::expected<licpool::entitlement> "
                  "revalidate(std::string_view key_text) const (see DESIGN.md section 7)");
    static_assert(is_detected_convertible_v<serial_number, validator_serial_t, Validator>,
                  "Validator does not provide, for snapshots: licpool::serial_number serial() const "
                  "(see DESIGN.md section 7)");
    return true;
}
} // namespace detail

/// True when `T` meets the validator policy (`validate`, `record_install`, `observe` as
/// `feature_key_validator` documents them).
template <class T>
inline constexpr bool is_validator_v =
    detail::is_detected_convertible_v<expected<entitlement>, detail::validator_validate_t, T> &&
    detail::is_detected_v<detail::validator_record_install_t, T> &&
    detail::is_detected_convertible_v<date, detail::validator_observe_t, T>;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
template <class T>
concept validator_policy = is_validator_v<T>;
#endif

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_FEATURE_KEY_VALIDATOR_HPP
