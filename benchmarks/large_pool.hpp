// Large pools for the recalculation and event benchmarks (issue 16), built as fast as the
// public API allows, and the inputs DESIGN 4.1 sees for each of their jobs.
//
// n jobs of one kind (ASR: no platform cap, no linked kind) under one organization, about
// `licenses_per_job` licenses each, with random priorities 1..10, mins, maxes, modes and
// held licenses; half of the dynamic jobs are idle. Two jobs are fixed, for the events:
// job 0 is a dynamic job that events wake and let turn idle (the donor), job 1 a reserved
// job of priority 1 that events refuse at its quota.
#ifndef LICPOOL_BENCHMARKS_LARGE_POOL_HPP
#define LICPOOL_BENCHMARKS_LARGE_POOL_HPP

#include <licpool/licpool.hpp>
#include <licpool/pool/detail/snapshot_tokens.hpp> // snapshot_mac: the benchmark signs its own snapshot text
#include <licpool/pool/persistence.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <map>
#include <numeric>
#include <queue>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace bench {

using pool_type = licpool::license_pool_st<licpool::manual_clock>;
inline constexpr std::uint32_t licenses_per_job = 10;
inline constexpr auto idle_window = std::chrono::seconds{60}; // reserved_dynamic_allocator's default

/// Text from pieces, appended one by one (GCC 12 at -O3 warns falsely, -Wrestrict, on
/// `"literal" + std::string`).
template <class... Parts>
std::string join(const Parts&... parts) {
    std::string out;
    (out.append(std::string_view{parts}), ...);
    return out;
}

inline std::string job_name(std::size_t i) { return join("j", std::to_string(i)); }

/// One job as DESIGN 4.1 sees it: floor, ceiling (4.2: an idle dynamic job's is
/// max(min, min(max, in use))) and weight, in creation order (the order key's tie-break).
struct share_input {
    std::uint32_t floor = 0;
    std::uint32_t ceiling = 0;
    std::uint32_t weight = 1;
};

// ---- baseline B: DESIGN 4.1, one unit at a time ------------------------------------------

/// share(capacity, children) by its definition: floors first, then each unit to the child
/// below its ceiling with the largest weight / (2 x held + 1), compared exactly by
/// cross-multiplying, ties by the order key (higher weight first, then earlier creation).
inline void share_by_heap(std::uint64_t capacity, const std::vector<share_input>& in, std::vector<std::uint32_t>& out) {
    const std::size_t n = in.size();
    out.assign(n, 0);
    std::uint64_t floors = 0;
    std::uint64_t ceilings = 0;
    for (const auto& c : in) {
        floors += c.floor;
        ceilings += c.ceiling;
    }
    const auto first = [&in](std::uint32_t x, std::uint32_t y) {
        return in[x].weight != in[y].weight ? in[x].weight > in[y].weight : x < y;
    };
    if (floors >= capacity) { // DESIGN 4.1 step 1: floors in order while they last
        std::vector<std::uint32_t> order(n);
        std::iota(order.begin(), order.end(), 0U);
        std::sort(order.begin(), order.end(), first);
        std::uint64_t left = capacity;
        for (const auto i : order) {
            out[i] = static_cast<std::uint32_t>(std::min<std::uint64_t>(in[i].floor, left));
            left -= out[i];
        }
        return;
    }
    std::vector<std::uint32_t> open;
    for (std::uint32_t i = 0; i < n; ++i) {
        out[i] = in[i].floor;
        if (in[i].floor < in[i].ceiling) {
            open.push_back(i);
        }
    }
    // x ranks below y: a smaller quotient, or the same one and later in the order.
    const auto below = [&](std::uint32_t x, std::uint32_t y) {
        const std::uint64_t qx = std::uint64_t{in[x].weight} * (2 * std::uint64_t{out[y]} + 1);
        const std::uint64_t qy = std::uint64_t{in[y].weight} * (2 * std::uint64_t{out[x]} + 1);
        return qx != qy ? qx < qy : first(y, x);
    };
    std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, decltype(below)> heap{below, std::move(open)};
    for (std::uint64_t units = std::min(capacity, ceilings) - floors; units > 0 && !heap.empty(); --units) {
        const std::uint32_t i = heap.top();
        heap.pop();
        if (++out[i] < in[i].ceiling) {
            heap.push(i);
        }
    }
}

/// Detects the batch the performance work adds (`pool.batch([&]{ ... })`: many changes, one
/// recalculation at the end), so that these benchmarks use it as soon as it exists.
struct no_change {
    void operator()() const noexcept {}
};
template <class Pool, class = void>
struct has_batch : std::false_type {};
template <class Pool>
struct has_batch<Pool, std::void_t<decltype(std::declval<Pool&>().batch(no_change{}))>> : std::true_type {};
template <class Pool>
inline constexpr bool has_batch_v = has_batch<Pool>::value;

inline std::unique_ptr<pool_type> empty_pool() {
    return std::make_unique<pool_type>(licpool::presets::contact_center(), licpool::serial_number{"BENCH"},
                                       *licpool::vendor_secret::make("licpool benchmark secret"),
                                       licpool::pool_options{licpool::entitlement_source::license_server},
                                       licpool::manual_clock{});
}

