// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_TESTS_COMPONENTS_COMPONENT_FIXTURE_HPP
#define LICPOOL_TESTS_COMPONENTS_COMPONENT_FIXTURE_HPP

// What the component tests share: the pool's components built one by one from a catalog,
// with no `license_pool` and no mutex (docs/ARCHITECTURE.md: each is single-threaded), and a
// trigger that records what fired instead of recalculating.

#include <licpool/licpool.hpp>
#include <licpool/pool/detail/pool_parts.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace licpool_components {

using namespace licpool;

/// A `recalculation_trigger` that only records (cause, subject).
struct trigger_log final : detail::recalculation_trigger {
    std::vector<std::pair<recalculation_cause, std::string>> fired;
    void recalculate(recalculation_cause cause, std::string_view subject) override {
        fired.emplace_back(cause, std::string{subject});
    }
};

/// The counting side of a pool: totals, the tree, the job table and the recalculator.
struct counted_parts {
    explicit counted_parts(catalog c) : kinds{std::move(c)} {}

    /// Sets `kind`'s entitlement to `count` and recalculates, as an installed key would.
    void entitle(std::string_view kind, std::uint32_t count) {
        auto set = totals.now;
        std::vector<entitlement> granted;
        for (const auto& k : kinds.kinds()) {
            const std::uint32_t n = k.name == kind ? count : totals.entitled[k.id.value()];
            if (n > 0) {
                entitlement e;
                e.kind = k.id;
                e.count = n;
                granted.push_back(e);
            }
        }
        totals.apply(entitlement_set::total(kinds, granted, date{}));
        recalc.recalculate(recalculation_cause::entitlement_changed, kind);
    }

    const catalog kinds;
    detail::event_queue events;
    detail::kind_totals totals{kinds};
    detail::pool_tree tree{kinds, totals};
    detail::job_table table{kinds, tree, false};
    reserved_dynamic_allocator<> allocator;
    detail::recalculator<reserved_dynamic_allocator<>> recalc{kinds, totals, tree, table, allocator, events};
};

} // namespace licpool_components

#endif // LICPOOL_TESTS_COMPONENTS_COMPONENT_FIXTURE_HPP
