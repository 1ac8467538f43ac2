// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_ENTITLEMENT_KEEPER_HPP
#define LICPOOL_POOL_DETAIL_ENTITLEMENT_KEEPER_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/clock.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/detection.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/keys/entitlement.hpp>
#include <licpool/keys/feature_key_validator.hpp>
#include <licpool/keys/key_ring.hpp>
#include <licpool/keys/serial_provider.hpp>
#include <licpool/pool/detail/kind_totals.hpp>
#include <licpool/pool/detail/recalculation_trigger.hpp>
#include <licpool/pool/pool_options.hpp>
#include <licpool/pool/poll_status.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// Where the entitlement comes from (DESIGN 3, 7): installed feature keys, checked by the
/// `Validator` against the serial its provider reports, or polls of a license server with
/// a grace period. Either way it hands the totals to `kind_totals` and fires trigger 2 when
/// they change. It also keeps the latest date seen, which never goes back (DESIGN 3).
///
/// A single-threaded component: the pool's mutex guards it (the validator, which holds the
/// host's serial provider, is not thread-safe either).
template <class Validator, class Clock = real_clock>
class entitlement_keeper {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Validator>;

public:
    entitlement_keeper(const catalog& catalog_kinds, kind_totals& kind_totals, recalculation_trigger& trigger_,
                       Validator validator_policy, const Clock& pool_clock, const pool_options& options)
        : kinds{catalog_kinds}, totals{kind_totals}, trigger{trigger_}, clock{pool_clock},
          source{options.entitlements}, grace_days{options.grace_days}, validator{std::move(validator_policy)} {
        // DESIGN 3: nothing is installed yet, so nothing is bound: the keys to come are the
        // provider's serial's.
        reported_serial = provider_serial();
        bound_serial = reported_serial;
    }

    entitlement_keeper(const entitlement_keeper&) = delete;
    entitlement_keeper& operator=(const entitlement_keeper&) = delete;

    /// DESIGN 3: the keys' entitlement of today, applied; true when it changed (an expiry).
    bool keys_changed_today() { return totals.apply(key_entitlements(observe_today())); }

    /// A successful poll of the license server: the entitlement is now `counts` (kinds not
    /// named have none), clipped at the platform caps (trigger 2). It ends any grace period.
    [[nodiscard]] result<void> report_poll(const std::vector<kind_count>& counts) {
        auto granted = poll_entitlements(counts, false);
        if (!granted) {
            return unexpected<error>(granted.error());
        }
        if (source != entitlement_source::license_server) {
            return fail(errc::wrong_entitlement_source)
                .note("this pool takes its entitlement from installed keys; it takes no polls");
        }
        const date today = observe_today(); // DESIGN 3: a date the pool accepts moves the watermark
        if (!poll.last_success || counts != poll.last_good) {
            poll.last_change = today;
        }
        poll.last_success = today;
        poll.last_good = counts;
        poll.failing_since.reset();
        poll.grace_ends.reset();
        poll.lapsed = false;
        // Trigger 2 only when the entitlement changes: a poll that repeats the last one is not.
        if (totals.apply(entitlement_set::total(kinds, *granted, date{}))) {
            trigger.recalculate(recalculation_cause::entitlement_changed, "license server poll");
        }
        return {};
    }

    /// A failed poll of the license server. The last good entitlement holds for the grace
    /// period from the first failure; after it, counted kinds fall to zero (DESIGN 7) until a
    /// poll succeeds. The audit reports it either way.
    [[nodiscard]] result<void> report_poll_failure() {
        if (source != entitlement_source::license_server) {
            return fail(errc::wrong_entitlement_source)
                .note("this pool takes its entitlement from installed keys; it takes no polls");
        }
        const date today = observe_today();
        if (!poll.failing_since) {
            poll.failing_since = today;
            poll.grace_ends = today + (grace_days - 1);
        }
        end_grace_if_due(today);
        return {};
    }


    // A validator without `serial()` is a host's that binds keys some other way: its serial
    // is never absent, nor another.
    static constexpr bool reads_serial = is_detected_v<validator_serial_t, Validator>;

    enum class serial_standing : std::uint8_t {
        present,  // no key installed, or the provider reports the keys' serial
        absent,   // the provider reports no serial
        replaced, // the provider reports another serial
    };


    // The entitlements a poll grants; `lapsed` keeps only the boolean kinds (DESIGN 7: after
    // the grace period counted kinds fall to zero).
    [[nodiscard]] result<std::vector<entitlement>> poll_entitlements(const std::vector<kind_count>& counts, bool lapsed) const {
        std::vector<entitlement> granted;
        for (const auto& c : counts) {
            auto k = kinds.find(c.kind);
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (lapsed && !kinds[*k].is_boolean()) {
                continue;
            }
            entitlement e;
            e.kind = *k;
            e.count = c.count;
            granted.push_back(std::move(e));
        }
        return granted;
    }

    // Lock held. True when the grace period ran out now (and the entitlement fell).
    bool end_grace_if_due(date today) {
        if (!poll.grace_ends || poll.lapsed || today <= *poll.grace_ends) {
            return false;
        }
        poll.lapsed = true;
        totals.apply(entitlement_set::total(kinds, *poll_entitlements(poll.last_good, true), date{}));
        trigger.recalculate(recalculation_cause::entitlement_changed, "grace period ended");
        return true;
    }

