// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_RECALCULATOR_HPP
#define LICPOOL_POOL_DETAIL_RECALCULATOR_HPP

#include <licpool/allocation/detail/water_level.hpp>
#include <licpool/allocation/job.hpp>
#include <licpool/allocation/reserved_dynamic_allocator.hpp>
#include <licpool/allocation/share.hpp>
#include <licpool/allocation/tiered_share.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/pool/detail/event_queue.hpp>
#include <licpool/pool/detail/job_table.hpp>
#include <licpool/pool/detail/kind_totals.hpp>
#include <licpool/pool/detail/pool_tree.hpp>
#include <licpool/pool/detail/recalculation_trigger.hpp>
#include <licpool/pool/detail/tree_division.hpp>
#include <licpool/pool/pool_event.hpp>
#include <licpool/pool/quota_explanation.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstddef>
#include <cstdint>
#include <memory>
#include <licpool/core/detail/functional.hpp> // std::function, std::less, std::hash without the rest
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>
#if defined(LICPOOL_CHECK_INCREMENTAL)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#endif

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// The recalculation of DESIGN 4.3: the quotas the division of DESIGN 4.1-4.2 and 4.5 gives
/// now (`tree_division` over the whole tree, or with the default allocator each
/// organization's water level for what changed, issue 16), then the new limits published all
/// at once, decreases first (DESIGN 4.4), with the recalculation's event, its donations and
/// take-backs, and `explain`.
///
/// A single-threaded component: every call runs under the pool's mutex.
template <class Allocator>
class recalculator final : public recalculation_trigger {
public:
    recalculator(const catalog& catalog_kinds, kind_totals& kind_totals, pool_tree& allocation_tree,
                 job_table& job_table_, const Allocator& allocator_policy, event_queue& event_queue_)
        : kinds{catalog_kinds}, totals{kind_totals}, tree{allocation_tree}, table{job_table_},
          allocator{allocator_policy}, events{event_queue_},
          division{catalog_kinds, kind_totals, allocation_tree, job_table_, allocator_policy} {}

    recalculator(const recalculator&) = delete;
    recalculator& operator=(const recalculator&) = delete;

    /// Whether the allocator divides by `share()` (the default policy), so that an
    /// organization's division among its jobs can be kept up to date (`water_level`).
    static constexpr bool incremental = std::is_same_v<Allocator, reserved_dynamic_allocator<sainte_lague_division>>;

    /// DESIGN 4.3: every quota as the division of DESIGN 4.1-4.2 gives it now, published
    /// decreases first. With the default allocator, only what changed since the last
    /// recalculation is visited: the slots the job table noted, each organization's water
    /// level of each counted kind (O(log n) a change), and the quotas those moved; zones,
    /// organizations and seats are divided in full (they are few). Lock held.
    void recalculate(recalculation_cause cause, std::string_view subject) override {
        try {
            if constexpr (incremental) {
                if (!full_recalculations && !levels_stale) {
                    recalculate_changes(cause, subject);
                    return;
                }
            }
            recalculate_everything(cause, subject);
        } catch (...) {
            // A failed allocation publishes nothing (see below); what it had taken off the
            // list of noted slots goes back on it, for the next recalculation and for
            // `attempt_protocol::donor_exists`, which reads the list.
            for (const std::uint32_t s : noted) {
                table.note(s);
            }
            throw;
        }
    }

    /// Every recalculation recomputes every quota (the benchmarks' full recalculation, and
    /// what a policy other than the default always does).
    bool full_recalculations = false;

