// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_QUOTA_EXPLANATION_HPP
#define LICPOOL_POOL_QUOTA_EXPLANATION_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/core/concat.hpp>

#include <cstdint>
#include <string>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// Why a job has the quota it has for one kind (DESIGN 4), as of the last recalculation.
struct quota_explanation {
    std::string job;
    std::string kind;
    job_state state = job_state::running;
    allocation_mode mode = allocation_mode::reserved;
    int priority = 1;
    std::uint32_t min = 0;
    std::uint32_t max = 0;
    std::uint32_t in_use = 0;
    std::uint32_t quota = 0;
    /// DESIGN 4.2: what `share()` guaranteed and allowed the job.
    std::uint32_t floor = 0;
    std::uint32_t ceiling = 0;
    /// The part of the quota above its floor: the job's weighted share of what was left.
    std::uint32_t weighted = 0;
    /// An idle dynamic job (DESIGN 4.3).
    bool idle = false;
    /// What an idle job gives up: its quota if it were active, within its organization's
    /// share, minus its quota now.
    std::uint32_t donated = 0;
    /// In use above the quota after a take-back: coming back as calls end, never cut.
    std::uint32_t taken_back = 0;
    std::string organization;
    std::uint32_t organization_share = 0;
    /// What the organization holds of the kind, its jobs and its users together, and the part
    /// its users hold (DESIGN 5: a tenant's users take from its organization as jobs do).
    std::uint32_t organization_in_use = 0;
    std::uint32_t organization_users = 0;
    std::string zone;
    std::uint32_t zone_share = 0;
    /// DESIGN 4.5, seats only: when a nested limit stopped the quota, its tier (the seat kind)
    /// and how many seats of that tier or higher the campaigns needing them may hold here;
    /// empty when no nested limit binds.
    std::string tier_limit_kind;
    std::uint32_t tier_limit = 0;

    // A member template only so that the string building is compiled where a summary is
    // read, not in every file that includes the pool (scripts/compile-times).
    /// One readable paragraph.
    template <class Unused = void>
    std::string summary() const {
        std::string out;
        detail::append(out, "job '", job, "' (", to_string(state), ", ", to_string(mode), ", priority ",
                       std::to_string(priority), ") has a quota of ", std::to_string(quota), " ", kind, " and uses ",
                       std::to_string(in_use), ": floor ", std::to_string(floor), " (its min), ");
        // `unlimited` is a job with no max, not a number a host set (issue 15).
        detail::append(out, ceiling == unlimited ? std::string{"no max"} : "ceiling " + std::to_string(ceiling));
        if (idle) {
            out += " (idle: it keeps only what it uses)";
        }
        detail::append(out, ", weighted share ", std::to_string(weighted), " above the floor, out of organization '",
                       organization, "' share ", std::to_string(organization_share), " in zone '", zone, "' share ",
                       std::to_string(zone_share));
        if (!tier_limit_kind.empty()) {
            detail::append(out, "; bound by the nested seat limit: campaigns needing ", tier_limit_kind,
                           " or higher here hold at most ", std::to_string(tier_limit), " seats (only ", tier_limit_kind,
                           " or higher seats serve them)");
        }
        if (organization_users > 0) {
            detail::append(out, "; the organization's users hold ", std::to_string(organization_users), " of its ",
                           std::to_string(organization_in_use), " in use");
        }
        if (donated > 0) {
            detail::append(out, "; donated ", std::to_string(donated), " while idle");
        }
        if (taken_back > 0) {
            detail::append(out, "; ", std::to_string(taken_back), " in use above the quota come back as calls end");
        }
        return out;
    }
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_QUOTA_EXPLANATION_HPP
