// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_ALLOCATION_DETAIL_WATER_LEVEL_HPP
#define LICPOOL_ALLOCATION_DETAIL_WATER_LEVEL_HPP

#include <licpool/allocation/detail/value_counts.hpp>
#include <licpool/allocation/share.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// One level of DESIGN 4.1 kept up to date as its children change, for a level whose weights
/// are few (an organization's jobs: priorities 1..10): `share()`'s result, found in time that
/// grows like the logarithm of the children, not their number (issue 16).
///
/// Why it can: under the threshold slot t, a child of weight w holds clamp(x_w(t), floor,
/// ceiling), where x_w(t) counts the units a >= 0 with (2a + 1) / w below t, the same for every
/// child of that weight. Summed over one weight's children that is
///     sum max(x - floor, 0) - sum max(x - ceiling, 0),
/// which the floors' and the ceilings' counts and sums below x give (`value_counts`). So each
/// probe of `share()`'s search (`find_boundary`) costs a few tree walks per weight, and the
/// search finds the same boundary cell `share()` finds. A child's quota is then its clamp at
/// the cell's bottom plus the tie unit of DESIGN 4.1 (the tied children in order: higher
/// weight first, then earlier creation), and only the weights whose rule moved are visited to
/// list the quotas that changed.
///
/// Children are known by a handle it gives; each carries the caller's id, reported with its
/// changes. Not thread-safe (the pool's mutex).
class water_level {
public:
    /// The weights it keeps apart: 1..classes (DESIGN 4: job priorities).
    static constexpr std::uint32_t classes = 10;

    struct change {
        std::uint32_t id;
        std::uint32_t before;
        std::uint32_t after;
    };

    /// Adds a child: `order` is its creation order (earlier first among equal weights), and
    /// `quota_now` the quota it holds until the next `divide` (what that lists a change
    /// from). `c.weight` must be in 1..classes.
    std::uint32_t insert(std::uint32_t id, share_child c, std::uint32_t order, std::uint32_t quota_now = 0) {
        std::uint32_t h = 0;
        if (!free_handles.empty()) {
            h = free_handles.back();
            free_handles.pop_back();
        } else {
            h = static_cast<std::uint32_t>(kids.size());
            kids.emplace_back();
        }
        kid& k = kids[h];
        k = kid{id, order, c.floor, std::max(c.floor, c.ceiling), c.weight, quota_now};
        enter(h);
        touched.push_back(h);
        return h;
    }

    /// Removes a child; its quota is the caller's to clear.
    void erase(std::uint32_t h) {
        leave(h);
        kids[h].weight = 0;
        free_handles.push_back(h);
    }

    /// New bounds or a new weight for a child (its order stays).
    void update(std::uint32_t h, share_child c) {
        kid& k = kids[h];
        const std::uint32_t top = std::max(c.floor, c.ceiling);
        if (k.floor == c.floor && k.ceiling == top && k.weight == c.weight) {
            return;
        }
        touched.push_back(h); // first: the one step that may fail
        if (k.weight == c.weight) {
            // Its place among its weight's children stays: only the sums move.
            count_out(k);
            k.floor = c.floor;
            k.ceiling = top;
            count_in(k);
            return;
        }
        leave(h);
        k.floor = c.floor;
        k.ceiling = top;
        k.weight = c.weight;
        enter(h);
    }

    std::size_t size() const noexcept { return kids.size() - free_handles.size(); }
    /// The sum of the children's ceilings (each at least its floor): DESIGN 4.2's bound of
    /// the node above.
    std::uint64_t ceilings() const noexcept { return ceilings_total; }
    /// Forgets every child.
    void clear() noexcept {
        kids.clear();
        free_handles.clear();
        touched.clear();
        for (std::uint32_t w = 0; w <= classes; ++w) {
            by_class[w].clear();
            floors_in[w] = value_counts{};
            ceilings_in[w] = value_counts{};
            floors_of[w] = 0;
            rules[w] = rule{};
            tied_before_cut[w] = 0;
        }
        last_cell = boundary_cell{};
        floors_total = 0;
        ceilings_total = 0;
        weights_total = 0;
    }
    std::uint32_t quota(std::uint32_t h) const noexcept { return kids[h].quota; }
    std::uint32_t id(std::uint32_t h) const noexcept { return kids[h].id; }