    // DESIGN 4.3: recomputes the quota of every job for every kind, top-down, then publishes
    // the new limits. Lock held.
    void recalculate_everything(recalculation_cause cause, std::string_view subject) {
        if constexpr (incremental) {
            // Kept up to date through this recalculation too, and resettled after it.
            const bool rebuild = levels_stale;
            levels_stale = true; // until the levels agree with what is published
            take_noted();
            if (rebuild) {
                rebuild_levels();
            } else {
                for (const std::uint32_t s : noted) {
                    sync_level(s);
                }
            }
        } else {
            table.take_noted([](std::uint32_t) noexcept {});
        }
        const std::size_t slot_count = table.slots.size();
        const std::size_t counter_count = tree.node_counters.size();
        // Sized, not cleared: every slot in the tree and every node counter gets a value below,
        // and slots out of the tree are never read, so stopped jobs cost nothing here either.
        new_quota.resize(slot_count);
        new_share.resize(counter_count);
        for (std::size_t r = 0; r < tree.resources.size(); ++r) {
            division.compute_resource(r);
        }
        new_donated.resize(slot_count);
        publish(cause, subject, [this](auto each) {
            for (const auto& resource : this->tree.resources) {
                for (const std::uint32_t s : resource.slots) {
                    each(s);
                }
            }
        });
        if constexpr (incremental) {
            settle_levels();
            for (std::size_t r = 0; r < tree.resources.size(); ++r) {
                remember_inputs(r, capacity_of(r));
            }
            levels_stale = false;
        }
        if (on_published) {
            on_published(); // DESIGN 4.5: agents move down a tier where one is free
        }
    }


    // DESIGN 4.3 for what changed (issue 16): the noted slots brought into their levels, the
    // zones' and organizations' divisions in full, each organization's level divided anew
    // (it lists the quotas that moved), seats in full; then what the full recalculation
    // publishes, for the slots visited: the noted ones (their hunger marks, donations) and
    // those whose quota moved. Every other slot keeps its quota, and a recalculation would
    // give it the same: its bounds did not change and neither did its level's rule.
    void recalculate_changes(recalculation_cause cause, std::string_view subject) {
        levels_stale = true; // until published: a failure part-way rebuilds the levels
        const std::size_t slot_count = table.slots.size();
        new_quota.resize(slot_count);
        new_share.resize(tree.node_counters.size());
        new_donated.resize(slot_count);
        begin_visits(slot_count);
        take_noted();
        for (const std::uint32_t s : noted) {
            visit(s, table.counters[s].usage.limit());
            sync_level(s);
        }
        // A resource's zones and organizations are divided again only when one of its
        // organizations' levels changed, or its capacity, or the nodes or their settings;
        // otherwise its shares are those of the last recalculation (`new_share` keeps them).
        for (std::size_t r = 0; r < tree.resources.size(); ++r) {
            const tiered_capacity capacity = capacity_of(r);
            const bool again = touched_resources[r] != 0 || !same_inputs(r, capacity);
            if (tree.resources[r].seats && (again || !tree.resources[r].slots.empty())) {
                division.template divide_resource<tiered_ref>(r, capacity);
                for (const std::uint32_t s : tree.resources[r].slots) {
                    visit(s, new_quota[s]);
                }
            } else if (again) {
                divide_levels(r);
            }
            remember_inputs(r, capacity);
        }
#if defined(LICPOOL_CHECK_INCREMENTAL)
        check_against_everything();
#endif
        publish(cause, subject, [this](auto each) {
            for (const std::uint32_t s : this->visited) {
                each(s);
            }
        });
        levels_stale = false;
        if (on_published) {
            on_published(); // DESIGN 4.5: agents move down a tier where one is free
        }
    }

    /// Why the job of `slot` has the quota it has (DESIGN 4); `organization_users` is what its
    /// organization's users hold of the slot's resource (DESIGN 5).
    quota_explanation explain(std::uint32_t slot, std::uint32_t organization_users) const {
        const auto& rec = table.slots[slot];
        const auto& job = table.jobs[rec.job];
        const auto seen = table.counters[slot].usage.read();
        quota_explanation e;
        e.job = job.name;
        e.kind = kinds[rec.kind].name;
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
        e.idle = table.counters[slot].idle.load();
        e.taken_back = seen.used > seen.limit ? seen.used - seen.limit : 0;
        const auto& org = tree.nodes[job.organization];
        const auto& zone = tree.nodes[job.zone];
        e.organization = org.path;
        e.zone = zone.path;
        e.organization_share = tree.node_counters[rec.organization_counter].limit();
        e.organization_in_use = tree.node_counters[rec.organization_counter].used();
        e.organization_users = organization_users;
        e.zone_share = tree.node_counters[rec.zone_counter].limit();
        if (rec.tier_bound > 0) {
            e.tier_limit_kind = kinds[tree.resources[rec.resource].kinds[rec.tier_bound]].name;
            e.tier_limit = rec.tier_limit;
        }
        if (e.idle && job.mode == allocation_mode::dynamic) {
            const std::uint32_t would = division.would_hold(slot);
            e.donated = would <= seen.limit ? 0 : would - seen.limit;
        }
        return e;
    }

