// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_TAKE_LADDER_HPP
#define LICPOOL_POOL_DETAIL_TAKE_LADDER_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/error.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/pool/detail/job_table.hpp>
#include <licpool/pool/detail/kind_totals.hpp>
#include <licpool/pool/detail/limited_counter.hpp>
#include <licpool/pool/detail/pool_tree.hpp>
#include <licpool/pool/lease.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstdint>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// A refusal found on the fast path; turned into an `error` only when it is returned.
struct refusal {
    errc code;
    std::uint32_t used;
    std::uint32_t limit;
    std::uint32_t node; // the organization or zone that refused
};

/// The levels a move leaves as they are: an organization or zone both jobs share does not
/// change its use when an agent moves inside it (DESIGN 4.5).
struct shared_levels {
    bool organization = false;
    bool zone = false;
};

/// The one "take, or roll back" ladder of DESIGN 4.4: the job's max and quota, its
/// organization's and zone's shares, then the entitlement, in this order; every rung taken
/// is given back when a higher one refuses. Acquires, calls, agents' seats and ports all
/// climb it. It is also what a `lease` gives its license back to.
///
/// Lock-free: it touches counters (atomics) and fixed fields only. It owns no state.
/// (A template with an unused parameter only so that its code is compiled where a pool is
/// instantiated, not in every translation unit that includes the pool: scripts/compile-times.)
template <class Unused = void>
class basic_take_ladder final : public lease_owner {
public:
    basic_take_ladder(const catalog& catalog_kinds, kind_totals& kind_totals, pool_tree& allocation_tree, job_table& job_table_)
        : kinds{catalog_kinds}, totals{kind_totals}, tree{allocation_tree}, table{job_table_} {}

    basic_take_ladder(const basic_take_ladder&) = delete;
    basic_take_ladder& operator=(const basic_take_ladder&) = delete;

    /// One license of `kind` for `slot`, every rung up to the entitlement.
    bool try_take(std::uint32_t slot, kind_id kind, refusal& why) noexcept {
        if (!take_below_system(slot, {}, why)) {
            return false;
        }
        limited_counter::reading seen{};
        if (!totals.counters[kind.value()].try_take(seen)) {
            give_back_below_system(slot, {});
            why = {errc::entitlement, seen.used, seen.limit, 0};
            return false;
        }
        return true;
    }

    /// DESIGN 2: a license of `slot`'s kind and of the kind it also takes, both or neither.
    /// `refused` is the slot whose limit refused.
    bool take_linked(std::uint32_t slot, kind_id kind, refusal& why, std::uint32_t& refused) noexcept {
        refused = slot;
        if (!try_take(slot, kind, why)) {
            return false;
        }
        const std::uint32_t linked = table.slots[slot].linked_slot;
        if (linked == no_index || try_take(linked, table.slots[linked].kind, why)) {
            return true;
        }
        release_one(slot, kind);
        refused = linked;
        return false;
    }

    /// The job, organization and zone rungs of `slot` (those a move does not share); the
    /// system rung is the caller's, as seats pick their tier there (DESIGN 4.5).
    bool take_below_system(std::uint32_t slot, shared_levels shared, refusal& why) noexcept {
        const auto& rec = table.slots[slot];
        auto& counters = table.counters[slot];
        limited_counter::reading seen{};
        const auto job_level = counters.usage.try_take_below(counters.max.load(std::memory_order_acquire), seen);
        if (job_level != limited_counter::outcome::taken) {
            why = job_refusal(slot, job_level, seen);
            return false;
        }
        if (!shared.organization && !tree.node_counters[rec.organization_counter].try_take(seen)) {
            counters.usage.give_back();
            note_if_idle(slot); // a recalculation may have read the license taken a moment
            why = {errc::organization, seen.used, seen.limit, table.jobs[rec.job].organization};
            return false;
        }
        if (!shared.zone && !tree.node_counters[rec.zone_counter].try_take(seen)) {
            if (!shared.organization) {
                tree.node_counters[rec.organization_counter].give_back();
            }
            counters.usage.give_back();
            note_if_idle(slot);
            why = {errc::zone, seen.used, seen.limit, table.jobs[rec.job].zone};
            return false;
        }
        note_if_idle(slot); // taken while turning idle
        return true;
    }