struct job_plan {
    int priority = 1;
    std::uint32_t min = 0;
    std::uint32_t max = 1;
    bool dynamic = false;
    bool idle = false;         // a dynamic job whose last attempt is older than the idle window
    std::uint32_t demand = 0;  // licenses it tries to hold (it holds at most its quota)
};

inline std::vector<job_plan> plan_jobs(std::size_t n) {
    std::mt19937_64 rng{n};
    std::vector<job_plan> plans(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto& p = plans[i];
        if (i == 0) { // the donor: wakes and turns idle at the events' will
            p = job_plan{10, 0, 30, true, false, 1};
        } else if (i == 1) { // refused at its quota
            p = job_plan{1, 0, 30, false, false, 30};
        } else {
            p.priority = static_cast<int>(1 + rng() % 10);
            p.min = static_cast<std::uint32_t>(rng() % 4);
            p.max = p.min + 1 + static_cast<std::uint32_t>(rng() % 30);
            p.dynamic = rng() % 2 == 0;
            p.idle = p.dynamic && rng() % 2 == 0;
            p.demand = static_cast<std::uint32_t>(rng() % (p.max + 1));
        }
    }
    return plans;
}

/// What DESIGN 4.1 sees for each job of `plans` once the pool below is built, worked out
/// without a pool (so that the baselines run at sizes whose pool is not built): every job
/// holds min(demand, its quota while every job is active), and the idle jobs' ceilings follow
/// (4.2). The benchmark checks it against the pool wherever the pool is built.
inline std::vector<share_input> inputs_of(const std::vector<job_plan>& plans, std::uint64_t capacity,
                                          std::vector<std::uint32_t>* holding = nullptr) {
    std::vector<share_input> in(plans.size());
    for (std::size_t i = 0; i < plans.size(); ++i) {
        in[i] = share_input{plans[i].min, plans[i].max, static_cast<std::uint32_t>(plans[i].priority)};
    }
    std::vector<std::uint32_t> active;
    share_by_heap(capacity, in, active);
    for (std::size_t i = 0; i < plans.size(); ++i) {
        const std::uint32_t held = std::min(plans[i].demand, active[i]);
        if (plans[i].idle) {
            in[i].ceiling = std::max(plans[i].min, std::min(plans[i].max, held));
        }
        if (holding != nullptr) {
            holding->push_back(held);
        }
    }
    return in;
}

struct large_pool {
    std::unique_ptr<pool_type> pool;
    licpool::kind_id kind;
    licpool::organization_id organization;
    std::vector<licpool::job_id> jobs;  // in start order
    std::vector<job_plan> plans;
    std::vector<std::uint32_t> holding; // licenses each job holds
    std::vector<licpool::lease> held;
    std::uint64_t capacity = 0;
    const char* route = "";
    double build_seconds = 0;

        /// Every job's quota, read as a host reads it.
    std::vector<std::uint32_t> quotas() const {
        std::vector<std::uint32_t> out(jobs.size());
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            out[i] = pool->job_usage(jobs[i], kind)->limit;
        }
        return out;
    }

    /// One recalculation (DESIGN 4.3 trigger 1: setting a priority, even to the value it
    /// had, recalculates): of what changed, the pool's way.
    void recalculate() { (void)pool->set_priority(jobs[jobs.size() > 2 ? 2 : 0], plans[jobs.size() > 2 ? 2 : 0].priority); }

    /// The same as a recalculation of everything: every job's bounds read, every level
    /// divided, every quota compared and published (what `full_recalculation` measures
    /// against the baselines). The pool is told through its parts, which hosts never see.
    void recalculate_everything() {
        auto& recalculator = licpool::detail::parts_access<pool_type>::of(*pool).recalc;
        recalculator.full_recalculations = true;
        recalculate();
        recalculator.full_recalculations = false;
    }
};

inline licpool::job_spec spec_of(const job_plan& p, licpool::organization_id org, std::string name) {
    return licpool::job_spec{}
        .in(org)
        .named(std::move(name))
        .priority(p.priority)
        .min(p.min)
        .max(p.max)
        .mode(p.dynamic ? licpool::allocation_mode::dynamic : licpool::allocation_mode::reserved)
        .kinds({"asr"});
}

