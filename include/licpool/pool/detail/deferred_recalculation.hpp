// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_DEFERRED_RECALCULATION_HPP
#define LICPOOL_POOL_DETAIL_DEFERRED_RECALCULATION_HPP

#include <licpool/pool/detail/job_table.hpp>
#include <licpool/pool/detail/recalculation_trigger.hpp>
#include <licpool/pool/pool_event.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// DESIGN 4.3, batches: the trigger the settings calls fire. Outside a batch it recalculates
/// at once; while a batch is open (`license_pool::batch`, on any thread: the deferral is the
/// pool's) it only marks a recalculation pending, keeping the cause and subject of the first
/// trigger, and `apply` runs that one recalculation for all of them. A recalculation is a
/// function of the settings, states, in-use and idle marks as they are when it runs, so
/// one at the end gives the quotas, shares and bounds the last of many would have given.
///
/// A job stopped while the recalculation is pending stays in the tree until it has run: the
/// recalculation publishes its quota of 0 and names it among the changes, as its own would
/// have, and only then does the job leave the tree (`job_table::retire`'s first half). Its
/// name and id go at once (with `forget_stopped_jobs`), as they do outside a batch.
///
/// A single-threaded component (the pool's mutex), except `pending()`, which the lock-free
/// acquire and the lock-free readers check before they read a quota.
class deferred_recalculation final : public recalculation_trigger {
public:
    deferred_recalculation(recalculation_trigger& recalculator, job_table& job_table_)
        : target{recalculator}, table{job_table_} {}

    deferred_recalculation(const deferred_recalculation&) = delete;
    deferred_recalculation& operator=(const deferred_recalculation&) = delete;

    void recalculate(recalculation_cause cause, std::string_view subject) override {
        if (depth == 0) {
            target.recalculate(cause, subject);
            // It covers anything still owed (a batch whose last recalculation failed).
            pending_.store(false, std::memory_order_release);
            if (!leaving.empty()) {
                take_out_of_tree();
            }
            return;
        }
        if (!pending_.load(std::memory_order_relaxed)) {
            // Pending before the subject is copied: if the copy fails, the recalculation is
            // still owed (the call's basic guarantee), under a subject that may be stale.
            first_cause = cause;
            pending_.store(true, std::memory_order_release);
            first_subject.assign(subject.data(), subject.size());
        }
    }

    /// A stopped job: out of the tree now, or once the pending recalculation has run. Mutex.
    void retire(std::uint32_t job) {
        if (!pending_.load(std::memory_order_relaxed)) {
            table.retire(job);
            return;
        }
        // job_table::retire's second half now: the name is free and the id unknown from
        // this call on, as outside a batch.
        if (table.forget_stopped) {
            if (table.holds_nothing(job)) {
                table.forget(job);
            } else {
                table.stopped_holding.push_back(job);
            }
        }
        leaving.push_back(job); // on failure the job stays in the tree: stopped, it gets 0
    }

    void open() noexcept { ++depth; }
    /// Closes one level; true when it was the outermost (the caller then applies).
    bool close() noexcept { return --depth == 0; }
    bool open_now() const noexcept { return depth > 0; }

    /// True while a recalculation is owed. Lock-free.
    bool pending() const noexcept { return pending_.load(std::memory_order_acquire); }

    /// Runs the owed recalculation, if any, then takes the jobs stopped meanwhile out of the
    /// tree. Mutex. A failed recalculation (std::bad_alloc) leaves it owed.
    void apply() {
        if (pending_.load(std::memory_order_relaxed)) {
            target.recalculate(first_cause, first_subject);
            pending_.store(false, std::memory_order_release);
        }
        if (!leaving.empty()) {
            take_out_of_tree();
        }
    }

private:
    // The first half of job_table::retire for every job in `leaving`. Allocates nothing.
    void take_out_of_tree() noexcept {
        for (const std::uint32_t job : leaving) {
            table.leave_tree(job);
        }
        leaving.clear();
    }

    recalculation_trigger& target;
    job_table& table;
    // Mutex.
    unsigned depth = 0;
    recalculation_cause first_cause = recalculation_cause::job_started;
    std::string first_subject;
    std::vector<std::uint32_t> leaving;
    std::atomic<bool> pending_{false};
};

/// One level of a pool's `batch` (DESIGN 4.3, batches), for the facade `Pool` (a friend of
/// it): `close` ends the level, and the outermost applies the pending recalculation. If the
/// batch's function threw, the destructor still closes (every call inside was complete), and
/// a failure of its own leaves the recalculation pending for the next call rather than
/// replace the function's exception.
template <class Pool>
struct batch_level {
    Pool* pool;
    bool open = true;
    void close() {
        open = false;
        pool->changing([this] {
            if (pool->parts_.batch.close()) {
                pool->parts_.batch.apply();
            }
        });
    }
    ~batch_level() {
        if (open) {
            try {
                close();
            } catch (...) { // NOLINT(bugprone-empty-catch): owed, and applied by the next call
            }
        }
    }
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_DEFERRED_RECALCULATION_HPP
