// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_LICENSE_POOL_HPP
#define LICPOOL_POOL_LICENSE_POOL_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/allocation/reserved_dynamic_allocator.hpp>
#include <licpool/allocation/share.hpp>
#include <licpool/allocation/tier_hierarchy.hpp>
#include <licpool/allocation/tiered_share.hpp>
#include <licpool/audit/audit_history.hpp>
#include <licpool/audit/audit_snapshot.hpp>
#include <licpool/audit/compliance_auditor.hpp>
#include <licpool/audit/compliance_report.hpp>
#include <licpool/audit/usage_factor.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/clock.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/core/sync.hpp>
#include <licpool/keys/entitlement.hpp>
#include <licpool/keys/feature_key_validator.hpp>
#include <licpool/keys/key_ring.hpp>
#include <licpool/keys/serial_provider.hpp>
#include <licpool/keys/vendor_secret.hpp>
#include <licpool/pool/atomic_file.hpp>
#include <licpool/pool/call_leases.hpp>
#include <licpool/pool/detail/allocation_state.hpp>
#include <licpool/pool/detail/snapshot_format.hpp>
#include <licpool/pool/detail/limited_counter.hpp>
#include <licpool/pool/detail/stable_vector.hpp>
#include <licpool/pool/detail/utf8.hpp>
#include <licpool/pool/lease.hpp>
#include <licpool/pool/node_lease.hpp>
#include <licpool/pool/poll_status.hpp>
#include <licpool/pool/pool_event.hpp>
#include <licpool/pool/quota_explanation.hpp>
#include <licpool/pool/snapshot_serial.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace licpool {

/// Where a pool's entitlement comes from (never both added together).
enum class entitlement_source : std::uint8_t {
    keys,           ///< installed feature keys (DESIGN 3)
    license_server, ///< polls of a license server the host reports
};

/// Settings of a pool that are not policies.
struct pool_options {
    // A constructor rather than an aggregate: `pool_options{entitlement_source::license_server}`
    // would warn (-Wmissing-field-initializers) in hosts that build with -Wextra.
    pool_options(entitlement_source source = entitlement_source::keys, audit_retention kept = {}) noexcept
        : entitlements{source}, retention{kept} {}

    entitlement_source entitlements = entitlement_source::keys;
    /// How many past audit reports to keep (DESIGN 6).
    audit_retention retention;
    /// How many days a pool that polls a license server keeps its last good entitlement
    /// while polls fail (DESIGN 7), counted from the first failure.
    std::int32_t grace_days = 30;
    /// Forget a stopped job by itself once it holds nothing (see `license_pool::forget_job`):
    /// at once when it is stopped empty, else at the first tick after its last license is back.
    bool forget_stopped_jobs = false;
};

/// A quota, share or entitlement next to what is in use under it.
struct usage {
    std::uint32_t limit = 0;
    std::uint32_t in_use = 0;

    friend bool operator==(const usage& a, const usage& b) noexcept {
        return a.limit == b.limit && a.in_use == b.in_use;
    }
    friend bool operator!=(const usage& a, const usage& b) noexcept { return !(a == b); }
};

/// The license pool (DESIGN 1): the class hosts instantiate. It composes four policies:
///  - `HierarchyResolver` picks an agent's seat kind (DESIGN 4.5; `tier_hierarchy`);
///  - `Allocator` bounds jobs and nodes and divides capacity (DESIGN 4; `reserved_dynamic_allocator`);
///  - `Auditor` checks compliance (DESIGN 6; `compliance_auditor`);
///  - `Validator` turns key text into entitlements (DESIGN 3; `feature_key_validator`);
/// plus `Sync`, the mutex that guards settings and recalculations (`std::mutex`, or
/// `null_mutex` for a single-threaded host), and `Clock` (`real_clock`, or `manual_clock`).
///
/// Exception safety (the library throws nothing itself, but allocation can fail): every call
/// either completes or lets `std::bad_alloc` through with the lock released and every
/// invariant kept (holdings agree at every level, no quota above its parent's share, nothing
/// held that no one holds). `acquire` (one kind or several), lease release, `detach_agent`,
/// `forget_job`, tenants' `add_user`/`assign`/`unassign`/`remove_user`, node leases
/// (`grant_node_lease`, `renew_node_lease`, `release_node_lease`, `force_release`),
/// `add_usage_factor`, `snapshot` and `restore_snapshot` give the strong guarantee: a failure
/// leaves everything as it was. The calls that change a setting and then recalculate (entitlement,
/// zones and organizations, job life and settings, attaching and moving agents, `tick`,
/// `audit`) give the basic guarantee: the setting may stay changed and a recalculation left
/// undone, which the next recalculation completes; a zone created for a new organization may
/// stay. A recalculation itself publishes all of its new limits or none of them.
/// tests/robustness/test_allocation_failure.cpp fails every allocation of every such call.
///
/// `final`: a host customizes a pool through its policies, not by deriving from it (and so a
/// `std::unique_ptr<license_pool>` deletes it without a virtual destructor).
///
/// Thread safety: every member may be called from any thread. `acquire` and lease release
/// take no lock and allocate nothing unless a recalculation trigger fires (DESIGN 4.3);
/// everything else takes the pool's mutex. Observer callbacks run with no lock held.
template <class HierarchyResolver = tier_hierarchy, class Allocator = reserved_dynamic_allocator<>,
          class Auditor = compliance_auditor<>, class Validator = feature_key_validator<>,
          class Sync = std::mutex, class Clock = real_clock>
class license_pool final : private detail::lease_owner {
    static_assert(detail::check_resolver_policy<HierarchyResolver>(), "see the message above");
    static_assert(detail::check_allocator_policy<Allocator>(), "see the message above");
    static_assert(detail::check_auditor_policy<Auditor>(), "see the message above");
    static_assert(detail::check_validator_policy<Validator>(), "see the message above");
    static_assert(detail::check_sync_policy<Sync>(), "see the message above");
    static_assert(detail::check_clock_policy<Clock>(), "see the message above");

    using lock_type = std::unique_lock<Sync>;

public:
    using resolver_type = HierarchyResolver;
    using allocator_type = Allocator;
    using auditor_type = Auditor;
    using validator_type = Validator;
    using mutex_type = Sync;
    using clock_type = Clock;

    /// A pool for `kinds`, whose keys are bound to `serial` and signed with `secret`.
    license_pool(catalog kinds, serial_number serial, vendor_secret secret, pool_options options = {},
                 Clock clock = Clock{}, Allocator allocator = Allocator{})
        : license_pool(kinds, Validator{kinds, secret, fixed_serial{std::move(serial)}}, secret, options,
                       std::move(clock), std::move(allocator)) {}

    /// A pool with a validator the host built itself (its own serial provider, say).
    license_pool(catalog kinds, Validator validator, vendor_secret secret, pool_options options = {},
                 Clock clock = Clock{}, Allocator allocator = Allocator{})
        : catalog_{std::move(kinds)}, validator_{std::move(validator)}, secret_{std::move(secret)},
          options_{options}, clock_{std::move(clock)}, allocator_{std::move(allocator)},
          kind_counters_{std::make_unique<detail::limited_counter[]>(catalog_.size())},
          entitled_(catalog_.size(), 0), entitlements_now_{entitlement_set::total(catalog_, std::vector<entitlement>{}, date{})},
          assigned_(catalog_.size(), 0), logged_in_(catalog_.size(), 0), leased_(catalog_.size(), 0),
          history_{options.retention} {
        build_resources();
        // DESIGN 3: nothing is installed yet, so nothing is bound: the keys to come are the
        // provider's serial's.
        reported_serial_ = provider_serial();
        bound_serial_ = reported_serial_;
        organization_kind_ = catalog_.tenant_kind(); // DESIGN 2, roles; DESIGN 5
        refresh_operational();
    }

    license_pool(const license_pool&) = delete;
    license_pool& operator=(const license_pool&) = delete;
    license_pool(license_pool&&) = delete;
    license_pool& operator=(license_pool&&) = delete;
    ~license_pool() = default;

    const catalog& kinds() const noexcept { return catalog_; }
    Clock& clock() noexcept { return clock_; }
    const Clock& clock() const noexcept { return clock_; }
    const pool_options& options() const noexcept { return options_; }

    /// Sets the host's hooks (DESIGN 1: called with no lock held).
    void observe(pool_observer observer) {
        lock_type lock{mutex_};
        observer_ = std::make_shared<const pool_observer>(std::move(observer));
    }

    // ---- entitlement (DESIGN 3) ------------------------------------------------------------

    /// Validates and installs a key; its kind's entitlement grows from now (trigger 2). The
    /// same key again counts once and is accepted.
    ///
    /// DESIGN 3: the call reads the serial provider first. With no serial there it is refused
    /// `serial_absent`; with another serial than the installed keys are bound to,
    /// `serial_changed` (remove those keys first, or put their feature key back).
    [[nodiscard]] expected<entitlement> install_key(std::string_view key_text) {
        lock_type lock{mutex_};
        auto installed = install_key_locked(key_text);
        lock.unlock();
        deliver_events(); // the serial read may have stopped or restarted the keys
        return installed;
    }

    /// Removes an installed key (any spelling of it); its kind's entitlement shrinks. A key
    /// is removed whatever the serial: that is how the keys of a serial exchanged for
    /// another make way for the new serial's (DESIGN 3).
    [[nodiscard]] expected<void> remove_key(std::string_view key_text) {
        lock_type lock{mutex_};
        auto removed = remove_key_locked(key_text);
        lock.unlock();
        deliver_events();
        return removed;
    }

    /// DESIGN 3: reads the serial provider now, as `tick` does: for a host that hears of its
    /// feature key being pulled or put back before its next tick. Keys bound to a serial
    /// that is not there stop counting; they count again when it is back.
    void check_serial() {
        lock_type lock{mutex_};
        read_serial();
        lock.unlock();
        deliver_events();
    }

    /// The installed keys, in install order.
    std::vector<entitlement> installed_keys() const {
        lock_type lock{mutex_};
        return keys_.keys();
    }

    /// A successful poll of the license server: the entitlement is now `counts` (kinds not
    /// named have none), clipped at the platform caps (trigger 2). It ends any grace period.
    [[nodiscard]] expected<void> report_poll(const std::vector<kind_count>& counts) {
        auto granted = poll_entitlements(counts, false);
        if (!granted) {
            return unexpected<error>(granted.error());
        }
        lock_type lock{mutex_};
        if (options_.entitlements != entitlement_source::license_server) {
            return fail(errc::wrong_entitlement_source, {}, {}, 0, 0,
                        "this pool takes its entitlement from installed keys; it takes no polls");
        }
        const date today = observe_today(); // DESIGN 3: a date the pool accepts moves the watermark
        if (!poll_.last_success || counts != poll_.last_good) {
            poll_.last_change = today;
        }
        poll_.last_success = today;
        poll_.last_good = counts;
        poll_.failing_since.reset();
        poll_.grace_ends.reset();
        poll_.lapsed = false;
        // Trigger 2 only when the entitlement changes: a poll that repeats the last one is not.
        if (apply_entitlements(entitlement_set::total(catalog_, *granted, date{}))) {
            recalculate(recalculation_cause::entitlement_changed, "license server poll");
        }
        lock.unlock();
        deliver_events();
        return {};
    }

    /// A failed poll of the license server. The last good entitlement holds for the grace
    /// period from the first failure; after it, counted kinds fall to zero (DESIGN 7) until a
    /// poll succeeds. The audit reports it either way.
    [[nodiscard]] expected<void> report_poll_failure() {
        lock_type lock{mutex_};
        if (options_.entitlements != entitlement_source::license_server) {
            return fail(errc::wrong_entitlement_source, {}, {}, 0, 0,
                        "this pool takes its entitlement from installed keys; it takes no polls");
        }
        const date today = observe_today();
        if (!poll_.failing_since) {
            poll_.failing_since = today;
            poll_.grace_ends = today + (options_.grace_days - 1);
        }
        end_grace_if_due(today);
        lock.unlock();
        deliver_events();
        return {};
    }

    /// The last successful poll, the last change, and any grace period.
    poll_status polls() const {
        lock_type lock{mutex_};
        return poll_;
    }

    /// The entitlement per kind, as it stands (clipped at the caps).
    entitlement_set entitlements() const {
        lock_type lock{mutex_};
        return entitlements_now_;
    }

    /// The entitlement of one kind (1 for an enabled boolean kind).
    std::uint32_t entitlement_of(kind_id kind) const noexcept {
        return kind.value() < catalog_.size() ? kind_counters_[kind.value()].limit() : 0;
    }

    /// True when a boolean kind is licensed (DESIGN 2), or a counted kind has any license: for
    /// a channel kind (the contact center's sms and email), whether its channel is on. A kind
    /// that needs others (a feature that needs the server license) is enabled only while they
    /// are licensed too.
    bool enabled(kind_id kind) const noexcept {
        if (kind.value() >= catalog_.size() || entitlement_of(kind) == 0) {
            return false;
        }
        const auto& needs = catalog_[kind].needs;
        return std::all_of(needs.begin(), needs.end(), [this](kind_id k) { return entitlement_of(k) > 0; });
    }

    /// False while a required kind has no license (DESIGN 2): every acquire is refused.
    bool operational() const noexcept { return operational_.load(std::memory_order_acquire); }

    // ---- the tree (DESIGN 4) ---------------------------------------------------------------

    /// Creates zone `name` or updates it: each kind listed gets the limits given; other
    /// kinds keep theirs (trigger 2).
    [[nodiscard]] expected<zone_id> set_zone(std::string_view name, const std::vector<kind_limits>& settings) {
        lock_type lock{mutex_};
        auto checked = check_settings(name, settings);
        if (!checked) {
            return unexpected<error>(checked.error());
        }
        auto zone = find_or_create_zone(name);
        if (!zone) {
            return unexpected<error>(zone.error());
        }
        apply_settings(*zone, *checked);
        recalculate(recalculation_cause::node_settings, nodes_[*zone].path);
        lock.unlock();
        deliver_events();
        return zone_id{*zone};
    }

    /// Creates organization `name` of zone `zone` (creating the zone too) or updates it.
    [[nodiscard]] expected<organization_id> set_organization(std::string_view zone, std::string_view name,
                                               const std::vector<kind_limits>& settings) {
        lock_type lock{mutex_};
        auto checked = check_settings(detail::concat(zone, "/", name), settings);
        if (!checked) {
            return unexpected<error>(checked.error());
        }
        auto org = find_or_create_organization(zone, name);
        if (!org) {
            return unexpected<error>(org.error());
        }
        apply_settings(*org, *checked);
        recalculate(recalculation_cause::node_settings, nodes_[*org].path);
        lock.unlock();
        deliver_events();
        return organization_id{*org};
    }

    [[nodiscard]] expected<zone_id> find_zone(std::string_view name) const {
        lock_type lock{mutex_};
        const auto it = zone_index_.find(std::string{name});
        if (it == zone_index_.end()) {
            return fail(errc::unknown_node, name, "zone");
        }
        return zone_id{it->second};
    }

    [[nodiscard]] expected<organization_id> find_organization(std::string_view zone, std::string_view name) const {
        lock_type lock{mutex_};
        const std::string path = detail::concat(zone, "/", name);
        const auto it = organization_index_.find(path);
        if (it == organization_index_.end()) {
            return fail(errc::unknown_node, path, "organization");
        }
        return organization_id{it->second};
    }

    /// Organization `name` of zone `zone`, created (with its zone) when first named, with no
    /// settings of its own (DESIGN 4). A job given no organization goes to `default/default`.
    [[nodiscard]] expected<organization_id> organization(std::string_view zone, std::string_view name) {
        lock_type lock{mutex_};
        auto org = find_or_create_organization(zone, name);
        if (!org) {
            return unexpected<error>(org.error());
        }
        return organization_id{*org};
    }

    // ---- jobs (DESIGN 4) -------------------------------------------------------------------

    /// Starts a job (trigger 1; starting counts as an attempt for each of its kinds).
    [[nodiscard]] expected<job_id> start_job(const job_spec& spec) {
        lock_type lock{mutex_};
        auto started = start_job_locked(spec);
        if (!started) {
            return started;
        }
        recalculate(recalculation_cause::job_started, jobs_[started->value()].name);
        lock.unlock();
        deliver_events();
        return started;
    }

    /// The job called `name`.
    [[nodiscard]] expected<job_id> find_job(std::string_view name) const {
        lock_type lock{mutex_};
        const auto it = job_index_.find(std::string{name});
        if (it == job_index_.end()) {
            return fail(errc::unknown_job, name);
        }
        return job_id{it->second};
    }

    /// Stops a running, paused or snoozed job for good. What it holds stays held until released.
    [[nodiscard]] expected<void> stop_job(job_id job) {
        return change_state(job, {job_state::running, job_state::paused, job_state::snoozed}, job_state::stopped,
                            recalculation_cause::job_stopped, "stop needs a running, paused or snoozed job");
    }
    /// Forgets a stopped job that holds nothing: its id is unknown from now on, its name is free
    /// for a new job, and it leaves the snapshot. (A stopped job already takes no part in a
    /// recalculation.) `pool_options::forget_stopped_jobs` forgets them by themselves.
    [[nodiscard]] expected<void> forget_job(job_id job) {
        lock_type lock{mutex_};
        auto found = job_index(job);
        if (!found) {
            return unexpected<error>(found.error());
        }
        const auto& rec = jobs_[*found];
        const job_state state = rec.state.load();
        if (state != job_state::stopped) {
            return fail(errc::invalid_state, rec.name, to_string(state), 0, 0, "forget needs a stopped job");
        }
        if (!holds_nothing(*found)) {
            return fail(errc::invalid_state, rec.name, to_string(state), 0, 0,
                        "forget needs a job that holds nothing: its leases and agents must be back first");
        }
        forget_locked(*found);
        return {};
    }

    /// Pauses a running job: it takes nothing new until resumed.
    [[nodiscard]] expected<void> pause_job(job_id job) {
        return change_state(job, {job_state::running}, job_state::paused, recalculation_cause::job_paused,
                            "pause needs a running job");
    }
    /// Resumes a paused job (an attempt for each of its kinds).
    [[nodiscard]] expected<void> resume_job(job_id job) {
        return change_state(job, {job_state::paused}, job_state::running, recalculation_cause::job_resumed,
                            "resume needs a paused job");
    }
    /// Wakes a snoozed job (an attempt for each of its kinds).
    [[nodiscard]] expected<void> wake_job(job_id job) {
        return change_state(job, {job_state::snoozed}, job_state::running, recalculation_cause::job_woken,
                            "wake needs a snoozed job");
    }

    /// DESIGN 4.5: snoozes a running agent-based job, letting all its agents go with their
    /// seats and nail-up ports at once. Returns the agents let go, in id order.
    [[nodiscard]] expected<std::vector<agent_id>> snooze_job(job_id job) {
        lock_type lock{mutex_};
        auto found = job_index(job);
        if (!found) {
            return unexpected<error>(found.error());
        }
        auto& rec = jobs_[*found];
        if (!rec.campaign) {
            return fail(errc::invalid_state, rec.name, to_string(rec.state.load()), 0, 0,
                        "snooze needs an agent-based job");
        }
        if (rec.state.load() != job_state::running) {
            return fail(errc::invalid_state, rec.name, to_string(rec.state.load()), 0, 0,
                        "snooze needs a running job");
        }
        std::vector<agent_id> released;
        for (auto it = agents_.begin(); it != agents_.end();) {
            if (it->second.job == *found) {
                give_back_agent(it->second);
                released.push_back(it->first);
                it = agents_.erase(it);
            } else {
                ++it;
            }
        }
        rec.agents = 0;
        set_state(*found, job_state::snoozed);
        recalculate(recalculation_cause::job_snoozed, rec.name);
        lock.unlock();
        deliver_events();
        return released;
    }