    /// DESIGN 4.3: what the idle dynamic job of `slot` would hold if it were active
    /// (`tree_division::would_hold`).
    std::uint32_t would_hold(std::uint32_t slot) const { return division.would_hold(slot); }

    /// Run after every publication, under the mutex (agent seating moves agents down a tier).
    /// Set once, before the pool is used.
    std::function<void()> on_published;

private:
    // The end of every recalculation (DESIGN 4.3-4.4), for the slots `for_each_slot` gives
    // (each once; `new_quota` holds its quota after, `new_donated` has room for it): all of a
    // recalculation's, or those one of what changed visited. Everything that allocates comes
    // first, the event with its quota changes and the room to queue it: publishing below
    // cannot fail half-way (a failed allocation leaves the old limits whole, never a mix in
    // which quotas exceed their parent's share).
    template <class ForEachSlot>
    void publish(recalculation_cause cause, std::string_view subject, ForEachSlot for_each_slot) {
        // The changed quotas (with their jobs' names) only for a host whose observer reads them
        // (issue 16): without a `recalculated` hook the event goes out with an empty list.
        const bool listening = events.watching_recalculations();
        std::vector<quota_change> changes;
        auto& donations = donation_scratch;
        donations.clear();
        for_each_slot([&](std::uint32_t s) {
            const std::uint32_t old_quota = table.counters[s].usage.limit();
            if (listening && old_quota != new_quota[s]) {
                const auto& rec = table.slots[s];
                changes.push_back(quota_change{job_id{rec.job}, table.jobs[rec.job].name, rec.kind,
                                               kinds[rec.kind].name, old_quota, new_quota[s]});
            }
            new_donated[s] = note_donation(s, old_quota, new_quota[s], donations);
        });
        std::sort(changes.begin(), changes.end(), [](const quota_change& a, const quota_change& b) {
            return a.job != b.job ? a.job < b.job : a.kind < b.kind;
        });
        std::sort(donations.begin(), donations.end(), [](const donation_event& a, const donation_event& b) {
            return a.job != b.job ? a.job < b.job : a.kind < b.kind;
        });
        recalculation_event event{cause, std::string{subject}, std::move(changes)};
        events.reserve_more<recalculation_event, donation_event>(1, donations.size());
        // Publish decreases before increases, decreases from the jobs up and increases from
        // the system down, so that at no moment does a limit stand above its parent's, nor
        // the limits of one level add up to more than the level above them allows (DESIGN 4.4).
        const auto decrease = [](std::uint32_t old_limit, std::uint32_t new_limit) { return new_limit < old_limit; };
        const auto increase = [](std::uint32_t old_limit, std::uint32_t new_limit) { return new_limit > old_limit; };
        for_each_slot([&](std::uint32_t s) {
            if (decrease(table.counters[s].usage.limit(), new_quota[s])) {
                table.counters[s].usage.set_limit(new_quota[s]);
            }
        });
        publish_nodes(node_level::organization, decrease);
        publish_nodes(node_level::zone, decrease);
        publish_system(decrease);
        publish_system(increase);
        publish_nodes(node_level::zone, increase);
        publish_nodes(node_level::organization, increase);
        // The jobs' increases, last, in one pass with what a recalculation also settles per
        // slot: DESIGN 4.3 clears every hungry mark (each after its own slot's new limit, as
        // when all limits went first), and the donations outstanding are kept.
        for_each_slot([&](std::uint32_t s) {
            auto& counters = table.counters[s];
            if (increase(counters.usage.limit(), new_quota[s])) {
                counters.usage.set_limit(new_quota[s]);
            }
            counters.hungry.store(false, std::memory_order_relaxed);
            table.slots[s].donated = new_donated[s];
        });
        for (std::size_t r = 0; r < tree.resources.size(); ++r) {
            tree.hungry[r].store(false, std::memory_order_release);
        }
        events.push(std::move(event)); // room reserved above: no allocation
        for (auto& donation : donations) {
            events.push(std::move(donation));
        }
    }