    void give_back_below_system(std::uint32_t slot, shared_levels shared) noexcept {
        const auto& rec = table.slots[slot];
        if (!shared.zone) {
            tree.node_counters[rec.zone_counter].give_back();
        }
        if (!shared.organization) {
            tree.node_counters[rec.organization_counter].give_back();
        }
        table.counters[slot].usage.give_back();
        note_if_idle(slot);
    }

    // DESIGN 4.2: an idle job's ceiling follows what it uses, so a change to what an idle
    // slot holds notes it for the next recalculation (job_table::note), after the change.
    // Sequentially consistent with the tick's store of the mark: either this load sees it,
    // or the recalculation the tick runs sees the change.
    void note_if_idle(std::uint32_t slot) noexcept {
        if (table.counters[slot].idle.load()) {
            table.note(slot);
        }
    }

    /// Every rung of one license of `slot`.
    void release_one(std::uint32_t slot, kind_id kind) noexcept {
        totals.counters[kind.value()].give_back();
        give_back_below_system(slot, {});
    }

    /// What a lease gives back: its license and, DESIGN 2, the one its kind also took.
    void release_license(std::uint32_t slot, kind_id kind) noexcept override {
        release_one(slot, kind);
        if (const auto linked = table.slots[slot].linked_slot; linked != no_index) {
            release_one(linked, table.slots[linked].kind);
        }
    }

    // The refusal at the job level (DESIGN 4.4): its max, or its quota. A quota of 0 because a
    // level above has nothing to give is not pacing, and a host told `job_quota` would retry
    // in vain: the refusal names the highest such level instead, the entitlement first.
    refusal job_refusal(std::uint32_t slot, limited_counter::outcome job_level,
                        limited_counter::reading seen) const noexcept {
        const auto& counters = table.counters[slot];
        if (job_level == limited_counter::outcome::at_cap) {
            return {errc::job_max, seen.used, counters.max.load(), 0};
        }
        if (seen.limit == 0) {
            const auto& rec = table.slots[slot];
            const auto& job = table.jobs[rec.job];
            std::uint64_t entitled = 0;
            std::uint64_t used = 0;
            const auto& needed = kinds[rec.kind];
            for (const kind_id k : tree.resources[rec.resource].kinds) {
                // A seat of a tier group serves its own tier and every lower one (DESIGN 4.5).
                if (kinds[k].tier >= needed.tier) {
                    const auto system = totals.counters[k.value()].read();
                    entitled += system.limit;
                    used += system.used;
                }
            }
            const auto clip = [](std::uint64_t v) { return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, unlimited)); };
            if (entitled == 0) {
                return {errc::entitlement, clip(used), 0, 0};
            }
            if (const auto zone = tree.node_counters[rec.zone_counter].read(); zone.limit == 0) {
                return {errc::zone, zone.used, 0, job.zone};
            }
            if (const auto org = tree.node_counters[rec.organization_counter].read(); org.limit == 0) {
                return {errc::organization, org.used, 0, job.organization};
            }
        }
        return {errc::job_quota, seen.used, seen.limit, 0};
    }

    /// The error a refusal of `kind` for `job` returns, with the message of its code.
    error refusal_error(std::uint32_t job, kind_id kind, const refusal& why) const noexcept {
        const auto& name = kinds[kind].name;
        switch (why.code) {
        case errc::organization:
        case errc::zone:
            return fail(why.code).subject(tree.nodes[why.node].path).context(name).number(why.used).limit(why.limit);
        case errc::entitlement:
            if (tree.resources[tree.resource_of[kind.value()]].seats) {
                // A campaign can use its own tier or any higher one (DESIGN 4.5). The text is
                // built on the stack: this function is noexcept and a std::string may throw
                // (error keeps a fixed-size copy anyway).
                constexpr std::string_view higher{" or higher"};
                char text[error::subject_capacity + 1];
                const std::size_t kept = std::min(name.size(), sizeof text);
                const std::size_t added = std::min(higher.size(), sizeof text - kept);
                std::copy_n(name.data(), kept, text);
                std::copy_n(higher.data(), added, text + kept);
                return fail(why.code).subject(std::string_view{text, kept + added}).number(why.used).limit(why.limit);
            }
            return fail(why.code).subject(name).number(why.used).limit(why.limit);
        default:
            return fail(why.code).subject(table.jobs[job].name).context(name).number(why.used).limit(why.limit);
        }
    }

    // Immutable after construction; the ladder owns no state of its own.
    const catalog& kinds;
    kind_totals& totals;
    pool_tree& tree;
    job_table& table;
};
using take_ladder = basic_take_ladder<>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_TAKE_LADDER_HPP
