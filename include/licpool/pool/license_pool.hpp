// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_LICENSE_POOL_HPP
#define LICPOOL_POOL_LICENSE_POOL_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/allocation/reserved_dynamic_allocator.hpp>
#include <licpool/allocation/tier_hierarchy.hpp>
#include <licpool/audit/audit_input.hpp>
#include <licpool/audit/compliance_auditor.hpp>
#include <licpool/audit/compliance_report.hpp>
#include <licpool/audit/user_criterion.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/clock.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/detail/chrono.hpp> // std::chrono without the calendar's formatting
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/core/sync.hpp>
#include <licpool/keys/entitlement.hpp>
#include <licpool/keys/feature_key_validator.hpp>
#include <licpool/keys/serial_provider.hpp>
#include <licpool/keys/vendor_secret.hpp>
#include <licpool/pool/call_leases.hpp>
#include <licpool/pool/detail/pool_parts.hpp>
#include <licpool/pool/lease.hpp>
#include <licpool/pool/node_lease.hpp>
#include <licpool/pool/poll_status.hpp>
#include <licpool/pool/pool_event.hpp>
#include <licpool/pool/pool_options.hpp>
#include <licpool/pool/pool_queries.hpp>
#include <licpool/pool/pool_snapshots.hpp>
#include <licpool/pool/quota_explanation.hpp>
#include <licpool/pool/tenant_handle.hpp>
#include <licpool/pool/usage.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <array>
#include <cstdint>
#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

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
/// take no lock and allocate nothing unless a recalculation trigger fires (DESIGN 4.3) or a
/// refusal is heard (the observer has a `refused` hook: its event is queued under the lock);
/// everything else takes the pool's mutex. Observer callbacks run with no lock held.
/// Inside, the pool is a facade (docs/ARCHITECTURE.md): single-threaded components in
/// `detail::pool_parts` do the work, and this class holds the one mutex that guards them.
template <class HierarchyResolver = tier_hierarchy, class Allocator = reserved_dynamic_allocator<>,
          class Auditor = compliance_auditor<>, class Validator = feature_key_validator<>,
          class Sync = std::mutex, class Clock = real_clock>