    /// DESIGN 4.1: divides `capacity` among the children as `share()` would among them in
    /// order-key order, and appends each child whose quota is not what the last `divide` gave
    /// it (a child inserted since: not 0) to `changed`.
    void divide(std::uint64_t capacity, std::vector<change>& changed) {
        std::array<rule, classes + 1> next{};
        std::array<std::uint64_t, classes + 1> next_tied{};
        if (floors_total >= capacity) {
            floors_first(capacity, next);
        } else if (capacity >= ceilings_total) {
            for (std::uint32_t w = 1; w <= classes; ++w) {
                next[w] = rule{rule::clamp, everything, no_tie};
            }
        } else {
            shared(capacity - floors_total, next, next_tied);
        }
        for (std::uint32_t w = 1; w <= classes; ++w) {
            const rule& was = rules[w];
            const rule& now = next[w];
            auto& members = by_class[w];
            if (was.kind != now.kind || was.x != now.x || now.kind != rule::clamp) {
                settle(w, now, members.data(), members.data() + members.size(), changed);
            } else if (was.cut != now.cut) {
                // Only the tie unit moved: the members between the two cuts.
                const std::uint64_t from = std::min(was.cut, now.cut);
                const std::uint64_t to = std::max(was.cut, now.cut);
                const std::uint32_t* const begin = members.data();
                const std::uint32_t* const end = begin + members.size();
                const auto by_rank = [this](std::uint64_t o, std::uint32_t h) { return o < rank(h); };
                const std::uint32_t* const first = std::upper_bound(begin, end, from, by_rank);
                const std::uint32_t* const last = std::upper_bound(first, end, to, by_rank);
                settle(w, now, first, last, changed);
            }
        }
        rules = next;
        tied_before_cut = next_tied;
        for (const std::uint32_t h : touched) {
            if (kids[h].weight != 0) {
                settle_one(h, rules[kids[h].weight], changed);
            }
        }
        touched.clear();
    }

private:
    struct kid {
        std::uint32_t id = 0;
        std::uint32_t order = 0;
        std::uint32_t floor = 0;
        std::uint32_t ceiling = 0; // at least the floor
        std::uint32_t weight = 0;  // 1..classes; 0: the handle is free (24 bytes a child)
        std::uint32_t quota = 0;   // as the last divide left it
    };

    // How one weight's children get their quotas at the last division:
    //  - clamp: clamp(x, floor, ceiling), plus one unit for the tied children (floor <= x <
    //    ceiling) whose rank (order + 1) is at most `cut` (0: none, `everything`: all);
    //  - zero: nothing (the floors ran out before this weight, DESIGN 4.1 step 1);
    //  - floors: the floors in order while `x` units last (the weight where they ran out).
    struct rule {
        enum kind_type : std::uint8_t { clamp, zero, floors } kind = zero;
        std::uint64_t x = 0;
        std::uint64_t cut = 0;
    };
    static constexpr std::uint64_t everything = std::uint64_t{1} << 40; // above any unit count
    static constexpr std::uint64_t no_tie = 0;

    std::uint64_t rank(std::uint32_t h) const noexcept { return std::uint64_t{kids[h].order} + 1; }

    // The units a weight-w child holds below grid point n, before its clamp (`slots_up_to`).
    static std::uint64_t units_below(std::uint64_t w, std::uint64_t n) noexcept {
        const std::uint64_t scaled = w * n;
        const std::uint64_t x = scaled < grid ? 0 : (scaled - grid) / (2 * grid) + 1;
        return std::min<std::uint64_t>(x, std::uint64_t{1} << 32); // every ceiling is below
    }

    void enter(std::uint32_t h) {
        const kid& k = kids[h];
        auto& members = by_class[k.weight];
        const auto at = std::upper_bound(members.begin(), members.end(), k.order,
                                         [this](std::uint32_t o, std::uint32_t m) { return o < kids[m].order; });
        members.insert(at, h);
        count_in(k);
    }
    // Whether `k` is one of its weight's tied children below the cut of the last division.
    bool before_cut(const kid& k) const noexcept {
        const rule& r = rules[k.weight];
        return r.kind == rule::clamp && k.floor <= r.x && r.x < k.ceiling && std::uint64_t{k.order} + 1 <= r.cut;
    }

    void count_in(const kid& k) {
        if (k.floor < k.ceiling) { // a child with no room has no slot: only its floor counts
            floors_in[k.weight].insert(k.floor);
            ceilings_in[k.weight].insert(k.ceiling);
        }
        tied_before_cut[k.weight] += before_cut(k) ? 1 : 0;
        floors_of[k.weight] += k.floor;
        floors_total += k.floor;
        ceilings_total += k.ceiling;
        weights_total += k.weight;
    }
    void count_out(const kid& k) noexcept {
        if (k.floor < k.ceiling) {
            floors_in[k.weight].erase(k.floor);
            ceilings_in[k.weight].erase(k.ceiling);
        }
        tied_before_cut[k.weight] -= before_cut(k) ? 1 : 0;
        floors_of[k.weight] -= k.floor;
        floors_total -= k.floor;
        ceilings_total -= k.ceiling;
        weights_total -= k.weight;
    }
    void leave(std::uint32_t h) {
        const kid& k = kids[h];
        auto& members = by_class[k.weight];
        auto at = std::lower_bound(members.begin(), members.end(), k.order,
                                   [this](std::uint32_t m, std::uint32_t o) { return kids[m].order < o; });
        while (*at != h) { // children of one order (never two jobs) sit side by side
            ++at;
        }
        members.erase(at);
        count_out(k);
    }

