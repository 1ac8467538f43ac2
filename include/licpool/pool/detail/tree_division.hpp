// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_TREE_DIVISION_HPP
#define LICPOOL_POOL_DETAIL_TREE_DIVISION_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/allocation/reserved_dynamic_allocator.hpp>
#include <licpool/allocation/share.hpp>
#include <licpool/allocation/tiered_share.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/pool/detail/job_table.hpp>
#include <licpool/pool/detail/kind_totals.hpp>
#include <licpool/pool/detail/pool_tree.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// One child of one level of a division, with what sorts it (DESIGN 4.1: the order key).
// The weight is the child's own (`weight()`), not a copy: 20 bytes a job in the division's
// scratch instead of 24 (issue 16).
struct child_ref {
    std::uint32_t index; // node or slot
    std::uint32_t order;
    share_child bounds;

    std::uint32_t weight() const noexcept { return bounds.weight; }
};

/// The same for a tier group's seats (DESIGN 4.5).
struct tiered_ref {
    std::uint32_t index;
    std::uint32_t order;
    tiered_child child;

    std::uint32_t weight() const noexcept { return child.weight; }
};

/// DESIGN 4.1-4.2 and 4.5 over the whole tree, from every job's bounds: bounds bottom-up (the
/// `Allocator`'s job and node bounds), the division top-down (entitlement among zones, a
/// zone's share among its organizations, an organization's among its jobs; tier groups with
/// nested limits), into `new_quota` (by slot) and `new_share` (by node counter). What the
/// `recalculator` runs for everything, for seats, and for the zones and organizations above
/// the water levels; the same division answers `explain`'s "what would this idle job hold"
/// (`would_hold`), so the two cannot drift. Its buffers are kept between runs.
///
/// A single-threaded component: every call runs under the pool's mutex.
template <class Allocator>
class tree_division {
public:
    tree_division(const catalog& catalog_kinds, kind_totals& kind_totals, pool_tree& allocation_tree,
                  job_table& job_table_, const Allocator& allocator_policy)
        : kinds{catalog_kinds}, totals{kind_totals}, tree{allocation_tree}, table{job_table_},
          allocator{allocator_policy} {}

    tree_division(const tree_division&) = delete;
    tree_division& operator=(const tree_division&) = delete;

    /// Every slot's quota (of the slots in the tree) and every node counter's share, from
    /// the last division of their resource. Sized by the caller.
    std::vector<std::uint32_t> new_quota;
    std::vector<std::uint32_t> new_share;

    /// One resource's whole division.
    void compute_resource(std::size_t r) {
        if (tree.resources[r].seats) {
            compute<tiered_ref>(r, seat_capacity(r));
        } else {
            compute<child_ref>(r, tree.resource_capacity(r));
        }
    }

    /// Issue 16: one counted resource's zones and organizations divided from each
    /// organization's ceiling, `ceiling_of(counter)` (its water level's, DESIGN 4.2), writing
    /// their shares; `share_of(counter, capacity)` then gets each organization's capacity to
    /// divide among its jobs.
    template <class CeilingOf, class ShareOf>
    void divide_nodes(std::size_t r, CeilingOf ceiling_of, ShareOf share_of) {
        auto& orgs = counted_refs.orgs;
        auto& zones = counted_refs.zones;
        orgs.clear();
        zones.clear();
        org_first.clear();
        for (std::size_t zi = 0; zi < tree.zones.size(); ++zi) {
            const auto& zone = tree.nodes[tree.zones[zi]];
            org_first.push_back(orgs.size());
            for (std::size_t oi = 0; oi < zone.children.size(); ++oi) {
                const std::uint32_t org = zone.children[oi];
                orgs.push_back(node_child(static_cast<std::uint32_t>(oi), org, r,
                                          ceiling_of(tree.nodes[org].first_counter + r)));
            }
            zones.push_back(node_ref(static_cast<std::uint32_t>(zi), tree.zones[zi], r, orgs.data() + org_first[zi],
                                     orgs.size() - org_first[zi]));
        }
        org_first.push_back(orgs.size());
        auto& zone_capacities = counted_capacities.zones;
        auto& org_capacities = counted_capacities.orgs;
        divide(tree.resource_capacity(r), zones.data(), zones.size(), zone_shares, no_index, &zone_capacities);
        for (std::size_t zi = 0; zi < zones.size(); ++zi) {
            const std::uint32_t z = zones[zi].index;
            const auto& zone = tree.nodes[tree.zones[z]];
            new_share[zone.first_counter + r] = zone_shares[zi];
            child_ref* const zone_orgs = orgs.data() + org_first[z];
            const std::size_t org_count = org_first[z + 1] - org_first[z];
            divide(zone_capacities[zi], zone_orgs, org_count, org_shares, no_index, &org_capacities);
            for (std::size_t oi = 0; oi < org_count; ++oi) {
                const std::uint32_t org = zone.children[zone_orgs[oi].index];
                const std::size_t counter = tree.nodes[org].first_counter + r;
                new_share[counter] = org_shares[oi];
                share_of(counter, org_capacities[oi]);
            }
        }
    }