    // DESIGN 4.3, donations and take-backs, from slot `s`'s quota before and after this
    // recalculation (its bounds are this recalculation's, in `last_bounds`):
    //  - idle: it donates what of its quota before, up to its active ceiling (what it could
    //    keep active), now lies above its idle ceiling and its quota after;
    //  - active again with a donation outstanding: at this first recalculation since, what
    //    its quota rose by, up to that donation, is taken back; the rest is forgotten (the
    //    capacity changed meanwhile).
    // A job that stops running owes nothing back. Returns what `s` has donated and not taken
    // back once this recalculation is published. Mutex.
    std::uint32_t note_donation(std::uint32_t s, std::uint32_t before, std::uint32_t after,
                                std::vector<donation_event>& out) const {
        const auto& rec = table.slots[s];
        if (rec.donated == 0 && !table.counters[s].idle.load()) {
            return 0; // active with nothing outstanding, running or not: no event, nothing kept
        }
        const auto& job = table.jobs[rec.job];
        if (job.state.load() != job_state::running) {
            return 0;
        }
        const auto event = [&](bool taken_back, std::uint32_t count) {
            out.push_back(donation_event{job_id{rec.job}, job.name, rec.kind, kinds[rec.kind].name, taken_back, count,
                                         before, after});
        };
        if (table.counters[s].idle.load()) {
            job_view active = table.view_of(s);
            active.idle = false;
            const std::uint32_t top = std::min(before, allocator.job_bounds(active).ceiling);
            const std::uint32_t bottom = std::max(after, rec.last_bounds.ceiling);
            if (top <= bottom) {
                return rec.donated;
            }
            event(false, top - bottom);
            return static_cast<std::uint32_t>(
                std::min<std::uint64_t>(std::uint64_t{rec.donated} + (top - bottom), unlimited));
        }
        if (rec.donated > 0 && after > before) {
            event(true, std::min(after - before, rec.donated));
        }
        return 0;
    }


    // ---- the organizations' water levels (issue 16) ------------------------------------------

    // The noted slots (`job_table::note`) into `noted`, the list emptied. The room is made
    // first, so that nothing noted is lost to a failed allocation. In slot order, which is
    // start order: the jobs a batch started join their levels at the end, as they would
    // one at a time (the list comes newest first).
    void take_noted() {
        noted.clear();
        job_table::room_for(noted, table.slots.size() - noted.size()); // grows as push_back would
        table.take_noted([this](std::uint32_t s) noexcept { noted.push_back(s); });
        std::sort(noted.begin(), noted.end());
    }

    // The visits of one recalculation: each slot once, with its quota after it.
    void begin_visits(std::size_t slot_count) {
        visited.clear();
        job_table::room_for(visited, slot_count - visited.size());
        visit_mark.resize(slot_count, 0);
        if (++visit_epoch == 0) { // wrapped: the marks start over
            std::fill(visit_mark.begin(), visit_mark.end(), 0U);
            visit_epoch = 1;
        }
    }
    void visit(std::uint32_t s, std::uint32_t quota_after) noexcept {
        if (visit_mark[s] != visit_epoch) {
            visit_mark[s] = visit_epoch;
            visited.push_back(s); // room reserved for every slot
        }
        new_quota[s] = quota_after;
    }

    water_level& level_at(std::uint32_t counter) {
        if (levels.size() <= counter) {
            levels.resize(tree.node_counters.size());
        }
        if (!levels[counter]) {
            levels[counter] = std::make_unique<water_level>();
        }
        return *levels[counter];
    }

    // A counted slot's place in its organization's level, from its bounds now (DESIGN 4.2):
    // in it while its job is not stopped (a stopped job's quota is 0, DESIGN 4.2), with its
    // priority as weight and its job's start as its order (DESIGN 4.1's order key).
    void sync_level(std::uint32_t s) {
        auto& rec = table.slots[s];
        touched_resources[rec.resource] = 1;
        if (tree.resources[rec.resource].seats) {
            return;
        }
        const auto& job = table.jobs[rec.job];
        const job_view v = table.view_of(s);
        const bounds b = allocator.job_bounds(v);
        rec.last_bounds = b;
        auto& level = level_at(rec.organization_counter);
        if (v.state == job_state::stopped) {
            if (rec.level_child != no_index) {
                level.erase(rec.level_child);
                rec.level_child = no_index;
                visit(s, 0);
            }
            return;
        }
        const share_child c{b.floor, b.ceiling, static_cast<std::uint32_t>(job.priority)};
        if (rec.level_child == no_index) {
            rec.level_child = level.insert(s, c, rec.job, table.counters[s].usage.limit());
        } else {
            level.update(rec.level_child, c);
        }
    }

