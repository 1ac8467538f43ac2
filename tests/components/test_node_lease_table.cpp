// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.

#include "components/component_fixture.hpp"
#include "licpool_catch.hpp"

#include <chrono>
#include <cstdint>
#include <string>

using namespace licpool_components;
using namespace std::chrono_literals;

namespace {

// Nanoseconds, the unit the table's `now` is in.
constexpr std::int64_t lease_ms = 1'000'000;

// The table on its own: totals and the tree it takes from, and a trigger that only records.
// The entitlement is published by hand (what a recalculation would do to the system
// counter), so the table's own bookkeeping is all that moves the counters.
struct lease_parts {
    explicit lease_parts(std::uint32_t ports) {
        std::vector<entitlement> granted(1);
        granted[0].kind = port;
        granted[0].count = ports;
        totals.apply(entitlement_set::total(kinds, granted, date{}));
        totals.counters[port.value()].set_limit(ports);
    }

    node_lease_request request(std::string holder, std::uint64_t id, std::uint32_t count,
                               std::chrono::milliseconds ttl = 1000ms) const {
        node_lease_request r;
        r.holder = std::move(holder);
        r.request_id = id;
        r.kind = "telephony_port";
        r.count = count;
        r.ttl = ttl;
        return r;
    }

    std::uint32_t used() const { return totals.counters[port.value()].used(); }
    std::uint64_t leased() const { return totals.leased[port.value()]; }

    const catalog kinds = presets::contact_center();
    const kind_id port = *kinds.find("telephony_port");
    detail::kind_totals totals{kinds};
    detail::pool_tree tree{kinds, totals};
    trigger_log log;
    detail::node_lease_table leases{totals, tree, log};
};

} // namespace

TEST_CASE("node_lease_table: a grant takes its count from the system and recalculates", "[components][node_leases]") {
    lease_parts p{10};
    const auto first = p.leases.grant(p.request("media-1", 1, 3), 0);
    REQUIRE(first);
    CHECK(first->holder == "media-1");
    CHECK(first->kind == p.port);
    CHECK(first->count == 3);
    CHECK(first->expires == steady_time{std::chrono::nanoseconds{1000 * lease_ms}});
    CHECK(p.used() == 3);
    CHECK(p.leased() == 3);
    // Telephony ports are divided among zones: what the tree divides shrank (DESIGN 7).
    REQUIRE(p.log.fired.size() == 1);
    CHECK(p.log.fired[0].first == recalculation_cause::node_lease);
    CHECK(p.log.fired[0].second == "media-1");

    const auto second = p.leases.grant(p.request("media-2", 1, 2), 0);
    REQUIRE(second);
    CHECK(second->fence > first->fence);
    CHECK(p.used() == 5);
    CHECK(p.leased() == 5);
    CHECK(p.leases.live().size() == 2);
}

TEST_CASE("node_lease_table: a refused grant takes nothing and uses up no fence", "[components][node_leases]") {
    lease_parts p{4};
    const auto first = p.leases.grant(p.request("media-1", 1, 3), 0);
    REQUIRE(first);
    p.log.fired.clear();

    const auto refused = p.leases.grant(p.request("media-1", 2, 2), 0);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::entitlement);
    CHECK(p.used() == 3);
    CHECK(p.leased() == 3);
    CHECK(p.log.fired.empty());
    CHECK(p.leases.requests.size() == 1);

    const auto next = p.leases.grant(p.request("media-1", 3, 1), 0);
    REQUIRE(next);
    CHECK(next->fence == first->fence + 1);
}

TEST_CASE("node_lease_table: a repeated request id gets the same lease and takes nothing more",
          "[components][node_leases]") {
    lease_parts p{10};
    const auto granted = p.leases.grant(p.request("media-1", 42, 3), 0);
    REQUIRE(granted);
    const auto fired = p.log.fired.size();

    // A retried message, even one that asks for more, is the request answered before.
    const auto again = p.leases.grant(p.request("media-1", 42, 5), 10 * lease_ms);
    REQUIRE(again);
    CHECK(*again == *granted);
    CHECK(p.used() == 3);
    CHECK(p.leased() == 3);
    CHECK(p.log.fired.size() == fired);
    CHECK(p.leases.live().size() == 1);

    // The same id from another holder is another request.
    const auto other = p.leases.grant(p.request("media-2", 42, 1), 0);
    REQUIRE(other);
    CHECK(other->fence != granted->fence);
    CHECK(p.used() == 4);
}

TEST_CASE("node_lease_table: a request id whose lease ended is stale", "[components][node_leases]") {
    lease_parts p{10};
    const auto granted = p.leases.grant(p.request("media-1", 7, 3), 0);
    REQUIRE(granted);
    REQUIRE(p.leases.release("media-1", granted->fence));
    CHECK(p.used() == 0);

    const auto stale = p.leases.grant(p.request("media-1", 7, 3), 0);
    REQUIRE_FALSE(stale);
    CHECK(stale.error().code() == errc::stale_request);
    CHECK(p.used() == 0);
    CHECK(p.leased() == 0);
    CHECK(p.leases.live().empty());
}