class license_pool final
    : public pool_queries<license_pool<HierarchyResolver, Allocator, Auditor, Validator, Sync, Clock>>,
      public pool_snapshots<license_pool<HierarchyResolver, Allocator, Auditor, Validator, Sync, Clock>> {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Clock>;

    static_assert(detail::check_resolver_policy<HierarchyResolver>(), "see the message above");
    static_assert(detail::check_allocator_policy<Allocator>(), "see the message above");
    static_assert(detail::check_auditor_policy<Auditor>(), "see the message above");
    static_assert(detail::check_validator_policy<Validator>(), "see the message above");
    static_assert(detail::check_sync_policy<Sync>(), "see the message above");
    static_assert(detail::check_clock_policy<Clock>(), "see the message above");

    using lock_type = std::unique_lock<Sync>;
    using parts_type = detail::pool_parts<HierarchyResolver, Allocator, Validator, Clock>;

public:
    using resolver_type = HierarchyResolver;
    using allocator_type = Allocator;
    using auditor_type = Auditor;
    using validator_type = Validator;
    using mutex_type = Sync;
    using clock_type = Clock;
    using tenant_handle = basic_tenant_handle<license_pool>;

    /// A pool for `kinds`, whose keys are bound to `serial` and signed with `secret`.
    license_pool(catalog kinds, serial_number serial, vendor_secret secret, pool_options options = {},
                 Clock clock = Clock{}, Allocator allocator = Allocator{})
        : license_pool(kinds, Validator{kinds, secret, fixed_serial{std::move(serial)}}, secret, options,
                       std::move(clock), std::move(allocator)) {}

    /// The same on a clock of the host's (a `manual_clock`, say), with default options.
    license_pool(catalog kinds, serial_number serial, vendor_secret secret, Clock clock)
        : license_pool(std::move(kinds), std::move(serial), std::move(secret), pool_options{}, std::move(clock)) {}

    /// A pool with a validator the host built itself (its own serial provider, say).
    license_pool(catalog kinds, Validator validator, vendor_secret secret, pool_options options = {},
                 Clock clock = Clock{}, Allocator allocator = Allocator{})
        : secret_{std::move(secret)},
          parts_{std::move(kinds), std::move(validator), options, std::move(clock), std::move(allocator)} {}

    license_pool(const license_pool&) = delete;
    license_pool& operator=(const license_pool&) = delete;
    license_pool(license_pool&&) = delete;
    license_pool& operator=(license_pool&&) = delete;
    ~license_pool() = default;

    const catalog& kinds() const noexcept { return parts_.kinds; }
    Clock& clock() noexcept { return parts_.clock; }
    const Clock& clock() const noexcept { return parts_.clock; }
    const pool_options& options() const noexcept { return parts_.options; }

    /// Sets the host's hooks (DESIGN 1: called with no lock held).
    void observe(pool_observer observer) {
        changing([&] { parts_.events.observe(std::move(observer)); });
    }

    // ---- entitlement (DESIGN 3, 7) -----------------------------------------------------------

    /// Validates and installs a key; its kind's entitlement grows from now (trigger 2). The
    /// same key again counts once and is accepted.
    ///
    /// DESIGN 3: the call reads the serial provider first. With no serial there it is refused
    /// `serial_absent`; with another serial than the installed keys are bound to,
    /// `serial_changed` (remove those keys first, or put their feature key back).
    [[nodiscard]] result<entitlement> install_key(std::string_view key_text) {
        return changing([&] { return parts_.keeper.install_key(key_text); });
    }

    /// Removes an installed key (any spelling of it); its kind's entitlement shrinks. A key
    /// is removed whatever the serial: that is how the keys of a serial exchanged for
    /// another make way for the new serial's (DESIGN 3).
    [[nodiscard]] result<void> remove_key(std::string_view key_text) {
        return changing([&] { return parts_.keeper.remove_key(key_text); });
    }

    /// DESIGN 3: reads the serial provider now, as `tick` does: for a host that hears of its
    /// feature key being pulled or put back before its next tick. Keys bound to a serial
    /// that is not there stop counting; they count again when it is back.
    void check_serial() {
        changing([&] { parts_.keeper.read_serial(); });
    }

    /// The installed keys, in install order.
    std::vector<entitlement> installed_keys() const {
        return read([&] { return parts_.keeper.keys.keys(); });
    }

    /// A successful poll of the license server: the entitlement is now `counts` (kinds not
    /// named have none), clipped at the platform caps (trigger 2). It ends any grace period.
    [[nodiscard]] result<void> report_poll(const std::vector<kind_count>& counts) {
        return changing([&] { return parts_.keeper.report_poll(counts); });
    }

    /// A failed poll of the license server. The last good entitlement holds for the grace
    /// period from the first failure; after it, counted kinds fall to zero (DESIGN 7) until a
    /// poll succeeds. The audit reports it either way.
    [[nodiscard]] result<void> report_poll_failure() {
        return changing([&] { return parts_.keeper.report_poll_failure(); });
    }

    /// The last successful poll, the last change, and any grace period.
    poll_status polls() const {
        return read([&] { return parts_.keeper.poll; });
    }

    /// The entitlement per kind, as it stands (clipped at the caps).
    entitlement_set entitlements() const {
        return read([&] { return parts_.totals.now; });
    }

    /// The entitlement of one kind (1 for an enabled boolean kind).
    std::uint32_t entitlement_of(kind_id kind) const noexcept { return parts_.totals.entitlement_of(kind); }
    [[nodiscard]] result<std::uint32_t> entitlement_of(std::string_view kind) const {
        return this->by_name(kind, [this](kind_id k) { return entitlement_of(k); });
    }

    /// True when a boolean kind is licensed (DESIGN 2), or a counted kind has any license: for
    /// a channel kind (the contact center's sms and email), whether its channel is on. A kind
    /// that needs others (a feature that needs the server license) is enabled only while they
    /// are licensed too.
    bool enabled(kind_id kind) const noexcept { return parts_.totals.enabled(kind); }
    [[nodiscard]] result<bool> enabled(std::string_view kind) const {
        return this->by_name(kind, [this](kind_id k) { return enabled(k); });
    }

    /// False while a required kind has no license (DESIGN 2): every acquire is refused.
    bool operational() const noexcept { return parts_.totals.operational.load(std::memory_order_acquire); }

    // ---- the tree (DESIGN 4) ---------------------------------------------------------------

    /// Creates zone `name` or updates it: each kind listed gets the limits given; other
    /// kinds keep theirs (trigger 2).
    [[nodiscard]] result<zone_id> set_zone(std::string_view name, const std::vector<kind_limits>& settings) {
        return changing([&] {
            return as<zone_id>(parts_.configure(name, settings, [&] { return parts_.tree.find_or_create_zone(name); }));
        });
    }

    /// Creates organization `name` of zone `zone` (creating the zone too) or updates it.
    [[nodiscard]] result<organization_id> set_organization(std::string_view zone, std::string_view name,
                                                             const std::vector<kind_limits>& settings) {
        return changing([&] {
            return as<organization_id>(parts_.configure(detail::concat(zone, "/", name), settings,
                                                 [&] { return parts_.tree.find_or_create_organization(zone, name); }));
        });
    }

    [[nodiscard]] result<zone_id> find_zone(std::string_view name) const {
        return read([&] { return as<zone_id>(parts_.tree.find_zone(name)); });
    }

    [[nodiscard]] result<organization_id> find_organization(std::string_view zone, std::string_view name) const {
        return read([&] { return as<organization_id>(parts_.tree.find_organization(zone, name)); });
    }

    /// Organization `name` of zone `zone`, created (with its zone) when first named, with no
    /// settings of its own (DESIGN 4). A job given no organization goes to `default/default`.
    [[nodiscard]] result<organization_id> organization(std::string_view zone, std::string_view name) {
        return changing([&] { return as<organization_id>(parts_.tree.find_or_create_organization(zone, name)); });
    }

    // ---- jobs (DESIGN 4) -------------------------------------------------------------------

    /// Starts a job (trigger 1; starting counts as an attempt for each of its kinds).
    [[nodiscard]] result<job_id> start_job(const job_spec& spec) {
        return changing([&] { return parts_.start_job(spec); });
    }

    /// The job called `name`.
    [[nodiscard]] result<job_id> find_job(std::string_view name) const {
        return read([&]() -> result<job_id> {
            const auto found = parts_.table.find_name(name);
            if (!found) {
                return fail(errc::unknown_job).subject(name);
            }
            return job_id{*found};
        });
    }

    /// Stops a running, paused or snoozed job for good. What it holds stays held until released.
    [[nodiscard]] result<void> stop_job(job_id job) {
        return change_state(job, {job_state::running, job_state::paused, job_state::snoozed}, job_state::stopped,
                            recalculation_cause::job_stopped, "stop needs a running, paused or snoozed job");
    }
    /// Forgets a stopped job that holds nothing: its id is unknown from now on, its name is free
    /// for a new job, and it leaves the snapshot. (A stopped job already takes no part in a
    /// recalculation.) `pool_options::forget_stopped_jobs` forgets them by themselves.
    [[nodiscard]] result<void> forget_job(job_id job) {
        return changing([&] { return parts_.forget_job(job); });
    }

    /// Pauses a running job: it takes nothing new until resumed.
    [[nodiscard]] result<void> pause_job(job_id job) {
        return change_state(job, {job_state::running}, job_state::paused, recalculation_cause::job_paused,
                            "pause needs a running job");
    }
    /// Resumes a paused job (an attempt for each of its kinds).
    [[nodiscard]] result<void> resume_job(job_id job) {
        return change_state(job, {job_state::paused}, job_state::running, recalculation_cause::job_resumed,
                            "resume needs a paused job");
    }
    /// Wakes a snoozed job (an attempt for each of its kinds).
    [[nodiscard]] result<void> wake_job(job_id job) {
        return change_state(job, {job_state::snoozed}, job_state::running, recalculation_cause::job_woken,
                            "wake needs a snoozed job");
    }

    /// DESIGN 4.5: snoozes a running agent-based job, letting all its agents go with their
    /// seats and nail-up ports at once. Returns the agents let go, in id order.
    [[nodiscard]] result<std::vector<agent_id>> snooze_job(job_id job) {
        return locked([&] { return parts_.snooze_job(job); });
    }

    /// Sets a job's priority, 1..10 (trigger 1, even when it is the value it had).
    [[nodiscard]] result<void> set_priority(job_id job, int priority) {
        return changing([&] { return parts_.set_priority(job, priority); });
    }

    /// Sets a job's min and max for one kind (trigger 1, even when they are the values it had).
    [[nodiscard]] result<void> set_limits(job_id job, kind_id kind, std::uint32_t min, std::uint32_t max) {
        return changing([&] { return parts_.set_limits(job, kind, min, max); });
    }
    [[nodiscard]] result<void> set_limits(job_id job, std::string_view kind, std::uint32_t min, std::uint32_t max) {
        return this->by_name(kind, [&](kind_id k) { return set_limits(job, k, min, max); });
    }
    /// The same with named settings: `set_limits(job, "outbound_port", limits{}.with_min(5).with_max(30))`.
    /// A job has no weight per kind (its priority is its weight), so `value.weight` is not used.
    [[nodiscard]] result<void> set_limits(job_id job, kind_id kind, limits value) {
        return set_limits(job, kind, value.min, value.max);
    }
    [[nodiscard]] result<void> set_limits(job_id job, std::string_view kind, limits value) {
        return set_limits(job, kind, value.min, value.max);
    }

    // ---- batches (DESIGN 4.3) ------------------------------------------------------------------

    /// Runs `f`, which changes the pool through its usual calls, with one recalculation at the
    /// end instead of one per change: starting ten thousand jobs, say, or a restart's set-up.
    /// Returns what `f` returns.
    ///
    /// DESIGN 4.3, batches: while a batch is open the calls that would recalculate for a
    /// setting (trigger 1; zone and organization settings; keys and polls) change it and
    /// leave the recalculation pending; the end of the outermost batch runs it once, and the
    /// observer hears one recalculation event, with the cause and subject of the first change
    /// and every quota that changed across the batch. A call that takes, gives back or reads
    /// licenses or quotas (`acquire` of one kind or several, `dial_out`, `bridge`, agents,
    /// node leases, users, `job_usage`, `node_usage`, `explain`, `tick`, `audit`, `snapshot`)
    /// applies the pending recalculation first, so it sees what it would have seen outside a
    /// batch (releasing a lease does not: it is lock-free and may run anywhere; a batch's
    /// recalculation reads in-use as it is when it runs). Batches nest: only the outermost
    /// recalculates. If `f` throws, the pending recalculation runs all the same (every call
    /// inside it completed) and the exception goes on.
    ///
    /// Threads: the deferral is the pool's, not the thread's: while a batch is open on any
    /// thread, other threads' settings calls join it, and their acquires and reads apply the
    /// pending recalculation first, as the batch's own do. `f` runs with no lock held.
    template <class F>
    auto batch(F&& f) -> std::invoke_result_t<F> {
        using result_type = std::invoke_result_t<F>;
        changing([this] { parts_.batch.open(); });
        detail::batch_level<license_pool> level{this};
        if constexpr (std::is_void_v<result_type>) {
            std::forward<F>(f)();
            level.close();
        } else {
            result_type value = std::forward<F>(f)();
            level.close();
            return std::forward<result_type>(value);
        }
    }

    // ---- acquire and release (DESIGN 4.4) ---------------------------------------------------

    /// One more license of `kind` for `job`, or the first limit that refuses it, in the order
    /// of DESIGN 4.4: not_operational, not_running, job_max, job_quota, organization, zone,
    /// entitlement. The lease gives the license back when destroyed.
    [[nodiscard]] result<lease> acquire(job_id job, kind_id kind) {
        settle();
        auto slot = parts_.table.acquirable_slot(job, kind);
        if (!slot) {
            return unexpected<error>(slot.error());
        }
        // DESIGN 4.3: lock-free unless a trigger fires; a trigger's recalculation runs locked.
        return parts_.attempts.acquire(job, *slot, kind, parts_.attempt_nanos(), locking());
    }
    [[nodiscard]] result<lease> acquire(job_id job, std::string_view kind) {
        auto k = parts_.kinds.find(kind);
        return k ? acquire(job, *k) : unexpected<error>(k.error());
    }

    /// DESIGN 4.4.1: the licenses of one call, every kind or none: a port with its ASR and TTS
    /// connections, say. Each kind is decided as a one-kind acquire decides it; on a refusal
    /// the first kind refused is named, with that acquire's code and message, and nothing is
    /// held. At most `call_leases::max_kinds` kinds, each named once.
    [[nodiscard]] result<call_leases> acquire(job_id job, std::initializer_list<kind_id> kinds) {
        settle();
        return parts_.acquire_call(job, kinds.begin(), kinds.size(), locking());
    }
    [[nodiscard]] result<call_leases> acquire(job_id job, std::initializer_list<std::string_view> kinds) {
        if (kinds.size() == 0 || kinds.size() > call_leases::max_kinds) {
            return parts_type::too_many_kinds(kinds.size());
        }
        std::array<kind_id, call_leases::max_kinds> ids{};
        std::size_t n = 0;
        for (const std::string_view name : kinds) {
            auto k = parts_.kinds.find(name);
            if (!k) {
                return unexpected<error>(k.error());
            }
            ids[n++] = *k;
        }
        settle();
        return parts_.acquire_call(job, ids.data(), n, locking());
    }

    // ---- agents (DESIGN 4.5) ---------------------------------------------------------------

    /// Attaches an agent to an agent-based job (an attempt): it takes a seat of the lowest
    /// adequate tier that is free and, when the catalog has telephony ports, a nail-up port.
    /// Returns the seat kind. Refused with nothing changed.
    [[nodiscard]] result<kind_id> attach_agent(job_id job, agent_id agent) {
        return locked([&] { return parts_.seating.attach(job, agent, parts_.attempt_nanos()); });
    }

    /// Detaches an agent: its seat and nail-up port go back to the pool.
    [[nodiscard]] result<void> detach_agent(agent_id agent) {
        return locked([&] { return parts_.seating.detach(agent); });
    }

    /// Moves an agent to another agent-based job, seat and port with it: never counted twice,
    /// never lost. The seat is re-resolved when the new campaign needs a higher tier. Refused
    /// with nothing changed; a refused move is an attempt at the new job, as a refused attach
    /// is (DESIGN 4.3, 4.5: trigger 5 and the hungry mark).
    [[nodiscard]] result<kind_id> move_agent(agent_id agent, job_id to) {
        return locked([&] { return parts_.seating.move(agent, to, parts_.attempt_nanos()); });
    }

    /// The seat kind an agent holds.
    [[nodiscard]] result<kind_id> agent_seat(agent_id agent) const {
        return read([&]() -> result<kind_id> {
            auto a = parts_.seating.find(agent);
            return a ? result<kind_id>{a->seat} : unexpected<error>(a.error());
        });
    }

    /// The job an agent is attached to.
    [[nodiscard]] result<job_id> agent_job(agent_id agent) const {
        return read([&]() -> result<job_id> {
            auto a = parts_.seating.find(agent);
            return a ? result<job_id>{job_id{a->job}} : unexpected<error>(a.error());
        });
    }

    /// DESIGN 4.5: a port to dial a customer for an agent-based job.
    [[nodiscard]] result<lease> dial_out(job_id job) { return acquire_port(job, refused_call::dial_out); }
    /// DESIGN 4.5: a port to bridge an agent's nailed-up call with a customer call; release it
    /// once the bridge is made.
    [[nodiscard]] result<lease> bridge(job_id job) { return acquire_port(job, refused_call::bridge); }

    // ---- tenants and users (DESIGN 5) -------------------------------------------------------

    /// The tenant an organization is (see `basic_tenant_handle`).
    [[nodiscard]] result<tenant_handle> tenant(organization_id org) {
        return read([&]() -> result<tenant_handle> {
            auto found = parts_.tree.organization_at(org.value());
            return found ? result<tenant_handle>{tenant_handle{this, *found}} : unexpected<error>(found.error());
        });
    }

    /// Adds a usage factor after those defined so far (DESIGN 6: precedence is the order they
    /// are added in), for every tenant.
    [[nodiscard]] result<void> add_usage_factor(std::string name, user_criterion criterion) {
        return locked([&] { return parts_.tenants.add_factor(std::move(name), std::move(criterion)); });
    }

    /// Switches a usage factor off (users it would count go on to the next factor) or on.
    [[nodiscard]] result<void> set_usage_factor_enabled(std::string_view name, bool enabled) {
        return locked([&] { return parts_.tenants.set_factor_enabled(name, enabled); });
    }

    /// The usage factors' names, in precedence order.
    std::vector<std::string> usage_factors() const {
        return read([&] { return parts_.tenants.factor_names(); });
    }

    // ---- node leases (DESIGN 7) --------------------------------------------------------------

    /// Lends `count` licenses of a kind to a remote holder (a media server, say) until the
    /// lease's time to live runs out, unless renewed. They come out of the entitlement and of
    /// what the tree divides among zones (DESIGN 4, 7: the pool recalculates), and never out
    /// of what zone minimums guarantee (refused `entitlement`, context "zone minimums"). A
    /// request id the holder used before gets the same lease back and takes nothing more (a
    /// retried or duplicated message); if that lease has ended, `stale_request`.
    [[nodiscard]] result<node_lease> grant_node_lease(const node_lease_request& request) {
        return locked([&] { return parts_.leases.grant(request, parts_.steady_nanos()); });
    }

    /// Extends a live lease by `ttl` from now. A fence the holder no longer has (the lease
    /// expired, was released or force-released) is refused with `stale_fence`.
    [[nodiscard]] result<node_lease> renew_node_lease(std::string_view holder, std::uint64_t fence,
                                                        std::chrono::milliseconds ttl) {
        return locked([&] { return parts_.leases.renew(holder, fence, ttl, parts_.steady_nanos()); });
    }

    /// Gives a lease back before it expires.
    [[nodiscard]] result<void> release_node_lease(std::string_view holder, std::uint64_t fence) {
        return locked([&] { return parts_.leases.release(holder, fence); });
    }

    /// Takes back every lease of `holder` (a media server that crashed, say); returns how
    /// many licenses came back. Its later messages get `stale_fence`.
    std::uint32_t force_release(std::string_view holder) {
        return locked([&] { return parts_.leases.force_release(holder); });
    }

    /// The live leases, in grant order: who holds what, until when.
    std::vector<node_lease> node_leases() const {
        return read([&] { return parts_.leases.live(); });
    }

    /// The last fence handed out: every grant's fence is higher.
    std::uint64_t last_fence() const {
        return read([&] { return parts_.leases.last_fence; });
    }

    // ---- snapshots (DESIGN 7) ------------------------------------------------------------------
    // snapshot, save_snapshot, restore_snapshot, load_snapshot: inherited from
    // `pool_snapshots` (pool/pool_snapshots.hpp); they need <licpool/pool/persistence.hpp>.

    // ---- compliance (DESIGN 6) -------------------------------------------------------------

    /// Audits the pool now: the report is kept in the history and each exceeded kind sends
    /// one event to the sink. The auditor and the sink run with no lock held.
    compliance_report audit() {
        std::uint64_t sequence = 0;
        const audit_input input = locked([&] {
            parts_.keeper.read_serial();   // DESIGN 3: the report is of the serial as it is now
            parts_.keeper.observe_today(); // DESIGN 3: the audit's day moves the watermark
            sequence = parts_.schedule.audits++;
            return detail::audit_input_of(parts_);
        });
        compliance_report report = auditor_.audit(input);
        report.sequence = sequence;
        const auto sink = read([&] {
            parts_.schedule.history.add(report);
            return parts_.schedule.sink;
        });
        if (sink && *sink) {
            detail::compliance_schedule::send_events(report, *sink);
        }
        return report;
    }

    /// Where each exceeded kind's event goes (DESIGN 6: nothing is sent when nothing is exceeded).
    void on_compliance_event(std::function<void(const compliance_event&)> sink) {
        locked([&] { parts_.schedule.set_sink(std::move(sink)); });
    }

    /// Lets the pool audit once a day on its own clock, at the first tick of each new day.
    void enable_daily_audit(bool enabled = true) {
        locked([&] { parts_.schedule.daily = enabled; });
    }

    /// The kept reports of days `from` to `to`, oldest first.
    std::vector<compliance_report> past_audits(date from, date to) const {
        return read([&] { return parts_.schedule.history.between(from, to); });
    }

    void set_audit_retention(audit_retention retention) {
        locked([&] { parts_.schedule.history.set_retention(retention); });
    }

    // ---- time -------------------------------------------------------------------------------

    /// The host's tick: the pool reads its clock and its serial provider and does its timed
    /// work: keys that expired or whose serial went or came back (trigger 2, DESIGN 3), node
    /// leases that ran out (DESIGN 7), dynamic jobs turning idle (trigger 3), and the daily
    /// audit (DESIGN 6).
    void tick() {
        if (locked([&] { return parts_.tick(); })) {
            (void)audit(); // DESIGN 6: the daily audit is due
        }
    }

    // ---- introspection ------------------------------------------------------------------------
    // job_usage, node_usage, system_usage, state_of, job_name, jobs, job_spec_of, explain,
    // refusals, refusals_of: inherited from `pool_queries` (pool/pool_queries.hpp).

private:
    friend tenant_handle;
    friend pool_queries<license_pool>;
    friend pool_snapshots<license_pool>;
    friend detail::batch_level<license_pool>;
    friend detail::parts_access<license_pool>;

    // DESIGN 1, the one lock convention: only the facade takes the mutex. Every call that
    // changes the pool runs its components inside `locked`: the mutex held for the call, then
    // released, then the events the call queued delivered to the observer with no lock held.
    // Readers run inside `read`. Components never lock.
    //
    // DESIGN 4.3, batches: `locked` and `read` first apply a recalculation a batch left
    // pending, so that what they take, give back or read is what it would be one call at a
    // time; `changing` is for the settings calls, whose own recalculation waits for the end
    // of an open batch; the lock-free acquires and reads call `settle` first.
    template <class F>
    auto locked(F&& f) -> decltype(f()) {
        return changing([&]() -> decltype(f()) {
            parts_.batch.apply();
            return f();
        });
    }
    template <class F>
    auto changing(F&& f) -> decltype(f()) {
        if constexpr (std::is_void_v<decltype(f())>) {
            hold(f);
            parts_.events.deliver(mutex_);
        } else {
            auto outcome = hold(f);
            parts_.events.deliver(mutex_);
            return outcome;
        }
    }
    template <class F>
    auto read(F&& f) const -> decltype(f()) {
        settle();
        return hold(f);
    }
    template <class F>
    auto hold(F&& f) const -> decltype(f()) {
        lock_type lock{mutex_};
        return f();
    }
    // One atomic load unless a batch left a recalculation pending. From a const reader too:
    // only a non-const call (a settings call) leaves one pending, so a pool with one pending
    // was not defined const, and the cast is sound; the recalculation is the one the reader
    // would have found done outside a batch.
    void settle() const {
        if (parts_.batch.pending()) {
            const_cast<license_pool*>(this)->locked([] {});
        }
    }
    // `locked` as a value, for the lock-free fast path: it locks only when a trigger fires.
    auto locking() {
        return [this](auto&& f) { return this->locked(f); };
    }

    template <class Id>
    static result<Id> as(result<std::uint32_t> index) {
        return index ? result<Id>{Id{*index}} : unexpected<error>(index.error());
    }

    [[nodiscard]] result<void> change_state(job_id job, std::initializer_list<job_state> from, job_state to,
                                              recalculation_cause cause, const char* rule) {
        return changing([&] { return parts_.change_state(job, from, to, cause, rule); });
    }

    [[nodiscard]] result<lease> acquire_port(job_id job, refused_call call) {
        settle();
        if (!parts_.tree.port_kind) {
            // DESIGN 2, roles: ports are found by role, never by a preset's kind name.
            return fail(errc::invalid_setting).subject(parts_.kinds.name()).note(
                "no kind has the agents' port role, so agent-based jobs have no ports to dial or bridge on");
        }
        const kind_id kind = *parts_.tree.port_kind;
        auto slot = parts_.table.acquirable_slot(job, kind);
        if (!slot) {
            return unexpected<error>(slot.error());
        }
        return parts_.attempts.acquire(job, *slot, kind, parts_.attempt_nanos(), locking(), call);
    }

    // Immutable after construction: the vendor secret that signs snapshots (DESIGN 7) and
    // the Auditor policy (DESIGN 6), which runs with no lock held.
    vendor_secret secret_;
    Auditor auditor_;
    // Guards everything in `parts_` except its atomics (see each component).
    mutable Sync mutex_;
    parts_type parts_;
};

/// The pool most hosts want: every default policy, thread-safe, on the machine's clocks by
/// default or on `Clock` (a `manual_clock` in tests):
///
///     licpool::license_pool_mt<> pool{kinds, serial, secret};
///     licpool::license_pool_mt<licpool::manual_clock> test_pool{kinds, serial, secret, licpool::manual_clock{}};
///
/// (C++20 and later with GCC also take the plain `license_pool_mt pool{...}`.)
template <class Clock = real_clock>
using license_pool_mt = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<>,
                                     feature_key_validator<>, std::mutex, Clock>;

/// The same for a host that calls the pool from one thread only.
template <class Clock = real_clock>
using license_pool_st = license_pool<tier_hierarchy, reserved_dynamic_allocator<>, compliance_auditor<>,
                                     feature_key_validator<>, null_mutex, Clock>;

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_LICENSE_POOL_HPP