    // DESIGN 4.1 step 1: the floors, higher weight first, then in creation order, while the
    // capacity lasts.
    void floors_first(std::uint64_t capacity, std::array<rule, classes + 1>& next) const {
        std::uint64_t left = capacity;
        for (std::uint32_t w = classes; w >= 1; --w) {
            if (floors_of[w] <= left) {
                next[w] = rule{rule::clamp, 0, no_tie}; // clamp(0, floor, ceiling) = floor
                left -= floors_of[w];
            } else if (left == 0) {
                next[w] = rule{rule::zero, 0, no_tie};
            } else {
                next[w] = rule{rule::floors, left, no_tie};
                left = 0;
            }
        }
    }

    // DESIGN 4.1 step 2: `units` above the floors by the divisor method, through `share()`'s
    // search over these per-weight counts.
    void shared(std::uint64_t units, std::array<rule, classes + 1>& next,
                std::array<std::uint64_t, classes + 1>& next_tied) {
        // Most changes leave the boundary in the cell it was in: two probes say so, and the
        // search runs only when it moved (the cell is the same either way).
        boundary_cell cell = last_cell;
        if (cell.hi == 0 || probe(cell.lo).count >= units || probe(cell.hi).count < units) {
            cell = find_boundary(units, floors_total, weights_total, ceilings_total - floors_total,
                                 [this](std::uint64_t n) { return probe(n); });
        }
        last_cell = cell;
        std::uint64_t given = 0;
        for (std::uint32_t w = 1; w <= classes; ++w) {
            const std::uint64_t x = units_below(w, cell.lo);
            next[w] = rule{rule::clamp, x, no_tie};
            given += held_above_floors(w, x);
        }
        // The tied children (a slot in the cell) in order: higher weight first, then earlier
        // creation, one unit each while units are left.
        std::uint64_t left = units - given;
        for (std::uint32_t w = classes; w >= 1 && left > 0; --w) {
            const std::uint64_t x = next[w].x;
            if (units_below(w, cell.hi) == x) {
                continue; // no slot of this weight in the cell
            }
            const std::uint64_t tied = floors_in[w].count_below(x + 1) - ceilings_in[w].count_below(x + 1);
            if (tied <= left) {
                next[w].cut = tied == 0 ? no_tie : everything;
                next_tied[w] = tied;
                left -= tied;
                continue;
            }
            // Some of them: the first `left` tied children in creation order.
            next[w].cut = cut_for(w, x, left);
            next_tied[w] = left;
            left = 0;
        }
    }

    // A cut (see `rule`) below which exactly `wanted` of weight w's children tied at x lie.
    // When the last division cut the same weight at the same x, from that cut: the tied
    // children at or below it are counted as they change (`tied_before_cut`), so only the
    // children between the two cuts are looked at; otherwise from the first child.
    std::uint64_t cut_for(std::uint32_t w, std::uint64_t x, std::uint64_t wanted) const noexcept {
        const auto& members = by_class[w];
        const auto tied_at = [&](std::uint32_t h) { return kids[h].floor <= x && x < kids[h].ceiling; };
        std::uint64_t have = 0;
        std::size_t at = 0; // members[0, at) are counted in `have`
        if (rules[w].kind == rule::clamp && rules[w].x == x) {
            have = tied_before_cut[w];
            at = static_cast<std::size_t>(
                std::upper_bound(members.begin(), members.end(), rules[w].cut,
                                 [this](std::uint64_t c, std::uint32_t h) { return c < rank(h); }) -
                members.begin());
        }
        while (have > wanted) { // drop tied children from the top down
            --at;
            if (tied_at(members[at]) && --have == wanted) {
                return rank(members[at]) - 1;
            }
        }
        if (have == wanted) { // exactly the tied children in members[0, at)
            return at == 0 ? no_tie : rank(members[at - 1]);
        }
        for (; at < members.size(); ++at) { // or add them from the bottom up
            if (tied_at(members[at]) && ++have == wanted) {
                return rank(members[at]);
            }
        }
        return everything; // not reached: fewer than `wanted` are tied
    }

    // sum over weight w's children of clamp(x, floor, ceiling) - floor.
    std::uint64_t held_above_floors(std::uint32_t w, std::uint64_t x) const noexcept {
        const auto& f = floors_in[w];
        const auto& c = ceilings_in[w];
        return (x * f.count_below(x) - f.sum_below(x)) - (x * c.count_below(x) - c.sum_below(x));
    }