    /// Sets a job's priority, 1..10 (trigger 1, even when it is the value it had).
    [[nodiscard]] expected<void> set_priority(job_id job, int priority) {
        lock_type lock{mutex_};
        auto found = job_index(job);
        if (!found) {
            return unexpected<error>(found.error());
        }
        auto& rec = jobs_[*found];
        if (auto refused = check_not_stopped(rec)) {
            return unexpected<error>(*refused);
        }
        if (priority < min_priority || priority > max_priority) {
            return fail(errc::invalid_setting, rec.name, {}, priority, 0, "priority {number} is outside 1..10");
        }
        rec.priority = priority;
        recalculate(recalculation_cause::job_settings, rec.name);
        lock.unlock();
        deliver_events();
        return {};
    }

    /// Sets a job's min and max for one kind (trigger 1, even when they are the values it had).
    [[nodiscard]] expected<void> set_limits(job_id job, kind_id kind, std::uint32_t min, std::uint32_t max) {
        lock_type lock{mutex_};
        auto slot = find_slot(job, kind);
        if (!slot) {
            return unexpected<error>(slot.error());
        }
        auto& rec = jobs_[job.value()];
        if (auto refused = check_not_stopped(rec)) {
            return unexpected<error>(*refused);
        }
        if (min > max) {
            return fail(errc::invalid_setting, rec.name, {}, min, max, "min {number} is above max {limit}");
        }
        slots_[*slot].min = min;
        slots_[*slot].max = max;
        counters_[*slot].max.store(max, std::memory_order_release);
        recalculate(recalculation_cause::job_settings, rec.name);
        lock.unlock();
        deliver_events();
        return {};
    }
    [[nodiscard]] expected<void> set_limits(job_id job, std::string_view kind, std::uint32_t min, std::uint32_t max) {
        auto k = catalog_.find(kind);
        if (!k) {
            return unexpected<error>(k.error());
        }
        return set_limits(job, *k, min, max);
    }

    // ---- acquire and release (DESIGN 4.4) ---------------------------------------------------

    /// One more license of `kind` for `job`, or the first limit that refuses it, in the order
    /// of DESIGN 4.4: not_operational, not_running, job_max, job_quota, organization, zone,
    /// entitlement. The lease gives the license back when destroyed.
    [[nodiscard]] expected<lease> acquire(job_id job, kind_id kind) {
        auto slot = find_slot(job, kind);
        if (!slot) {
            return unexpected<error>(slot.error());
        }
        if (resources_[slots_[*slot].resource].seats) {
            return fail(errc::seat_kind, catalog_[kind].name, {}, 0, 0,
                        "is a seat kind: agents take seats with attach_agent");
        }
        if (!catalog_[kind].taken_by_login()) {
            // DESIGN 4.4, 5: acquire takes kinds consumed while in use; one consumed when
            // configured is a user's, by assign.
            return fail(errc::consumption_mismatch, catalog_[kind].name, "acquire");
        }
        // DESIGN 4.3: every acquire call is an attempt, refused or not; for a kind that also
        // takes another (DESIGN 2), an attempt for both.
        const std::uint32_t linked = slots_[*slot].linked_slot;
        const auto now = steady_nanos();
        counters_[*slot].last_attempt.store(now, std::memory_order_relaxed);
        if (linked != detail::no_index) {
            counters_[linked].last_attempt.store(now, std::memory_order_relaxed);
        }
        if (auto refused = check_running(job.value())) {
            return unexpected<error>(*refused);
        }
        const bool idle = counters_[*slot].idle.load(std::memory_order_acquire);
        const bool linked_idle = linked != detail::no_index && counters_[linked].idle.load(std::memory_order_acquire);
        if (idle || linked_idle) {
            // Trigger 4: the idle job becomes active, the pool recalculates, then decides.
            lock_type lock{mutex_};
            const std::array<std::uint32_t, 2> attempted{*slot, linked_idle ? linked : *slot};
            wake_idle_slots(attempted.data(), linked_idle ? 2 : 1);
            lock.unlock();
            deliver_events();
            return decide(job, *slot, kind, false);
        }
        return decide(job, *slot, kind, true);
    }

    [[nodiscard]] expected<lease> acquire(job_id job, std::string_view kind) {
        auto k = catalog_.find(kind);
        if (!k) {
            return unexpected<error>(k.error());
        }
        return acquire(job, *k);
    }

    /// DESIGN 4.4.1: the licenses of one call, every kind or none: a port with its ASR and TTS
    /// connections, say. Each kind is decided as a one-kind acquire decides it; on a refusal
    /// the first kind refused is named, with that acquire's code and message, and nothing is
    /// held. At most `call_leases::max_kinds` kinds, each named once.
    [[nodiscard]] expected<call_leases> acquire(job_id job, std::initializer_list<kind_id> kinds) {
        return acquire_call(job, kinds.begin(), kinds.size());
    }
    [[nodiscard]] expected<call_leases> acquire(job_id job, std::initializer_list<std::string_view> kinds) {
        if (kinds.size() == 0 || kinds.size() > call_leases::max_kinds) {
            return too_many_kinds(kinds.size());
        }
        std::array<kind_id, call_leases::max_kinds> ids{};
        std::size_t n = 0;
        for (const std::string_view name : kinds) {
            auto k = catalog_.find(name);
            if (!k) {
                return unexpected<error>(k.error());
            }
            ids[n++] = *k;
        }
        return acquire_call(job, ids.data(), n);
    }

    // ---- agents (DESIGN 4.5) ---------------------------------------------------------------

    /// Attaches an agent to an agent-based job (an attempt): it takes a seat of the lowest
    /// adequate tier that is free and, when the catalog has telephony ports, a nail-up port.
    /// Returns the seat kind. Refused with nothing changed.
    [[nodiscard]] expected<kind_id> attach_agent(job_id job, agent_id agent) {
        lock_type lock{mutex_};
        auto seat = attach_agent_locked(job, agent);
        lock.unlock();
        deliver_events();
        return seat;
    }

    /// Detaches an agent: its seat and nail-up port go back to the pool.
    [[nodiscard]] expected<void> detach_agent(agent_id agent) {
        lock_type lock{mutex_};
        const auto it = agents_.find(agent);
        if (it == agents_.end()) {
            return fail(errc::unknown_agent, {}, {}, agent.value());
        }
        give_back_agent(it->second);
        --jobs_[it->second.job].agents;
        agents_.erase(it);
        return {};
    }

    /// Moves an agent to another agent-based job, seat and port with it: never counted twice,
    /// never lost. The seat is re-resolved when the new campaign needs a higher tier. Refused
    /// with nothing changed.
    [[nodiscard]] expected<kind_id> move_agent(agent_id agent, job_id to) {
        lock_type lock{mutex_};
        auto seat = move_agent_locked(agent, to);
        lock.unlock();
        deliver_events();
        return seat;
    }

    /// The seat kind an agent holds.
    [[nodiscard]] expected<kind_id> agent_seat(agent_id agent) const {
        lock_type lock{mutex_};
        const auto it = agents_.find(agent);
        if (it == agents_.end()) {
            return fail(errc::unknown_agent, {}, {}, agent.value());
        }
        return it->second.seat;
    }

    /// The job an agent is attached to.
    [[nodiscard]] expected<job_id> agent_job(agent_id agent) const {
        lock_type lock{mutex_};
        const auto it = agents_.find(agent);
        if (it == agents_.end()) {
            return fail(errc::unknown_agent, {}, {}, agent.value());
        }
        return job_id{it->second.job};
    }

    /// DESIGN 4.5: a port to dial a customer for an agent-based job.
    [[nodiscard]] expected<lease> dial_out(job_id job) { return acquire_port(job); }
    /// DESIGN 4.5: a port to bridge an agent's nailed-up call with a customer call; release it
    /// once the bridge is made.
    [[nodiscard]] expected<lease> bridge(job_id job) { return acquire_port(job); }

    // ---- tenants and users (DESIGN 5) -------------------------------------------------------

    /// A tenant: an organization of the tree, with its users and its acquired user licenses.
    /// Everything done through a handle stays inside that tenant: a user of another tenant is
    /// unknown to it. A handle is cheap to copy and must not outlive its pool.
    class tenant_handle {
    public:
        organization_id id() const noexcept { return organization_id{node_}; }

        /// `zone/name` of the organization.
        std::string path() const {
            lock_type lock{pool_->mutex_};
            return pool_->nodes_[node_].path;
        }

        /// The user licenses the tenant bought (DESIGN 6: the "acquired" of its audit line).
        void set_acquired(std::uint32_t count) {
            lock_type lock{pool_->mutex_};
            pool_->nodes_[node_].acquired = count;
        }
        std::uint32_t acquired() const {
            lock_type lock{pool_->mutex_};
            return pool_->nodes_[node_].acquired;
        }

        /// A new user of this tenant, with attributes its usage factors can match.
        [[nodiscard]] expected<user_id> add_user(std::string name, std::map<std::string, std::string, std::less<>> attributes = {}) {
            return pool_->tenant_add_user(node_, std::move(name), std::move(attributes), false);
        }
        /// A station (a phone, a console) of this tenant; licenses are assigned to it as to a user.
        [[nodiscard]] expected<user_id> add_station(std::string name, std::map<std::string, std::string, std::less<>> attributes = {}) {
            return pool_->tenant_add_user(node_, std::move(name), std::move(attributes), true);
        }
        [[nodiscard]] expected<user_id> find_user(std::string_view name) const { return pool_->tenant_find_user(node_, name); }
        /// Sets one attribute of a user (an empty value removes it).
        [[nodiscard]] expected<void> set_attribute(user_id user, std::string key, std::string value) {
            return pool_->tenant_set_attribute(node_, user, std::move(key), std::move(value));
        }
        /// Removes a user; the licenses it held go back.
        [[nodiscard]] expected<void> remove_user(user_id user) { return pool_->tenant_remove_user(node_, user); }
        std::vector<user_id> users() const { return pool_->tenant_users(node_); }

        /// DESIGN 5: an assigned license, consumed while the user (or station) has it. Refused
        /// `consumption_mismatch` for a kind consumed while in use, `method_mismatch` when the
        /// catalog refuses mixing and the user holds concurrent licenses.
        [[nodiscard]] expected<void> assign(user_id user, std::string_view kind) { return pool_->take_user_license(node_, user, kind, false); }
        [[nodiscard]] expected<void> unassign(user_id user, std::string_view kind) { return pool_->give_user_license(node_, user, kind, false); }
        /// DESIGN 5: a concurrent license, consumed from login to logout; refused when none is
        /// free, `consumption_mismatch` for a kind consumed when configured, `method_mismatch`
        /// when the catalog refuses mixing and the user holds assigned licenses.
        [[nodiscard]] expected<void> login(user_id user, std::string_view kind) { return pool_->take_user_license(node_, user, kind, true); }
        [[nodiscard]] expected<void> logout(user_id user, std::string_view kind) { return pool_->give_user_license(node_, user, kind, true); }

        /// True when the user holds `kind`, assigned or logged in: access licenses gate
        /// features per user (DESIGN 5).
        bool has_access(user_id user, std::string_view kind) const { return pool_->tenant_has_access(node_, user, kind); }

    private:
        friend class license_pool;
        tenant_handle(license_pool* pool, std::uint32_t node) noexcept : pool_{pool}, node_{node} {}

        license_pool* pool_;
        std::uint32_t node_;
    };

    /// The tenant an organization is.
    [[nodiscard]] expected<tenant_handle> tenant(organization_id org) {
        lock_type lock{mutex_};
        if (org.value() >= nodes_.size() || nodes_[org.value()].level != detail::node_level::organization) {
            return fail(errc::unknown_node, detail::concat("#", std::to_string(org.value())), "organization");
        }
        return tenant_handle{this, org.value()};
    }

    /// Adds a usage factor after those defined so far (DESIGN 6: precedence is the order they
    /// are added in), for every tenant.
    [[nodiscard]] expected<void> add_usage_factor(std::string name, user_criterion criterion) {
        lock_type lock{mutex_};
        for (const auto& f : factors_) {
            if (f.name == name) {
                return fail(errc::duplicate_factor, name);
            }
        }
        factors_.push_back(usage_factor{std::move(name), std::move(criterion), true});
        return {};
    }

    /// Switches a usage factor off (users it would count go on to the next factor) or on.
    [[nodiscard]] expected<void> set_usage_factor_enabled(std::string_view name, bool enabled) {
        lock_type lock{mutex_};
        for (auto& f : factors_) {
            if (f.name == name) {
                f.enabled = enabled;
                return {};
            }
        }
        return fail(errc::unknown_factor, name);
    }

    /// The usage factors' names, in precedence order.
    std::vector<std::string> usage_factors() const {
        lock_type lock{mutex_};
        std::vector<std::string> out;
        for (const auto& f : factors_) {
            out.push_back(f.name);
        }
        return out;
    }

    // ---- node leases (DESIGN 7) --------------------------------------------------------------

    /// Lends `count` licenses of a kind to a remote holder (a media server, say) until the
    /// lease's time to live runs out, unless renewed. They come out of the entitlement and of
    /// what the tree divides among zones (DESIGN 4, 7: the pool recalculates), and never out
    /// of what zone minimums guarantee (refused `entitlement`, context "zone minimums"). A request id the holder used before gets the same lease back and
    /// takes nothing more (a retried or duplicated message); if that lease has ended,
    /// `stale_request`.
    [[nodiscard]] expected<node_lease> grant_node_lease(const node_lease_request& request) {
        if (request.holder.empty() || request.count == 0) {
            return fail(errc::invalid_setting, request.holder.empty() ? "node lease" : request.holder, {},
                        request.count, request.ttl.count(), "a node lease needs a holder and a count of at least 1");
        }
        if (auto refused = check_lease_ttl(request.holder, request.ttl)) {
            return unexpected<error>(*refused);
        }
        lock_type lock{mutex_};
        auto k = user_kind(request.kind);
        if (!k) {
            return unexpected<error>(k.error());
        }
        const auto now = steady_nanos();
        expire_node_leases(now);
        const auto key = std::make_pair(request.holder, request.request_id);
        if (const auto seen = lease_requests_.find(key); seen != lease_requests_.end()) {
            if (const auto live = node_leases_.find(seen->second); live != node_leases_.end()) {
                return live->second;
            }
            return fail(errc::stale_request, request.holder, {}, static_cast<std::int64_t>(request.request_id));
        }
        if (!operational_.load()) {
            return fail(errc::not_operational, catalog_[kind_id{missing_required_.load()}].name);
        }
        // Everything that allocates first (the lease, and its entries made as map nodes), then
        // the licenses taken and the entries linked in, which cannot fail: a failed allocation
        // leaves the pool as it was.
        node_lease granted;
        granted.holder = request.holder;
        granted.fence = last_fence_ + 1;
        granted.request_id = request.request_id;
        granted.kind = *k;
        granted.count = request.count;
        granted.expires = lease_expiry(now, request.ttl);
        node_lease_map lease_entry;
        lease_entry.emplace(granted.fence, granted);
        decltype(lease_requests_) request_entry;
        request_entry.emplace(key, granted.fence);
        detail::limited_counter::reading seen{};
        if (!kind_counters_[k->value()].try_take_n(request.count, seen)) {
            return fail(errc::entitlement, request.kind, {}, seen.used, seen.limit);
        }
        // DESIGN 7: a lease is a consumer at the system level, next to the zones: it cannot
        // take what the zones' minimums guarantee them.
        const std::size_t r = resource_of_[k->value()];
        if (r != detail::no_resource) {
            const std::uint64_t kept = zone_minimums(r);
            const std::uint64_t entitled = resource_entitlement(r);
            if (resource_leased(r) + request.count + kept > entitled) {
                kind_counters_[k->value()].give_back_n(request.count);
                return fail(errc::entitlement, request.kind, "zone minimums",
                            static_cast<std::int64_t>(resource_leased(r) + kept), static_cast<std::int64_t>(entitled));
            }
        }
        leased_[k->value()] += request.count;
        if (r != detail::no_resource) {
            // What the tree divides shrank (DESIGN 4, 7). A recalculation that cannot allocate
            // leaves the old limits whole; then the lease is not granted either.
            try {
                recalculate(recalculation_cause::node_lease, request.holder);
            } catch (...) {
                leased_[k->value()] -= request.count;
                kind_counters_[k->value()].give_back_n(request.count);
                throw;
            }
        }
        ++last_fence_;
        node_leases_.insert(lease_entry.extract(lease_entry.begin()));
        lease_requests_.insert(request_entry.extract(request_entry.begin()));
        forget_old_requests();
        lock.unlock();
        deliver_events();
        return granted;
    }

    /// Extends a live lease by `ttl` from now. A fence the holder no longer has (the lease
    /// expired, was released or force-released) is refused with `stale_fence`.
    [[nodiscard]] expected<node_lease> renew_node_lease(std::string_view holder, std::uint64_t fence, std::chrono::milliseconds ttl) {
        if (auto refused = check_lease_ttl(holder, ttl)) {
            return unexpected<error>(*refused);
        }
        lock_type lock{mutex_};
        const auto now = steady_nanos();
        expire_node_leases(now);
        const auto it = node_leases_.find(fence);
        if (it == node_leases_.end() || it->second.holder != holder) {
            return fail(errc::stale_fence, holder, {}, static_cast<std::int64_t>(fence));
        }
        it->second.expires = lease_expiry(now, ttl);
        return it->second;
    }

    /// Gives a lease back before it expires.
    [[nodiscard]] expected<void> release_node_lease(std::string_view holder, std::uint64_t fence) {
        lock_type lock{mutex_};
        const auto it = node_leases_.find(fence);
        if (it == node_leases_.end() || it->second.holder != holder) {
            return fail(errc::stale_fence, holder, {}, static_cast<std::int64_t>(fence));
        }
        end_node_leases([&](const node_lease& l) { return l.fence == fence; }, holder);
        lock.unlock();
        deliver_events();
        return {};
    }

    /// Takes back every lease of `holder` (a media server that crashed, say); returns how
    /// many licenses came back. Its later messages get `stale_fence`.
    std::uint32_t force_release(std::string_view holder) {
        lock_type lock{mutex_};
        const std::uint32_t released = end_node_leases([&](const node_lease& l) { return l.holder == holder; }, holder);
        lock.unlock();
        deliver_events();
        return released;
    }

    /// The live leases, in grant order: who holds what, until when.
    std::vector<node_lease> node_leases() const {
        lock_type lock{mutex_};
        std::vector<node_lease> out;
        for (const auto& [fence, l] : node_leases_) {
            out.push_back(l);
        }
        return out;
    }

    /// The last fence handed out: every grant's fence is higher.
    std::uint64_t last_fence() const {
        lock_type lock{mutex_};
        return last_fence_;
    }

    // ---- snapshots (DESIGN 7) ------------------------------------------------------------------

    /// Everything that must survive a restart, as one moment's versioned text authenticated
    /// with a MAC under the vendor secret: installed keys, the trial registry, the latest
    /// date seen, zones, organizations and their settings, jobs and their settings, users
    /// with their assigned licenses, node leases and the fence counter, the audit history
    /// and the last poll. Calls in progress, logins and attached agents are not kept: after a
    /// restart they start at zero. Usage factors are the host's code, defined again at start.
    std::string snapshot() const {
        static_assert(detail::check_persistent_validator<Validator>(), "see the message above");
        lock_type lock{mutex_};
        std::string body = detail::snapshot_writer{catalog_}.text(snapshot_state_locked());
        const std::string mac = detail::snapshot_mac(secret_, body);
        detail::append(body, "mac ", mac, "\n");
        return body;
    }

    /// Writes `snapshot()` to `path` atomically (a temporary file in the same folder,
    /// flushed to disk, renamed over the old one): a crash leaves the old snapshot or the
    /// new one, never a mix. `before` is for tests (see `write_step_hook`).
    [[nodiscard]] expected<void> save_snapshot(const std::string& path, const write_step_hook& before = {}) const {
        return write_file_atomically(path, snapshot(), before);
    }

