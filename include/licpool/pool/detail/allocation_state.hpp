// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_ALLOCATION_STATE_HPP
#define LICPOOL_POOL_DETAIL_ALLOCATION_STATE_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/allocation/reserved_dynamic_allocator.hpp>
#include <licpool/allocation/tiered_share.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/pool/detail/limited_counter.hpp>
#include <licpool/pool/detail/refusal_counters.hpp>
#include <licpool/pool/detail/stable_vector.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <atomic>
#include <cstdint>
#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
// The records behind the allocation tree of DESIGN 4. The fast path (acquire/release) only
// touches the counters and the fields marked "fixed" (set before a record is published and
// never changed); everything else is read and written under the pool's lock.
namespace licpool::detail {

inline constexpr std::uint32_t no_index = 0xFFFFFFFFu;
inline constexpr std::uint16_t no_resource = 0xFFFFu;

/// What the tree divides: a counted kind, or a whole tier group of seat kinds, whose
/// agent-based jobs get one seat quota over the group's seats, with one nested limit per tier
/// (DESIGN 4.5).
struct resource_record {
    std::string name;
    /// One kind, or the group's kinds from the lowest tier up.
    std::vector<kind_id> kinds;
    bool seats = false;
    /// Every job slot of this resource whose job is in the tree (`slot_record::listed_at`),
    /// in no particular order.
    std::vector<std::uint32_t> slots;
};

enum class node_level : std::uint8_t { zone, organization };

/// A zone or an organization (DESIGN 4).
struct node_record {
    std::string name;          // fixed
    std::string path;          // fixed: "emea" or "emea/acme", for messages
    node_level level;          // fixed
    std::uint32_t parent;      // fixed: the zone of an organization
    std::uint32_t created;     // fixed: the order key's tie-breaker
    std::uint32_t first_counter; // fixed: its counters, one per resource
    /// Settings per kind, as configured; none means min 0, no max, weight 1.
    std::vector<std::optional<limits>> settings;
    /// Organizations of a zone, in creation order; jobs of an organization, those in the
    /// tree (`job_record::child_at`), in no particular order.
    std::vector<std::uint32_t> children;
    /// Per resource, from the last recalculation (for explain).
    std::vector<bounds> last_bounds;
    /// Per resource, for a tier group's (DESIGN 4.5): the most seats of each tier or higher
    /// this organization's share could hold at the last recalculation (for explain).
    std::vector<tiered_capacity> last_tiers;
    /// An organization is a tenant (DESIGN 5): its users and its acquired user licenses.
    std::uint32_t acquired = 0;
    std::vector<std::uint32_t> users;
};

/// A job (DESIGN 4). Its start order, the order key's tie-breaker, is its index.
// Issue 16 (bytes per job): the widest fields first, so that no padding falls between them.
struct job_record {
    std::string name;              // fixed
    /// Its refused attempts by code (`license_pool::refusals_of`): atomics.
    refusal_counters refusals;
    std::uint32_t organization;    // fixed: node index
    std::uint32_t zone;            // fixed: node index
    std::uint32_t first_slot;      // fixed
    std::uint32_t slot_count;      // fixed
    std::optional<kind_id> campaign; // fixed: the seat kind an agent-based job needs
    int priority = 1;
    std::uint32_t agents = 0;
    allocation_mode mode;          // fixed
    std::atomic<job_state> state{job_state::running};
    /// Forgotten (`license_pool::forget_job`): unknown to every call from then on. The record
    /// stays, so that job ids are never reused and lock-free readers never see it move.
    std::atomic<bool> forgotten{false};
    /// Where it is in its organization's `children` while in the tree, or `no_index`
    /// (`job_table::leave_tree`). Mutex.
    std::uint32_t child_at = no_index;
};

/// One job's counters for one resource: all the fast path writes.
// The 64-bit words first: with the 32-bit limit after them rather than between, a slot's
// counters take 24 bytes instead of 32 (issue 16).
struct slot_counters {
    /// In use, against the job's quota.
    limited_counter usage;
    /// Steady time of the last attempt, in nanoseconds.
    std::atomic<std::int64_t> last_attempt{0};
    std::atomic<std::uint32_t> max{0};
    /// DESIGN 4.3: no attempt for the idle window (set at the host's tick).
    std::atomic<bool> idle{false};
    /// DESIGN 4.3: an attempt was refused since the last recalculation.
    std::atomic<bool> hungry{false};
};

/// One job's settings for one resource.
struct slot_record {
    std::uint32_t job;             // fixed
    std::uint16_t resource;        // fixed
    kind_id kind;                  // fixed: the kind hosts name it by (a seat slot: the campaign kind)
    std::uint32_t organization_counter; // fixed: absolute index into the node counters
    std::uint32_t zone_counter;    // fixed
    std::uint32_t min = 0;
    std::uint32_t max = unlimited;
    bounds last_bounds;
    /// A seat slot (DESIGN 4.5): the tier, by its index in the tier group, whose nested limit
    /// stopped the quota at the last recalculation (0: none did), and that limit.
    std::uint8_t tier_bound = 0;
    /// In `job_table::idle_watch` (issue 16). Mutex.
    bool watched = false;
    std::uint32_t tier_limit = 0;
    /// DESIGN 2: the job's slot of the kind this slot's kind also takes (an outbound port's
    /// telephony port), or `no_index`.
    std::uint32_t linked_slot = no_index;
    /// DESIGN 4.3: the quota this slot donated while idle and has not taken back, for the
    /// take-back the first recalculation after it turns active reports. Mutex.
    std::uint32_t donated = 0;
    /// Where it is in its resource's `slots` while its job is in the tree, or `no_index`.
    /// Mutex.
    std::uint32_t listed_at = no_index;
    /// Issue 16: its child in its organization's water level (a counted slot while its job
    /// is not stopped), or `no_index`. Mutex.
    std::uint32_t level_child = no_index;
};

/// An attached agent (DESIGN 4.5): its seat and its nail-up port.
struct agent_record {
    std::uint32_t job;
    std::uint32_t seat_slot;
    kind_id seat;
    std::uint32_t port_slot = no_index;
    kind_id port{};
};

/// How a user holds its licenses (DESIGN 5): none, all assigned or all concurrent, as a
/// snapshot records it. It follows from what the user holds; nothing fixes it for good.
enum class license_method : std::uint8_t { none, assigned, concurrent };

/// A user or a station of a tenant (DESIGN 5).
struct user_record {
    std::string name;
    std::uint32_t tenant; // node index of its organization
    bool station = false;
    bool removed = false;
    std::map<std::string, std::string, std::less<>> attributes;
    std::vector<kind_id> assigned;
    std::vector<kind_id> logged_in;

    /// True when the user holds `kind`, assigned or logged in.
    bool holds(kind_id kind) const {
        return std::find(assigned.begin(), assigned.end(), kind) != assigned.end() ||
               std::find(logged_in.begin(), logged_in.end(), kind) != logged_in.end();
    }
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_ALLOCATION_STATE_HPP