    /// DESIGN 4.3: what the idle dynamic job of `slot` would hold in its organization's
    /// current share if it were active: the organization's division again with that job
    /// active (for seats, under the nested tier limits the organization divided under).
    std::uint32_t would_hold(std::uint32_t slot) const {
        const auto& rec = table.slots[slot];
        const auto& org = tree.nodes[table.jobs[rec.job].organization];
        std::vector<std::uint32_t> out;
        std::size_t at = 0;
        if (tree.resources[rec.resource].seats) {
            std::vector<tiered_ref> refs;
            collect_jobs(org, rec.resource, refs, slot, [](std::uint32_t, bounds) {});
            at = divide(org.last_tiers[rec.resource], refs.data(), refs.size(), out, slot);
        } else {
            std::vector<child_ref> refs;
            collect_jobs(org, rec.resource, refs, slot, [](std::uint32_t, bounds) {});
            at = divide(tree.node_counters[rec.organization_counter].limit(), refs.data(), refs.size(), out, slot);
        }
        return at < out.size() ? out[at] : 0;
    }

    // DESIGN 4.5: the seats of each tier or higher the tree divides (DESIGN 7: leases come
    // out first).
    tiered_capacity seat_capacity(std::size_t r) const {
        const auto& tiers = tree.resources[r].kinds; // lowest tier first
        tiered_capacity system;
        system.tiers = std::min(tiers.size(), max_tiers);
        std::uint64_t at_least = 0;
        for (std::size_t t = tiers.size(); t-- > 0;) {
            const std::uint64_t entitled = totals.entitled[tiers[t].value()];
            const std::uint64_t leased = totals.leased[tiers[t].value()];
            at_least += entitled > leased ? entitled - leased : 0;
            system.at_least[std::min(t, max_tiers - 1)] = at_least;
        }
        return system;
    }

#if defined(LICPOOL_CHECK_INCREMENTAL)
    /// Tests (recalculator::check_against_everything): an idle slot's bounds are the ones its
    /// last recalculation read, not what it holds now.
    bool recorded_idle_bounds = false;
#endif