    // `probe_slots` at grid point n, from the per-weight counts (see share.hpp).
    slot_probe probe(std::uint64_t n) const noexcept {
        slot_probe p;
        for (std::uint32_t w = 1; w <= classes; ++w) {
            const auto& f = floors_in[w];
            const auto& c = ceilings_in[w];
            if (f.size() == 0) {
                continue;
            }
            const std::uint64_t x = units_below(w, n);
            const std::uint64_t floors_below = f.count_below(x);
            const std::uint64_t ceilings_below = c.count_below(x);
            p.count += (x * floors_below - f.sum_below(x)) - (x * ceilings_below - c.sum_below(x));
            const std::uint64_t floors_upto = f.count_below(x + 1);
            const std::uint64_t ceilings_upto = c.count_below(x + 1);
            p.slope += w * (floors_below - ceilings_upto); // floor < x < ceiling
            // The last slot at or below n: at x for a child with floor < x <= ceiling, else
            // at the largest ceiling below x.
            slot_value last{0, 1};
            std::uint32_t value = 0;
            if (floors_below > ceilings_below) {
                last = slot_value{2 * x - 1, w};
            } else if (c.largest_below(x, value)) {
                last = slot_value{2 * std::uint64_t{value} - 1, w};
            }
            // The next slot above n: at x for a child with floor <= x < ceiling, else at the
            // smallest floor above x.
            slot_value next{1, 0};
            if (floors_upto > ceilings_upto) {
                next = slot_value{2 * x + 1, w};
            } else if (f.smallest_above(x, value)) {
                next = slot_value{2 * std::uint64_t{value} + 1, w};
            }
            p.last = before(p.last, last) ? last : p.last;
            p.next = before(next, p.next) ? next : p.next;
        }
        return p;
    }

    std::uint32_t quota_under(const kid& k, const rule& r, std::uint64_t& floors_left) const noexcept {
        switch (r.kind) {
        case rule::zero:
            return 0;
        case rule::floors: {
            const std::uint32_t q = static_cast<std::uint32_t>(std::min<std::uint64_t>(k.floor, floors_left));
            floors_left -= q;
            return q;
        }
        case rule::clamp:
        default: {
            const std::uint64_t held = std::min<std::uint64_t>(std::max<std::uint64_t>(r.x, k.floor), k.ceiling);
            const bool tie = k.floor <= r.x && r.x < k.ceiling && std::uint64_t{k.order} + 1 <= r.cut;
            return static_cast<std::uint32_t>(held + (tie ? 1 : 0));
        }
        }
    }

    // The members [first, last) of weight w under rule r; a `floors` rule needs them all, in
    // order.
    void settle(std::uint32_t, const rule& r, const std::uint32_t* first, const std::uint32_t* last,
                std::vector<change>& changed) {
        std::uint64_t floors_left = r.x;
        for (const std::uint32_t* m = first; m != last; ++m) {
            kid& k = kids[*m];
            const std::uint32_t q = quota_under(k, r, floors_left);
            if (q != k.quota) {
                changed.push_back(change{k.id, k.quota, q});
                k.quota = q;
            }
        }
    }
    void settle_one(std::uint32_t h, const rule& r, std::vector<change>& changed) {
        kid& k = kids[h];
        if (r.kind == rule::floors) {
            return; // its whole weight was settled in order
        }
        std::uint64_t unused = 0;
        const std::uint32_t q = quota_under(k, r, unused);
        if (q != k.quota) {
            changed.push_back(change{k.id, k.quota, q});
            k.quota = q;
        }
    }

    std::vector<kid> kids;
    std::vector<std::uint32_t> free_handles;
    std::vector<std::uint32_t> touched; // inserted or updated since the last divide
    std::array<std::vector<std::uint32_t>, classes + 1> by_class{}; // handles by creation order
    std::array<value_counts, classes + 1> floors_in{};   // of the children with room only
    std::array<value_counts, classes + 1> ceilings_in{};
    std::array<std::uint64_t, classes + 1> floors_of{};  // of every child of the weight
    std::array<rule, classes + 1> rules{};
    // Per weight: its children tied at its rule's x whose rank is within its cut, kept as
    // they change between divisions (`count_in`, `count_out`), for `cut_for`.
    std::array<std::uint64_t, classes + 1> tied_before_cut{};
    // The boundary cell the last shared division found (hi 0: none yet).
    boundary_cell last_cell{};
    std::uint64_t floors_total = 0;
    std::uint64_t ceilings_total = 0;
    std::uint64_t weights_total = 0;
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_ALLOCATION_DETAIL_WATER_LEVEL_HPP
