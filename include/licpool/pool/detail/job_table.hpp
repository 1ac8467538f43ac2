// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_JOB_TABLE_HPP
#define LICPOOL_POOL_DETAIL_JOB_TABLE_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/catalog/catalog.hpp>
#include <licpool/core/concat.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/pool/detail/allocation_state.hpp>
#include <licpool/pool/detail/name_index.hpp>
#include <licpool/pool/detail/pool_tree.hpp>
#include <licpool/pool/detail/stable_vector.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// The jobs of DESIGN 4: their records, one slot per resource each (settings, and the
/// counters the fast path takes from), and the names that find them. A job is created here
/// under an organization of `pool_tree` and retired when it stops.
///
/// A single-threaded component: the pool's mutex guards every change. Records are published
/// whole (`stable_vector`), so the lock-free readers (acquire, `state_of`, `job_usage`) see
/// fixed fields and atomics only.
/// (A template with an unused parameter only so that its code is compiled where a pool is
/// instantiated, not in every translation unit that includes the pool: scripts/compile-times.)
template <class Unused = void>
class basic_job_table {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Unused>;

public:
    basic_job_table(const catalog& catalog_kinds, pool_tree& allocation_tree, bool forget_stopped_jobs)
        : kinds{catalog_kinds}, tree{allocation_tree}, forget_stopped{forget_stopped_jobs} {}

    basic_job_table(const basic_job_table&) = delete;
    basic_job_table& operator=(const basic_job_table&) = delete;

    static constexpr std::size_t max_jobs = stable_vector<job_record>::max_size();
    static_assert(max_jobs <= name_index::max_index, "every job index fits the name index");

    /// The job called `name`, if any (forgotten jobs have left the index). Mutex.
    std::optional<std::uint32_t> find_name(std::string_view name) const { return names.find(name, name_of()); }

    [[nodiscard]] result<std::uint32_t> index_of(job_id job) const {
        if (job.value() >= jobs.size() || jobs[job.value()].forgotten.load(std::memory_order_acquire)) {
            return fail(errc::unknown_job).subject(detail::concat("#", std::to_string(job.value())));
        }
        return job.value();
    }