    // One resource's division: `Ref` is `child_ref` for a counted kind and `tiered_ref` for
    // a tier group's seats (see `compute` below).
    template <class Ref, class Capacity>
    void divide_resource(std::size_t r, const Capacity& system) {
        compute<Ref>(r, system);
    }

private:
    // DESIGN 4.1: children in the order key's order, higher weight first, then earlier
    // creation. Jobs come in creation order with priorities 1..10, so a counting sort by
    // weight, stable, gives that order in linear time; anything else (nodes' weights up to
    // 1000, or children out of creation order) is sorted.
    template <class Ref>
    void sort_by_order_key(Ref* refs, std::size_t n) const {
        constexpr std::uint32_t few = 16;
        std::array<std::size_t, few> next{};
        bool counting = true;
        for (std::size_t i = 0; i < n && counting; ++i) {
            counting = refs[i].weight() < few && (i == 0 || refs[i - 1].order < refs[i].order);
            next[counting ? refs[i].weight() : 0] += 1;
        }
        if (!counting) {
            std::sort(refs, refs + n, [](const Ref& a, const Ref& b) {
                return a.weight() != b.weight() ? a.weight() > b.weight() : a.order < b.order;
            });
            return;
        }
        std::size_t at = 0;
        for (std::uint32_t w = few; w-- > 0;) {
            const std::size_t here = next[w];
            next[w] = at;
            at += here;
        }
        // Each child's place, then the children moved there in place, one cycle of the
        // permutation at a time: 4 bytes a child of room instead of a second copy of the
        // children (issue 16, bytes per job).
        auto& place = sort_places;
        place.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            place[i] = static_cast<std::uint32_t>(next[refs[i].weight()]++);
        }
        for (std::size_t i = 0; i < n; ++i) {
            while (place[i] != i) {
                const std::uint32_t to = place[i];
                std::swap(refs[i], refs[to]);
                std::swap(place[i], place[to]);
            }
        }
    }

    // A job's child of its organization's division, from its bounds (DESIGN 4.2).
    child_ref job_ref(std::uint32_t slot, const job_record& job, bounds b, child_ref*) const {
        const auto priority = static_cast<std::uint32_t>(job.priority);
        return child_ref{slot, table.slots[slot].job, share_child{b.floor, b.ceiling, priority}};
    }
    tiered_ref job_ref(std::uint32_t slot, const job_record& job, bounds b, tiered_ref*) const {
        const auto& tiers = tree.resources[table.slots[slot].resource].kinds; // lowest tier first
        const auto t = static_cast<std::size_t>(std::find(tiers.begin(), tiers.end(), *job.campaign) - tiers.begin());
        const auto priority = static_cast<std::uint32_t>(job.priority);
        tiered_child c;
        c.floor = b.floor;
        c.weight = priority;
        c.by_tier[std::min(t, max_tiers - 1)] = std::max(b.floor, b.ceiling);
        return tiered_ref{slot, table.slots[slot].job, c};
    }

    // The jobs of `org` that take resource `r`, as children of its division, in creation
    // order; `active` is counted as active even if idle (explain's question). `record` gets
    // each job's bounds.
    template <class Ref, class Record>
    void collect_jobs(const node_record& org, std::size_t r, std::vector<Ref>& refs, std::uint32_t active,
                      Record record) const {
        if (tree.resources[r].slots.empty()) {
            return; // no job takes it: not one of the organization's jobs needs a look
        }
        for (const std::uint32_t j : org.children) {
            const auto s = table.slot_of(j, r);
            if (!s) {
                continue;
            }
            job_view v = table.view_of(*s);
            if (*s == active) {
                v.idle = false;
            }
            bounds b = allocator.job_bounds(v);
#if defined(LICPOOL_CHECK_INCREMENTAL)
            if (recorded_idle_bounds && v.idle && !tree.resources[r].seats) {
                b = table.slots[*s].last_bounds; // check_against_everything says why
            }
#endif
            record(*s, b);
            refs.push_back(job_ref(*s, table.jobs[j], b, static_cast<Ref*>(nullptr)));
        }
    }

    // Sorts `refs` by the order key (DESIGN 4.1) and lays their children out in that order in
    // `kids`, as the division takes them. Returns where the child `find` went (if it is there).
    template <class Ref, class Child>
    std::size_t sort_children(Ref* refs, std::size_t n, std::vector<Child>& kids, Child Ref::*child,
                              std::uint32_t find) const {
        sort_by_order_key(refs, n);
        kids.resize(n);
        std::size_t at = n;
        for (std::size_t i = 0; i < n; ++i) {
            kids[i] = refs[i].*child;
            at = refs[i].index == find ? i : at;
        }
        return at;
    }

    // Divides `capacity` among `refs`, sorted; `out[i]` is the share of `refs[i]` after
    // sorting. Returns where the child `find` went.
    std::size_t divide(std::uint64_t capacity, child_ref* refs, std::size_t n, std::vector<std::uint32_t>& out,
                       std::uint32_t find = no_index, std::vector<std::uint64_t>* below = nullptr) const {
        const std::size_t at = sort_children(refs, n, children, &child_ref::bounds, find);
        out.assign(n, 0);
        allocator.divide(capacity, children.data(), children.size(), out.data());
        if (below != nullptr) {
            below->assign(out.begin(), out.end()); // a child divides what it was given
        }
        return at;
    }

    // The same with nested tier limits (DESIGN 4.5): `binding` as `tiered_share()` gives it;
    // `below`, when given, gets what each child passes down.
    std::size_t divide(const tiered_capacity& capacity, tiered_ref* refs, std::size_t n, std::vector<std::uint32_t>& out,
                       std::uint32_t find = no_index, std::vector<tiered_capacity>* below = nullptr) const {
        const std::size_t at = sort_children(refs, n, tiered_children, &tiered_ref::child, find);
        out.assign(n, 0);
        binding.assign(n, 0);
        divide_tiers(allocator, capacity, tiered_children.data(), tiered_children.size(), out.data(), binding.data());
        if (below != nullptr) {
            below->resize(n);
            pass_down_tiers(capacity, tiered_children.data(), n, out.data(), below->data());
        }
        return at;
    }

    static_assert(catalog::max_tier_group == max_tiers, "one nested limit per tier of a group");

    // One resource's division: `Ref` is `child_ref` for a counted kind and `tiered_ref` for
    // a tier group's seats, whose capacities are nested limits per tier (DESIGN 4.5).
    template <class Ref, class Capacity>
    void compute(std::size_t r, const Capacity& system) {
        const auto record = [this](std::uint32_t s, bounds b) { table.slots[s].last_bounds = b; };
        // Flat scratch kept between recalculations (no allocation once the job set stopped
        // growing): every job of the resource, zone by zone and organization by organization,
        // `job_first[k]` where the k-th organization's (in that walk) begin, `org_first[z]`
        // where zone z's organizations begin.
        auto& jobs = scratch(static_cast<Ref*>(nullptr)).jobs;
        auto& orgs = scratch(static_cast<Ref*>(nullptr)).orgs;
        auto& zones = scratch(static_cast<Ref*>(nullptr)).zones;
        jobs.clear();
        orgs.clear();
        zones.clear();
        job_first.clear();
        org_first.clear();
        // Bottom-up: job bounds (DESIGN 4.2), then organization and zone ceilings.
        for (std::size_t zi = 0; zi < tree.zones.size(); ++zi) {
            const auto& zone = tree.nodes[tree.zones[zi]];
            org_first.push_back(orgs.size());
            for (std::size_t oi = 0; oi < zone.children.size(); ++oi) {
                const std::size_t begin = jobs.size();
                job_first.push_back(begin);
                collect_jobs(tree.nodes[zone.children[oi]], r, jobs, no_index, record);
                orgs.push_back(node_ref(static_cast<std::uint32_t>(oi), zone.children[oi], r, jobs.data() + begin,
                                        jobs.size() - begin));
            }
            zones.push_back(node_ref(static_cast<std::uint32_t>(zi), tree.zones[zi], r, orgs.data() + org_first[zi],
                                     orgs.size() - org_first[zi]));
        }
        org_first.push_back(orgs.size());
        job_first.push_back(jobs.size());
        // Top-down: the capacity among zones, each zone's share among its organizations, each
        // organization's share among its jobs (DESIGN 4.1).
        auto& zone_capacities = capacities(static_cast<Capacity*>(nullptr)).zones;
        auto& org_capacities = capacities(static_cast<Capacity*>(nullptr)).orgs;
        divide(system, zones.data(), zones.size(), zone_shares, no_index, &zone_capacities);
        for (std::size_t zi = 0; zi < zones.size(); ++zi) {
            const std::uint32_t z = zones[zi].index;
            const auto& zone = tree.nodes[tree.zones[z]];
            new_share[zone.first_counter + r] = zone_shares[zi];
            Ref* const zone_orgs = orgs.data() + org_first[z];
            const std::size_t org_count = org_first[z + 1] - org_first[z];
            divide(zone_capacities[zi], zone_orgs, org_count, org_shares, no_index, &org_capacities);
            for (std::size_t oi = 0; oi < org_count; ++oi) {
                const std::uint32_t org = zone.children[zone_orgs[oi].index];
                new_share[tree.nodes[org].first_counter + r] = org_shares[oi];
                remember_upper(org, r, org_shares[oi], zone_shares[zi], system);
                const std::size_t k = org_first[z] + zone_orgs[oi].index;
                Ref* const org_jobs = jobs.data() + job_first[k];
                const std::size_t job_count = job_first[k + 1] - job_first[k];
                divide(org_capacities[oi], org_jobs, job_count, job_quotas);
                for (std::size_t ji = 0; ji < job_count; ++ji) {
                    new_quota[org_jobs[ji].index] = job_quotas[ji];
                    note_tier_bound(org_jobs[ji].index, org_capacities[oi], ji);
                }
            }
        }
    }

    // A zone's or organization's child of its parent's division, from its own children's
    // ceilings (DESIGN 4.2: node bounds); for seats, its ceiling split by tier and cut at its
    // max from the lowest tier up (DESIGN 4.5).
    child_ref node_ref(std::uint32_t index, std::uint32_t node, std::size_t r, const child_ref* below, std::size_t n) {
        std::uint64_t ceilings = 0;
        for (std::size_t i = 0; i < n; ++i) {
            ceilings += below[i].bounds.ceiling;
        }
        return node_child(index, node, r, ceilings);
    }
    child_ref node_child(std::uint32_t index, std::uint32_t node, std::size_t r, std::uint64_t ceilings) {
        const limits l = tree.node_limits(tree.nodes[node], r);
        const bounds b = allocator.node_bounds(l, ceilings);
        tree.nodes[node].last_bounds[r] = b;
        return child_ref{index, tree.nodes[node].created, share_child{b.floor, b.ceiling, l.weight}};
    }
    tiered_ref node_ref(std::uint32_t index, std::uint32_t node, std::size_t r, const tiered_ref* below, std::size_t n) {
        tiered_child c;
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t t = 0; t < max_tiers; ++t) {
                c.by_tier[t] += below[i].child.by_tier[t];
            }
        }
        const limits l = tree.node_limits(tree.nodes[node], r);
        const bounds b = allocator.node_bounds(l, c.ceiling());
        tree.nodes[node].last_bounds[r] = b;
        c.floor = b.floor;
        c.weight = l.weight;
        fit_tiers(c, b.ceiling);
        return tiered_ref{index, tree.nodes[node].created, c};
    }

    // For explain's "donated" (what an idle job would hold if active), DESIGN 4.5: the most of
    // each tier or higher an organization's share could hold, whatever its jobs' ceilings
    // asked for at this recalculation. Counted kinds need nothing kept.
    void remember_upper(std::uint32_t, std::size_t, std::uint32_t, std::uint32_t, std::uint64_t) noexcept {}
    void remember_upper(std::uint32_t org, std::size_t r, std::uint32_t org_share, std::uint32_t zone_share,
                        const tiered_capacity& system) {
        auto& upper = tree.nodes[org].last_tiers[r];
        upper.tiers = system.tiers;
        for (std::size_t t = 0; t < max_tiers; ++t) {
            upper.at_least[t] =
                std::min<std::uint64_t>(org_share, std::min<std::uint64_t>(zone_share, system.at_least[t]));
        }
    }

    // DESIGN 4.5, for explain: the tier whose nested limit stopped a seat quota, and that limit.
    void note_tier_bound(std::uint32_t, std::uint64_t, std::size_t) noexcept {}
    void note_tier_bound(std::uint32_t slot, const tiered_capacity& org, std::size_t child) {
        auto& rec = table.slots[slot];
        rec.tier_bound = binding[child];
        rec.tier_limit = static_cast<std::uint32_t>(org.at_least[binding[child]]);
    }


    // Immutable after construction.
    const catalog& kinds;
    kind_totals& totals;
    pool_tree& tree;
    job_table& table;
    const Allocator& allocator;
    // Scratch of one division (or one `would_hold`), kept to spare allocations.
    mutable std::vector<share_child> children;
    mutable std::vector<tiered_child> tiered_children;
    mutable std::vector<std::uint8_t> binding;
    // The children of one resource's division, flat (`compute`), by kind of child.
    template <class Ref>
    struct level_refs {
        std::vector<Ref> jobs;
        std::vector<Ref> orgs;
        std::vector<Ref> zones;
    };
    level_refs<child_ref> counted_refs;
    level_refs<tiered_ref> seat_refs;
    level_refs<child_ref>& scratch(child_ref*) noexcept { return counted_refs; }
    level_refs<tiered_ref>& scratch(tiered_ref*) noexcept { return seat_refs; }
    template <class Capacity>
    struct level_capacities {
        std::vector<Capacity> zones;
        std::vector<Capacity> orgs;
    };
    level_capacities<std::uint64_t> counted_capacities;
    level_capacities<tiered_capacity> seat_capacities;
    level_capacities<std::uint64_t>& capacities(std::uint64_t*) noexcept { return counted_capacities; }
    level_capacities<tiered_capacity>& capacities(tiered_capacity*) noexcept { return seat_capacities; }
    std::vector<std::size_t> job_first;
    std::vector<std::size_t> org_first;
    std::vector<std::uint32_t> zone_shares;
    std::vector<std::uint32_t> org_shares;
    std::vector<std::uint32_t> job_quotas;
    // The order key's counting sort's room (`sort_by_order_key`), also used by `would_hold`:
    // where each child goes.
    mutable std::vector<std::uint32_t> sort_places;
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_TREE_DIVISION_HPP