    // What a resource's zones and organizations were divided with: its capacity (a counted
    // resource's in `at_least[0]`) and the nodes' version.
    tiered_capacity capacity_of(std::size_t r) const {
        if (tree.resources[r].seats) {
            return division.seat_capacity(r);
        }
        tiered_capacity c;
        c.at_least[0] = tree.resource_capacity(r);
        return c;
    }
    bool same_inputs(std::size_t r, const tiered_capacity& capacity) const noexcept {
        const auto& d = divided_with[r];
        return d.valid && d.shape_version == tree.shape_version && d.capacity.tiers == capacity.tiers &&
               d.capacity.at_least == capacity.at_least;
    }
    void remember_inputs(std::size_t r, const tiered_capacity& capacity) noexcept {
        divided_with[r] = division_inputs{capacity, tree.shape_version, true};
        touched_resources[r] = 0;
    }

    // Every level anew from every counted slot in the tree (the first recalculation, and
    // the one after a recalculation that failed part-way).
    void rebuild_levels() {
        for (auto& level : levels) {
            if (level) {
                level->clear();
            }
        }
        for (std::size_t r = 0; r < tree.resources.size(); ++r) {
            if (tree.resources[r].seats) {
                continue;
            }
            for (const std::uint32_t s : tree.resources[r].slots) {
                table.slots[s].level_child = no_index;
            }
            for (const std::uint32_t s : tree.resources[r].slots) {
                sync_level(s);
            }
        }
    }

    // After a recalculation of everything: each level divides the share just published, so
    // that what it holds as each child's quota is what was published.
    void settle_levels() {
        for (std::size_t c = 0; c < levels.size(); ++c) {
            if (levels[c]) {
                level_changes.clear();
                levels[c]->divide(tree.node_counters[c].limit(), level_changes);
#if defined(LICPOOL_CHECK_INCREMENTAL)
                for (const auto& ch : level_changes) {
                    if (ch.after != table.counters[ch.id].usage.limit()) {
                        std::fprintf(stderr, "licpool: the water level of counter %zu gives slot %u a quota of %u, the full recalculation %u\n",
                                     c, ch.id, ch.after, table.counters[ch.id].usage.limit());
                        std::abort();
                    }
                }
#endif
            }
        }
    }