    // What the provider reports now, as it enters a key's MAC. Called with the lock held,
    // as the clock is read: the provider is the host's, and the validator that holds it is
    // not thread-safe.
    std::string provider_serial() const {
        if constexpr (reads_serial) {
            return normalize_serial(serial_number{validator.serial()}.value());
        } else {
            return {};
        }
    }

    serial_standing standing() const noexcept {
        if (keys.empty() || reported_serial == bound_serial) {
            return serial_standing::present;
        }
        return reported_serial.empty() ? serial_standing::absent : serial_standing::replaced;
    }

    // With no key installed nothing is bound: the keys to come are the present serial's.
    void bind_serial_if_free() {
        if (keys.empty() && !reported_serial.empty()) {
            bound_serial = reported_serial;
        }
    }

    // What the installed keys grant on `today`: nothing while their serial is not there
    // (DESIGN 3: the same rules as an expiry).
    entitlement_set key_entitlements(date today) const {
        if (standing_now != serial_standing::present) {
            return entitlement_set::total(kinds, std::vector<entitlement>{}, today);
        }
        return keys.entitlements(kinds, today);
    }

    // Lock held. Reads the serial provider; when the keys' standing changed (their serial
    // went, was replaced or came back), applies their entitlement and recalculates, with an
    // event naming the serial and what happened to it. True when it did.
    bool read_serial() {
        if (!reads_serial || source != entitlement_source::keys) {
            return false;
        }
        reported_serial = provider_serial();
        bind_serial_if_free();
        const serial_standing was = standing_now;
        standing_now = standing();
        if (standing_now == was) {
            return false;
        }
        totals.apply(key_entitlements(observe_today()));
        const std::string subject =
            standing_now == serial_standing::present ? concat("feature-key serial ", bound_serial, " present")
            : standing_now == serial_standing::absent
                ? concat("feature-key serial ", bound_serial, " absent")
                : concat("feature-key serial ", bound_serial, " replaced by ", reported_serial);
        trigger.recalculate(recalculation_cause::key_serial, subject);
        return true;
    }

    [[nodiscard]] result<entitlement> install_key(std::string_view key_text) {
        if (source != entitlement_source::keys) {
            return fail(errc::wrong_entitlement_source)
                .subject(key_text)
                .note("this pool takes its entitlement from a license server; it installs no keys");
        }
        read_serial();
        if (reads_serial && reported_serial.empty()) {
            return fail(errc::serial_absent).subject(bound_serial);
        }
        if (standing_now != serial_standing::present) {
            return fail(errc::serial_changed).subject(reported_serial).context(bound_serial);
        }
        auto validated = validator.validate(key_text, clock.today());
        if (!validated) {
            return validated;
        }
        validator.record_install(*validated);
        keys.add(*validated);
        bind_serial_if_free(); // not reached with keys bound to another serial: refused above
        standing_now = standing();
        // DESIGN 4.3 trigger 2 is a *change* of entitlement: the same key again, or a key
        // whose count is clipped away at the cap, recalculates nothing.
        if (totals.apply(key_entitlements(observe_today()))) {
            trigger.recalculate(recalculation_cause::entitlement_changed, kinds[validated->kind].name);
        }
        return validated;
    }

    [[nodiscard]] result<void> remove_key(std::string_view key_text) {
        read_serial();
        auto removed = keys.remove(key_text);
        if (!removed) {
            return unexpected<error>(removed.error());
        }
        bind_serial_if_free(); // the last key gone: nothing is bound any more
        standing_now = standing();
        if (totals.apply(key_entitlements(observe_today()))) {
            // Events name the kind, as every other recalculation event does.
            trigger.recalculate(recalculation_cause::entitlement_changed, kinds[removed->kind].name);
        }
        return {};
    }

    // The day an audit is of: the calendar never goes back (DESIGN 3).
    date audit_day() const { return std::max(clock.today(), latest_day); }

    // DESIGN 3: the latest date seen, never going back; the validator keeps it for keys, the
    // pool for everything else dated (audits, polls). Lock held.
    date observe_today() {
        latest_day = std::max(latest_day, validator.observe(clock.today()));
        return latest_day;
    }
private:
    // Immutable after construction.
    const catalog& kinds;
    kind_totals& totals;
    recalculation_trigger& trigger;
    const Clock& clock;
    entitlement_source source;
    std::int32_t grace_days;

public:
    // Everything below: mutex.
    Validator validator;
    key_ring keys;
    /// DESIGN 3: the serial the installed keys are bound to, what the provider reported last
    /// (both normalized; empty: no serial), and so whether the keys count.
    std::string bound_serial;
    std::string reported_serial;
    serial_standing standing_now = serial_standing::present;
    /// The last polls of the license server (DESIGN 7).
    poll_status poll;
    /// DESIGN 3: the latest date the pool accepted (audits, polls); the validator keeps keys'.
    date latest_day{};
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_ENTITLEMENT_KEEPER_HPP