    /// Reads a snapshot back into this pool, which must be fresh (no keys, nodes, jobs, users,
    /// leases or polls yet), re-validating every key. A truncated, damaged, edited, foreign
    /// or future-version snapshot is refused with an error naming the line and the problem
    /// where there is one, and the pool is left as it was.
    [[nodiscard]] expected<void> restore_snapshot(std::string_view text) {
        auto restored = restore_snapshot(text, snapshot_serial::same);
        if (!restored) {
            return unexpected<error>(restored.error());
        }
        return {};
    }

    /// DESIGN 7: `restore_snapshot`, saying whether the snapshot may be of another serial.
    /// With `snapshot_serial::exchanged` a snapshot saved under another serial (the feature
    /// key was exchanged) is read: its settings, users and history are kept and its keys,
    /// which are the old serial's, are dropped and named in the result. The MAC guards the
    /// file either way. While the serial provider reports no serial, a snapshot of a serial
    /// is refused `serial_absent`: no key could be checked.
    [[nodiscard]] expected<snapshot_restore> restore_snapshot(std::string_view text, snapshot_serial serial) {
        static_assert(detail::check_persistent_validator<Validator>(), "see the message above");
        lock_type lock{mutex_};
        if (auto fresh = check_fresh(); !fresh) {
            return unexpected<error>(fresh.error());
        }
        auto state = detail::snapshot_reader{catalog_, secret_}.read(text);
        if (!state) {
            return unexpected<error>(state.error());
        }
        auto keys = check_snapshot(*state, serial);
        if (!keys) {
            return unexpected<error>(keys.error());
        }
        // Built before anything changes: an allocation failing here leaves the pool as it was.
        snapshot_restore restored{state->serial, std::move(keys->dropped)};
        apply_snapshot(*state, keys->kept);
        lock.unlock();
        deliver_events();
        return restored;
    }

    /// `restore_snapshot` of the file at `path`.
    [[nodiscard]] expected<void> load_snapshot(const std::string& path) {
        auto text = read_file(path);
        if (!text) {
            return unexpected<error>(text.error());
        }
        return restore_snapshot(*text);
    }
    [[nodiscard]] expected<snapshot_restore> load_snapshot(const std::string& path, snapshot_serial serial) {
        auto text = read_file(path);
        if (!text) {
            return unexpected<error>(text.error());
        }
        return restore_snapshot(*text, serial);
    }

    // ---- compliance (DESIGN 6) -------------------------------------------------------------

    /// Audits the pool now: the report is kept in the history and each exceeded kind sends
    /// one event to the sink. The auditor and the sink run with no lock held.
    compliance_report audit() {
        audit_snapshot snapshot;
        std::uint64_t sequence = 0;
        {
            lock_type lock{mutex_};
            read_serial();   // DESIGN 3: the report is of the serial as it is now
            observe_today(); // DESIGN 3: the audit's day moves the watermark, as every accepted date does
            snapshot = snapshot_locked();
            sequence = audits_++;
        }
        deliver_events();
        compliance_report report = auditor_.audit(snapshot);
        report.sequence = sequence;
        std::shared_ptr<const std::function<void(const compliance_event&)>> sink;
        {
            lock_type lock{mutex_};
            history_.add(report);
            sink = audit_sink_;
        }
        if (sink && *sink) {
            send_compliance_events(report, *sink);
        }
        return report;
    }

    /// Where each exceeded kind's event goes (DESIGN 6: nothing is sent when nothing is exceeded).
    void on_compliance_event(std::function<void(const compliance_event&)> sink) {
        lock_type lock{mutex_};
        audit_sink_ = std::make_shared<const std::function<void(const compliance_event&)>>(std::move(sink));
    }

    /// Lets the pool audit once a day on its own clock, at the first tick of each new day.
    void enable_daily_audit(bool enabled = true) {
        lock_type lock{mutex_};
        daily_audit_ = enabled;
    }

    /// The kept reports of days `from` to `to`, oldest first.
    std::vector<compliance_report> past_audits(date from, date to) const {
        lock_type lock{mutex_};
        return history_.between(from, to);
    }

    void set_audit_retention(audit_retention retention) {
        lock_type lock{mutex_};
        history_.set_retention(retention);
    }

    // ---- time -------------------------------------------------------------------------------

    /// The host's tick: the pool reads its clock and its serial provider and does its timed
    /// work: keys that expired or whose serial went or came back (trigger 2, DESIGN 3) and
    /// dynamic jobs turning idle (trigger 3).
    void tick() {
        lock_type lock{mutex_};
        const auto now = steady_nanos();
        bool expired = false;
        if (options_.entitlements == entitlement_source::keys) {
            // DESIGN 3: the serial is read at each tick, as the clock is; a serial gone or
            // back recalculates by itself, and an expiry is then part of that recalculation.
            if (!read_serial()) {
                expired = apply_entitlements(key_entitlements(observe_today()));
            }
        } else {
            end_grace_if_due(observe_today()); // recalculates itself when it lapses
        }
        expire_node_leases(now);
        forget_emptied_jobs();
        std::string turned_idle;
        const auto window = std::chrono::duration_cast<std::chrono::nanoseconds>(allocator_.idle_window()).count();
        for (std::size_t r = 0; r < resources_.size(); ++r) {
            for (const std::uint32_t s : resources_[r].slots) {
                auto& counters = counters_[s];
                const auto& job = jobs_[slots_[s].job];
                if (job.mode != allocation_mode::dynamic || job.state.load() != job_state::running ||
                    counters.idle.load()) {
                    continue;
                }
                if (now - counters.last_attempt.load() >= window) {
                    counters.idle.store(true);
                    idle_slots_[r].fetch_add(1);
                    // Trigger 3 only while some job is hungry for this kind.
                    if (hungry_[r].load() && turned_idle.empty()) {
                        turned_idle = job.name;
                    }
                }
            }
        }
        if (expired) {
            recalculate(recalculation_cause::entitlement_changed, "key validity");
        } else if (!turned_idle.empty()) {
            recalculate(recalculation_cause::idle_while_hungry, turned_idle);
        }
        // DESIGN 6: the scheduled audit, once a day on the pool's clock.
        const date today = audit_day();
        const bool audit_due = daily_audit_ && (!last_daily_audit_ || today > *last_daily_audit_);
        if (audit_due) {
            last_daily_audit_ = today;
        }
        lock.unlock();
        deliver_events();
        if (audit_due) {
            (void)audit();
        }
    }

    // ---- introspection ----------------------------------------------------------------------

    /// A job's quota and in-use for a kind (for an agent-based job's campaign kind: seats).
    [[nodiscard]] expected<usage> job_usage(job_id job, kind_id kind) const {
        auto slot = find_slot(job, kind);
        if (!slot) {
            return unexpected<error>(slot.error());
        }
        const auto seen = counters_[*slot].usage.read();
        return usage{seen.limit, seen.used};
    }
    [[nodiscard]] expected<usage> job_usage(job_id job, std::string_view kind) const {
        auto k = catalog_.find(kind);
        if (!k) {
            return unexpected<error>(k.error());
        }
        return job_usage(job, *k);
    }

    /// A zone's share and in-use for a kind.
    [[nodiscard]] expected<usage> node_usage(zone_id zone, kind_id kind) const { return node_usage_of(zone.value(), kind, true); }
    /// An organization's share and in-use for a kind.
    [[nodiscard]] expected<usage> node_usage(organization_id org, kind_id kind) const {
        return node_usage_of(org.value(), kind, false);
    }

    /// The entitlement of a kind and how much of it is in use, system-wide.
    usage system_usage(kind_id kind) const noexcept {
        if (kind.value() >= catalog_.size()) {
            return {};
        }
        const auto seen = kind_counters_[kind.value()].read();
        return usage{seen.limit, seen.used};
    }

    [[nodiscard]] expected<job_state> state_of(job_id job) const {
        if (job.value() >= jobs_.size() || jobs_[job.value()].forgotten.load(std::memory_order_acquire)) {
            return fail(errc::unknown_job, detail::concat("#", std::to_string(job.value())));
        }
        return jobs_[job.value()].state.load(std::memory_order_acquire);
    }

    /// The job's name (fixed at start).
    [[nodiscard]] expected<std::string> job_name(job_id job) const {
        if (job.value() >= jobs_.size() || jobs_[job.value()].forgotten.load(std::memory_order_acquire)) {
            return fail(errc::unknown_job, detail::concat("#", std::to_string(job.value())));
        }
        return jobs_[job.value()].name;
    }

    /// Every job not forgotten, in start order.
    std::vector<job_id> jobs() const {
        std::vector<job_id> out;
        const std::size_t n = jobs_.size();
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (!jobs_[i].forgotten.load(std::memory_order_acquire)) {
                out.push_back(job_id{static_cast<std::uint32_t>(i)});
            }
        }
        return out;
    }

    /// Why a job has the quota it has for a kind (DESIGN 4).
    [[nodiscard]] expected<quota_explanation> explain(job_id job, kind_id kind) const {
        lock_type lock{mutex_};
        auto slot = find_slot(job, kind);
        if (!slot) {
            return unexpected<error>(slot.error());
        }
        return explain_locked(*slot);
    }
    [[nodiscard]] expected<quota_explanation> explain(job_id job, std::string_view kind) const {
        auto k = catalog_.find(kind);
        if (!k) {
            return unexpected<error>(k.error());
        }
        return explain(job, *k);
    }

