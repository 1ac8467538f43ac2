// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_POOL_QUERIES_HPP
#define LICPOOL_POOL_POOL_QUERIES_HPP

#include <licpool/allocation/job.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/pool/pool_event.hpp>
#include <licpool/pool/quota_explanation.hpp>
#include <licpool/pool/usage.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// What a host reads from a pool (DESIGN 1, introspection): usage per job, node and kind, the
/// jobs and their settings, why a quota is what it is, and the refusal counters.
/// `license_pool` derives from it, so these are the pool's own members
/// (`pool.job_usage(job, "asr")`); a host never names this class. Apart from it so that the
/// facade's header holds what changes a pool, and this one what reads it.
///
/// Most reads are lock-free: counters and published records only. `job_spec_of` and
/// `explain` read settings and take the pool's mutex.
template <class Pool>
class pool_queries {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Pool>;

public:
    /// A job's quota and in-use for a kind (for an agent-based job's campaign kind: seats).
    [[nodiscard]] result<usage> job_usage(job_id job, kind_id kind) const {
        self().settle(); // DESIGN 4.3, batches: a quota left pending is applied first
        auto slot = self().parts_.table.find_slot(job, kind);
        if (!slot) {
            return unexpected<error>(slot.error());
        }
        const auto seen = self().parts_.table.counters[*slot].usage.read();
        return usage{seen.limit, seen.used};
    }
    [[nodiscard]] result<usage> job_usage(job_id job, std::string_view kind) const {
        return by_name(kind, [&](kind_id k) { return job_usage(job, k); });
    }

    /// A zone's share and in-use for a kind.
    [[nodiscard]] result<usage> node_usage(zone_id zone, kind_id kind) const {
        self().settle();
        return self().parts_.tree.node_usage_of(zone.value(), kind, true);
    }
    [[nodiscard]] result<usage> node_usage(zone_id zone, std::string_view kind) const {
        return by_name(kind, [&](kind_id k) { return node_usage(zone, k); });
    }
    /// An organization's share and in-use for a kind.
    [[nodiscard]] result<usage> node_usage(organization_id org, kind_id kind) const {
        self().settle();
        return self().parts_.tree.node_usage_of(org.value(), kind, false);
    }
    [[nodiscard]] result<usage> node_usage(organization_id org, std::string_view kind) const {
        return by_name(kind, [&](kind_id k) { return node_usage(org, k); });
    }

    /// The entitlement of a kind and how much of it is in use, system-wide.
    usage system_usage(kind_id kind) const noexcept {
        if (kind.value() >= self().parts_.kinds.size()) {
            return {};
        }
        try {
            self().settle();
        } catch (...) { // NOLINT(bugprone-empty-catch): noexcept; the limit published so far is read
        }
        const auto seen = self().parts_.totals.counters[kind.value()].read();
        return usage{seen.limit, seen.used};
    }
    /// By name: an unknown name is refused `unknown_kind` (the id form answers zeros).
    [[nodiscard]] result<usage> system_usage(std::string_view kind) const {
        return by_name(kind, [this](kind_id k) { return system_usage(k); });
    }

    [[nodiscard]] result<job_state> state_of(job_id job) const {
        auto found = self().parts_.table.index_of(job);
        return found ? result<job_state>{self().parts_.table.jobs[*found].state.load(std::memory_order_acquire)}
                     : unexpected<error>(found.error());
    }

    /// The job's name (fixed at start).
    [[nodiscard]] result<std::string> job_name(job_id job) const {
        auto found = self().parts_.table.index_of(job);
        return found ? result<std::string>{self().parts_.table.jobs[*found].name} : unexpected<error>(found.error());
    }

    /// Every job not forgotten, in start order (stopped ones too, until forgotten).
    std::vector<job_id> jobs() const { return self().parts_.table.known_jobs(); }
    /// The jobs in `state`, in start order: `jobs(job_state::running)` for the running ones.
    std::vector<job_id> jobs(job_state state) const {
        std::vector<job_id> out = self().parts_.table.known_jobs();
        out.erase(std::remove_if(out.begin(), out.end(),
                                 [&](job_id j) {
                                     return self().parts_.table.jobs[j.value()].state.load(std::memory_order_acquire) != state;
                                 }),
                  out.end());
        return out;
    }

    /// A job's settings as they are now, as a `job_spec`: its organization, name, priority,
    /// mode, campaign, and every kind it takes with its min and max (`limits_for`), including
    /// the kinds the pool added (a linked kind's slot, an agent-based job's ports). Starting
    /// the spec again under another name gives a job set up the same way.
    [[nodiscard]] result<job_spec> job_spec_of(job_id job) const {
        return self().read([&]() -> result<job_spec> {
            auto found = self().parts_.table.index_of(job);
            if (!found) {
                return unexpected<error>(found.error());
            }
            return self().parts_.table.spec_of(*found);
        });
    }

    /// Why a job has the quota it has for a kind (DESIGN 4).
    [[nodiscard]] result<quota_explanation> explain(job_id job, kind_id kind) const {
        return self().read([&]() -> result<quota_explanation> {
            auto slot = self().parts_.table.find_slot(job, kind);
            if (!slot) {
                return unexpected<error>(slot.error());
            }
            const auto& rec = self().parts_.table.slots[*slot];
            const auto org = self().parts_.table.jobs[rec.job].organization;
            return self().parts_.recalc.explain(*slot, self().parts_.tenants.organization_users(org, rec.resource));
        });
    }
    [[nodiscard]] result<quota_explanation> explain(job_id job, std::string_view kind) const {
        return by_name(kind, [&](kind_id k) { return explain(job, k); });
    }

    // ---- refusals (DESIGN 4.4) ----------------------------------------------------------------

    /// The calls refused since the pool was built, by code: every attempt (DESIGN 4.3)
    /// refused by one of DESIGN 4.4's limits, once per call with the code it returned:
    /// `acquire` of one kind or several, `dial_out`, `bridge`, `attach_agent`, `move_agent`.
    /// (A call refused before it attempts anything, for an unknown job or kind, say, is not
    /// counted.) Counted whether or not anyone observes; lock-free, each counter read on its own.
    refusal_counts refusals() const noexcept { return self().parts_.events.refusals.read(); }

    /// The same for one job (its counts stay while it is known, stopped or not).
    [[nodiscard]] result<refusal_counts> refusals_of(job_id job) const {
        auto found = self().parts_.table.index_of(job);
        return found ? result<refusal_counts>{self().parts_.table.jobs[*found].refusals.read()}
                     : unexpected<error>(found.error());
    }

protected:
    // A name form answers what its id form answers (`usage`, or `expected<usage>`), as expected.
    template <class T>
    struct value_of {
        using type = T;
    };
    template <class T>
    struct value_of<expected<T>> {
        using type = T;
    };

    pool_queries() = default;
    ~pool_queries() = default;

    // Every call that takes a kind takes its id or its name (issue 15): the name form looks
    // the kind up and runs the id form, or is refused `unknown_kind`.
    template <class F>
    auto by_name(std::string_view kind, F&& f) const -> result<typename value_of<decltype(f(kind_id{}))>::type> {
        auto k = self().parts_.kinds.find(kind);
        if (!k) {
            return unexpected<error>(k.error());
        }
        return f(*k);
    }

private:
    // The pool is complete when a member's body is instantiated.
    const Pool& self() const noexcept { return static_cast<const Pool&>(*this); }
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_POOL_QUERIES_HPP