    // DESIGN 4.2: a stopped job is stopped for good, so its settings are final too.
    static std::optional<error> check_not_stopped(const detail::job_record& rec) noexcept {
        const job_state state = rec.state.load();
        if (state == job_state::stopped) {
            return fail(errc::invalid_state)
                .subject(rec.name)
                .context(to_string(state))
                .note("a stopped job's settings no longer change");
        }
        return std::nullopt;
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

    [[nodiscard]] result<job_plan> plan_job(const job_spec& spec, const std::string& name) const {
        job_plan plan;
        auto& wanted = plan.slots;
        const auto add = [&](kind_id k, std::uint32_t min, std::uint32_t max) -> result<void> {
            const auto r = tree.resource_of[k.value()];
            if (min > max) {
                return fail(errc::invalid_setting)
                    .subject(name)
                    .context(kinds[k].name)
                    .number(min)
                    .limit(max)
                    .note("min {number} is above max {limit}");
            }
            for (auto& w : wanted) {
                if (w.resource == r) {
                    w.min = min;
                    w.max = max;
                    return {};
                }
            }
            wanted.push_back({r, k, min, max});
            return {};
        };
        if (!spec.campaign().empty()) {
            auto k = tree.counted_kind(spec.campaign());
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (!tree.resources[tree.resource_of[k->value()]].seats) {
                return fail(errc::seat_kind)
                    .subject(spec.campaign())
                    .note("is not a seat kind of a tier group, so it names no campaign type");
            }
            plan.campaign = *k;
            if (auto added = add(*k, spec.min(), spec.max()); !added) {
                return unexpected<error>(added.error());
            }
            if (tree.port_kind) {
                // DESIGN 4.5: agents' nail-up, dial-out and bridge ports are telephony ports.
                if (auto added = add(*tree.port_kind, 0, unlimited); !added) {
                    return unexpected<error>(added.error());
                }
            }
        }
        for (const auto& kind_name : spec.kinds()) {
            auto k = tree.counted_kind(kind_name);
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (tree.resources[tree.resource_of[k->value()]].seats) {
                return fail(errc::seat_kind)
                    .subject(kind_name)
                    .note("is a seat kind: name it as the campaign of an agent-based job");
            }
            const bool agent_job = plan.campaign.has_value();
            if (auto added = add(*k, agent_job ? 0 : spec.min(), agent_job ? unlimited : spec.max()); !added) {
                return unexpected<error>(added.error());
            }
        }
        for (const auto& o : spec.overrides()) {
            auto k = tree.counted_kind(o.kind);
            if (!k) {
                return unexpected<error>(k.error());
            }
            if (tree.resources[tree.resource_of[k->value()]].seats && (!plan.campaign || tree.resource_of[plan.campaign->value()] != tree.resource_of[k->value()])) {
                return fail(errc::seat_kind)
                    .subject(o.kind)
                    .note("is a seat kind: name it as the campaign of an agent-based job");
            }
            if (auto added = add(tree.resources[tree.resource_of[k->value()]].seats ? *plan.campaign : *k, o.value.min, o.value.max); !added) {
                return unexpected<error>(added.error());
            }
        }
        if (wanted.empty()) {
            return fail(errc::invalid_setting).subject(name).note("a job needs at least one kind");
        }
        // DESIGN 2: a kind that also takes another brings that kind into the job, with the
        // same min and max, unless the job has it already.
        const std::size_t named = wanted.size();
        for (std::size_t i = 0; i < named; ++i) {
            const auto taken = kinds[wanted[i].kind].takes;
            if (!taken) {
                continue;
            }
            const auto r = tree.resource_of[taken->value()];
            if (std::none_of(wanted.begin(), wanted.end(), [r](const planned_slot& w) { return w.resource == r; })) {
                const planned_slot linked{r, *taken, wanted[i].min, wanted[i].max};
                wanted.push_back(linked);
            }
        }
        return plan;
    }

    // DESIGN 4: an unnamed job is called `job-<n>`, n the first number from its start index
    // up whose name no job has, so a host's own `job-2` never blocks unnamed starts.
    std::string free_job_name(std::uint32_t index) const {
        for (std::uint64_t n = index;; ++n) {
            std::string name = detail::concat("job-", std::to_string(n));
            if (!find_name(name)) {
                return name;
            }
        }
    }

    [[nodiscard]] result<job_id> start(const job_spec& spec, std::int64_t now) {
        // Check everything first: a refused start changes nothing (DESIGN 1).
        if (spec.priority() < min_priority || spec.priority() > max_priority) {
            return fail(errc::invalid_setting)
                .subject(spec.name().empty() ? "new job" : spec.name())
                .number(spec.priority())
                .note("priority {number} is outside 1..10");
        }
        if (jobs.full()) {
            return fail(errc::capacity_exhausted).subject("jobs").limit(static_cast<std::int64_t>(max_jobs));
        }
        const auto index = static_cast<std::uint32_t>(jobs.size());
        std::string name = spec.name().empty() ? free_job_name(index) : spec.name();
        if (find_name(name)) {
            return fail(errc::duplicate_job).subject(name);
        }
        auto planned = plan_job(spec, name);
        if (!planned) {
            return unexpected<error>(planned.error());
        }
        const auto& wanted = planned->slots;
        const auto campaign = planned->campaign;
        if (wanted.size() + wanted.size() > slots.max_size()) {
            return fail(errc::capacity_exhausted)
                .subject("job slots")
                .limit(static_cast<std::int64_t>(slots.max_size()));
        }
        std::uint32_t org_index = 0;
        if (spec.organization()) {
            const auto o = spec.organization()->value();
            if (o >= tree.nodes.size() || tree.nodes[o].level != detail::node_level::organization) {
                return fail(errc::unknown_node).subject(detail::concat("#", std::to_string(o))).context("organization");
            }
            org_index = o;
        } else {
            auto org = tree.find_or_create_organization("default", "default");
            if (!org) {
                return unexpected<error>(org.error());
            }
            org_index = *org;
        }
        // All checked. The room in the lists that will name the job first: once it is
        // published, nothing may fail, or the tree would hold a job the recalculation's
        // water levels never heard of (`note_job` below).
        room_for(tree.nodes[org_index].children, 1);
        for (const auto& w : wanted) {
            room_for(tree.resources[w.resource].slots, wanted.size());
        }
        names.make_room(name_of());
        room_for(idle_watch, wanted.size());
        // Create the job, its slots and counters, then publish it.
        const auto& org = tree.nodes[org_index];
        const auto first_slot = static_cast<std::uint32_t>(slots.size());
                for (std::size_t i = 0; i < wanted.size(); ++i) {
            const auto& w = wanted[i];
            auto& rec = slots.emplace_back();
            rec.job = index;
            rec.resource = w.resource;
            rec.kind = w.kind;
            rec.organization_counter = org.first_counter + w.resource;
            rec.zone_counter = tree.nodes[org.parent].first_counter + w.resource;
            rec.min = w.min;
            rec.max = w.max;
            noted_links.emplace_back(not_noted);
            auto& fresh = counters.emplace_back();
            fresh.max.store(w.max);
            // DESIGN 4.3: starting a job counts as an attempt.
            fresh.last_attempt.store(now);
            rec.listed_at = static_cast<std::uint32_t>(tree.resources[w.resource].slots.size());
            tree.resources[w.resource].slots.push_back(first_slot + static_cast<std::uint32_t>(i));
        }

        for (std::size_t i = 0; i < wanted.size(); ++i) {
            if (const auto taken = kinds[wanted[i].kind].takes) {
                for (std::size_t j = 0; j < wanted.size(); ++j) {
                    if (wanted[j].resource == tree.resource_of[taken->value()]) {
                        slots[first_slot + i].linked_slot = first_slot + static_cast<std::uint32_t>(j);
                    }
                }
            }
        }
        // DESIGN 1: lock-free readers (state_of, job_name, job_usage, acquire) find a job by
        // index, so it is published only once whole: its slots and counters above, and every
        // field below, are written before `publish_back()` releases them together.
        auto& job = jobs.prepare_back();
        job.name = std::move(name);
        job.organization = org_index;
        job.zone = org.parent;
        job.mode = spec.mode();
        job.campaign = campaign;
        job.first_slot = first_slot;
        job.slot_count = static_cast<std::uint32_t>(wanted.size());
        job.priority = spec.priority();
        job.state.store(job_state::running, std::memory_order_release);
        job.child_at = static_cast<std::uint32_t>(tree.nodes[org_index].children.size());
        jobs.publish_back();
        tree.nodes[org_index].children.push_back(index); // room made above: no allocation
        names.insert(index, name_of());
        note_job(index);
        watch_job(index); // room made above
        return job_id{index};
    }

    // A job stopped for good leaves the tree that recalculations walk (DESIGN 4.2: its quota
    // is 0, and was just published), so stopped jobs cost a recalculation nothing. With
    // `forget_stopped_jobs`, it is forgotten once it holds nothing. Lock held.
    void retire(std::uint32_t job) {
        leave_tree(job);
        if (forget_stopped) {
            if (holds_nothing(job)) {
                forget(job);
            } else {
                stopped_holding.push_back(job);
            }
        }
    }

    /// The first half of `retire`: the job leaves its organization's children and its
    /// resources' slots, each by moving the list's last entry into its place (issue 16: a
    /// stop costs O(1), not a pass over every job; no reader needs those lists in order,
    /// DESIGN 4.1's order key sorts them). Allocates nothing.
    void leave_tree(std::uint32_t job) noexcept {
        auto& rec = jobs[job];
        if (rec.child_at == no_index) {
            return;
        }
        auto& siblings = tree.nodes[rec.organization].children;
        jobs[siblings.back()].child_at = rec.child_at;
        siblings[rec.child_at] = siblings.back();
        siblings.pop_back();
        rec.child_at = no_index;
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            auto& listed = tree.resources[slots[s].resource].slots;
            slots[listed.back()].listed_at = slots[s].listed_at;
            listed[slots[s].listed_at] = listed.back();
            listed.pop_back();
            slots[s].listed_at = no_index;
        }
    }

