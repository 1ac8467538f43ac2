// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_AUDIT_AUDIT_HISTORY_HPP
#define LICPOOL_AUDIT_AUDIT_HISTORY_HPP

#include <licpool/audit/compliance_report.hpp>
#include <licpool/core/date.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// How much audit history a pool keeps (DESIGN 6): at most `max_reports` reports, none older
/// than `max_age_days` before the newest. The oldest go first.
struct audit_retention {
    std::size_t max_reports = 400;
    std::int32_t max_age_days = 400;
};

/// Past compliance reports, oldest first, bounded by an `audit_retention`.
/// (Its constructor and longer members are member templates only so that the deque and vector
/// code for reports is compiled where they are called: scripts/compile-times.)
class audit_history {
public:
    template <class Unused = void>
    explicit audit_history(audit_retention retention = {}) : retention_{retention} {}

    template <class Unused = void>
    void add(compliance_report report) {
        reports_.push_back(std::move(report));
        const date newest = reports_.back().day;
        while (reports_.size() > retention_.max_reports ||
               (!reports_.empty() && newest - reports_.front().day > retention_.max_age_days)) {
            reports_.pop_front();
        }
    }

    /// The reports of days `from` to `to`, both included, oldest first.
    template <class Unused = void>
    std::vector<compliance_report> between(date from, date to) const {
        std::vector<compliance_report> out;
        for (const auto& r : reports_) {
            if (r.day >= from && r.day <= to) {
                out.push_back(r);
            }
        }
        return out;
    }

    const std::deque<compliance_report>& reports() const noexcept { return reports_; }
    std::size_t size() const noexcept { return reports_.size(); }
    const audit_retention& retention() const noexcept { return retention_; }
    template <class Unused = void>
    void set_retention(audit_retention retention) {
        retention_ = retention;
        if (!reports_.empty()) {
            compliance_report newest = reports_.back();
            reports_.pop_back();
            add(std::move(newest)); // applies the new bounds
        }
    }

private:
    audit_retention retention_;
    std::deque<compliance_report> reports_;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_AUDIT_AUDIT_HISTORY_HPP