/// Today's cheapest route to n started jobs with one recalculation: a snapshot that holds
/// them, read back (restoring recalculates once, DESIGN 7). The text is the one a pool of one
/// job writes, with that job's two lines repeated for every job, signed again.
inline void restore_jobs(large_pool& lp) {
    auto model = empty_pool();
    (void)model->report_poll({{"asr", static_cast<std::uint32_t>(lp.capacity)}});
    const auto org = *model->organization("bench", "jobs");
    (void)model->start_job(spec_of(job_plan{1, 0, 1, false, false, 0}, org, "model"));
    std::string text = model->snapshot();
    const auto job_line = text.find("\njob model ") + 1;
    const auto after_jobs = text.find('\n', text.find("\njob-kind model ") + 1) + 1;
    const auto mac_line = text.find("\nmac ") + 1;
    std::string body = text.substr(0, job_line);
    body.reserve(text.size() + lp.plans.size() * 64);
    for (std::size_t i = 0; i < lp.plans.size(); ++i) {
        const auto& p = lp.plans[i];
        const std::string name = job_name(i);
        body += join("job ", name, " bench jobs ", std::to_string(p.priority), p.dynamic ? " dynamic" : " reserved",
                     " running -\n");
        body += join("job-kind ", name, " asr ", std::to_string(p.min), " ", std::to_string(p.max), "\n");
    }
    body.append(text, after_jobs, mac_line - after_jobs);
    const auto secret = *licpool::vendor_secret::make("licpool benchmark secret");
    body += join("mac ", licpool::detail::snapshot_mac(secret, body), "\n");
    if (auto restored = lp.pool->restore_snapshot(body); !restored) {
        std::fprintf(stderr, "large_pool: the generated snapshot does not read back: %s\n",
                     restored.error().message().c_str());
        std::abort();
    }
}

template <class Pool>
void start_jobs(large_pool& lp, Pool& pool) {
    if constexpr (has_batch_v<Pool>) {
        lp.route = "batch";
        (void)pool.report_poll({{"asr", static_cast<std::uint32_t>(lp.capacity)}});
        lp.organization = *pool.organization("bench", "jobs");
        (void)pool.batch([&] {
            for (std::size_t i = 0; i < lp.plans.size(); ++i) {
                (void)pool.start_job(spec_of(lp.plans[i], lp.organization, job_name(i)));
            }
        });
    } else {
        lp.route = "snapshot";
        // The poll and the organization come from the snapshot's text.
        restore_jobs(lp);
        lp.organization = *lp.pool->find_organization("bench", "jobs");
    }
}

inline void hold(large_pool& lp, std::size_t i) {
    const auto now = lp.pool->job_usage(lp.jobs[i], lp.kind);
    const std::uint32_t room = now->limit > now->in_use ? now->limit - now->in_use : 0;
    const std::uint32_t take = std::min(lp.plans[i].demand, room);
    for (std::uint32_t k = 0; k < take; ++k) {
        auto l = lp.pool->acquire(lp.jobs[i], lp.kind);
        if (!l) {
            break;
        }
        lp.held.push_back(std::move(*l));
        ++lp.holding[i];
    }
}

/// A pool of n jobs as described at the top, recalculated once with its idle jobs idle.
inline large_pool build(std::size_t n) {
    const auto start = std::chrono::steady_clock::now();
    large_pool lp;
    lp.capacity = static_cast<std::uint64_t>(n) * licenses_per_job;
    lp.plans = plan_jobs(n);
    lp.pool = empty_pool();
    start_jobs(lp, *lp.pool);
    lp.kind = *lp.pool->kinds().find("asr");
    lp.jobs = lp.pool->jobs();
    lp.holding.assign(n, 0);
    // The idle jobs' last attempt is now, the active ones' 40 s later; at 70 s the first turn
    // idle (DESIGN 4.3). No attempt is refused (each takes at most its quota), so no job is
    // hungry and turning idle recalculates nothing until the recalculation below.
    for (std::size_t i = 0; i < n; ++i) {
        if (lp.plans[i].idle || !lp.plans[i].dynamic) {
            hold(lp, i);
        }
    }
    lp.pool->clock().advance(std::chrono::seconds{40});
    for (std::size_t i = 0; i < n; ++i) {
        if (lp.plans[i].dynamic && !lp.plans[i].idle) {
            hold(lp, i);
            if (lp.holding[i] == 0) { // an attempt all the same, or it would turn idle too
                (void)lp.pool->acquire(lp.jobs[i], lp.kind); // the lease goes back at once
            }
        }
    }
    lp.pool->clock().advance(std::chrono::seconds{30});
    lp.pool->tick();
    lp.recalculate();
    lp.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return lp;
}

// A pool is built only when the size ten times smaller, at a cost growing like n squared,
// says it is done within this budget; otherwise its figures are reported not measured.
inline constexpr double build_budget_seconds = 90;

/// One pool per n, built once and shared by every benchmark of the program (building the
/// largest takes seconds; Google Benchmark calls a benchmark function several times), or
/// null with `why` saying why it is not built.
inline large_pool* pool_of(std::size_t n, std::string& why) {
    static std::map<std::size_t, large_pool> pools;
    static std::map<std::size_t, double> took;
    if (auto it = pools.find(n); it != pools.end()) {
        return &it->second;
    }
    if (const auto smaller = took.find(n / 10); smaller != took.end() && smaller->second * 100 > build_budget_seconds) {
        why = join("not measured: a pool of ", std::to_string(n / 10), " jobs took ",
                   std::to_string(static_cast<int>(smaller->second + 0.5)), " s to build (", pools.at(n / 10).route,
                   "); at n squared, ", std::to_string(n), " jobs would be over this run's budget");
        return nullptr;
    }
    auto& lp = pools.emplace(n, build(n)).first->second;
    took[n] = lp.build_seconds;
    return &lp;
}

} // namespace bench

#endif // LICPOOL_BENCHMARKS_LARGE_POOL_HPP