    bool holds_nothing(std::uint32_t job) const noexcept {
        const auto& rec = jobs[job];
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            if (counters[s].usage.used() != 0) {
                return false;
            }
        }
        return rec.agents == 0;
    }

    void forget(std::uint32_t job) {
        auto& rec = jobs[job];
        names.erase(rec.name, name_of());
        rec.forgotten.store(true, std::memory_order_release);
    }

    // `forget_stopped_jobs`: the stopped jobs whose last licenses came back since. Lock held.
    void forget_emptied() {
        const auto emptied = [this](std::uint32_t job) {
            if (!holds_nothing(job)) {
                return false;
            }
            forget(job);
            return true;
        };
        stopped_holding.erase(std::remove_if(stopped_holding.begin(), stopped_holding.end(), emptied),
                               stopped_holding.end());
    }

    void set_state(std::uint32_t job, job_state to) {
        auto& rec = jobs[job];
        if (to == job_state::running) {
            room_for(idle_watch, rec.slot_count); // the one step that may fail, first
        }
        rec.state.store(to, std::memory_order_release);
        note_job(job);
        // Only a running dynamic job is idle.
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            if (counters[s].idle.exchange(false)) {
                tree.idle_slots[slots[s].resource].fetch_sub(1);
            }
        }
        if (to == job_state::running) {
            watch_job(job); // room made above
        }
    }

    // The job's slot for `kind`. Reads only fixed fields: safe without the lock.
    [[nodiscard]] result<std::uint32_t> find_slot(job_id job, kind_id kind) const {
        if (job.value() >= jobs.size() || jobs[job.value()].forgotten.load(std::memory_order_acquire)) {
            return fail(errc::unknown_job).subject(detail::concat("#", std::to_string(job.value())));
        }
        const auto& rec = jobs[job.value()];
        if (kind.value() >= kinds.size()) {
            return fail(errc::unknown_kind).subject(detail::concat("#", std::to_string(kind.value())));
        }
        const auto r = tree.resource_of[kind.value()];
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            if (slots[s].resource == r && r != detail::no_resource) {
                // A seat slot answers for the campaign kind only: other tiers are not its kind.
                if (tree.resources[r].seats && slots[s].kind != kind) {
                    break;
                }
                return s;
            }
        }
        return fail(errc::kind_not_in_job).subject(rec.name).context(kinds[kind].name);
    }

    std::optional<error> check_running(std::uint32_t job) const noexcept {
        if (auto refused = tree.totals.check_operational()) {
            return refused;
        }
        const auto& rec = jobs[job];
        const job_state state = rec.state.load(std::memory_order_acquire);
        if (state != job_state::running) {
            return fail(errc::not_running).subject(rec.name).context(to_string(state));
        }
        return std::nullopt;
    }

    std::optional<std::uint32_t> slot_of(std::uint32_t job, std::size_t r) const {
        const auto& rec = jobs[job];
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            if (slots[s].resource == r) {
                return s;
            }
        }
        return std::nullopt;
    }

    job_view view_of(std::uint32_t slot) const {
        const auto& rec = slots[slot];
        const auto& job = jobs[rec.job];
        job_view v;
        v.mode = job.mode;
        v.state = job.state.load();
        v.min = rec.min;
        v.max = rec.max;
        v.in_use = counters[slot].usage.used();
        v.idle = counters[slot].idle.load();
        return v;
    }

    /// Every job not forgotten, in start order. Lock-free: records are published whole.
    // The spec that sets a job up as it is now (`license_pool::job_spec_of`): every slot's
    // kind with its own min and max, so the spec's common min and max matter to no kind. An
    // agent-based job's seat slot is its campaign (its min and max count agents).
    job_spec spec_of(std::uint32_t index) const {
        const job_record& rec = jobs[index];
        job_spec spec;
        spec.in(organization_id{rec.organization})
            .named(rec.name)
            .priority(rec.priority)
            .mode(rec.mode);
        if (rec.campaign) {
            spec.agents(kinds[*rec.campaign].name);
        }
        std::vector<std::string> kind_names;
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            const slot_record& slot = slots[s];
            const std::string& name = kinds[slot.kind].name;
            if (!rec.campaign || slot.kind != *rec.campaign) {
                kind_names.push_back(name);
            }
            spec.limits_for(name, slot.min, slot.max);
        }
        spec.kinds(std::move(kind_names));
        return spec;
    }

    std::vector<job_id> known_jobs() const {
        std::vector<job_id> out;
        const std::size_t n = jobs.size();
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (!jobs[i].forgotten.load(std::memory_order_acquire)) {
                out.push_back(job_id{static_cast<std::uint32_t>(i)});
            }
        }
        return out;
    }

    /// The slot a job's `acquire` of `kind` takes from, checked as DESIGN 4.4 and 5 ask: in
    /// the job, not a seat (agents take seats), consumed while in use.
    [[nodiscard]] result<std::uint32_t> acquirable_slot(job_id job, kind_id kind) const {
        auto slot = find_slot(job, kind);
        if (!slot) {
            return slot;
        }
        if (tree.resources[slots[*slot].resource].seats) {
            return fail(errc::seat_kind)
                .subject(kinds[kind].name)
                .note("is a seat kind: agents take seats with attach_agent");
        }
        if (!kinds[kind].taken_by_login()) {
            // DESIGN 4.4, 5: acquire takes kinds consumed while in use; one consumed when
            // configured is a user's, by assign.
            return fail(errc::consumption_mismatch).subject(kinds[kind].name).context("acquire");
        }
        return slot;
    }

    // Room for `n` more in `v`, growing as push_back would (not one at a time).
    template <class T>
    static void room_for(std::vector<T>& v, std::size_t n) {
        if (v.capacity() - v.size() < n) {
            v.reserve(std::max(v.size() + n, 2 * v.capacity()));
        }
    }

    /// DESIGN 4.3, issue 16: the running dynamic slots that are not idle, by their last
    /// attempt as last seen (a min-heap): a tick looks only at the slots whose window may
    /// have run out (`attempt_protocol::turn_idle`), not at every slot. An entry may be
    /// stale (the slot attempted since, woke, stopped): the tick checks each one it takes.
    struct watched_slot {
        std::int64_t last_seen;
        std::uint32_t slot;
        friend bool operator<(const watched_slot& a, const watched_slot& b) noexcept {
            return a.last_seen > b.last_seen; // std::push_heap's max-heap: the oldest on top
        }
    };
    /// Watches `slot` (once) if its job is dynamic and running and it is not idle. Mutex;
    /// allocates only past the room a start made for its slots.
    void watch(std::uint32_t slot) {
        auto& rec = slots[slot];
        const auto& job = jobs[rec.job];
        if (rec.watched || job.mode != allocation_mode::dynamic || job.state.load() != job_state::running ||
            counters[slot].idle.load()) {
            return;
        }
        idle_watch.push_back(watched_slot{counters[slot].last_attempt.load(), slot});
        std::push_heap(idle_watch.begin(), idle_watch.end());
        rec.watched = true;
    }
    void watch_job(std::uint32_t job) {
        const auto& rec = jobs[job];
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            watch(s);
        }
    }
    std::vector<watched_slot> idle_watch;

    /// Issue 16: the recalculation visits only the slots noted since the last one (with the
    /// levels above them), so every change to what DESIGN 4.2 reads of a slot notes it: a
    /// start, a state, a priority, a min or max, turning idle or waking, a hunger mark, and
    /// what an idle slot gives back. Lock-free (a release on any thread notes an idle slot):
    /// a push on a list threaded through `noted_links`, each slot on it at most once.
    void note(std::uint32_t slot) noexcept {
        auto& link = noted_links[slot];
        std::uint32_t was = not_noted;
        if (!link.compare_exchange_strong(was, no_index, std::memory_order_acq_rel)) {
            return; // on the list already
        }
        std::uint32_t head = noted_head.load(std::memory_order_relaxed);
        do {
            link.store(head, std::memory_order_relaxed);
        } while (!noted_head.compare_exchange_weak(head, slot, std::memory_order_release, std::memory_order_relaxed));
    }
    void note_job(std::uint32_t job) noexcept {
        const auto& rec = jobs[job];
        for (std::uint32_t s = rec.first_slot; s < rec.first_slot + rec.slot_count; ++s) {
            note(s);
        }
    }
    /// Mutex: whether `f(slot)` is true for a slot noted since the last recalculation (the
    /// list stays; pushes meanwhile only add in front of what it walks).
    template <class F>
    bool any_noted(F f) const noexcept {
        for (std::uint32_t s = noted_head.load(std::memory_order_acquire); s != no_index;
             s = noted_links[s].load(std::memory_order_acquire)) {
            if (f(s)) {
                return true;
            }
        }
        return false;
    }

    /// Mutex: calls `f(slot)` (which must not throw) for every slot noted, once each, and
    /// empties the list; a slot can be noted again as soon as `f` is called for it.
    template <class F>
    void take_noted(F f) noexcept {
        std::uint32_t s = noted_head.exchange(no_index, std::memory_order_acquire);
        while (s != no_index) {
            // The link first: once the slot is free to be noted again, a push rewrites it.
            const std::uint32_t next = noted_links[s].load(std::memory_order_acquire);
            noted_links[s].store(not_noted, std::memory_order_release);
            f(s);
            s = next;
        }
    }

    // What the name index reads a job's name with.
    auto name_of() const noexcept {
        return [this](std::uint32_t job) -> const std::string& { return jobs[job].name; };
    }

    // Immutable after construction.
    const catalog& kinds;
    pool_tree& tree;
    bool forget_stopped; // `pool_options::forget_stopped_jobs`
    /// Jobs in start order, their slots, and the slots' counters. Records: mutex, fixed
    /// fields readable without it once published; counters: atomics.
    stable_vector<job_record> jobs;
    stable_vector<slot_record> slots;
    stable_vector<slot_counters> counters;
    /// The list of noted slots (`note`): the next slot on it, `no_index` at its end, or
    /// `not_noted`. Apart from the counters, whose 24 bytes it would make 32.
    static constexpr std::uint32_t not_noted = no_index - 1;
    stable_vector<std::atomic<std::uint32_t>> noted_links;
    std::atomic<std::uint32_t> noted_head{no_index};
    /// Job names to indexes (forgotten jobs leave it); the names stay in the records. Mutex.
    name_index names;
    /// `forget_stopped_jobs`: stopped jobs still holding something. Mutex.
    std::vector<std::uint32_t> stopped_holding;
};
using job_table = basic_job_table<>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_JOB_TABLE_HPP