    // One counted resource: the zones and organizations divided in full from the levels'
    // ceilings (DESIGN 4.2), then each organization's level divides its share and lists the
    // quotas that moved.
    void divide_levels(std::size_t r) {
        division.divide_nodes(
            r,
            [this](std::size_t counter) -> std::uint64_t {
                return counter < levels.size() && levels[counter] ? levels[counter]->ceilings() : 0;
            },
            [this](std::size_t counter, std::uint64_t capacity) {
                if (counter < levels.size() && levels[counter]) {
                    level_changes.clear();
                    levels[counter]->divide(capacity, level_changes);
                    for (const auto& ch : level_changes) {
                        visit(ch.id, ch.after);
                    }
                }
            });
    }

#if defined(LICPOOL_CHECK_INCREMENTAL)
    // Tests: the quotas and shares found for what changed against the full recalculation's,
    // for every slot and node counter; a difference aborts, naming it.
    //
    // An idle slot's bounds follow what it holds (DESIGN 4.2), which calls on other threads
    // change while this runs: each such change notes the slot for the next recalculation,
    // just after it is made. So the check divides with the bounds this recalculation read
    // for idle slots, after checking that every idle slot whose bounds moved since is noted
    // (a moment's wait covers a release between its change and its note).
    void check_against_everything() {
        for (std::size_t r = 0; r < tree.resources.size(); ++r) {
            for (const std::uint32_t s : tree.resources[r].slots) {
                if (tree.resources[r].seats || !table.counters[s].idle.load()) {
                    continue;
                }
                const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{2};
                while (allocator.job_bounds(table.view_of(s)) != table.slots[s].last_bounds &&
                       table.noted_links[s].load() == table.not_noted) {
                    if (std::chrono::steady_clock::now() > deadline) {
                        std::fprintf(stderr, "licpool: idle slot %u changed its bounds and was not noted\n", s);
                        std::abort();
                    }
                    std::this_thread::yield();
                }
            }
        }
        const std::vector<std::uint32_t> found_quota = new_quota;
        const std::vector<std::uint32_t> found_share = new_share;
        division.recorded_idle_bounds = true;
        for (std::size_t r = 0; r < tree.resources.size(); ++r) {
            division.compute_resource(r);
        }
        division.recorded_idle_bounds = false;
        for (std::size_t r = 0; r < tree.resources.size(); ++r) {
            for (const std::uint32_t s : tree.resources[r].slots) {
                const std::uint32_t found = visit_mark[s] == visit_epoch ? found_quota[s] : table.counters[s].usage.limit();
                if (found != new_quota[s]) {
                    std::fprintf(stderr, "licpool: recalculating what changed gives slot %u (job %u, %s) a quota of %u, recalculating everything %u\n",
                                 s, table.slots[s].job, table.jobs[table.slots[s].job].name.c_str(), found, new_quota[s]);
                    std::abort();
                }
            }
        }
        for (std::size_t c = 0; c < new_share.size(); ++c) {
            if (found_share[c] != new_share[c]) {
                std::fprintf(stderr, "licpool: recalculating what changed gives node counter %zu a share of %u, recalculating everything %u\n",
                             c, found_share[c], new_share[c]);
                std::abort();
            }
        }
        new_quota = found_quota;
    }
#endif

    template <class Applies>
    void publish_system(Applies applies) {
        for (std::size_t k = 0; k < kinds.size(); ++k) {
            if (applies(totals.counters[k].limit(), totals.entitled[k])) {
                totals.counters[k].set_limit(totals.entitled[k]);
            }
        }
    }
    template <class Applies>
    void publish_nodes(node_level level, Applies applies) {
        for (std::size_t n = 0; n < tree.nodes.size(); ++n) {
            if (tree.nodes[n].level != level) {
                continue;
            }
            for (std::size_t c = tree.nodes[n].first_counter; c < tree.nodes[n].first_counter + tree.resources.size(); ++c) {
                if (applies(tree.node_counters[c].limit(), new_share[c])) {
                    tree.node_counters[c].set_limit(new_share[c]);
                }
            }
        }
    }

    // Immutable after construction.
    const catalog& kinds;
    kind_totals& totals;
    pool_tree& tree;
    job_table& table;
    const Allocator& allocator;
    event_queue& events;
    // The division and its results: each slot's quota after, each node counter's share.
    tree_division<Allocator> division;
    std::vector<std::uint32_t>& new_quota = division.new_quota;
    std::vector<std::uint32_t>& new_share = division.new_share;
    // Scratch of one recalculation, kept to spare allocations. Mutex.
    std::vector<std::uint32_t> new_donated;
    std::vector<donation_event> donation_scratch;
    // Issue 16: each organization's division of each counted resource among its jobs, kept
    // up to date, by node counter (`incremental` only); stale while a recalculation is under
    // way, and after one failed part-way (the next rebuilds them).
    std::vector<std::unique_ptr<water_level>> levels;
    bool levels_stale = true;
    // Per resource: whether a slot of it was noted since its last division, and what its
    // zones and organizations were last divided with.
    struct division_inputs {
        tiered_capacity capacity;
        std::uint64_t shape_version = 0;
        bool valid = false;
    };
    std::vector<std::uint8_t> touched_resources = std::vector<std::uint8_t>(tree.resources.size(), 0);
    std::vector<division_inputs> divided_with = std::vector<division_inputs>(tree.resources.size());
    std::vector<water_level::change> level_changes;
    // The slots noted since the last recalculation, and the slots one visits (each once:
    // `visit_mark` holds the epoch of the last visit).
    std::vector<std::uint32_t> noted;
    std::vector<std::uint32_t> visited;
    std::vector<std::uint32_t> visit_mark;
    std::uint32_t visit_epoch = 0;
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_RECALCULATOR_HPP
