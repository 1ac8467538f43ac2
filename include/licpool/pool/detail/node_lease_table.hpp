// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_NODE_LEASE_TABLE_HPP
#define LICPOOL_POOL_DETAIL_NODE_LEASE_TABLE_HPP

#include <licpool/catalog/catalog.hpp>
#include <licpool/core/detail/chrono.hpp> // std::chrono without the calendar's formatting
#include <licpool/core/expected.hpp>
#include <licpool/core/ids.hpp>
#include <licpool/pool/detail/kind_totals.hpp>
#include <licpool/pool/detail/pool_tree.hpp>
#include <licpool/pool/detail/recalculation_trigger.hpp>
#include <licpool/pool/node_lease.hpp>

#include <licpool/core/detail/algorithm.hpp> // the classic algorithms without std::ranges
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// Node leases (DESIGN 7): licenses lent to remote holders (media servers) for a time to
/// live, fenced so that a holder that lost its lease cannot act on it, and remembered by
/// request id so that a retried grant takes nothing twice. What they hold comes out of the
/// entitlement and of what the tree divides, so a grant or an end recalculates.
///
/// A single-threaded component: the pool's mutex guards it. Times are steady nanoseconds
/// the caller reads from the pool's clock.
/// (A template with an unused parameter only so that its code is compiled where a pool is
/// instantiated, not in every translation unit that includes the pool: scripts/compile-times.)
template <class Unused = void>
class basic_node_lease_table {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Unused>;

public:
    using lease_map = std::map<std::uint64_t, node_lease>;

    basic_node_lease_table(kind_totals& kind_totals, pool_tree& allocation_tree, recalculation_trigger& trigger_)
        : totals{kind_totals}, tree{allocation_tree}, trigger{trigger_} {}

    basic_node_lease_table(const basic_node_lease_table&) = delete;
    basic_node_lease_table& operator=(const basic_node_lease_table&) = delete;

    /// Lends `count` licenses of a kind to a remote holder (a media server, say) until the
    /// lease's time to live runs out, unless renewed. They come out of the entitlement and of
    /// what the tree divides among zones (DESIGN 4, 7: the pool recalculates), and never out
    /// of what zone minimums guarantee (refused `entitlement`, context "zone minimums"). A request id the holder used before gets the same lease back and
    /// takes nothing more (a retried or duplicated message); if that lease has ended,
    /// `stale_request`.
    [[nodiscard]] result<node_lease> grant(const node_lease_request& request, std::int64_t now) {
        if (request.holder.empty() || request.count == 0) {
            return fail(errc::invalid_setting)
                .subject(request.holder.empty() ? "node lease" : request.holder)
                .number(request.count)
                .limit(request.ttl.count())
                .note("a node lease needs a holder and a count of at least 1");
        }
        if (auto refused = check_lease_ttl(request.holder, request.ttl)) {
            return unexpected<error>(*refused);
        }
        auto k = tree.user_kind(request.kind);
        if (!k) {
            return unexpected<error>(k.error());
        }
        expire(now);
        const auto key = std::make_pair(request.holder, request.request_id);
        if (const auto seen = requests.find(key); seen != requests.end()) {
            if (const auto live = leases.find(seen->second); live != leases.end()) {
                return live->second;
            }
            return fail(errc::stale_request)
                .subject(request.holder)
                .number(static_cast<std::int64_t>(request.request_id));
        }
        if (auto refused = totals.check_operational()) {
            return unexpected<error>(*refused);
        }
        // Everything that allocates first (the lease, and its entries made as map nodes), then
        // the licenses taken and the entries linked in, which cannot fail: a failed allocation
        // leaves the pool as it was.
        node_lease granted;
        granted.holder = request.holder;
        granted.fence = last_fence + 1;
        granted.request_id = request.request_id;
        granted.kind = *k;
        granted.count = request.count;
        granted.expires = lease_expiry(now, request.ttl);
        lease_map lease_entry;
        lease_entry.emplace(granted.fence, granted);
        decltype(requests) request_entry;
        request_entry.emplace(key, granted.fence);
        limited_counter::reading seen{};
        if (!totals.counters[k->value()].try_take_n(request.count, seen)) {
            return fail(errc::entitlement).subject(request.kind).number(seen.used).limit(seen.limit);
        }
        // DESIGN 7: a lease is a consumer at the system level, next to the zones: it cannot
        // take what the zones' minimums guarantee them.
        const std::size_t r = tree.resource_of[k->value()];
        if (r != no_resource) {
            const std::uint64_t kept = tree.zone_minimums(r);
            const std::uint64_t entitled = tree.resource_entitlement(r);
            if (tree.resource_leased(r) + request.count + kept > entitled) {
                totals.counters[k->value()].give_back_n(request.count);
                return fail(errc::entitlement)
                    .subject(request.kind)
                    .context("zone minimums")
                    .number(static_cast<std::int64_t>(tree.resource_leased(r) + kept))
                    .limit(static_cast<std::int64_t>(entitled));
            }
        }
        totals.leased[k->value()] += request.count;
        if (r != no_resource) {
            // What the tree divides shrank (DESIGN 4, 7). A recalculation that cannot allocate
            // leaves the old limits whole; then the lease is not granted either.
            try {
                trigger.recalculate(recalculation_cause::node_lease, request.holder);
            } catch (...) {
                totals.leased[k->value()] -= request.count;
                totals.counters[k->value()].give_back_n(request.count);
                throw;
            }
        }
        ++last_fence;
        leases.insert(lease_entry.extract(lease_entry.begin()));
        requests.insert(request_entry.extract(request_entry.begin()));
        forget_old_requests();
        return granted;
    }

