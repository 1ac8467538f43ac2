// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_KEYS_ENTITLEMENT_HPP
#define LICPOOL_KEYS_ENTITLEMENT_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/date.hpp>
#include <licpool/core/ids.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// What one valid key grants (DESIGN 3).
struct entitlement {
    /// The key in canonical form: 32 upper-case characters, no separators.
    std::string key;
    kind_id kind;
    std::uint32_t count = 0;
    date issued;
    /// The last valid day; nullopt for a perpetual key.
    std::optional<date> expires;
    bool trial = false;

    /// DESIGN 3: valid on days d with issued <= d <= expires.
    bool valid_on(date d) const noexcept { return issued <= d && (!expires || d <= *expires); }

    friend bool operator==(const entitlement& a, const entitlement& b) {
        return a.key == b.key && a.kind == b.kind && a.count == b.count && a.issued == b.issued &&
               a.expires == b.expires && a.trial == b.trial;
    }
    friend bool operator!=(const entitlement& a, const entitlement& b) { return !(a == b); }
};

/// What a set of keys grants, kind by kind, on one day (DESIGN 3): one row per kind of
/// the catalog, in catalog order.
///  - Counted keys of one kind add up; the sum is clipped at the kind's platform cap and the
///    sum before clipping is kept (`clipped_from`), for the audit to report.
///  - A boolean kind counts 1 when its sum is non-zero.
///  - A bundle key adds each kind of its expansion, times the multiplier, times the key's
///    count; a bundle kind itself counts 0.
class entitlement_set {
public:
    /// One kind's total.
    struct row {
        kind_id kind;
        /// After clipping; 0 or 1 for a boolean kind; 0 for a bundle.
        std::uint32_t count = 0;
        /// The sum before the platform cap clipped it; nullopt when it was not clipped.
        std::optional<std::uint64_t> clipped_from;

        friend bool operator==(const row& a, const row& b) noexcept {
            return a.kind == b.kind && a.count == b.count && a.clipped_from == b.clipped_from;
        }
        friend bool operator!=(const row& a, const row& b) noexcept { return !(a == b); }
    };
    using const_iterator = std::vector<row>::const_iterator;

    /// Nothing granted, no kinds.
    entitlement_set() = default;

    /// The totals of `keys` for `c`, counting only the keys valid on `today`. Every key
    /// counts, so a caller that must count a key once passes it once (`key_ring` does).
    template <class Entitlements>
    static entitlement_set total(const catalog& c, const Entitlements& keys, date today) {
        std::vector<std::uint64_t> sums(c.size(), 0);
        auto add = [&sums](kind_id k, std::uint64_t n) {
            // Saturating: 2^40 is far above any cap and far below overflow.
            constexpr std::uint64_t saturated = std::uint64_t{1} << 40;
            auto& sum = sums[k.value()];
            sum = sum + n > saturated ? saturated : sum + n;
        };
        for (const entitlement& e : keys) {
            if (!e.valid_on(today) || e.kind.value() >= c.size()) {
                continue;
            }
            const license_kind& k = c[e.kind];
            if (k.is_bundle()) {
                for (const bundle_part& part : k.expansion) {
                    add(part.kind, std::uint64_t{part.multiplier} * e.count);
                }
            } else {
                add(k.id, e.count);
            }
        }
        entitlement_set out;
        out.rows_.reserve(c.size());
        for (const license_kind& k : c.kinds()) {
            const std::uint64_t sum = sums[k.id.value()];
            row r{k.id, 0, std::nullopt};
            if (k.is_bundle()) {
                r.count = 0;
            } else if (k.is_boolean()) {
                r.count = sum != 0 ? 1 : 0;
            } else if (sum > k.platform_cap) {
                // DESIGN 2: entitlement above the cap does not work. With no cap, `unlimited`
                // is the most 32 bits hold, so an absurd sum is clipped (and reported) there.
                r.count = k.platform_cap;
                r.clipped_from = sum;
            } else {
                r.count = static_cast<std::uint32_t>(sum);
            }
            out.rows_.push_back(r);
        }
        return out;
    }

    /// The total of kind `k` (0 for a kind this set does not know).
    std::uint32_t count(kind_id k) const noexcept {
        return k.value() < rows_.size() ? rows_[k.value()].count : 0;
    }
    /// The sum before the cap, when the cap clipped kind `k`.
    std::optional<std::uint64_t> clipped_from(kind_id k) const noexcept {
        return k.value() < rows_.size() ? rows_[k.value()].clipped_from : std::nullopt;
    }
    /// True when some kind was clipped at its cap.
    bool any_clipped() const noexcept {
        for (const row& r : rows_) {
            if (r.clipped_from) {
                return true;
            }
        }
        return false;
    }

    std::size_t size() const noexcept { return rows_.size(); }
    const_iterator begin() const noexcept { return rows_.begin(); }
    const_iterator end() const noexcept { return rows_.end(); }
    const row& operator[](kind_id k) const noexcept { return rows_[k.value()]; }

    // Templates (never given a template argument) only so that the vector comparison is
    // compiled where sets are compared, not in every file that includes licpool (issue 15).
    template <class Unused = void>
    friend bool operator==(const entitlement_set& a, const entitlement_set& b) { return a.rows_ == b.rows_; }
    template <class Unused = void>
    friend bool operator!=(const entitlement_set& a, const entitlement_set& b) { return !(a == b); }

private:
    std::vector<row> rows_;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_KEYS_ENTITLEMENT_HPP
