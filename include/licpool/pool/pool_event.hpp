// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_POOL_EVENT_HPP
#define LICPOOL_POOL_POOL_EVENT_HPP

#include <licpool/core/ids.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// Why the pool recalculated: the triggers of DESIGN 4.3, and nothing else.
enum class recalculation_cause : std::uint8_t {
    // Trigger 1: a job's life or settings.
    job_started,
    job_stopped,
    job_paused,
    job_resumed,
    job_snoozed,
    job_woken,
    job_settings,
    // Trigger 2: entitlement or node settings.
    entitlement_changed,
    node_settings,
    // Trigger 3: the clock moved, a dynamic job turned idle and some job is hungry.
    idle_while_hungry,
    // Trigger 4: an idle dynamic job made an attempt.
    idle_job_attempt,
    // Trigger 5: an attempt would be refused by a quota or share while a donor exists.
    donor_available,
    // A snapshot was read back (DESIGN 7).
    restored,
    // Trigger 2: what node leases hold changed (granted, released, expired, taken back), so
    // what the tree divides changed (DESIGN 4, 7).
    node_lease,
    // Trigger 2: the feature-key serial the installed keys are bound to went away (the
    // provider reports none, or another) or came back, so the keys stopped or started
    // counting (DESIGN 3). The subject names the serial and what happened to it.
    key_serial,
};

constexpr std::string_view to_string(recalculation_cause cause) noexcept {
    switch (cause) {
    case recalculation_cause::job_started: return "job_started";
    case recalculation_cause::job_stopped: return "job_stopped";
    case recalculation_cause::job_paused: return "job_paused";
    case recalculation_cause::job_resumed: return "job_resumed";
    case recalculation_cause::job_snoozed: return "job_snoozed";
    case recalculation_cause::job_woken: return "job_woken";
    case recalculation_cause::job_settings: return "job_settings";
    case recalculation_cause::entitlement_changed: return "entitlement_changed";
    case recalculation_cause::node_settings: return "node_settings";
    case recalculation_cause::idle_while_hungry: return "idle_while_hungry";
    case recalculation_cause::idle_job_attempt: return "idle_job_attempt";
    case recalculation_cause::donor_available: return "donor_available";
    case recalculation_cause::restored: return "restored";
    case recalculation_cause::node_lease: return "node_lease";
    case recalculation_cause::key_serial: return "key_serial";
    }
    return "unknown";
}

/// One job's quota for one kind, before and after a recalculation.
struct quota_change {
    job_id job{};
    std::string job_name;
    kind_id kind{};
    std::string kind_name;
    std::uint32_t before = 0;
    std::uint32_t after = 0;
};

/// What a recalculation changed and why. `subject` names what caused it: the job, node or
/// kind involved.
struct recalculation_event {
    recalculation_cause cause = recalculation_cause::job_started;
    std::string subject;
    std::vector<quota_change> changes;
};

/// DESIGN 4.5: an agent moved to another seat tier at a recalculation.
struct tier_move_event {
    agent_id agent{};
    job_id job{};
    std::string job_name;
    kind_id from{};
    kind_id to{};
};

/// The host's hooks for logging what the pool does. They are called with no lock held, in
/// the order the events happened, and may call back into the pool.
struct pool_observer {
    std::function<void(const recalculation_event&)> recalculated;
    std::function<void(const tier_move_event&)> tier_moved;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_POOL_EVENT_HPP