    /// Extends a live lease by `ttl` from now. A fence the holder no longer has (the lease
    /// expired, was released or force-released) is refused with `stale_fence`.
    [[nodiscard]] result<node_lease> renew(std::string_view holder, std::uint64_t fence, std::chrono::milliseconds ttl,
                                            std::int64_t now) {
        if (auto refused = check_lease_ttl(holder, ttl)) {
            return unexpected<error>(*refused);
        }
        expire(now);
        const auto it = leases.find(fence);
        if (it == leases.end() || it->second.holder != holder) {
            return fail(errc::stale_fence).subject(holder).number(static_cast<std::int64_t>(fence));
        }
        it->second.expires = lease_expiry(now, ttl);
        return it->second;
    }

    /// Gives a lease back before it expires.
    [[nodiscard]] result<void> release(std::string_view holder, std::uint64_t fence) {
        const auto it = leases.find(fence);
        if (it == leases.end() || it->second.holder != holder) {
            return fail(errc::stale_fence).subject(holder).number(static_cast<std::int64_t>(fence));
        }
        end_node_leases([&](const node_lease& l) { return l.fence == fence; }, holder);
        return {};
    }

    /// Takes back every lease of `holder` (a media server that crashed, say); returns how
    /// many licenses came back. Its later messages get `stale_fence`.
    std::uint32_t force_release(std::string_view holder) {
        const std::uint32_t released = end_node_leases([&](const node_lease& l) { return l.holder == holder; }, holder);
        return released;
    }

    /// The live leases, in grant order: who holds what, until when.
    std::vector<node_lease> live() const {
        std::vector<node_lease> out;
        for (const auto& [fence, l] : leases) {
            out.push_back(l);
        }
        return out;
    }

    // DESIGN 7: a lease not renewed in time comes back by itself. Mutex.
    void expire(std::int64_t now) {
        end_node_leases([now](const node_lease& l) { return l.expires.time_since_epoch().count() <= now; },
                        "expired node lease");
    }

private:
    // DESIGN 7: a time to live is 1 ms to `max_node_lease_ttl`, for grants and renewals alike.
    static std::optional<error> check_lease_ttl(std::string_view holder, std::chrono::milliseconds ttl) {
        if (ttl.count() <= 0 || ttl > max_node_lease_ttl) {
            return fail(errc::invalid_setting)
                .subject(holder.empty() ? std::string_view{"node lease"} : holder)
                .number(ttl.count())
                .limit(max_node_lease_ttl.count())
                .note("a node lease's time to live of {number} ms is outside 1..{limit} ms");
        }
        return std::nullopt;
    }

    // `now` + `ttl`, saturated: a steady clock far from zero must not overflow either.
    static steady_time lease_expiry(std::int64_t now, std::chrono::milliseconds ttl) noexcept {
        const std::int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(ttl).count();
        const std::int64_t most = std::numeric_limits<std::int64_t>::max();
        return steady_time{std::chrono::nanoseconds{now > most - nanos ? most : now + nanos}};
    }

    // Ends every lease `ends` picks and gives its licenses back; what the tree divides grows
    // by them, so the pool recalculates (DESIGN 4, 7). The recalculation comes first, with the
    // leases' counts already out of `totals.leased`: if it cannot allocate, that is undone and
    // nothing has ended. Returns how many licenses came back. Lock held.
    template <class Ends>
    std::uint32_t end_node_leases(Ends ends, std::string_view subject) {
        std::uint32_t released = 0;
        bool divided = false;
        for (const auto& [fence, l] : leases) {
            if (ends(l)) {
                totals.leased[l.kind.value()] -= l.count;
                released += l.count;
                divided = divided || tree.resource_of[l.kind.value()] != no_resource;
            }
        }
        if (divided) {
            try {
                trigger.recalculate(recalculation_cause::node_lease, subject);
            } catch (...) {
                for (const auto& [fence, l] : leases) {
                    if (ends(l)) {
                        totals.leased[l.kind.value()] += l.count;
                    }
                }
                throw;
            }
        }
        for (auto it = leases.begin(); it != leases.end();) {
            if (ends(it->second)) {
                totals.counters[it->second.kind.value()].give_back_n(it->second.count);
                it = leases.erase(it);
            } else {
                ++it;
            }
        }
        return released;
    }

    // Request ids are remembered so a retry never takes a second license. Memory is bounded:
    // past `remembered_requests`, the oldest answered requests whose leases ended are forgotten.
    static constexpr std::size_t remembered_requests = 4096;
    void forget_old_requests() {
        if (requests.size() <= remembered_requests) {
            return;
        }
        std::vector<std::pair<std::uint64_t, decltype(requests.begin())>> ended;
        for (auto it = requests.begin(); it != requests.end(); ++it) {
            if (leases.count(it->second) == 0) {
                ended.emplace_back(it->second, it);
            }
        }
        std::sort(ended.begin(), ended.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < ended.size() && requests.size() > remembered_requests; ++i) {
            requests.erase(ended[i].second);
        }
    }
    // Immutable after construction.
    kind_totals& totals;
    pool_tree& tree;
    recalculation_trigger& trigger;

public:
    /// The live leases by fence, the requests answered ((holder, request id) -> fence), and
    /// the last fence handed out. Mutex.
    lease_map leases;
    std::map<std::pair<std::string, std::uint64_t>, std::uint64_t> requests;
    std::uint64_t last_fence = 0;
};
using node_lease_table = basic_node_lease_table<>;

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_NODE_LEASE_TABLE_HPP
