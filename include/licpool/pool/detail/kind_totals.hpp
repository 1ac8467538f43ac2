// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_KIND_TOTALS_HPP
#define LICPOOL_POOL_DETAIL_KIND_TOTALS_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/error.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/keys/entitlement.hpp>
#include <licpool/pool/detail/limited_counter.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// The system level of the pool, per kind (DESIGN 2, 3, 4.4): what is entitled, what is in
/// use against it, and who uses it outside jobs (users, node leases). The top rung of every
/// take; `pool_tree` and `job_table` hold the rungs below.
///
/// A single-threaded component: the pool's mutex guards everything not marked atomic.
/// (Its longer members are templates with an unused parameter only so that their code is
/// compiled where a pool is instantiated, not in every translation unit that includes the
/// pool: scripts/compile-times. The class keeps its name: components take a `kind_totals&`.)
class kind_totals {
public:
    template <class Unused = void>
    explicit kind_totals(const catalog& kinds)
        : counters{std::make_unique<limited_counter[]>(kinds.size())}, entitled(kinds.size(), 0),
          now{entitlement_set::total(kinds, std::vector<entitlement>{}, date{})}, leased(kinds.size(), 0),
          assigned(kinds.size(), 0), logged_in(kinds.size(), 0), kinds_{&kinds} {
        refresh_operational();
    }

    /// Takes new entitlement totals; true when they differ from the old ones. The counters'
    /// limits follow at the next recalculation, with every other limit (DESIGN 4.3 trigger 2).
    template <class Unused = void>
    bool apply(entitlement_set totals) {
        bool changed = false;
        for (const auto& k : kinds_->kinds()) {
            const std::uint32_t n = totals.count(k.id);
            changed = changed || n != entitled[k.id.value()];
            entitled[k.id.value()] = n;
        }
        now = std::move(totals);
        refresh_operational();
        return changed;
    }

    /// The entitlement of a kind as the fast path sees it (1 for an enabled boolean kind).
    std::uint32_t entitlement_of(kind_id kind) const noexcept {
        return kind.value() < kinds_->size() ? counters[kind.value()].limit() : 0;
    }

    /// DESIGN 2: a kind with a license, all of whose needed kinds have one too.
    template <class Unused = void>
    bool enabled(kind_id kind) const noexcept {
        if (entitlement_of(kind) == 0) {
            return false;
        }
        const auto& needs = (*kinds_)[kind].needs;
        return std::all_of(needs.begin(), needs.end(), [this](kind_id k) { return entitlement_of(k) > 0; });
    }

    /// DESIGN 2: `not_operational`, naming the required kind without a license, or nothing.
    template <class Unused = void>
    std::optional<error> check_operational() const noexcept {
        if (operational.load(std::memory_order_acquire)) {
            return std::nullopt;
        }
        return fail(errc::not_operational).subject((*kinds_)[kind_id{missing_required.load()}].name);
    }

    /// Per kind: the entitlement as published (its limit) and what is in use. Atomics: the
    /// fast path takes and gives back without the lock; limits change under it.
    std::unique_ptr<limited_counter[]> counters;
    /// Per kind, what the entitlement source grants now (clipped at the caps). Mutex.
    std::vector<std::uint32_t> entitled;
    /// The same as a set, for `license_pool::entitlements()` and the audit. Mutex.
    entitlement_set now;
    /// DESIGN 2: false while a required kind has no license, and which one. Atomics, written
    /// under the mutex, read by the fast path.
    std::atomic<bool> operational{true};
    std::atomic<std::uint16_t> missing_required{0};
    /// Per kind: lent to node leases (DESIGN 7), assigned to users and logged in (DESIGN 5).
    /// Mutex.
    std::vector<std::uint64_t> leased;
    std::vector<std::uint64_t> assigned;
    std::vector<std::uint64_t> logged_in;

private:
    // Immutable after construction: the catalog outlives the pool's parts.
    const catalog* kinds_;

    // DESIGN 2: without every required kind the pool is not operational.
    template <class Unused = void>
    void refresh_operational() {
        for (const auto& k : kinds_->kinds()) {
            if (k.required && entitled[k.id.value()] == 0) {
                missing_required.store(k.id.value(), std::memory_order_release);
                operational.store(false, std::memory_order_release);
                return;
            }
        }
        operational.store(true, std::memory_order_release);
    }
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_KIND_TOTALS_HPP
