// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_POOL_EVENT_HPP
#define LICPOOL_POOL_POOL_EVENT_HPP

#include <licpool/core/error.hpp>
#include <licpool/core/ids.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest
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

/// The calls that make an attempt (DESIGN 4.3) and so can be refused by DESIGN 4.4's limits.
enum class refused_call : std::uint8_t {
    acquire,      // one kind
    acquire_many, // several kinds at once (DESIGN 4.4.1)
    attach_agent,
    move_agent,
    dial_out,
    bridge,
};

constexpr std::string_view to_string(refused_call call) noexcept {
    switch (call) {
    case refused_call::acquire: return "acquire";
    case refused_call::acquire_many: return "acquire_many";
    case refused_call::attach_agent: return "attach_agent";
    case refused_call::move_agent: return "move_agent";
    case refused_call::dial_out: return "dial_out";
    case refused_call::bridge: return "bridge";
    }
    return "unknown";
}

/// An attempt refused by one of DESIGN 4.4's limits: one event per refused call, for the
/// kind that refused (for several kinds at once, the first refused; for an attach or a move,
/// the seat's kind or the nail-up port's). `reason` is the error the call returned.
struct refusal_event {
    refused_call call = refused_call::acquire;
    job_id job{};
    std::string job_name;
    kind_id kind{};
    std::string kind_name;
    error reason{errc::not_running};
};

/// DESIGN 4.3: a running dynamic job turned idle for some kinds (no attempt for the idle
/// window, noticed at the host's tick), or active again for them (its next attempt,
/// trigger 4). One event per job and way, naming the kinds that turned, in slot order.
struct activity_event {
    job_id job{};
    std::string job_name;
    std::vector<kind_id> kinds;
    bool idle = false; // true: turned idle; false: turned active
};

/// DESIGN 4.3: at a recalculation, an idle dynamic job's quota fell because it donates
/// (`taken_back` false: `count` is the part of its quota, up to its active ceiling, that went
/// above its idle ceiling to others), or, at the first recalculation after it turned active
/// again, its quota rose back (`taken_back` true: `count` is what came back, at most what it
/// had donated). Sent after the recalculation's own event, which lists every quota change.
struct donation_event {
    job_id job{};
    std::string job_name;
    kind_id kind{};
    std::string kind_name;
    bool taken_back = false;
    std::uint32_t count = 0;
    std::uint32_t quota_before = 0;
    std::uint32_t quota_after = 0;
};

/// Refused attempts counted by code (DESIGN 4.4's seven, in its order): pool-wide
/// (`license_pool::refusals`) or for one job (`license_pool::refusals_of`). Each refused
/// call counts once, with the code it returned.
struct refusal_counts {
    /// The codes an attempt is refused with, in DESIGN 4.4's order: `not_operational` to
    /// `entitlement`, numbered one after the other.
    static constexpr errc first_code = errc::not_operational;
    static constexpr std::size_t size = 7;

    std::array<std::uint64_t, size> by_code{};

    /// Where `code` is counted, or `size` for a code no attempt is refused with.
    static constexpr std::size_t index_of(errc code) noexcept {
        const auto offset = static_cast<std::size_t>(code) - static_cast<std::size_t>(first_code);
        return code >= first_code && offset < size ? offset : size;
    }
    /// The code counted at `index` (below `size`).
    static constexpr errc code_at(std::size_t index) noexcept {
        return static_cast<errc>(static_cast<std::size_t>(first_code) + index);
    }

    /// How many calls were refused with `code` (0 for a code no attempt is refused with).
    constexpr std::uint64_t of(errc code) const noexcept {
        const std::size_t i = index_of(code);
        return i < size ? by_code[i] : 0;
    }
    /// Every refused call.
    constexpr std::uint64_t total() const noexcept {
        std::uint64_t sum = 0;
        for (const std::uint64_t n : by_code) {
            sum += n;
        }
        return sum;
    }
};

/// The host's hooks for logging what the pool does. They are called with no lock held, in
/// the order the events happened, and may call back into the pool. A hook left empty costs
/// nothing; `refused` in particular: while it is empty a refused attempt only counts
/// (DESIGN 1: the fast path takes no lock), and once set each refused attempt takes the
/// pool's mutex once to queue its event.
struct pool_observer {
    std::function<void(const recalculation_event&)> recalculated;
    std::function<void(const tier_move_event&)> tier_moved;
    std::function<void(const refusal_event&)> refused{};
    std::function<void(const activity_event&)> activity_changed{};
    std::function<void(const donation_event&)> donated{};
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_POOL_EVENT_HPP