TEST_CASE("node_lease_table: renew and release need the holder's live fence", "[components][node_leases]") {
    lease_parts p{10};
    const auto granted = p.leases.grant(p.request("media-1", 1, 2), 0);
    REQUIRE(granted);
    const std::uint64_t fence = granted->fence;

    SECTION("renew extends a live lease from now") {
        const auto renewed = p.leases.renew("media-1", fence, 5000ms, 500 * lease_ms);
        REQUIRE(renewed);
        CHECK(renewed->fence == fence);
        CHECK(renewed->expires == steady_time{std::chrono::nanoseconds{5500 * lease_ms}});
        CHECK(p.leases.leases.at(fence).expires == renewed->expires);
    }
    SECTION("a fence never handed out is stale") {
        CHECK(p.leases.renew("media-1", fence + 100, 1000ms, 0).error().code() == errc::stale_fence);
        CHECK(p.leases.release("media-1", fence + 100).error().code() == errc::stale_fence);
        CHECK(p.used() == 2);
    }
    SECTION("another holder's fence is stale") {
        CHECK(p.leases.renew("media-2", fence, 1000ms, 0).error().code() == errc::stale_fence);
        CHECK(p.leases.release("media-2", fence).error().code() == errc::stale_fence);
        CHECK(p.used() == 2);
        CHECK(p.leases.live().size() == 1);
    }
    SECTION("a released fence is stale, and its licenses came back once") {
        REQUIRE(p.leases.release("media-1", fence));
        CHECK(p.used() == 0);
        CHECK(p.leased() == 0);
        CHECK(p.log.fired.back() == std::make_pair(recalculation_cause::node_lease, std::string{"media-1"}));
        CHECK(p.leases.release("media-1", fence).error().code() == errc::stale_fence);
        CHECK(p.leases.renew("media-1", fence, 1000ms, 0).error().code() == errc::stale_fence);
        CHECK(p.used() == 0);
    }
    SECTION("an expired fence is stale: renewing too late does not revive it") {
        const auto late = p.leases.renew("media-1", fence, 1000ms, 1000 * lease_ms);
        REQUIRE_FALSE(late);
        CHECK(late.error().code() == errc::stale_fence);
        CHECK(p.used() == 0);
        CHECK(p.leases.live().empty());
    }
}

TEST_CASE("node_lease_table: a grant never takes what zone minimums guarantee", "[components][node_leases]") {
    lease_parts p{10};
    const auto zone = p.tree.find_or_create_zone("east");
    REQUIRE(zone);
    p.tree.apply_settings(*zone, {detail::checked_setting{p.port, limits{6, unlimited, 1}}});

    const auto refused = p.leases.grant(p.request("media-1", 1, 5), 0);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == errc::entitlement);
    CHECK(refused.error().context() == "zone minimums");
    CHECK(p.used() == 0);
    CHECK(p.leased() == 0);
    CHECK(p.log.fired.empty());
    CHECK(p.leases.requests.empty());

    // What is left above the minimums can be lent.
    REQUIRE(p.leases.grant(p.request("media-1", 2, 4), 0));
    CHECK(p.used() == 4);
    CHECK(p.leases.grant(p.request("media-1", 3, 1), 0).error().context() == "zone minimums");
    CHECK(p.used() == 4);
}

TEST_CASE("node_lease_table: a time to live is 1 ms to max_node_lease_ttl", "[components][node_leases]") {
    lease_parts p{10};
    const auto zero = p.leases.grant(p.request("media-1", 1, 1, 0ms), 0);
    REQUIRE_FALSE(zero);
    CHECK(zero.error().code() == errc::invalid_setting);
    const auto too_long = p.leases.grant(p.request("media-1", 2, 1, max_node_lease_ttl + 1ms), 0);
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error().code() == errc::invalid_setting);
    CHECK(p.used() == 0);
    CHECK(p.leases.requests.empty());
    CHECK(p.log.fired.empty());

    const auto shortest = p.leases.grant(p.request("media-1", 3, 1, 1ms), 0);
    REQUIRE(shortest);
    const auto longest = p.leases.grant(p.request("media-1", 4, 1, max_node_lease_ttl), 0);
    REQUIRE(longest);

    // A renewal is held to the same bounds, and a refused one leaves the expiry as it was.
    CHECK(p.leases.renew("media-1", longest->fence, 0ms, 0).error().code() == errc::invalid_setting);
    CHECK(p.leases.renew("media-1", longest->fence, max_node_lease_ttl + 1ms, 0).error().code() ==
          errc::invalid_setting);
    CHECK(p.leases.leases.at(longest->fence).expires == longest->expires);
}