private:
    // One naming convention for the lock: a member whose name ends in `_locked` runs with the
    // pool's mutex already held by its caller, and never takes it (with std::mutex, taking it
    // again would deadlock). Every other member that needs the mutex takes it itself; the
    // tenant handle's calls (`tenant_add_user` and its siblings) are of that kind.

    // A refusal found on the fast path; turned into an `error` only when it is returned.
    struct refusal {
        errc code;
        std::uint32_t used;
        std::uint32_t limit;
        std::uint32_t node; // the organization or zone that refused
    };

    static constexpr std::size_t max_jobs = detail::stable_vector<detail::job_record>::max_size();

    // ---- resources and entitlement ----------------------------------------------------------

    // Counted kinds outside tier groups are resources of their own; a tier group is one
    // resource for agent-based jobs (DESIGN 4.5: seat quotas over the group's seats, with
    // nested limits per tier).
    void build_resources() {
        resource_of_.assign(catalog_.size(), detail::no_resource);
        for (const auto& k : catalog_.kinds()) {
            if (k.is_bundle() || k.is_boolean() || resource_of_[k.id.value()] != detail::no_resource) {
                continue;
            }
            detail::resource_record r;
            const auto& group = catalog_.tier_group(k.id);
            r.seats = !group.empty();
            r.kinds = r.seats ? group : std::vector<kind_id>{k.id};
            r.name = r.seats ? k.tier_group : k.name;
            for (const kind_id member : r.kinds) {
                resource_of_[member.value()] = static_cast<std::uint16_t>(resources_.size());
            }
            resources_.push_back(std::move(r));
        }
        hungry_ = std::make_unique<std::atomic<bool>[]>(resources_.size());
        idle_slots_ = std::make_unique<std::atomic<std::uint32_t>[]>(resources_.size());
        for (std::size_t r = 0; r < resources_.size(); ++r) {
            hungry_[r].store(false);
            idle_slots_[r].store(0);
        }
        // DESIGN 2, roles; DESIGN 4.5: the kind of an agent's nail-up port, if any.
        if (const auto port = catalog_.agent_port_kind(); port && resource_of_[port->value()] != detail::no_resource) {
            port_kind_ = *port;
        }
    }

    // The entitlements a poll grants; `lapsed` keeps only the boolean kinds (DESIGN 7: after
    // the grace period counted kinds fall to zero).
    [[nodiscard]] expected<std::vector<entitlement>> poll_entitlements(const std::vector<kind_count>& counts, bool lapsed) const {
        std::vector<entitlement> granted;
        for (const auto& c : counts) {
            auto k = catalog_.find(c.kind);
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (lapsed && !catalog_[*k].is_boolean()) {
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
        if (!poll_.grace_ends || poll_.lapsed || today <= *poll_.grace_ends) {
            return false;
        }
        poll_.lapsed = true;
        apply_entitlements(entitlement_set::total(catalog_, *poll_entitlements(poll_.last_good, true), date{}));
        recalculate(recalculation_cause::entitlement_changed, "grace period ended");
        return true;
    }

    // Takes the new totals; true when they differ from the old ones. The counters' limits
    // change in the next recalculation, with every other limit.
    bool apply_entitlements(entitlement_set totals) {
        bool changed = false;
        for (const auto& k : catalog_.kinds()) {
            const std::uint32_t n = totals.count(k.id);
            changed = changed || n != entitled_[k.id.value()];
            entitled_[k.id.value()] = n;
        }
        entitlements_now_ = std::move(totals);
        refresh_operational();
        return changed;
    }

    // ---- the feature-key serial (DESIGN 3) --------------------------------------------------

    // A validator without `serial()` is a host's that binds keys some other way: its serial
    // is never absent, nor another.
    static constexpr bool reads_serial = detail::is_detected_v<detail::validator_serial_t, Validator>;

    enum class serial_standing : std::uint8_t {
        present,  // no key installed, or the provider reports the keys' serial
        absent,   // the provider reports no serial
        replaced, // the provider reports another serial
    };

    // What the provider reports now, as it enters a key's MAC. Called with the lock held,
    // as the clock is read: the provider is the host's, and the validator that holds it is
    // not thread-safe.
    std::string provider_serial() const {
        if constexpr (reads_serial) {
            return normalize_serial(serial_number{validator_.serial()}.value());
        } else {
            return {};
        }
    }

    serial_standing standing() const noexcept {
        if (keys_.empty() || reported_serial_ == bound_serial_) {
            return serial_standing::present;
        }
        return reported_serial_.empty() ? serial_standing::absent : serial_standing::replaced;
    }

    // With no key installed nothing is bound: the keys to come are the present serial's.
    void bind_serial_if_free() {
        if (keys_.empty() && !reported_serial_.empty()) {
            bound_serial_ = reported_serial_;
        }
    }

    // What the installed keys grant on `today`: nothing while their serial is not there
    // (DESIGN 3: the same rules as an expiry).
    entitlement_set key_entitlements(date today) const {
        if (serial_standing_ != serial_standing::present) {
            return entitlement_set::total(catalog_, std::vector<entitlement>{}, today);
        }
        return keys_.entitlements(catalog_, today);
    }

    // Lock held. Reads the serial provider; when the keys' standing changed (their serial
    // went, was replaced or came back), applies their entitlement and recalculates, with an
    // event naming the serial and what happened to it. True when it did.
    bool read_serial() {
        if (!reads_serial || options_.entitlements != entitlement_source::keys) {
            return false;
        }
        reported_serial_ = provider_serial();
        bind_serial_if_free();
        const serial_standing was = serial_standing_;
        serial_standing_ = standing();
        if (serial_standing_ == was) {
            return false;
        }
        apply_entitlements(key_entitlements(observe_today()));
        const std::string subject =
            serial_standing_ == serial_standing::present ? detail::concat("feature-key serial ", bound_serial_, " present")
            : serial_standing_ == serial_standing::absent
                ? detail::concat("feature-key serial ", bound_serial_, " absent")
                : detail::concat("feature-key serial ", bound_serial_, " replaced by ", reported_serial_);
        recalculate(recalculation_cause::key_serial, subject);
        return true;
    }

    [[nodiscard]] expected<entitlement> install_key_locked(std::string_view key_text) {
        if (options_.entitlements != entitlement_source::keys) {
            return fail(errc::wrong_entitlement_source, key_text, {}, 0, 0,
                        "this pool takes its entitlement from a license server; it installs no keys");
        }
        read_serial();
        if (reads_serial && reported_serial_.empty()) {
            return fail(errc::serial_absent, bound_serial_);
        }
        if (serial_standing_ != serial_standing::present) {
            return fail(errc::serial_changed, reported_serial_, bound_serial_);
        }
        auto validated = validator_.validate(key_text, clock_.today());
        if (!validated) {
            return validated;
        }
        validator_.record_install(*validated);
        keys_.add(*validated);
        bind_serial_if_free(); // not reached with keys bound to another serial: refused above
        serial_standing_ = standing();
        // DESIGN 4.3 trigger 2 is a *change* of entitlement: the same key again, or a key
        // whose count is clipped away at the cap, recalculates nothing.
        if (apply_entitlements(key_entitlements(observe_today()))) {
            recalculate(recalculation_cause::entitlement_changed, catalog_[validated->kind].name);
        }
        return validated;
    }

    [[nodiscard]] expected<void> remove_key_locked(std::string_view key_text) {
        read_serial();
        auto removed = keys_.remove(key_text);
        if (!removed) {
            return unexpected<error>(removed.error());
        }
        bind_serial_if_free(); // the last key gone: nothing is bound any more
        serial_standing_ = standing();
        if (apply_entitlements(key_entitlements(observe_today()))) {
            // Events name the kind, as every other recalculation event does.
            recalculate(recalculation_cause::entitlement_changed, catalog_[removed->kind].name);
        }
        return {};
    }

    // DESIGN 2: without every required kind the pool is not operational.
    void refresh_operational() {
        for (const auto& k : catalog_.kinds()) {
            if (k.required && entitled_[k.id.value()] == 0) {
                missing_required_.store(k.id.value(), std::memory_order_release);
                operational_.store(false, std::memory_order_release);
                return;
            }
        }
        operational_.store(true, std::memory_order_release);
    }

    // DESIGN 4, 7: what the tree divides is the entitlement less what node leases hold.
    std::uint64_t resource_capacity(std::size_t r) const {
        const std::uint64_t entitled = resource_entitlement(r);
        const std::uint64_t leased = resource_leased(r);
        return entitled > leased ? entitled - leased : 0;
    }

    // ---- nodes ------------------------------------------------------------------------------

    struct checked_setting {
        kind_id kind;
        limits value;
    };

    [[nodiscard]] expected<std::vector<checked_setting>> check_settings(std::string_view node,
                                                          const std::vector<kind_limits>& settings) const {
        std::vector<checked_setting> out;
        for (const auto& s : settings) {
            auto k = counted_kind(s.kind);
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (s.value.min > s.value.max) {
                return fail(errc::invalid_setting, node, s.kind, s.value.min, s.value.max,
                            "min {number} is above max {limit}");
            }
            if (s.value.weight < 1 || s.value.weight > max_weight) {
                return fail(errc::invalid_setting, node, s.kind, s.value.weight, 0,
                            "weight {number} is outside 1..1000");
            }
            out.push_back({*k, s.value});
        }
        return out;
    }

    void apply_settings(std::uint32_t node, const std::vector<checked_setting>& settings) {
        for (const auto& s : settings) {
            nodes_[node].settings[s.kind.value()] = s.value;
        }
    }

    [[nodiscard]] expected<kind_id> counted_kind(std::string_view name) const {
        auto k = catalog_.find(name);
        if (!k) {
            return k;
        }
        const auto& kind = catalog_[*k];
        if (kind.is_bundle()) {
            return fail(errc::not_counted, name, {}, 0, 0, "is a bundle: its parts are licensed, not the bundle");
        }
        if (kind.is_boolean()) {
            return fail(errc::not_counted, name, {}, 0, 0, "is boolean: it is on or off, never divided");
        }
        return k;
    }

    // Whether `count` more zones or organizations fit, each with its counters.
    bool room_for_nodes(std::size_t count) const noexcept {
        return nodes_.size() + count <= nodes_.max_size() &&
               node_counters_.size() + count * resources_.size() <= node_counters_.max_size();
    }

    unexpected<error> no_room_for_nodes() const {
        return fail(errc::capacity_exhausted, "zones and organizations", {}, 0,
                    static_cast<std::int64_t>(nodes_.size()));
    }

    [[nodiscard]] expected<std::uint32_t> new_node(std::string name, std::string path, detail::node_level level,
                                     std::uint32_t parent) {
        if (!room_for_nodes(1)) {
            return no_room_for_nodes();
        }
        const auto index = static_cast<std::uint32_t>(nodes_.size());
        const auto first_counter = static_cast<std::uint32_t>(node_counters_.size());
        for (std::size_t r = 0; r < resources_.size(); ++r) {
            node_counters_.emplace_back();
        }
        // Everything that allocates is made first; then the node is filled with moves and
        // published whole, since node_usage reads nodes without the lock.
        std::vector<std::optional<limits>> settings(catalog_.size());
        std::vector<bounds> last_bounds(resources_.size());
        std::vector<tiered_capacity> last_tiers(resources_.size());
        auto& n = nodes_.prepare_back();
        n.name = std::move(name);
        n.path = std::move(path);
        n.level = level;
        n.parent = parent;
        n.created = index;
        n.first_counter = first_counter;
        n.settings = std::move(settings);
        n.last_bounds = std::move(last_bounds);
        n.last_tiers = std::move(last_tiers);
        nodes_.publish_back();
        if (parent != detail::no_index) {
            nodes_[parent].children.push_back(index);
        } else {
            zones_.push_back(index);
        }
        return index;
    }

    [[nodiscard]] expected<std::uint32_t> find_or_create_zone(std::string_view name) {
        const std::string key{name};
        if (const auto it = zone_index_.find(key); it != zone_index_.end()) {
            return it->second;
        }
        if (!valid_node_name(name)) {
            return fail(errc::invalid_setting, name, {}, 0, 0,
                        "a zone name is 1 to 48 characters of UTF-8, without spaces, control characters or '/'");
        }
        auto index = new_node(key, key, detail::node_level::zone, detail::no_index);
        if (index) {
            zone_index_.emplace(key, *index);
        }
        return index;
    }

    // `restoring`: a snapshot's organizations existed before, licensed or not; they are
    // taken whatever the organization entitlement now, and the audit says if it is exceeded.
    [[nodiscard]] expected<std::uint32_t> find_or_create_organization(std::string_view zone, std::string_view name,
                                                        bool restoring = false) {
        const std::string path = detail::concat(zone, "/", name);
        if (const auto it = organization_index_.find(path); it != organization_index_.end()) {
            return it->second;
        }
        if (!valid_node_name(name)) {
            return fail(errc::invalid_setting, path, {}, 0, 0,
                        "an organization name is 1 to 48 characters of UTF-8, without spaces, control characters or '/'");
        }
        // DESIGN 1: a refusal creates nothing, not even the zone, so the room for both nodes
        // is checked before either is made.
        if (!room_for_nodes(zone_index_.count(std::string{zone}) != 0 ? 1 : 2)) {
            return no_room_for_nodes();
        }
        // DESIGN 5: every organization consumes an `organization` license, when the catalog has
        // that kind; one more than licensed is refused. Taken first, so that a refusal
        // creates nothing, not even the zone.
        detail::limited_counter::reading seen{};
        if (organization_kind_ && restoring) {
            kind_counters_[organization_kind_->value()].force_take();
        } else if (organization_kind_ && !kind_counters_[organization_kind_->value()].try_take(seen)) {
            return fail(errc::entitlement, catalog_[*organization_kind_].name, {}, seen.used, seen.limit);
        }
        auto z = find_or_create_zone(zone);
        auto index = z ? new_node(std::string{name}, path, detail::node_level::organization, *z) : z;
        if (!index) {
            if (organization_kind_) {
                kind_counters_[organization_kind_->value()].give_back();
            }
            return index;
        }
        organization_index_.emplace(path, *index);
        return index;
    }

    // DESIGN 4: a zone or organization name is 1 to 48 characters of UTF-8, with no space,
    // control character or '/'. Read byte by byte as unsigned, so every platform agrees.
    static bool valid_node_name(std::string_view name) noexcept {
        std::size_t characters = 0;
        for (std::size_t at = 0; at < name.size(); ++characters) {
            const auto c = detail::next_code_point(name, at);
            if (!c || *c <= 0x20 || *c == '/' || (*c >= 0x7F && *c <= 0x9F)) {
                return false;
            }
        }
        return characters >= 1 && characters <= 48;
    }

    // DESIGN 4.5: a tier group's settings add up: mins, maxes (no max anywhere means none),
    // and the largest weight given.
    limits node_limits(const detail::node_record& node, std::size_t r) const {
        const auto& res = resources_[r];
        if (!res.seats) {
            return node.settings[res.kinds[0].value()].value_or(limits{});
        }
        std::uint64_t min = 0;
        std::uint64_t max = 0;
        bool bounded = true;
        bool any = false;
        std::uint32_t weight = 1;
        for (const kind_id k : res.kinds) {
            const auto& s = node.settings[k.value()];
            if (!s) {
                bounded = false;
                continue;
            }
            any = true;
            min += s->min;
            if (s->max == unlimited) {
                bounded = false;
            } else {
                max += s->max;
            }
            weight = std::max(weight, s->weight);
        }
        if (!any) {
            return limits{};
        }
        const auto clip = [](std::uint64_t v) { return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, unlimited)); };
        return limits{clip(min), bounded ? clip(std::max(min, max)) : unlimited, weight};
    }

    // ---- jobs -------------------------------------------------------------------------------

    [[nodiscard]] expected<std::uint32_t> job_index(job_id job) const {
        if (job.value() >= jobs_.size() || jobs_[job.value()].forgotten.load(std::memory_order_acquire)) {
            return fail(errc::unknown_job, detail::concat("#", std::to_string(job.value())));
        }
        return job.value();
    }

    // The slots a job would have: its kinds with their resources, mins and maxes, checked
    // (DESIGN 4, 4.5). Creates nothing, so a snapshot can be checked whole before it is read.
    struct planned_slot {
        std::uint16_t resource;
        kind_id kind;
        std::uint32_t min;
        std::uint32_t max;
    };
    struct job_plan {
        std::vector<planned_slot> slots;
        std::optional<kind_id> campaign;
    };

    // DESIGN 4.2: a stopped job is stopped for good, so its settings are final too.
    static std::optional<error> check_not_stopped(const detail::job_record& rec) noexcept {
        const job_state state = rec.state.load();
        if (state == job_state::stopped) {
            return error{errc::invalid_state, rec.name, to_string(state), 0, 0,
                         "a stopped job's settings no longer change"};
        }
        return std::nullopt;
    }

    [[nodiscard]] expected<job_plan> plan_job(const job_spec& spec, const std::string& name) const {
        job_plan plan;
        auto& slots = plan.slots;
        const auto add = [&](kind_id k, std::uint32_t min, std::uint32_t max) -> expected<void> {
            const auto r = resource_of_[k.value()];
            if (min > max) {
                return fail(errc::invalid_setting, name, catalog_[k].name, min, max, "min {number} is above max {limit}");
            }
            for (auto& w : slots) {
                if (w.resource == r) {
                    w.min = min;
                    w.max = max;
                    return {};
                }
            }
            slots.push_back({r, k, min, max});
            return {};
        };
        if (!spec.campaign().empty()) {
            auto k = counted_kind(spec.campaign());
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (!resources_[resource_of_[k->value()]].seats) {
                return fail(errc::seat_kind, spec.campaign(), {}, 0, 0,
                            "is not a seat kind of a tier group, so it names no campaign type");
            }
            plan.campaign = *k;
            if (auto added = add(*k, spec.min(), spec.max()); !added) {
                return unexpected<error>(added.error());
            }
            if (port_kind_) {
                // DESIGN 4.5: agents' nail-up, dial-out and bridge ports are telephony ports.
                if (auto added = add(*port_kind_, 0, unlimited); !added) {
                    return unexpected<error>(added.error());
                }
            }
        }
        for (const auto& kind_name : spec.kinds()) {
            auto k = counted_kind(kind_name);
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (resources_[resource_of_[k->value()]].seats) {
                return fail(errc::seat_kind, kind_name, {}, 0, 0,
                            "is a seat kind: name it as the campaign of an agent-based job");
            }
            const bool agent_job = plan.campaign.has_value();
            if (auto added = add(*k, agent_job ? 0 : spec.min(), agent_job ? unlimited : spec.max()); !added) {
                return unexpected<error>(added.error());
            }
        }
        for (const auto& o : spec.overrides()) {
            auto k = counted_kind(o.kind);
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (resources_[resource_of_[k->value()]].seats && (!plan.campaign || resource_of_[plan.campaign->value()] != resource_of_[k->value()])) {
                return fail(errc::seat_kind, o.kind, {}, 0, 0,
                            "is a seat kind: name it as the campaign of an agent-based job");
            }
            if (auto added = add(resources_[resource_of_[k->value()]].seats ? *plan.campaign : *k, o.value.min, o.value.max); !added) {
                return unexpected<error>(added.error());
            }
        }
        if (slots.empty()) {
            return fail(errc::invalid_setting, name, {}, 0, 0, "a job needs at least one kind");
        }
        // DESIGN 2: a kind that also takes another brings that kind into the job, with the
        // same min and max, unless the job has it already.
        const std::size_t named = slots.size();
        for (std::size_t i = 0; i < named; ++i) {
            const auto taken = catalog_[slots[i].kind].takes;
            if (!taken) {
                continue;
            }
            const auto r = resource_of_[taken->value()];
            if (std::none_of(slots.begin(), slots.end(), [r](const planned_slot& w) { return w.resource == r; })) {
                const planned_slot linked{r, *taken, slots[i].min, slots[i].max};
                slots.push_back(linked);
            }
        }
        return plan;
    }

    // DESIGN 4: an unnamed job is called `job-<n>`, n the first number from its start index
    // up whose name no job has, so a host's own `job-2` never blocks unnamed starts.
    std::string free_job_name(std::uint32_t index) const {
        for (std::uint64_t n = index;; ++n) {
            std::string name = detail::concat("job-", std::to_string(n));
            if (job_index_.count(name) == 0) {
                return name;
            }
        }
    }

    [[nodiscard]] expected<job_id> start_job_locked(const job_spec& spec) {
        // Check everything first: a refused start changes nothing (DESIGN 1).
        if (spec.priority() < min_priority || spec.priority() > max_priority) {
            return fail(errc::invalid_setting, spec.name().empty() ? "new job" : spec.name(), {}, spec.priority(), 0,
                        "priority {number} is outside 1..10");
        }
        if (jobs_.full()) {
            return fail(errc::capacity_exhausted, "jobs", {}, 0, static_cast<std::int64_t>(max_jobs));
        }
        const auto index = static_cast<std::uint32_t>(jobs_.size());
        std::string name = spec.name().empty() ? free_job_name(index) : spec.name();
        if (job_index_.count(name) != 0) {
            return fail(errc::duplicate_job, name);
        }
        auto planned = plan_job(spec, name);
        if (!planned) {
            return unexpected<error>(planned.error());
        }
        const auto& slots = planned->slots;
        const auto campaign = planned->campaign;
        if (slots_.size() + slots.size() > slots_.max_size()) {
            return fail(errc::capacity_exhausted, "job slots", {}, 0, static_cast<std::int64_t>(slots_.max_size()));
        }
        std::uint32_t org_index = 0;
        if (spec.organization()) {
            const auto o = spec.organization()->value();
            if (o >= nodes_.size() || nodes_[o].level != detail::node_level::organization) {
                return fail(errc::unknown_node, detail::concat("#", std::to_string(o)), "organization");
            }
            org_index = o;
        } else {
            auto org = find_or_create_organization("default", "default");
            if (!org) {
                return unexpected<error>(org.error());
            }
            org_index = *org;
        }
        // All checked: create the job, its slots and counters, then publish it.
        const auto& org = nodes_[org_index];
        const auto first_slot = static_cast<std::uint32_t>(slots_.size());
        const auto now = steady_nanos();
        for (std::size_t i = 0; i < slots.size(); ++i) {
            const auto& w = slots[i];
            auto& rec = slots_.emplace_back();
            rec.job = index;
            rec.resource = w.resource;
            rec.kind = w.kind;
            rec.organization_counter = org.first_counter + w.resource;
            rec.zone_counter = nodes_[org.parent].first_counter + w.resource;
            rec.min = w.min;
            rec.max = w.max;
            auto& counters = counters_.emplace_back();
            counters.max.store(w.max);
            // DESIGN 4.3: starting a job counts as an attempt.
            counters.last_attempt.store(now);
            resources_[w.resource].slots.push_back(first_slot + static_cast<std::uint32_t>(i));
        }
        for (std::size_t i = 0; i < slots.size(); ++i) {
            if (const auto taken = catalog_[slots[i].kind].takes) {
                for (std::size_t j = 0; j < slots.size(); ++j) {
                    if (slots[j].resource == resource_of_[taken->value()]) {
                        slots_[first_slot + i].linked_slot = first_slot + static_cast<std::uint32_t>(j);
                    }
                }
            }
        }
        // DESIGN 1: lock-free readers (state_of, job_name, job_usage, acquire) find a job by
        // index, so it is published only once whole: its slots and counters above, and every
        // field below, are written before `publish_back()` releases them together.
        std::string key = name;
        auto& job = jobs_.prepare_back();
        job.name = std::move(name);
        job.organization = org_index;
        job.zone = org.parent;
        job.started = index;
        job.mode = spec.mode();
        job.campaign = campaign;
        job.first_slot = first_slot;
        job.slot_count = static_cast<std::uint32_t>(slots.size());
        job.priority = spec.priority();
        job.state.store(job_state::running, std::memory_order_release);
        jobs_.publish_back();
        nodes_[org_index].children.push_back(index);
        job_index_.emplace(std::move(key), index);
        return job_id{index};
    }

    [[nodiscard]] expected<void> change_state(job_id job, std::initializer_list<job_state> from, job_state to,
                                recalculation_cause cause, const char* rule) {
        lock_type lock{mutex_};
        auto found = job_index(job);
        if (!found) {
            return unexpected<error>(found.error());
        }
        auto& rec = jobs_[*found];
        const job_state now = rec.state.load();
        if (std::find(from.begin(), from.end(), now) == from.end()) {
            return fail(errc::invalid_state, rec.name, to_string(now), 0, 0, rule);
        }
        set_state(*found, to);
        if (to == job_state::running) {
            // DESIGN 4.3: resuming or waking counts as an attempt.
            const auto t = steady_nanos();
            for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
                counters_[s].last_attempt.store(t);
            }
        }
        recalculate(cause, rec.name);
        if (to == job_state::stopped) {
            retire(*found);
        }
        lock.unlock();
        deliver_events();
        return {};
    }

    // A job stopped for good leaves the tree that recalculations walk (DESIGN 4.2: its quota
    // is 0, and was just published), so stopped jobs cost a recalculation nothing. With
    // `forget_stopped_jobs`, it is forgotten once it holds nothing. Lock held.
    void retire(std::uint32_t job) {
        const auto& rec = jobs_[job];
        auto& siblings = nodes_[rec.organization].children;
        siblings.erase(std::remove(siblings.begin(), siblings.end(), job), siblings.end());
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            auto& live = resources_[slots_[s].resource].slots;
            live.erase(std::remove(live.begin(), live.end(), s), live.end());
        }
        if (options_.forget_stopped_jobs) {
            if (holds_nothing(job)) {
                forget_locked(job);
            } else {
                stopped_holding_.push_back(job);
            }
        }
    }

    bool holds_nothing(std::uint32_t job) const noexcept {
        const auto& rec = jobs_[job];
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            if (counters_[s].usage.used() != 0) {
                return false;
            }
        }
        return rec.agents == 0;
    }

    void forget_locked(std::uint32_t job) {
        auto& rec = jobs_[job];
        job_index_.erase(rec.name);
        rec.forgotten.store(true, std::memory_order_release);
    }

    // `forget_stopped_jobs`: the stopped jobs whose last licenses came back since. Lock held.
    void forget_emptied_jobs() {
        const auto emptied = [this](std::uint32_t job) {
            if (!holds_nothing(job)) {
                return false;
            }
            forget_locked(job);
            return true;
        };
        stopped_holding_.erase(std::remove_if(stopped_holding_.begin(), stopped_holding_.end(), emptied),
                               stopped_holding_.end());
    }

    void set_state(std::uint32_t job, job_state to) {
        auto& rec = jobs_[job];
        rec.state.store(to, std::memory_order_release);
        // Only a running dynamic job is idle.
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            if (counters_[s].idle.exchange(false)) {
                idle_slots_[slots_[s].resource].fetch_sub(1);
            }
        }
    }

    // ---- the fast path ---------------------------------------------------------------------

    std::int64_t steady_nanos() const noexcept {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.now().time_since_epoch()).count();
    }

    // The job's slot for `kind`. Reads only fixed fields: safe without the lock.
    [[nodiscard]] expected<std::uint32_t> find_slot(job_id job, kind_id kind) const {
        if (job.value() >= jobs_.size() || jobs_[job.value()].forgotten.load(std::memory_order_acquire)) {
            return fail(errc::unknown_job, detail::concat("#", std::to_string(job.value())));
        }
        const auto& rec = jobs_[job.value()];
        if (kind.value() >= catalog_.size()) {
            return fail(errc::unknown_kind, detail::concat("#", std::to_string(kind.value())));
        }
        const auto r = resource_of_[kind.value()];
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            if (slots_[s].resource == r && r != detail::no_resource) {
                // A seat slot answers for the campaign kind only: other tiers are not its kind.
                if (resources_[r].seats && slots_[s].kind != kind) {
                    break;
                }
                return s;
            }
        }
        return fail(errc::kind_not_in_job, rec.name, catalog_[kind].name);
    }

    std::optional<error> check_running(std::uint32_t job) const noexcept {
        if (!operational_.load(std::memory_order_acquire)) {
            return error{errc::not_operational, catalog_[kind_id{missing_required_.load()}].name};
        }
        const auto& rec = jobs_[job];
        const job_state state = rec.state.load(std::memory_order_acquire);
        if (state != job_state::running) {
            return error{errc::not_running, rec.name, to_string(state)};
        }
        return std::nullopt;
    }

    // DESIGN 4.4: the job's max and quota, its organization's and zone's shares, the
    // entitlement, in this order; every level taken so far is given back on a refusal.
    bool try_take(std::uint32_t slot, kind_id kind, refusal& why) noexcept {
        auto& counters = counters_[slot];
        const auto& rec = slots_[slot];
        detail::limited_counter::reading seen{};
        const auto job_level = counters.usage.try_take_below(counters.max.load(std::memory_order_acquire), seen);
        if (job_level != detail::limited_counter::outcome::taken) {
            why = job_refusal(slot, job_level, seen);
            return false;
        }
        if (!node_counters_[rec.organization_counter].try_take(seen)) {
            counters.usage.give_back();
            why = {errc::organization, seen.used, seen.limit, jobs_[rec.job].organization};
            return false;
        }
        if (!node_counters_[rec.zone_counter].try_take(seen)) {
            node_counters_[rec.organization_counter].give_back();
            counters.usage.give_back();
            why = {errc::zone, seen.used, seen.limit, jobs_[rec.job].zone};
            return false;
        }
        if (!kind_counters_[kind.value()].try_take(seen)) {
            node_counters_[rec.zone_counter].give_back();
            node_counters_[rec.organization_counter].give_back();
            counters.usage.give_back();
            why = {errc::entitlement, seen.used, seen.limit, 0};
            return false;
        }
        return true;
    }

    // The refusal at the job level (DESIGN 4.4): its max, or its quota. A quota of 0 because a
    // level above has nothing to give is not pacing, and a host told `job_quota` would retry
    // in vain: the refusal names the highest such level instead, the entitlement first.
    refusal job_refusal(std::uint32_t slot, detail::limited_counter::outcome job_level,
                        detail::limited_counter::reading seen) const noexcept {
        const auto& counters = counters_[slot];
        if (job_level == detail::limited_counter::outcome::at_cap) {
            return {errc::job_max, seen.used, counters.max.load(), 0};
        }
        if (seen.limit == 0) {
            const auto& rec = slots_[slot];
            const auto& job = jobs_[rec.job];
            std::uint64_t entitled = 0;
            std::uint64_t used = 0;
            const auto& needed = catalog_[rec.kind];
            for (const kind_id k : resources_[rec.resource].kinds) {
                // A seat of a tier group serves its own tier and every lower one (DESIGN 4.5).
                if (catalog_[k].tier >= needed.tier) {
                    const auto system = kind_counters_[k.value()].read();
                    entitled += system.limit;
                    used += system.used;
                }
            }
            const auto clip = [](std::uint64_t v) { return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, unlimited)); };
            if (entitled == 0) {
                return {errc::entitlement, clip(used), 0, 0};
            }
            if (const auto zone = node_counters_[rec.zone_counter].read(); zone.limit == 0) {
                return {errc::zone, zone.used, 0, job.zone};
            }
            if (const auto org = node_counters_[rec.organization_counter].read(); org.limit == 0) {
                return {errc::organization, org.used, 0, job.organization};
            }
        }
        return {errc::job_quota, seen.used, seen.limit, 0};
    }

    void release_license(std::uint32_t slot, kind_id kind) noexcept override {
        release_one(slot, kind);
        // DESIGN 2: a kind that also takes another gives both back.
        if (const auto linked = slots_[slot].linked_slot; linked != detail::no_index) {
            release_one(linked, slots_[linked].kind);
        }
    }

    void release_one(std::uint32_t slot, kind_id kind) noexcept {
        const auto& rec = slots_[slot];
        kind_counters_[kind.value()].give_back();
        node_counters_[rec.zone_counter].give_back();
        node_counters_[rec.organization_counter].give_back();
        counters_[slot].usage.give_back();
    }

    // DESIGN 2: a license of `slot`'s kind, and of the kind it also takes, both or neither.
    // `refused` is the slot whose limit refused.
    bool take_linked(std::uint32_t slot, kind_id kind, refusal& why, std::uint32_t& refused) noexcept {
        refused = slot;
        if (!try_take(slot, kind, why)) {
            return false;
        }
        const std::uint32_t linked = slots_[slot].linked_slot;
        if (linked == detail::no_index || try_take(linked, slots_[linked].kind, why)) {
            return true;
        }
        release_one(slot, kind);
        refused = linked;
        return false;
    }

    static bool is_hunger(errc code) noexcept {
        return code == errc::job_quota || code == errc::organization || code == errc::zone ||
               code == errc::entitlement;
    }

    [[nodiscard]] expected<lease> decide(job_id job, std::uint32_t slot, kind_id kind, bool may_trigger) {
        refusal why{};
        std::uint32_t refused = slot;
        if (take_linked(slot, kind, why, refused)) {
            return detail::lease_access::grant(this, slot, job, kind);
        }
        // Triggers and marks go to the kind refused: this one, or the kind it also takes.
        const auto r = slots_[refused].resource;
        if (may_trigger && why.code != errc::job_max && why.code != errc::entitlement &&
            idle_slots_[r].load(std::memory_order_acquire) > 0) {
            // Trigger 5: a quota or share would refuse while a donor may exist: recalculate
            // first when one does, then decide.
            lock_type lock{mutex_};
            const bool recalculated = recalculate_if_donor(r, jobs_[job.value()].name);
            lock.unlock();
            if (recalculated) {
                deliver_events();
                if (take_linked(slot, kind, why, refused)) {
                    return detail::lease_access::grant(this, slot, job, kind);
                }
            }
        }
        if (is_hunger(why.code)) {
            mark_hungry(refused);
        }
        return unexpected<error>(refusal_error(job.value(), slots_[refused].kind, why));
    }

    static unexpected<error> too_many_kinds(std::size_t count) {
        return fail(errc::invalid_setting, "call", {}, static_cast<std::int64_t>(count),
                    static_cast<std::int64_t>(call_leases::max_kinds),
                    "a call takes 1 to {limit} kinds at once, not {number}");
    }

    // DESIGN 4.4.1. Checked first, for every kind, as a one-kind acquire checks before its
    // attempt: each kind named once, in the job, not a seat. Then an attempt for every kind
    // (stamped; an idle slot wakes, trigger 4), then every kind is taken without a trigger;
    // when one is refused, those taken go back, and the refused kind alone gets what a
    // one-kind refusal gets: trigger 5 (then the whole call is tried once more) and the
    // hungry mark. Lock-free unless a trigger fires, like `acquire`.
    expected<call_leases> acquire_call(job_id job, const kind_id* kinds, std::size_t count) {
        if (count == 0 || count > call_leases::max_kinds) {
            return too_many_kinds(count);
        }
        std::array<std::uint32_t, call_leases::max_kinds> slots{};
        for (std::size_t i = 0; i < count; ++i) {
            auto slot = find_slot(job, kinds[i]);
            if (!slot) {
                return unexpected<error>(slot.error());
            }
            if (resources_[slots_[*slot].resource].seats) {
                return fail(errc::seat_kind, catalog_[kinds[i]].name, {}, 0, 0,
                            "is a seat kind: agents take seats with attach_agent");
            }
            if (!catalog_[kinds[i]].taken_by_login()) {
                return fail(errc::consumption_mismatch, catalog_[kinds[i]].name, "acquire"); // DESIGN 4.4, 5
            }
            for (std::size_t j = 0; j < i; ++j) {
                if (slots[j] == *slot) {
                    return fail(errc::invalid_setting, catalog_[kinds[i]].name, {}, 0, 0,
                                "is named twice: a call takes each kind once");
                }
            }
            slots[i] = *slot;
        }
        // An attempt for every kind named and every kind they also take (DESIGN 2).
        std::array<std::uint32_t, 2 * call_leases::max_kinds> attempted{};
        std::size_t attempts = 0;
        for (std::size_t i = 0; i < count; ++i) {
            attempted[attempts++] = slots[i];
            if (slots_[slots[i]].linked_slot != detail::no_index) {
                attempted[attempts++] = slots_[slots[i]].linked_slot;
            }
        }
        const auto now = steady_nanos();
        for (std::size_t i = 0; i < attempts; ++i) {
            counters_[attempted[i]].last_attempt.store(now, std::memory_order_relaxed);
        }
        if (auto refused = check_running(job.value())) {
            return unexpected<error>(*refused);
        }
        bool woke = false;
        if (std::any_of(attempted.begin(), attempted.begin() + static_cast<std::ptrdiff_t>(attempts),
                        [&](std::uint32_t s) { return counters_[s].idle.load(std::memory_order_acquire); })) {
            lock_type lock{mutex_};
            woke = wake_idle_slots(attempted.data(), attempts); // trigger 4
            lock.unlock();
            deliver_events();
        }
        refusal why{};
        std::uint32_t refused_slot = 0;
        const auto take_all = [&]() {
            for (std::size_t i = 0; i < count; ++i) {
                if (!take_linked(slots[i], kinds[i], why, refused_slot)) {
                    for (std::size_t j = i; j-- > 0;) {
                        release_license(slots[j], kinds[j]);
                    }
                    return false;
                }
            }
            return true;
        };
        bool taken = take_all();
        if (!taken && !woke && why.code != errc::job_max && why.code != errc::entitlement) {
            // Trigger 5 for the refused kind, as its one-kind acquire would fire it.
            const auto r = slots_[refused_slot].resource;
            if (idle_slots_[r].load(std::memory_order_acquire) > 0) {
                lock_type lock{mutex_};
                const bool recalculated = recalculate_if_donor(r, jobs_[job.value()].name);
                lock.unlock();
                if (recalculated) {
                    deliver_events();
                    taken = take_all();
                }
            }
        }
        if (!taken) {
            if (is_hunger(why.code)) {
                mark_hungry(refused_slot);
            }
            return unexpected<error>(refusal_error(job.value(), slots_[refused_slot].kind, why));
        }
        call_leases call;
        for (std::size_t i = 0; i < count; ++i) {
            call.add(detail::lease_access::grant(this, slots[i], job, kinds[i]));
        }
        return call;
    }

    void mark_hungry(std::uint32_t slot) noexcept {
        counters_[slot].hungry.store(true, std::memory_order_release);
        hungry_[slots_[slot].resource].store(true, std::memory_order_release);
    }

    error refusal_error(std::uint32_t job, kind_id kind, const refusal& why) const noexcept {
        const auto& name = catalog_[kind].name;
        switch (why.code) {
        case errc::organization:
        case errc::zone:
            return error{why.code, nodes_[why.node].path, name, why.used, why.limit};
        case errc::entitlement:
            if (resources_[resource_of_[kind.value()]].seats) {
                // A campaign can use its own tier or any higher one (DESIGN 4.5). The text is
                // built on the stack: this function is noexcept and a std::string may throw
                // (error keeps a fixed-size copy anyway).
                constexpr std::string_view higher{" or higher"};
                char text[error::subject_capacity + 1];
                const std::size_t kept = std::min(name.size(), sizeof text);
                const std::size_t added = std::min(higher.size(), sizeof text - kept);
                std::copy_n(name.data(), kept, text);
                std::copy_n(higher.data(), added, text + kept);
                return error{why.code, std::string_view{text, kept + added}, {}, why.used, why.limit};
            }
            return error{why.code, name, {}, why.used, why.limit};
        default:
            return error{why.code, jobs_[job].name, name, why.used, why.limit};
        }
    }

    // Trigger 4, lock held.
    // Trigger 4 (DESIGN 4.3) for one attempt that names `count` slots: every idle one wakes, and
    // the pool recalculates once for all of them (an attempt is one trigger, however many
    // kinds it takes). Only a slot that is idle now triggers; an active one has nothing to
    // wake. Returns whether any woke. Lock held.
    bool wake_idle_slots(const std::uint32_t* slots, std::size_t count) {
        bool woke = false;
        for (std::size_t i = 0; i < count; ++i) {
            if (counters_[slots[i]].idle.exchange(false)) {
                idle_slots_[slots_[slots[i]].resource].fetch_sub(1);
                woke = true;
            }
        }
        if (woke) {
            recalculate(recalculation_cause::idle_job_attempt, jobs_[slots_[slots[0]].job].name);
        }
        return woke;
    }

    // DESIGN 4.3: a donor is an idle dynamic job whose quota is above its idle ceiling.
    bool donor_exists(std::size_t r) const {
        for (const std::uint32_t s : resources_[r].slots) {
            const auto& counters = counters_[s];
            if (!counters.idle.load()) {
                continue;
            }
            const auto seen = counters.usage.read();
            if (seen.limit > allocator_.job_bounds(view_of(s)).ceiling) {
                return true;
            }
        }
        return false;
    }

    bool recalculate_if_donor(std::size_t r, std::string_view subject) {
        if (!donor_exists(r)) {
            return false;
        }
        recalculate(recalculation_cause::donor_available, subject);
        return true;
    }

    job_view view_of(std::uint32_t slot) const {
        const auto& rec = slots_[slot];
        const auto& job = jobs_[rec.job];
        job_view v;
        v.mode = job.mode;
        v.state = job.state.load();
        v.min = rec.min;
        v.max = rec.max;
        v.in_use = counters_[slot].usage.used();
        v.idle = counters_[slot].idle.load();
        return v;
    }

    // ---- agents ----------------------------------------------------------------------------

    std::optional<std::uint32_t> port_slot_of(std::uint32_t job) const {
        if (!port_kind_) {
            return std::nullopt;
        }
        auto s = find_slot(job_id{job}, *port_kind_);
        return s ? std::optional<std::uint32_t>{*s} : std::nullopt;
    }

    [[nodiscard]] expected<lease> acquire_port(job_id job) {
        if (!port_kind_) {
            return fail(errc::unknown_kind, "telephony_port"); // the catalog names no agents' port
        }
        return acquire(job, *port_kind_);
    }

    bool seat_free(kind_id k) const noexcept {
        const auto seen = kind_counters_[k.value()].read();
        return seen.used < seen.limit;
    }

    // The levels a move leaves as they are: an organization or zone both jobs share does not
    // change its use when an agent moves inside it.
    struct shared_levels {
        bool organization = false;
        bool zone = false;
    };

    // Takes one unit at the job, organization and zone levels of `slot` (DESIGN 4.4 order),
    // lock held; the system level is the caller's, as seats pick their tier there.
    [[nodiscard]] expected<void> take_below_system(std::uint32_t job, std::uint32_t slot, kind_id named, shared_levels shared) {
        const auto& rec = slots_[slot];
        auto& counters = counters_[slot];
        detail::limited_counter::reading seen{};
        const auto job_level = counters.usage.try_take_below(counters.max.load(), seen);
        if (job_level != detail::limited_counter::outcome::taken) {
            return unexpected<error>(refusal_error(job, named, job_refusal(slot, job_level, seen)));
        }
        if (!shared.organization && !node_counters_[rec.organization_counter].try_take(seen)) {
            counters.usage.give_back();
            return unexpected<error>(refusal_error(job, named, {errc::organization, seen.used, seen.limit, jobs_[job].organization}));
        }
        if (!shared.zone && !node_counters_[rec.zone_counter].try_take(seen)) {
            if (!shared.organization) {
                node_counters_[rec.organization_counter].give_back();
            }
            counters.usage.give_back();
            return unexpected<error>(refusal_error(job, named, {errc::zone, seen.used, seen.limit, jobs_[job].zone}));
        }
        return {};
    }

    void give_back_below_system(std::uint32_t slot, shared_levels shared) noexcept {
        const auto& rec = slots_[slot];
        if (!shared.zone) {
            node_counters_[rec.zone_counter].give_back();
        }
        if (!shared.organization) {
            node_counters_[rec.organization_counter].give_back();
        }
        counters_[slot].usage.give_back();
    }

    // A seat for an agent of `job`: the job's seat quota, its organization's and zone's
    // shares, then the lowest adequate tier with a free seat (DESIGN 4.5). A move that keeps
    // an adequate tier passes it as `kept_tier`.
    [[nodiscard]] expected<kind_id> take_seat(std::uint32_t job, std::uint32_t slot, shared_levels shared,
                                std::optional<kind_id> kept_tier) {
        const kind_id campaign = *jobs_[job].campaign;
        if (auto taken = take_below_system(job, slot, campaign, shared); !taken) {
            return unexpected<error>(taken.error());
        }
        if (kept_tier) {
            return *kept_tier;
        }
        const auto tier = resolver_.resolve(catalog_, campaign, [this](kind_id k) { return seat_free(k); });
        detail::limited_counter::reading seen{};
        if (tier && kind_counters_[tier->value()].try_take(seen)) {
            return *tier;
        }
        give_back_below_system(slot, shared);
        std::uint64_t used = 0;
        std::uint64_t entitled = 0;
        bool adequate = false;
        for (const kind_id k : catalog_.tier_group(campaign)) {
            adequate = adequate || k == campaign;
            if (adequate) {
                used += kind_counters_[k.value()].used();
                entitled += entitled_[k.value()];
            }
        }
        return fail(errc::entitlement, detail::concat(catalog_[campaign].name, " or higher"), {}, static_cast<std::int64_t>(used),
                    static_cast<std::int64_t>(entitled));
    }

    // An agent's nail-up port (DESIGN 4.5). A move keeps the port counted system-wide.
    [[nodiscard]] expected<void> take_port(std::uint32_t job, std::uint32_t slot, shared_levels shared, bool kept_system) {
        if (auto taken = take_below_system(job, slot, *port_kind_, shared); !taken) {
            return taken;
        }
        detail::limited_counter::reading seen{};
        if (!kept_system && !kind_counters_[port_kind_->value()].try_take(seen)) {
            give_back_below_system(slot, shared);
            return unexpected<error>(refusal_error(job, *port_kind_, {errc::entitlement, seen.used, seen.limit, 0}));
        }
        return {};
    }

    void give_back_agent(const detail::agent_record& agent) noexcept {
        kind_counters_[agent.seat.value()].give_back();
        give_back_below_system(agent.seat_slot, {});
        if (agent.port_slot != detail::no_index) {
            kind_counters_[port_kind_->value()].give_back();
            give_back_below_system(agent.port_slot, {});
        }
    }

    // DESIGN 4.3, 4.5: an attach or a move is an attempt for every kind it takes at `job`: the
    // seat and, where the catalog has telephony ports, the nail-up port. Each slot is stamped
    // first (a refused attempt is still an attempt); then, if the job runs, each idle slot
    // wakes (trigger 4). Returns whether trigger 5 may still fire: not after a wake, whose
    // recalculation already counted every donor. Lock held.
    [[nodiscard]] expected<bool> begin_agent_attempt(std::uint32_t job, std::uint32_t seat_slot, std::optional<std::uint32_t> port_slot) {
        const auto now = steady_nanos();
        counters_[seat_slot].last_attempt.store(now);
        if (port_slot) {
            counters_[*port_slot].last_attempt.store(now);
        }
        if (auto refused = check_running(job)) {
            return unexpected<error>(*refused);
        }
        const std::array<std::uint32_t, 2> attempted{seat_slot, port_slot.value_or(seat_slot)};
        return !wake_idle_slots(attempted.data(), port_slot ? 2 : 1);
    }

    // Decides one kind of an agent attempt, lock held: `take()`, and when a quota or share
    // refuses while a donor exists, recalculate and take again (trigger 5); a refusal by a
    // quota, a share or the entitlement marks the slot hungry (DESIGN 4.3).
    template <class Take>
    auto take_deciding(std::uint32_t slot, bool may_trigger, Take take) -> decltype(take()) {
        auto taken = take();
        if (taken) {
            return taken;
        }
        const errc code = taken.error().code();
        const auto r = slots_[slot].resource;
        if (may_trigger && code != errc::job_max && code != errc::entitlement && idle_slots_[r].load() > 0 &&
            recalculate_if_donor(r, jobs_[slots_[slot].job].name)) {
            taken = take();
        }
        if (!taken && is_hunger(taken.error().code())) {
            mark_hungry(slot);
        }
        return taken;
    }

    [[nodiscard]] expected<std::uint32_t> agent_job_checked(job_id job) const {
        auto found = job_index(job);
        if (!found) {
            return found;
        }
        const auto& rec = jobs_[*found];
        if (!rec.campaign) {
            return fail(errc::seat_kind, rec.name, {}, 0, 0, "names no campaign seat kind: it is not agent-based");
        }
        return found;
    }

    [[nodiscard]] expected<kind_id> attach_agent_locked(job_id job, agent_id agent) {
        auto found = agent_job_checked(job);
        if (!found) {
            return unexpected<error>(found.error());
        }
        if (const auto it = agents_.find(agent); it != agents_.end()) {
            return fail(errc::agent_attached, jobs_[it->second.job].name, {}, agent.value());
        }
        auto& rec = jobs_[*found];
        const auto seat_slot = *find_slot(job, *rec.campaign);
        const auto port_slot = port_slot_of(*found);
        auto attempt = begin_agent_attempt(*found, seat_slot, port_slot);
        if (!attempt) {
            return unexpected<error>(attempt.error());
        }
        auto seat = take_deciding(seat_slot, *attempt, [&] { return take_seat(*found, seat_slot, {}, std::nullopt); });
        if (!seat) {
            return seat;
        }
        detail::agent_record a{*found, seat_slot, *seat, detail::no_index, kind_id{}};
        if (port_slot) {
            if (auto port = take_deciding(*port_slot, *attempt, [&] { return take_port(*found, *port_slot, {}, false); });
                !port) {
                kind_counters_[seat->value()].give_back();
                give_back_below_system(seat_slot, {});
                return unexpected<error>(port.error());
            }
            a.port_slot = *port_slot;
            a.port = *port_kind_;
        }
        agents_.emplace(agent, a);
        ++rec.agents;
        return *seat;
    }

    [[nodiscard]] expected<kind_id> move_agent_locked(agent_id agent, job_id to) {
        const auto it = agents_.find(agent);
        if (it == agents_.end()) {
            return fail(errc::unknown_agent, {}, {}, agent.value());
        }
        auto found = agent_job_checked(to);
        if (!found) {
            return unexpected<error>(found.error());
        }
        detail::agent_record& from = it->second;
        if (*found == from.job) {
            return from.seat;
        }
        // A take below may recalculate; that recalculation must not move this agent down a
        // tier (DESIGN 4.5) while the move holds on to the tier it read here.
        struct moving_guard {
            const detail::agent_record*& moving;
            ~moving_guard() { moving = nullptr; }
        } guard{moving_agent_};
        moving_agent_ = &from;
        auto& target = jobs_[*found];
        const auto seat_slot = *find_slot(to, *target.campaign);
        const auto port_slot = port_slot_of(*found);
        auto attempt = begin_agent_attempt(*found, seat_slot, port_slot);
        if (!attempt) {
            return unexpected<error>(attempt.error());
        }
        const auto& old_job = jobs_[from.job];
        const shared_levels shared{old_job.organization == target.organization, old_job.zone == target.zone};
        // A tier that serves the new campaign too is kept; a higher need is resolved anew.
        std::optional<kind_id> kept_tier;
        if (resource_of_[from.seat.value()] == resource_of_[target.campaign->value()] &&
            catalog_[from.seat].tier >= catalog_[*target.campaign].tier) {
            kept_tier = from.seat;
        }
        auto seat = take_deciding(seat_slot, *attempt, [&] { return take_seat(*found, seat_slot, shared, kept_tier); });
        if (!seat) {
            return seat;
        }
        if (port_slot) {
            if (auto port = take_deciding(*port_slot, *attempt, [&] { return take_port(*found, *port_slot, shared, true); });
                !port) {
                if (!kept_tier) {
                    kind_counters_[seat->value()].give_back();
                }
                give_back_below_system(seat_slot, shared);
                return unexpected<error>(port.error());
            }
        }
        // Everything is secured at the new job: let go of what the old one held.
        if (!kept_tier) {
            kind_counters_[from.seat.value()].give_back();
        }
        give_back_below_system(from.seat_slot, shared);
        if (from.port_slot != detail::no_index) {
            give_back_below_system(from.port_slot, shared);
        }
        --jobs_[from.job].agents;
        ++target.agents;
        from.job = *found;
        from.seat_slot = seat_slot;
        from.seat = *seat;
        if (port_slot) {
            from.port_slot = *port_slot;
        }
        return *seat;
    }

    // DESIGN 4.5: at each recalculation, an agent holding a higher tier than its campaign
    // needs moves down to the lowest adequate tier that is free.
    void move_agents_down() {
        for (auto& [id, agent] : agents_) {
            if (&agent == moving_agent_) {
                continue;
            }
            const kind_id needed = *jobs_[agent.job].campaign;
            const kind_id held = agent.seat;
            const auto best = resolver_.resolve(catalog_, needed, [&](kind_id k) { return k == held || seat_free(k); });
            if (!best || catalog_[*best].tier >= catalog_[held].tier) {
                continue;
            }
            tier_move_event moved{id, job_id{agent.job}, jobs_[agent.job].name, held, *best};
            pending_.reserve_more(1); // both before the seat changes, so a failure changes nothing
            detail::limited_counter::reading seen{};
            if (!kind_counters_[best->value()].try_take(seen)) {
                continue;
            }
            kind_counters_[held.value()].give_back();
            agent.seat = *best;
            pending_.push_back(std::move(moved));
        }
    }

    // ---- users (DESIGN 5) -------------------------------------------------------------------

    // A user of `tenant`, or unknown: a user of another tenant is never seen through this one.
    [[nodiscard]] expected<std::uint32_t> user_index(std::uint32_t tenant, user_id user) const {
        if (user.value() >= users_.size() || users_[user.value()].tenant != tenant || users_[user.value()].removed) {
            return fail(errc::unknown_user, detail::concat("#", std::to_string(user.value())), nodes_[tenant].path);
        }
        return user.value();
    }

    [[nodiscard]] expected<user_id> tenant_add_user(std::uint32_t tenant, std::string name,
                                      std::map<std::string, std::string, std::less<>> attributes, bool station) {
        lock_type lock{mutex_};
        if (name.empty()) {
            return fail(errc::invalid_setting, nodes_[tenant].path, {}, 0, 0, "a user needs a name");
        }
        for (const std::uint32_t u : nodes_[tenant].users) {
            if (!users_[u].removed && users_[u].name == name) {
                return fail(errc::duplicate_user, name, nodes_[tenant].path);
            }
        }
        const auto index = static_cast<std::uint32_t>(users_.size());
        nodes_[tenant].users.reserve(nodes_[tenant].users.size() + 1); // so that the last push_back cannot fail
        detail::user_record rec;
        rec.name = std::move(name);
        rec.tenant = tenant;
        rec.station = station;
        rec.attributes = std::move(attributes);
        users_.push_back(std::move(rec));
        nodes_[tenant].users.push_back(index);
        return user_id{index};
    }

    [[nodiscard]] expected<user_id> tenant_find_user(std::uint32_t tenant, std::string_view name) const {
        lock_type lock{mutex_};
        for (const std::uint32_t u : nodes_[tenant].users) {
            if (!users_[u].removed && users_[u].name == name) {
                return user_id{u};
            }
        }
        return fail(errc::unknown_user, name, nodes_[tenant].path);
    }

    [[nodiscard]] expected<void> tenant_set_attribute(std::uint32_t tenant, user_id user, std::string key, std::string value) {
        lock_type lock{mutex_};
        auto u = user_index(tenant, user);
        if (!u) {
            return unexpected<error>(u.error());
        }
        auto& attributes = users_[*u].attributes;
        if (value.empty()) {
            attributes.erase(key);
        } else {
            attributes[std::move(key)] = std::move(value);
        }
        return {};
    }

    [[nodiscard]] expected<void> tenant_remove_user(std::uint32_t tenant, user_id user) {
        lock_type lock{mutex_};
        auto u = user_index(tenant, user);
        if (!u) {
            return unexpected<error>(u.error());
        }
        auto& rec = users_[*u];
        for (const kind_id k : rec.assigned) {
            kind_counters_[k.value()].give_back();
            give_back_tenant_level(tenant, k);
            --assigned_[k.value()];
        }
        for (const kind_id k : rec.logged_in) {
            kind_counters_[k.value()].give_back();
            give_back_tenant_level(tenant, k);
            --logged_in_[k.value()];
        }
        rec.assigned.clear();
        rec.logged_in.clear();
        rec.removed = true;
        auto& list = nodes_[tenant].users;
        list.erase(std::remove(list.begin(), list.end(), *u), list.end());
        return {};
    }

    std::vector<user_id> tenant_users(std::uint32_t tenant) const {
        lock_type lock{mutex_};
        std::vector<user_id> out;
        for (const std::uint32_t u : nodes_[tenant].users) {
            out.push_back(user_id{u});
        }
        return out;
    }

    // A kind users can hold: counted, not a bundle, not an agent seat.
    [[nodiscard]] expected<kind_id> user_kind(std::string_view name) const {
        auto k = counted_kind(name);
        if (!k) {
            return k;
        }
        if (resources_[resource_of_[k->value()]].seats) {
            return fail(errc::seat_kind, name, {}, 0, 0, "is a seat kind: agents take seats with attach_agent");
        }
        return k;
    }

    // The user (of this tenant) and the kind (one users can hold) a license call names.
    [[nodiscard]] expected<std::pair<std::uint32_t, kind_id>> user_and_kind(std::uint32_t tenant, user_id user,
                                                              std::string_view kind_name) const {
        auto u = user_index(tenant, user);
        if (!u) {
            return unexpected<error>(u.error());
        }
        auto k = user_kind(kind_name);
        if (!k) {
            return unexpected<error>(k.error());
        }
        return std::make_pair(*u, *k);
    }

    // DESIGN 5: assign (consumed while assigned) or login (consumed while logged in). The
    // checks: the pool is operational, the kind is consumed the way the call takes it, the
    // catalog lets the user mix methods or the user holds none of the other, the user does
    // not hold the kind already, and a license of the kind is free.
    [[nodiscard]] expected<void> take_user_license(std::uint32_t tenant, user_id user, std::string_view kind_name, bool concurrent) {
        lock_type lock{mutex_};
        const auto named = user_and_kind(tenant, user, kind_name);
        if (!named) {
            return unexpected<error>(named.error());
        }
        const auto u = &named->first;
        const auto k = &named->second;
        if (!operational_.load()) {
            return fail(errc::not_operational, catalog_[kind_id{missing_required_.load()}].name);
        }
        auto& rec = users_[*u];
        // DESIGN 5: how a kind is consumed decides the call that takes it.
        const auto& kind = catalog_[*k];
        if (concurrent ? !kind.taken_by_login() : !kind.taken_by_assign()) {
            return fail(errc::consumption_mismatch, kind_name, concurrent ? "login" : "assign");
        }
        // DESIGN 5: where the catalog refuses mixing, a user holding licenses of the other
        // method is refused; one that holds none (has released everything) takes either.
        const auto& other = concurrent ? rec.assigned : rec.logged_in;
        if (catalog_.mixing() == method_mixing::refused && !other.empty()) {
            return fail(errc::method_mismatch, rec.name, concurrent ? "assigned" : "concurrent");
        }
        auto& held = concurrent ? rec.logged_in : rec.assigned;
        if (rec.holds(*k)) {
            return fail(errc::license_held, rec.name, kind_name);
        }
        if (auto refused = check_tenant_room(tenant, *k)) {
            return unexpected<error>(*refused);
        }
        held.reserve(held.size() + 1); // before anything is taken: the push_back below cannot fail
        detail::limited_counter::reading seen{};
        if (!kind_counters_[k->value()].try_take(seen)) {
            return fail(errc::entitlement, kind_name, {}, seen.used, seen.limit);
        }
        take_tenant_level(tenant, *k);
        held.push_back(*k);
        ++(concurrent ? logged_in_ : assigned_)[k->value()];
        return {};
    }

    [[nodiscard]] expected<void> give_user_license(std::uint32_t tenant, user_id user, std::string_view kind_name, bool concurrent) {
        lock_type lock{mutex_};
        const auto named = user_and_kind(tenant, user, kind_name);
        if (!named) {
            return unexpected<error>(named.error());
        }
        const auto u = &named->first;
        const auto k = &named->second;
        auto& rec = users_[*u];
        auto& held = concurrent ? rec.logged_in : rec.assigned;
        const auto it = std::find(held.begin(), held.end(), *k);
        if (it == held.end()) {
            return fail(errc::license_not_held, rec.name, kind_name, 0, 0,
                        concurrent ? "logged in" : "assigned");
        }
        held.erase(it);
        --(concurrent ? logged_in_ : assigned_)[k->value()];
        kind_counters_[k->value()].give_back();
        give_back_tenant_level(tenant, *k);
        return {};
    }

    // DESIGN 5: a tenant's users take their licenses inside the tree, from their organization
    // and its zone, as jobs do: the organization's and the zone's max bind them, and the part of
    // every other organization's and zone's min that is not in use is kept for those. Users are
    // bound by mins and maxes, not by shares: shares divide capacity among jobs at a
    // recalculation, and an assign or a login is not a trigger (DESIGN 4.3). Lock held.
    std::optional<error> check_tenant_room(std::uint32_t tenant, kind_id kind) const {
        const auto r = resource_of_[kind.value()];
        const auto& org = nodes_[tenant];
        const auto& zone = nodes_[org.parent];
        const auto used_at = [&](const detail::node_record& n) { return node_counters_[n.first_counter + r].used(); };
        const limits org_limits = node_limits(org, r);
        if (org_limits.max != unlimited && used_at(org) >= org_limits.max) {
            return error{errc::organization, org.path, catalog_[kind].name, used_at(org), org_limits.max};
        }
        const limits zone_limits = node_limits(zone, r);
        if (zone_limits.max != unlimited && used_at(zone) >= zone_limits.max) {
            return error{errc::zone, zone.path, catalog_[kind].name, used_at(zone), zone_limits.max};
        }
        // What other tenants' mins keep: in this zone, each other organization's unused min;
        // in every other zone, the unused part of the larger of its min and its organizations' mins.
        std::uint64_t kept = 0;
        const auto unused = [](std::uint64_t min, std::uint64_t used) { return min > used ? min - used : 0; };
        for (const std::uint32_t z : zones_) {
            const auto& other_zone = nodes_[z];
            std::uint64_t org_mins = 0;
            for (const std::uint32_t o : other_zone.children) {
                const std::uint64_t min = node_limits(nodes_[o], r).min;
                org_mins += min;
                if (z == org.parent && o != tenant) {
                    kept += unused(min, used_at(nodes_[o]));
                }
            }
            if (z != org.parent) {
                kept += unused(std::max<std::uint64_t>(node_limits(other_zone, r).min, org_mins), used_at(other_zone));
            }
        }
        const auto system = kind_counters_[kind.value()].read();
        if (std::uint64_t{system.used} + kept >= system.limit) {
            // In use or kept for others: the figure is what this tenant cannot have.
            return error{errc::entitlement, catalog_[kind].name, kept > 0 ? "kept" : "",
                         static_cast<std::int64_t>(std::min<std::uint64_t>(system.used + kept, system.limit)), system.limit};
        }
        return std::nullopt;
    }

    void take_tenant_level(std::uint32_t tenant, kind_id kind) noexcept {
        const auto r = resource_of_[kind.value()];
        node_counters_[nodes_[tenant].first_counter + r].force_take();
        node_counters_[nodes_[nodes_[tenant].parent].first_counter + r].force_take();
    }

    void give_back_tenant_level(std::uint32_t tenant, kind_id kind) noexcept {
        const auto r = resource_of_[kind.value()];
        node_counters_[nodes_[tenant].first_counter + r].give_back();
        node_counters_[nodes_[nodes_[tenant].parent].first_counter + r].give_back();
    }

    bool tenant_has_access(std::uint32_t tenant, user_id user, std::string_view kind_name) const {
        lock_type lock{mutex_};
        const auto u = user_index(tenant, user);
        const auto k = catalog_.find(kind_name);
        if (!u || !k) {
            return false;
        }
        const auto& rec = users_[*u];
        return std::find(rec.assigned.begin(), rec.assigned.end(), *k) != rec.assigned.end() ||
               std::find(rec.logged_in.begin(), rec.logged_in.end(), *k) != rec.logged_in.end();
    }

    // ---- node leases --------------------------------------------------------------------------

    using node_lease_map = std::map<std::uint64_t, node_lease>;

    // DESIGN 7: a time to live is 1 ms to `max_node_lease_ttl`, for grants and renewals alike.
    static std::optional<error> check_lease_ttl(std::string_view holder, std::chrono::milliseconds ttl) {
        if (ttl.count() <= 0 || ttl > max_node_lease_ttl) {
            return error{errc::invalid_setting, holder.empty() ? std::string_view{"node lease"} : holder, {},
                         ttl.count(), max_node_lease_ttl.count(),
                         "a node lease's time to live of {number} ms is outside 1..{limit} ms"};
        }
        return std::nullopt;
    }

    // `now` + `ttl`, saturated: a steady clock far from zero must not overflow either.
    static steady_time lease_expiry(std::int64_t now, std::chrono::milliseconds ttl) noexcept {
        const std::int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(ttl).count();
        const std::int64_t most = std::numeric_limits<std::int64_t>::max();
        return steady_time{std::chrono::nanoseconds{now > most - nanos ? most : now + nanos}};
    }

    // Ends every lease `ends` picks and gives its licenses back; what the tree divides grows
    // by them, so the pool recalculates (DESIGN 4, 7). The recalculation comes first, with the
    // leases' counts already out of `leased_`: if it cannot allocate, that is undone and
    // nothing has ended. Returns how many licenses came back. Lock held.
    template <class Ends>
    std::uint32_t end_node_leases(Ends ends, std::string_view subject) {
        std::uint32_t released = 0;
        bool divided = false;
        for (const auto& [fence, l] : node_leases_) {
            if (ends(l)) {
                leased_[l.kind.value()] -= l.count;
                released += l.count;
                divided = divided || resource_of_[l.kind.value()] != detail::no_resource;
            }
        }
        if (divided) {
            try {
                recalculate(recalculation_cause::node_lease, subject);
            } catch (...) {
                for (const auto& [fence, l] : node_leases_) {
                    if (ends(l)) {
                        leased_[l.kind.value()] += l.count;
                    }
                }
                throw;
            }
        }
        for (auto it = node_leases_.begin(); it != node_leases_.end();) {
            if (ends(it->second)) {
                kind_counters_[it->second.kind.value()].give_back_n(it->second.count);
                it = node_leases_.erase(it);
            } else {
                ++it;
            }
        }
        return released;
    }

    // DESIGN 7: a lease not renewed in time comes back by itself. Lock held.
    void expire_node_leases(std::int64_t now) {
        end_node_leases([now](const node_lease& l) { return l.expires.time_since_epoch().count() <= now; },
                        "expired node lease");
    }

    // DESIGN 4, 7: node leases and zone minimums, per resource the tree divides.
    std::uint64_t resource_entitlement(std::size_t r) const {
        std::uint64_t total = 0;
        for (const kind_id k : resources_[r].kinds) {
            total += entitled_[k.value()];
        }
        return total;
    }
    std::uint64_t resource_leased(std::size_t r) const {
        std::uint64_t total = 0;
        for (const kind_id k : resources_[r].kinds) {
            total += leased_[k.value()];
        }
        return total;
    }
    std::uint64_t zone_minimums(std::size_t r) const {
        std::uint64_t total = 0;
        for (const std::uint32_t z : zones_) {
            total += node_limits(nodes_[z], r).min;
        }
        return total;
    }

    // Request ids are remembered so a retry never takes a second license. Memory is bounded:
    // past `remembered_requests`, the oldest answered requests whose leases ended are forgotten.
    static constexpr std::size_t remembered_requests = 4096;
    void forget_old_requests() {
        if (lease_requests_.size() <= remembered_requests) {
            return;
        }
        std::vector<std::pair<std::uint64_t, decltype(lease_requests_.begin())>> ended;
        for (auto it = lease_requests_.begin(); it != lease_requests_.end(); ++it) {
            if (node_leases_.count(it->second) == 0) {
                ended.emplace_back(it->second, it);
            }
        }
        std::sort(ended.begin(), ended.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < ended.size() && lease_requests_.size() > remembered_requests; ++i) {
            lease_requests_.erase(ended[i].second);
        }
    }

    // ---- snapshots --------------------------------------------------------------------------

    detail::snapshot_state snapshot_state_locked() const {
        detail::snapshot_state s;
        s.catalog = catalog_.name();
        // DESIGN 7: the serial the keys are bound to, which they validate under when read back;
        // with no key installed, the provider's.
        s.serial = keys_.empty() ? normalize_serial(serial_number{validator_.serial()}.value()) : bound_serial_;
        s.source = options_.entitlements == entitlement_source::keys ? "keys" : "license_server";
        const auto validator_state = validator_.state();
        s.latest = std::max(validator_state.latest, latest_day_);
        s.trials = validator_state.trials;
        for (const auto& e : keys_.keys()) {
            s.keys.push_back(e.key);
        }
        for (std::size_t n = 0; n < nodes_.size(); ++n) {
            const auto& node = nodes_[n];
            detail::snapshot_state::node out;
            out.zone = node.level == detail::node_level::zone;
            out.zone_name = out.zone ? std::string{} : nodes_[node.parent].name;
            out.name = node.name;
            out.acquired = node.acquired;
            for (std::size_t k = 0; k < catalog_.size(); ++k) {
                if (node.settings[k]) {
                    out.settings[kind_id{static_cast<std::uint16_t>(k)}] = *node.settings[k];
                }
            }
            s.nodes.push_back(std::move(out));
        }
        for (std::size_t j = 0; j < jobs_.size(); ++j) {
            const auto& job = jobs_[j];
            if (job.forgotten.load()) {
                continue;
            }
            detail::snapshot_state::job out;
            out.name = job.name;
            out.zone = nodes_[job.zone].name;
            out.organization = nodes_[job.organization].name;
            out.priority = job.priority;
            out.mode = job.mode;
            out.state = job.state.load();
            out.campaign = job.campaign;
            for (std::uint32_t slot = job.first_slot; slot < job.first_slot + job.slot_count; ++slot) {
                out.kinds.push_back({slots_[slot].kind, slots_[slot].min, slots_[slot].max});
            }
            s.jobs.push_back(std::move(out));
        }
        for (const auto& user : users_) {
            detail::snapshot_state::user out;
            out.zone = nodes_[nodes_[user.tenant].parent].name;
            out.organization = nodes_[user.tenant].name;
            out.name = user.name;
            out.station = user.station;
            out.removed = user.removed;
            // Logins are not kept (DESIGN 7), so the method a restored user has is that of
            // its assigned licenses, or none.
            out.method = user.assigned.empty() ? detail::license_method::none : detail::license_method::assigned;
            out.attributes = user.attributes;
            out.assigned = user.assigned;
            s.users.push_back(std::move(out));
        }
        s.poll = poll_;
        s.daily_audit = daily_audit_;
        s.last_daily_audit = last_daily_audit_;
        s.last_fence = last_fence_;
        const auto now = steady_nanos();
        for (const auto& [fence, l] : node_leases_) {
            const auto left = l.expires.time_since_epoch().count() - now;
            s.leases.push_back({l.holder, fence, l.request_id, l.kind, l.count, std::max<std::int64_t>(0, left / 1000000)});
        }
        for (const auto& [key, fence] : lease_requests_) {
            s.lease_requests.push_back({key.first, key.second, fence});
        }
        s.audits = audits_;
        s.history.assign(history_.reports().begin(), history_.reports().end());
        return s;
    }

    [[nodiscard]] expected<void> check_fresh() const {
        const char* used = !keys_.empty()              ? "installed keys"
                           : nodes_.size() != 0        ? "zones or organizations"
                           : jobs_.size() != 0         ? "jobs"
                           : !users_.empty()           ? "users"
                           : !node_leases_.empty()     ? "node leases"
                           : poll_.last_success        ? "a poll"
                                                       : nullptr;
        if (used != nullptr) {
            return fail(errc::snapshot_not_empty, used);
        }
        return {};
    }

    // Everything a snapshot needs to be read whole, checked before anything changes: a
    // snapshot that passes here is applied without a refusal half-way (DESIGN 1).
    struct checked_keys {
        std::vector<entitlement> kept;
        std::vector<std::string> dropped; // DESIGN 7: the old serial's, on an exchange
    };
    [[nodiscard]] expected<checked_keys> check_snapshot(const detail::snapshot_state& s, snapshot_serial serial) const {
        if (s.catalog != catalog_.name()) {
            return fail(errc::snapshot_foreign, s.catalog, "catalog");
        }
        const std::string ours = normalize_serial(serial_number{validator_.serial()}.value());
        const bool exchanged = normalize_serial(s.serial) != ours;
        if (exchanged && ours.empty()) {
            return fail(errc::serial_absent, s.serial); // DESIGN 7: no key could be checked
        }
        if (exchanged && serial != snapshot_serial::exchanged) {
            return fail(errc::snapshot_foreign, s.serial, "serial");
        }
        const std::string_view source = options_.entitlements == entitlement_source::keys ? "keys" : "license_server";
        if (s.source != source) {
            return fail(errc::snapshot_foreign, s.source, "entitlement source");
        }
        checked_keys keys;
        for (std::size_t i = 0; i < s.keys.size(); ++i) {
            auto e = validator_.revalidate(s.keys[i]);
            if (!e && exchanged && e.error().code() == errc::mac_mismatch) {
                // DESIGN 7: a key of the old serial (the MAC covers the file, so it is one
                // the old system had installed, not a forgery): dropped and reported.
                keys.dropped.push_back(s.keys[i]);
                continue;
            }
            if (!e) {
                return fail(errc::snapshot_malformed, to_string(e.error().code()), {},
                            static_cast<std::int64_t>(s.key_lines[i]), 0, "an installed key does not validate");
            }
            keys.kept.push_back(std::move(*e));
        }
        const auto malformed = [](const char* what, std::string_view name) {
            return fail(errc::snapshot_malformed, name, {}, 0, 0, what);
        };
        for (const auto& n : s.nodes) {
            if (!valid_node_name(n.name) || (!n.zone && !valid_node_name(n.zone_name))) {
                return malformed("a zone or organization name that cannot be", n.name);
            }
        }
        for (const auto& j : s.jobs) {
            job_spec spec{j.priority, 0, 0, j.mode, {}};
            if (j.campaign) {
                spec.agents(catalog_[*j.campaign].name);
            }
            for (const auto& k : j.kinds) {
                spec.limits_for(catalog_[k.kind].name, k.min, k.max);
            }
            if (j.kinds.empty() || !plan_job(spec, j.name)) {
                return malformed("a job whose kinds do not fit its campaign", j.name);
            }
        }
        for (const auto& u : s.users) {
            for (const kind_id k : u.assigned) {
                if (!user_kind(catalog_[k].name)) {
                    return malformed("a user holding a kind users cannot hold", u.name);
                }
            }
        }
        for (const auto& l : s.leases) {
            if (!user_kind(catalog_[l.kind].name)) {
                return malformed("a node lease of a kind that cannot be lent", l.holder);
            }
        }
        for (const auto& c : s.poll.last_good) {
            if (!catalog_.find(c.kind)) {
                return malformed("a poll count of an unknown kind", c.kind);
            }
        }
        return keys;
    }

    // Reads a checked snapshot into this fresh pool, lock held. Nothing here can be refused:
    // licenses that were held are taken whatever the limits now (DESIGN 4.4: holdings above
    // a limit stay; the audit reports an exceeded kind).
    void apply_snapshot(const detail::snapshot_state& s, const std::vector<entitlement>& keys) {
        validator_.restore(validator_state{s.latest, s.trials});
        latest_day_ = std::max(latest_day_, s.latest);
        for (const auto& e : keys) {
            keys_.add(e);
        }
        // DESIGN 3: the keys kept validated under the provider's serial: they are bound to it.
        reported_serial_ = provider_serial();
        bound_serial_ = reported_serial_;
        serial_standing_ = standing();
        poll_ = s.poll;
        if (options_.entitlements == entitlement_source::keys) {
            // The keys count as of the effective day, and the watermark stays as saved: a
            // restore is the saved state, so save -> load -> save gives the same text.
            apply_entitlements(key_entitlements(audit_day()));
        } else {
            apply_entitlements(entitlement_set::total(catalog_, *poll_entitlements(poll_.last_good, poll_.lapsed), date{}));
        }
        for (const auto& n : s.nodes) {
            auto index = n.zone ? find_or_create_zone(n.name) : find_or_create_organization(n.zone_name, n.name, true);
            if (!index) {
                continue; // not reached: check_snapshot checked the names
            }
            nodes_[*index].acquired = n.acquired;
            for (const auto& [kind, l] : n.settings) {
                nodes_[*index].settings[kind.value()] = l;
            }
        }
        for (const auto& j : s.jobs) {
            const auto org = organization_index_.find(detail::concat(j.zone, "/", j.organization));
            job_spec spec{organization_id{org->second}, j.priority, 0, 0, j.mode, {}};
            spec.named(j.name);
            if (j.campaign) {
                spec.agents(catalog_[*j.campaign].name);
            }
            for (const auto& k : j.kinds) {
                spec.limits_for(catalog_[k.kind].name, k.min, k.max);
            }
            const auto started = start_job_locked(spec);
            if (started && j.state != job_state::running) {
                set_state(started->value(), j.state);
                if (j.state == job_state::stopped) {
                    retire(started->value());
                }
            }
        }
        for (const auto& u : s.users) {
            detail::user_record rec;
            rec.name = u.name;
            rec.tenant = organization_index_.find(detail::concat(u.zone, "/", u.organization))->second;
            rec.station = u.station;
            rec.removed = u.removed;
            rec.attributes = u.attributes;
            rec.assigned = u.assigned;
            for (const kind_id k : u.assigned) {
                kind_counters_[k.value()].force_take();
                // Held before the restart: taken whatever the limits now (DESIGN 4.4).
                node_counters_[nodes_[rec.tenant].first_counter + resource_of_[k.value()]].force_take();
                node_counters_[nodes_[nodes_[rec.tenant].parent].first_counter + resource_of_[k.value()]].force_take();
                ++assigned_[k.value()];
            }
            if (!u.removed) {
                nodes_[rec.tenant].users.push_back(static_cast<std::uint32_t>(users_.size()));
            }
            users_.push_back(std::move(rec));
        }
        last_fence_ = s.last_fence;
        const auto now = std::chrono::nanoseconds{steady_nanos()};
        for (const auto& l : s.leases) {
            node_lease restored;
            restored.holder = l.holder;
            restored.fence = l.fence;
            restored.request_id = l.request_id;
            restored.kind = l.kind;
            restored.count = l.count;
            restored.expires = steady_time{now + std::chrono::milliseconds{l.remaining_ms}};
            kind_counters_[l.kind.value()].force_take_n(l.count);
            leased_[l.kind.value()] += l.count;
            node_leases_.emplace(l.fence, std::move(restored));
        }
        for (const auto& r : s.lease_requests) {
            lease_requests_.emplace(std::make_pair(r.holder, r.request_id), r.fence);
        }
        audits_ = s.audits;
        daily_audit_ = s.daily_audit;
        last_daily_audit_ = s.last_daily_audit;
        for (const auto& r : s.history) {
            history_.add(r);
        }
        recalculate(recalculation_cause::restored, "snapshot");
    }

    // ---- audit (DESIGN 6) -------------------------------------------------------------------

    // The day an audit is of: the calendar never goes back (DESIGN 3).
    date audit_day() const { return std::max(clock_.today(), latest_day_); }

    // DESIGN 3: the latest date seen, never going back; the validator keeps it for keys, the
    // pool for everything else dated (audits, polls). Lock held.
    date observe_today() {
        latest_day_ = std::max(latest_day_, validator_.observe(clock_.today()));
        return latest_day_;
    }

    // One moment's state for the auditor, lock held.
    audit_snapshot snapshot_locked() const {
        audit_snapshot s;
        s.kinds = catalog_;
        s.day = audit_day();
        s.entitlements = entitlements_now_;
        const std::size_t kinds = catalog_.size();
        s.in_use.assign(kinds, 0);
        s.assigned = assigned_;
        s.logged_in = logged_in_;
        s.leased = leased_;
        s.zone_mins.assign(kinds, 0);
        for (std::size_t k = 0; k < kinds; ++k) {
            s.in_use[k] = kind_counters_[k].used();
        }
        // A node or job's figures for every kind of a resource (a tier group's kinds share them).
        const auto add = [this](std::vector<audit_snapshot::tree_usage>& to, const std::string& name, std::size_t r,
                                detail::limited_counter::reading seen) {
            for (const kind_id k : resources_[r].kinds) {
                to.push_back({name, k, seen.limit, seen.used});
            }
        };
        for (std::size_t n = 0; n < nodes_.size(); ++n) {
            const auto& node = nodes_[n];
            const bool zone = node.level == detail::node_level::zone;
            for (std::size_t r = 0; r < resources_.size(); ++r) {
                add(zone ? s.zones : s.organizations, node.path, r, node_counters_[node.first_counter + r].read());
            }
            if (zone) {
                for (std::size_t k = 0; k < kinds; ++k) {
                    if (node.settings[k]) {
                        s.zone_mins[k] += node.settings[k]->min;
                    }
                }
            } else {
                audit_snapshot::tenant t;
                t.zone = nodes_[node.parent].name;
                t.name = node.name;
                t.acquired = node.acquired;
                for (const std::uint32_t u : node.users) {
                    const auto& rec = users_[u];
                    t.users.push_back({rec.name, rec.station, rec.attributes, rec.assigned, rec.logged_in});
                }
                s.tenants.push_back(std::move(t));
            }
        }
        for (std::size_t slot = 0; slot < slots_.size(); ++slot) {
            if (!jobs_[slots_[slot].job].forgotten.load()) {
                add(s.jobs, jobs_[slots_[slot].job].name, slots_[slot].resource, counters_[slot].usage.read());
            }
        }
        s.factors = factors_;
        if (poll_.failing_since) {
            s.grace = audit_snapshot::grace_state{*poll_.failing_since, *poll_.grace_ends, poll_.lapsed};
        }
        if (serial_standing_ != serial_standing::present) {
            s.serial = audit_snapshot::serial_state{bound_serial_, reported_serial_};
        }
        return s;
    }

    // ---- recalculation (DESIGN 4.1-4.3) ------------------------------------------------------

    struct child_ref {
        std::uint32_t index; // node or slot
        std::uint32_t weight;
        std::uint32_t order;
        share_child bounds;
    };

    // DESIGN 4.1: children in the order key's order, higher weight first, then earlier
    // creation.
    template <class Ref>
    static void sort_by_order_key(std::vector<Ref>& refs) {
        std::sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) {
            return a.weight != b.weight ? a.weight > b.weight : a.order < b.order;
        });
    }

    // Sorts `refs` by the order key and divides `capacity` among them; `out[i]` is the share
    // of `refs[i]` after sorting.
    void divide_level(std::uint64_t capacity, std::vector<child_ref>& refs, std::vector<std::uint32_t>& out) {
        sort_by_order_key(refs);
        children_.resize(refs.size());
        for (std::size_t i = 0; i < refs.size(); ++i) {
            children_[i] = refs[i].bounds;
        }
        out.assign(refs.size(), 0);
        allocator_.divide(capacity, children_.data(), children_.size(), out.data());
    }

    std::optional<std::uint32_t> slot_of(std::uint32_t job, std::size_t r) const {
        const auto& rec = jobs_[job];
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            if (slots_[s].resource == r) {
                return s;
            }
        }
        return std::nullopt;
    }

    // DESIGN 4.3: recomputes the quota of every job for every kind, top-down, then publishes
    // the new limits. Lock held.
    void recalculate(recalculation_cause cause, std::string_view subject) {
        const std::size_t slot_count = slots_.size();
        const std::size_t counter_count = node_counters_.size();
        // Sized, not cleared: every slot in the tree and every node counter gets a value below,
        // and slots out of the tree are never read, so stopped jobs cost nothing here either.
        new_quota_.resize(slot_count);
        new_share_.resize(counter_count);
        for (std::size_t r = 0; r < resources_.size(); ++r) {
            compute_resource(r);
        }
        // Everything that allocates comes first, the event with its quota changes and the room
        // to queue it: publishing below cannot fail half-way (a failed allocation leaves the
        // old limits whole, never a mix in which quotas exceed their parent's share).
        std::vector<quota_change> changes;
        for (const auto& resource : resources_) {
            for (const std::uint32_t s : resource.slots) {
                const std::uint32_t old_quota = counters_[s].usage.limit();
                if (old_quota != new_quota_[s]) {
                    const auto& rec = slots_[s];
                    changes.push_back(quota_change{job_id{rec.job}, jobs_[rec.job].name, rec.kind,
                                                   catalog_[rec.kind].name, old_quota, new_quota_[s]});
                }
            }
        }
        std::sort(changes.begin(), changes.end(), [](const quota_change& a, const quota_change& b) {
            return a.job != b.job ? a.job < b.job : a.kind < b.kind;
        });
        recalculation_event event{cause, std::string{subject}, std::move(changes)};
        pending_.reserve_more(1);
        // Publish decreases before increases, so that at no moment do the limits of one
        // level add up to more than the level above them allows (DESIGN 4.4).
        for (int phase = 0; phase < 2; ++phase) {
            const auto applies = [phase](std::uint32_t old_limit, std::uint32_t new_limit) {
                return phase == 0 ? new_limit < old_limit : new_limit > old_limit;
            };
            for (std::size_t k = 0; k < catalog_.size(); ++k) {
                if (applies(kind_counters_[k].limit(), entitled_[k])) {
                    kind_counters_[k].set_limit(entitled_[k]);
                }
            }
            for (std::size_t c = 0; c < counter_count; ++c) {
                if (applies(node_counters_[c].limit(), new_share_[c])) {
                    node_counters_[c].set_limit(new_share_[c]);
                }
            }
            // Only the slots of jobs in the tree: a stopped job's quota is 0 for good.
            for (const auto& resource : resources_) {
                for (const std::uint32_t s : resource.slots) {
                    if (applies(counters_[s].usage.limit(), new_quota_[s])) {
                        counters_[s].usage.set_limit(new_quota_[s]);
                    }
                }
            }
        }
        // DESIGN 4.3: a recalculation clears every hungry mark.
        for (const auto& resource : resources_) {
            for (const std::uint32_t s : resource.slots) {
                counters_[s].hungry.store(false, std::memory_order_relaxed);
            }
        }
        for (std::size_t r = 0; r < resources_.size(); ++r) {
            hungry_[r].store(false, std::memory_order_release);
        }
        pending_.push_back(std::move(event)); // room reserved above: no allocation
        move_agents_down();
    }

    void compute_resource(std::size_t r) {
        if (resources_[r].seats) {
            compute_tiered_resource(r);
            return;
        }
        // Bottom-up: job bounds (DESIGN 4.2), then organization and zone ceilings.
        std::vector<child_ref> zone_refs;
        std::vector<std::vector<child_ref>> org_refs(zones_.size());
        std::vector<std::vector<std::vector<child_ref>>> job_refs(zones_.size());
        for (std::size_t zi = 0; zi < zones_.size(); ++zi) {
            const auto& zone = nodes_[zones_[zi]];
            std::uint64_t zone_children = 0;
            job_refs[zi].resize(zone.children.size());
            for (std::size_t oi = 0; oi < zone.children.size(); ++oi) {
                const auto& org = nodes_[zone.children[oi]];
                std::uint64_t org_children = 0;
                for (const std::uint32_t j : org.children) {
                    const auto s = slot_of(j, r);
                    if (!s) {
                        continue;
                    }
                    const bounds b = allocator_.job_bounds(view_of(*s));
                    slots_[*s].last_bounds = b;
                    org_children += b.ceiling;
                    job_refs[zi][oi].push_back(child_ref{*s, static_cast<std::uint32_t>(jobs_[j].priority),
                                                         jobs_[j].started, share_child{b.floor, b.ceiling, static_cast<std::uint32_t>(jobs_[j].priority)}});
                }
                const limits l = node_limits(org, r);
                const bounds b = allocator_.node_bounds(l, org_children);
                nodes_[zone.children[oi]].last_bounds[r] = b;
                zone_children += b.ceiling;
                org_refs[zi].push_back(child_ref{static_cast<std::uint32_t>(oi), l.weight, org.created,
                                                 share_child{b.floor, b.ceiling, l.weight}});
            }
            const limits l = node_limits(zone, r);
            const bounds b = allocator_.node_bounds(l, zone_children);
            nodes_[zones_[zi]].last_bounds[r] = b;
            zone_refs.push_back(child_ref{static_cast<std::uint32_t>(zi), l.weight, zone.created,
                                          share_child{b.floor, b.ceiling, l.weight}});
        }
        // Top-down: the entitlement among zones, each zone's share among its organizations,
        // each organization's share among its jobs (DESIGN 4.1).
        std::vector<std::uint32_t> zone_shares;
        divide_level(resource_capacity(r), zone_refs, zone_shares);
        std::vector<std::uint32_t> org_shares;
        std::vector<std::uint32_t> job_quotas;
        for (std::size_t zi = 0; zi < zone_refs.size(); ++zi) {
            const std::size_t z = zone_refs[zi].index;
            const auto& zone = nodes_[zones_[z]];
            new_share_[zone.first_counter + r] = zone_shares[zi];
            auto& orgs = org_refs[z];
            divide_level(zone_shares[zi], orgs, org_shares);
            for (std::size_t oi = 0; oi < orgs.size(); ++oi) {
                const std::size_t o = orgs[oi].index;
                new_share_[nodes_[zone.children[o]].first_counter + r] = org_shares[oi];
                auto& jobs = job_refs[z][o];
                divide_level(org_shares[oi], jobs, job_quotas);
                for (std::size_t ji = 0; ji < jobs.size(); ++ji) {
                    new_quota_[jobs[ji].index] = job_quotas[ji];
                }
            }
        }
    }

    // DESIGN 4.5: a tier group's seats, divided like any resource but with nested limits: at
    // every level, the campaigns needing tier t or higher together get no more than the seats
    // of tier t or higher that the level has.
    struct tiered_ref {
        std::uint32_t index;
        std::uint32_t weight;
        std::uint32_t order;
        tiered_child child;
    };

    // Sorts `refs` by the order key and divides `capacity` among them (`out`, `binding` as
    // `tiered_share()` gives them); `below`, when given, gets what each child passes down.
    void divide_tiered_level(const tiered_capacity& capacity, std::vector<tiered_ref>& refs,
                             std::vector<std::uint32_t>& out, std::vector<std::uint8_t>& binding,
                             std::vector<tiered_capacity>* below = nullptr) {
        sort_by_order_key(refs);
        tiered_children_.resize(refs.size());
        for (std::size_t i = 0; i < refs.size(); ++i) {
            tiered_children_[i] = refs[i].child;
        }
        out.assign(refs.size(), 0);
        binding.assign(refs.size(), 0);
        detail::divide_tiers(allocator_, capacity, tiered_children_.data(), tiered_children_.size(), out.data(),
                             binding.data());
        if (below != nullptr) {
            below->resize(refs.size());
            pass_down_tiers(capacity, tiered_children_.data(), refs.size(), out.data(), below->data());
        }
    }

    static_assert(catalog::max_tier_group == max_tiers, "one nested limit per tier of a group");

    void compute_tiered_resource(std::size_t r) {
        const auto& tiers = resources_[r].kinds; // lowest tier first
        const auto tier_index = [&](kind_id k) {
            return static_cast<std::size_t>(std::find(tiers.begin(), tiers.end(), k) - tiers.begin());
        };
        // Bottom-up: job bounds (DESIGN 4.2) at their campaign's tier, then organization and
        // zone ceilings, each keeping its lowest tiers when its max cuts it.
        std::vector<tiered_ref> zone_refs;
        std::vector<std::vector<tiered_ref>> org_refs(zones_.size());
        std::vector<std::vector<std::vector<tiered_ref>>> job_refs(zones_.size());
        for (std::size_t zi = 0; zi < zones_.size(); ++zi) {
            const auto& zone = nodes_[zones_[zi]];
            tiered_child zone_child;
            job_refs[zi].resize(zone.children.size());
            for (std::size_t oi = 0; oi < zone.children.size(); ++oi) {
                const auto& org = nodes_[zone.children[oi]];
                tiered_child org_child;
                for (const std::uint32_t j : org.children) {
                    const auto s = slot_of(j, r);
                    if (!s) {
                        continue;
                    }
                    const bounds b = allocator_.job_bounds(view_of(*s));
                    slots_[*s].last_bounds = b;
                    const auto priority = static_cast<std::uint32_t>(jobs_[j].priority);
                    tiered_child c;
                    c.floor = b.floor;
                    c.weight = priority;
                    c.by_tier[tier_index(*jobs_[j].campaign)] = std::max(b.floor, b.ceiling);
                    for (std::size_t t = 0; t < max_tiers; ++t) {
                        org_child.by_tier[t] += c.by_tier[t];
                    }
                    job_refs[zi][oi].push_back(tiered_ref{*s, priority, jobs_[j].started, c});
                }
                const limits l = node_limits(org, r);
                const bounds b = allocator_.node_bounds(l, org_child.ceiling());
                nodes_[zone.children[oi]].last_bounds[r] = b;
                org_child.floor = b.floor;
                org_child.weight = l.weight;
                fit_tiers(org_child, b.ceiling);
                for (std::size_t t = 0; t < max_tiers; ++t) {
                    zone_child.by_tier[t] += org_child.by_tier[t];
                }
                org_refs[zi].push_back(tiered_ref{static_cast<std::uint32_t>(oi), l.weight, org.created, org_child});
            }
            const limits l = node_limits(zone, r);
            const bounds b = allocator_.node_bounds(l, zone_child.ceiling());
            nodes_[zones_[zi]].last_bounds[r] = b;
            zone_child.floor = b.floor;
            zone_child.weight = l.weight;
            fit_tiers(zone_child, b.ceiling);
            zone_refs.push_back(tiered_ref{static_cast<std::uint32_t>(zi), l.weight, zone.created, zone_child});
        }
        // Top-down: the seats of each tier or higher among zones, then each zone's among its
        // organizations, each organization's among its jobs.
        tiered_capacity system;
        system.tiers = std::min(tiers.size(), max_tiers);
        std::uint64_t at_least = 0;
        for (std::size_t t = tiers.size(); t-- > 0;) {
            const std::uint64_t entitled = entitled_[tiers[t].value()];
            const std::uint64_t leased = leased_[tiers[t].value()];
            at_least += entitled > leased ? entitled - leased : 0; // DESIGN 7: leases come out first
            system.at_least[std::min(t, max_tiers - 1)] = at_least;
        }
        std::vector<std::uint32_t> zone_shares;
        std::vector<std::uint32_t> org_shares;
        std::vector<std::uint32_t> job_quotas;
        std::vector<std::uint8_t> binding;
        std::vector<tiered_capacity> zone_tiers;
        std::vector<tiered_capacity> org_tiers;
        divide_tiered_level(system, zone_refs, zone_shares, binding, &zone_tiers);
        for (std::size_t zi = 0; zi < zone_refs.size(); ++zi) {
            const std::size_t z = zone_refs[zi].index;
            const auto& zone = nodes_[zones_[z]];
            new_share_[zone.first_counter + r] = zone_shares[zi];
            auto& orgs = org_refs[z];
            divide_tiered_level(zone_tiers[zi], orgs, org_shares, binding, &org_tiers);
            for (std::size_t oi = 0; oi < orgs.size(); ++oi) {
                const std::size_t o = orgs[oi].index;
                new_share_[nodes_[zone.children[o]].first_counter + r] = org_shares[oi];
                // For explain's "donated" (what an idle job would hold if active): the most
                // of each tier or higher this organization's share could hold, whatever its
                // jobs' ceilings asked for at this recalculation.
                auto& upper = nodes_[zone.children[o]].last_tiers[r];
                upper.tiers = system.tiers;
                for (std::size_t t = 0; t < max_tiers; ++t) {
                    upper.at_least[t] = std::min<std::uint64_t>(
                        org_shares[oi], std::min<std::uint64_t>(zone_shares[zi], system.at_least[t]));
                }
                auto& jobs = job_refs[z][o];
                divide_tiered_level(org_tiers[oi], jobs, job_quotas, binding);
                for (std::size_t ji = 0; ji < jobs.size(); ++ji) {
                    new_quota_[jobs[ji].index] = job_quotas[ji];
                    auto& rec = slots_[jobs[ji].index];
                    rec.tier_bound = binding[ji];
                    rec.tier_limit = static_cast<std::uint32_t>(org_tiers[oi].at_least[binding[ji]]);
                }
            }
        }
    }

    // DESIGN 6: one event per exceeded message, for the kind the auditor says it is about
    // (by kind id, whatever order a host's Auditor gives its messages in); an Auditor that
    // names no kinds gives its messages in catalog order.
    static void send_compliance_events(const compliance_report& report,
                                       const std::function<void(const compliance_event&)>& sink) {
        const bool named = report.exceeded_kinds.size() == report.exceeded_messages.size();
        std::vector<const kind_usage*> in_catalog_order;
        for (const auto& k : report.kinds) {
            if (k.exceeded) {
                in_catalog_order.push_back(&k);
            }
        }
        for (std::size_t i = 0; i < report.exceeded_messages.size(); ++i) {
            const kind_usage* k = nullptr;
            if (named) {
                const auto it = std::find_if(report.kinds.begin(), report.kinds.end(),
                                             [&](const kind_usage& u) { return u.kind == report.exceeded_kinds[i]; });
                k = it == report.kinds.end() ? nullptr : &*it;
            } else if (i < in_catalog_order.size()) {
                k = in_catalog_order[i];
            }
            if (k != nullptr) {
                sink(compliance_event{report.day, k->kind, report.exceeded_messages[i], k->entitled, k->used});
            }
        }
    }

    // ---- explain ---------------------------------------------------------------------------

    [[nodiscard]] expected<quota_explanation> explain_locked(std::uint32_t slot) const {
        const auto& rec = slots_[slot];
        const auto& job = jobs_[rec.job];
        const auto seen = counters_[slot].usage.read();
        quota_explanation e;
        e.job = job.name;
        e.kind = catalog_[rec.kind].name;
        e.state = job.state.load();
        e.mode = job.mode;
        e.priority = job.priority;
        e.min = rec.min;
        e.max = rec.max;
        e.in_use = seen.used;
        e.quota = seen.limit;
        e.floor = rec.last_bounds.floor;
        e.ceiling = rec.last_bounds.ceiling;
        e.weighted = seen.limit > e.floor ? seen.limit - e.floor : 0;
        e.idle = counters_[slot].idle.load();
        e.taken_back = seen.used > seen.limit ? seen.used - seen.limit : 0;
        const auto& org = nodes_[job.organization];
        const auto& zone = nodes_[job.zone];
        e.organization = org.path;
        e.zone = zone.path;
        e.organization_share = node_counters_[rec.organization_counter].limit();
        e.organization_in_use = node_counters_[rec.organization_counter].used();
        for (const std::uint32_t u : org.users) {
            for (const auto* held : {&users_[u].assigned, &users_[u].logged_in}) {
                e.organization_users += static_cast<std::uint32_t>(std::count_if(
                    held->begin(), held->end(), [&](kind_id k) { return resource_of_[k.value()] == rec.resource; }));
            }
        }
        e.zone_share = node_counters_[rec.zone_counter].limit();
        if (rec.tier_bound > 0) {
            e.tier_limit_kind = catalog_[resources_[rec.resource].kinds[rec.tier_bound]].name;
            e.tier_limit = rec.tier_limit;
        }
        if (e.idle && job.mode == allocation_mode::dynamic) {
            // What it would hold in its organization's current share if it were active: the
            // organization's division again, with this job active; for seats with the nested
            // tier limits the organization divided under (DESIGN 4.5).
            const bool tiered = resources_[rec.resource].seats;
            const auto& tiers = resources_[rec.resource].kinds;
            std::vector<child_ref> refs;
            std::vector<tiered_ref> tiered_refs;
            std::size_t mine = 0;
            for (const std::uint32_t j : org.children) {
                const auto s = slot_of(j, rec.resource);
                if (!s) {
                    continue;
                }
                job_view v = view_of(*s);
                if (*s == slot) {
                    v.idle = false;
                    mine = tiered ? tiered_refs.size() : refs.size();
                }
                const bounds b = allocator_.job_bounds(v);
                const auto priority = static_cast<std::uint32_t>(jobs_[j].priority);
                if (tiered) {
                    tiered_child c;
                    c.floor = b.floor;
                    c.weight = priority;
                    const auto t = static_cast<std::size_t>(std::find(tiers.begin(), tiers.end(), *jobs_[j].campaign) -
                                                            tiers.begin());
                    c.by_tier[std::min(t, max_tiers - 1)] = std::max(b.floor, b.ceiling);
                    tiered_refs.push_back(
                        tiered_ref{static_cast<std::uint32_t>(tiered_refs.size()), priority, jobs_[j].started, c});
                } else {
                    refs.push_back(child_ref{static_cast<std::uint32_t>(refs.size()), priority, jobs_[j].started,
                                             share_child{b.floor, b.ceiling, priority}});
                }
            }
            std::vector<std::uint32_t> out;
            std::size_t at = 0;
            if (tiered) {
                sort_by_order_key(tiered_refs);
                std::vector<tiered_child> kids;
                for (std::size_t i = 0; i < tiered_refs.size(); ++i) {
                    kids.push_back(tiered_refs[i].child);
                    if (tiered_refs[i].index == mine) {
                        at = i;
                    }
                }
                out.resize(kids.size());
                std::vector<std::uint8_t> binding(kids.size());
                detail::divide_tiers(allocator_, org.last_tiers[rec.resource], kids.data(), kids.size(), out.data(),
                                     binding.data());
            } else {
                sort_by_order_key(refs);
                std::vector<share_child> kids;
                for (std::size_t i = 0; i < refs.size(); ++i) {
                    kids.push_back(refs[i].bounds);
                    if (refs[i].index == mine) {
                        at = i;
                    }
                }
                out.resize(kids.size());
                allocator_.divide(e.organization_share, kids.data(), kids.size(), out.data());
            }
            e.donated = out.empty() || out[at] <= seen.limit ? 0 : out[at] - seen.limit;
        }
        return e;
    }

    [[nodiscard]] expected<usage> node_usage_of(std::uint32_t node, kind_id kind, bool zone) const {
        if (node >= nodes_.size() || (nodes_[node].level == detail::node_level::zone) != zone) {
            return fail(errc::unknown_node, detail::concat("#", std::to_string(node)), zone ? "zone" : "organization");
        }
        if (kind.value() >= catalog_.size() || resource_of_[kind.value()] == detail::no_resource) {
            return fail(errc::not_counted, kind.value() < catalog_.size() ? catalog_[kind].name : "?", {}, 0, 0,
                        "is not divided among nodes");
        }
        const auto seen = node_counters_[nodes_[node].first_counter + resource_of_[kind.value()]].read();
        return usage{seen.limit, seen.used};
    }

    // ---- events ----------------------------------------------------------------------------

    // Events in the order they happened, waiting for delivery. (Two vectors and their order
    // rather than a std::variant: GCC 12 warns falsely on variant moves at -O3.)
    struct event_queue {
        std::vector<recalculation_event> recalculated;
        std::vector<tier_move_event> moved;
        std::vector<bool> is_move;

        bool empty() const noexcept { return is_move.empty(); }
        // Room for `n` more events of either kind, so that queueing them cannot fail.
        void reserve_more(std::size_t n) {
            recalculated.reserve(recalculated.size() + n);
            moved.reserve(moved.size() + n);
            is_move.reserve(is_move.size() + n);
        }
        void push_back(recalculation_event e) {
            recalculated.push_back(std::move(e));
            is_move.push_back(false);
        }
        void push_back(tier_move_event e) {
            moved.push_back(std::move(e));
            is_move.push_back(true);
        }
        void swap(event_queue& other) noexcept {
            recalculated.swap(other.recalculated);
            moved.swap(other.moved);
            is_move.swap(other.is_move);
        }
    };

    // Calls the observer with no lock held (DESIGN 1), in order. Whoever finds events waiting
    // and nobody delivering delivers them all, including those queued meanwhile.
    void deliver_events() {
        for (;;) {
            event_queue batch;
            std::shared_ptr<const pool_observer> observer;
            {
                lock_type lock{mutex_};
                if (delivering_ || pending_.empty()) {
                    return;
                }
                delivering_ = true;
                batch.swap(pending_);
                observer = observer_;
            }
            if (observer) {
                std::size_t next_recalculation = 0;
                std::size_t next_move = 0;
                for (const bool is_move : batch.is_move) {
                    if (is_move) {
                        const auto& moved = batch.moved[next_move++];
                        if (observer->tier_moved) {
                            observer->tier_moved(moved);
                        }
                    } else {
                        const auto& recalculated = batch.recalculated[next_recalculation++];
                        if (observer->recalculated) {
                            observer->recalculated(recalculated);
                        }
                    }
                }
            }
            lock_type lock{mutex_};
            delivering_ = false;
        }
    }

    // ---- members ---------------------------------------------------------------------------

    catalog catalog_;
    Validator validator_;
    vendor_secret secret_;
    pool_options options_;
    Clock clock_;
    Allocator allocator_;
    HierarchyResolver resolver_;
    Auditor auditor_;
    mutable Sync mutex_;

    // Entitlement.
    key_ring keys_;
    std::unique_ptr<detail::limited_counter[]> kind_counters_; // per kind: entitlement, in use
    std::vector<std::uint32_t> entitled_;                      // per kind, under the lock
    entitlement_set entitlements_now_;
    std::atomic<bool> operational_{true};
    // DESIGN 3: the serial the installed keys are bound to, what the provider reported last
    // (both normalized; empty: no serial), and so whether the keys count.
    std::string bound_serial_;
    std::string reported_serial_;
    serial_standing serial_standing_ = serial_standing::present;
    std::atomic<std::uint16_t> missing_required_{0};

    // The tree.
    std::vector<detail::resource_record> resources_;
    std::vector<std::uint16_t> resource_of_; // per kind
    std::unique_ptr<std::atomic<bool>[]> hungry_;              // per resource
    std::unique_ptr<std::atomic<std::uint32_t>[]> idle_slots_; // per resource
    std::optional<kind_id> port_kind_;
    detail::stable_vector<detail::node_record, 64, 1024> nodes_;
    detail::stable_vector<detail::limited_counter> node_counters_;
    detail::stable_vector<detail::job_record> jobs_;
    detail::stable_vector<detail::slot_record> slots_;
    detail::stable_vector<detail::slot_counters> counters_;
    std::vector<std::uint32_t> zones_;
    std::unordered_map<std::string, std::uint32_t> zone_index_;
    std::unordered_map<std::string, std::uint32_t> organization_index_;
    std::unordered_map<std::string, std::uint32_t> job_index_;
    std::map<agent_id, detail::agent_record> agents_;
    // The agent a move_agent is re-seating, if any: its seat is in flux until the move ends,
    // so a recalculation the move triggers (DESIGN 4.3 trigger 5) leaves it alone.
    const detail::agent_record* moving_agent_ = nullptr;
    std::vector<std::uint32_t> stopped_holding_; // `forget_stopped_jobs`: stopped, not yet empty

    // Users and tenants (DESIGN 5).
    std::vector<detail::user_record> users_;
    std::vector<std::uint64_t> assigned_;  // per kind
    std::vector<std::uint64_t> logged_in_; // per kind
    std::optional<kind_id> organization_kind_;
    std::vector<usage_factor> factors_;

    // Node leases (DESIGN 7).
    std::map<std::uint64_t, node_lease> node_leases_; // by fence
    std::map<std::pair<std::string, std::uint64_t>, std::uint64_t> lease_requests_; // (holder, request) -> fence
    std::uint64_t last_fence_ = 0;
    std::vector<std::uint64_t> leased_; // per kind

    // Polls of the license server (DESIGN 7).
    poll_status poll_;
    date latest_day_{};

    // Audits (DESIGN 6).
    audit_history history_;
    std::uint64_t audits_ = 0;
    std::shared_ptr<const std::function<void(const compliance_event&)>> audit_sink_;
    bool daily_audit_ = false;
    std::optional<date> last_daily_audit_;

    // Recalculation scratch.
    std::vector<std::uint32_t> new_quota_;
    std::vector<std::uint32_t> new_share_;
    std::vector<share_child> children_;
    std::vector<tiered_child> tiered_children_;

    // Events waiting for delivery.
    std::shared_ptr<const pool_observer> observer_;
    event_queue pending_;
    bool delivering_ = false;
};

/// The pool most hosts want: every default policy, thread-safe, on the machine's clocks.
using license_pool_mt = license_pool<>;

/// The same for a host that calls the pool from one thread only.
template <class Clock = real_clock>
using license_pool_st = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<>,
                                     feature_key_validator<>, null_mutex, Clock>;

} // namespace licpool

#endif // LICPOOL_POOL_LICENSE_POOL_HPP