TEST_CASE("node_lease_table: expire ends exactly the leases due and gives their counts back",
          "[components][node_leases]") {
    lease_parts p{20};
    const auto short_lease = p.leases.grant(p.request("media-1", 1, 2, 1000ms), 0);
    const auto same_time = p.leases.grant(p.request("media-2", 1, 3, 1000ms), 0);
    const auto long_lease = p.leases.grant(p.request("media-1", 2, 4, 2000ms), 0);
    REQUIRE(short_lease);
    REQUIRE(same_time);
    REQUIRE(long_lease);
    REQUIRE(p.used() == 9);
    p.log.fired.clear();

    p.leases.expire(1000 * lease_ms - 1); // one nanosecond early: nothing is due
    CHECK(p.leases.live().size() == 3);
    CHECK(p.used() == 9);
    CHECK(p.log.fired.empty());

    p.leases.expire(1000 * lease_ms); // an expiry of exactly now is due
    const auto left = p.leases.live();
    REQUIRE(left.size() == 1);
    CHECK(left[0].fence == long_lease->fence);
    CHECK(p.used() == 4);
    CHECK(p.leased() == 4);
    // Both ended leases are one recalculation.
    REQUIRE(p.log.fired.size() == 1);
    CHECK(p.log.fired[0] == std::make_pair(recalculation_cause::node_lease, std::string{"expired node lease"}));

    p.leases.expire(1500 * lease_ms);
    CHECK(p.leases.live().size() == 1);
    p.leases.expire(2000 * lease_ms);
    CHECK(p.leases.live().empty());
    CHECK(p.used() == 0);
    CHECK(p.leased() == 0);
}

TEST_CASE("node_lease_table: force_release takes back every lease of a holder and returns the count",
          "[components][node_leases]") {
    lease_parts p{20};
    const auto a1 = p.leases.grant(p.request("media-1", 1, 3), 0);
    const auto a2 = p.leases.grant(p.request("media-1", 2, 2), 0);
    const auto b = p.leases.grant(p.request("media-2", 1, 4), 0);
    REQUIRE(a1);
    REQUIRE(a2);
    REQUIRE(b);
    p.log.fired.clear();

    CHECK(p.leases.force_release("media-1") == 5);
    CHECK(p.used() == 4);
    CHECK(p.leased() == 4);
    REQUIRE(p.log.fired.size() == 1);
    CHECK(p.log.fired[0] == std::make_pair(recalculation_cause::node_lease, std::string{"media-1"}));
    CHECK(p.leases.renew("media-1", a1->fence, 1000ms, 0).error().code() == errc::stale_fence);
    CHECK(p.leases.release("media-1", a2->fence).error().code() == errc::stale_fence);
    CHECK(p.leases.renew("media-2", b->fence, 1000ms, 0));

    // A holder with nothing: nothing comes back, and nothing is recalculated.
    CHECK(p.leases.force_release("media-1") == 0);
    CHECK(p.leases.force_release("nobody") == 0);
    CHECK(p.log.fired.size() == 1);
    CHECK(p.used() == 4);
}

TEST_CASE("node_lease_table: remembered requests are bounded, forgetting the oldest ended ones only",
          "[components][node_leases]") {
    constexpr std::uint64_t remembered = 4096;
    lease_parts p{10000};

    SECTION("ended requests are forgotten oldest first, a live one never") {
        const auto live = p.leases.grant(p.request("media-1", 1, 1), 0);
        REQUIRE(live);
        for (std::uint64_t id = 2; id <= remembered + 2; ++id) {
            const auto granted = p.leases.grant(p.request("media-1", id, 1), 0);
            REQUIRE(granted);
            REQUIRE(p.leases.release("media-1", granted->fence));
        }
        // 4098 requests answered: the two oldest ended ones (ids 2 and 3) are forgotten; id
        // 1, older still, is live.
        CHECK(p.leases.requests.size() == remembered);
        CHECK(p.leases.requests.count({"media-1", 1}) == 1);
        CHECK(p.leases.requests.count({"media-1", 2}) == 0);
        CHECK(p.leases.requests.count({"media-1", 3}) == 0);
        CHECK(p.leases.requests.count({"media-1", 4}) == 1);
        CHECK(p.leases.grant(p.request("media-1", 1, 1), 0) == *live);
        CHECK(p.leases.grant(p.request("media-1", 4, 1), 0).error().code() == errc::stale_request);
        // A forgotten id is a new request: the one thing the bound gives up.
        const auto reused = p.leases.grant(p.request("media-1", 2, 1), 0);
        REQUIRE(reused);
        CHECK(reused->fence > live->fence);
        CHECK(p.used() == 2);
    }
    SECTION("live requests are all remembered, past the bound") {
        for (std::uint64_t id = 1; id <= remembered + 1; ++id) {
            REQUIRE(p.leases.grant(p.request("media-1", id, 1), 0));
        }
        CHECK(p.leases.requests.size() == remembered + 1);
        const auto first_again = p.leases.grant(p.request("media-1", 1, 1), 0);
        REQUIRE(first_again);
        CHECK(first_again->request_id == 1);
        CHECK(p.used() == remembered + 1);
    }
}
