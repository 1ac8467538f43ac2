#include <licpool/core/clock.hpp>
#include <licpool/core/sync.hpp>

#include "licpool_catch.hpp"

#include <chrono>
#include <mutex>

using namespace std::chrono_literals;
using licpool::date;

namespace {
struct no_today {
    licpool::steady_time now() const { return {}; }
};
struct no_now {
    date today() const { return {}; }
};
struct wrong_now {
    int now() const { return 0; }
    date today() const { return {}; }
};
struct coarse_clock {
    licpool::steady_time now() const { return {}; }
    licpool::steady_time attempt_time() const { return {}; }
    date today() const { return {}; }
};
struct only_lock {
    void lock() {}
};
} // namespace

TEST_CASE("the policy traits accept the library's policies and refuse deficient ones", "[core][policy]") {
    STATIC_REQUIRE(licpool::is_clock_v<licpool::real_clock>);
    STATIC_REQUIRE(licpool::is_clock_v<licpool::manual_clock>);
    STATIC_REQUIRE_FALSE(licpool::is_clock_v<no_today>);
    STATIC_REQUIRE_FALSE(licpool::is_clock_v<no_now>);
    STATIC_REQUIRE_FALSE(licpool::is_clock_v<wrong_now>);
    STATIC_REQUIRE_FALSE(licpool::is_clock_v<int>);
    STATIC_REQUIRE(licpool::is_clock_v<coarse_clock>); // attempt_time() is optional, and allowed

    STATIC_REQUIRE(licpool::is_sync_v<std::mutex>);
    STATIC_REQUIRE(licpool::is_sync_v<licpool::null_mutex>);
    STATIC_REQUIRE_FALSE(licpool::is_sync_v<only_lock>);
    STATIC_REQUIRE_FALSE(licpool::is_sync_v<int>);
}

TEST_CASE("the real clock reads steady time and today's date", "[core][clock]") {
    const licpool::real_clock clock;
    const auto a = clock.now();
    const auto b = clock.now();
    CHECK(b >= a);
    CHECK(clock.today() >= date::from_ymd(2024, 1, 1));
}

TEST_CASE("the real clock's attempt time is its steady time, coarser", "[core][clock]") {
    // DESIGN 4.3's idle rule needs attempt stamps on now()'s time base and never ahead of it;
    // the hour bounds a wrong time base (the calendar's, or another epoch), not a speed.
    const licpool::real_clock clock;
    const auto before = clock.now();
    const auto stamp = clock.attempt_time();
    const auto after = clock.now();
    CHECK(stamp <= after);
    CHECK(before - stamp < std::chrono::hours{1});
    CHECK(clock.attempt_time() >= stamp);
    // A clock without the member stamps attempts with now().
    licpool::manual_clock manual;
    manual.advance(7s);
    CHECK(licpool::detail::attempt_time_of(manual) == manual.now());
    CHECK(licpool::detail::attempt_time_of(clock) <= clock.now());
}

TEST_CASE("the manual clock moves only when told", "[core][clock]") {
    licpool::manual_clock clock{date::from_ymd(2026, 3, 1)};
    CHECK(clock.now().time_since_epoch() == 0ns);
    CHECK(clock.today() == date::from_ymd(2026, 3, 1));

    SECTION("advancing moves steady time and the calendar together") {
        clock.advance(90s);
        CHECK(clock.elapsed() == 90s);
        CHECK(clock.today() == date::from_ymd(2026, 3, 1));
        clock.advance(24h);
        CHECK(clock.today() == date::from_ymd(2026, 3, 2));
        CHECK(clock.now().time_since_epoch() == 24h + 90s);
    }
    SECTION("steady time never goes back") {
        clock.advance(10s);
        clock.advance(-5s);
        CHECK(clock.elapsed() == 10s);
    }
    SECTION("the calendar can be set back on its own, as a host's clock can") {
        clock.advance(5s);
        clock.set_today(date::from_ymd(2025, 12, 31));
        CHECK(clock.today() == date::from_ymd(2025, 12, 31));
        CHECK(clock.elapsed() == 5s);
    }
    SECTION("copies start where the original is") {
        clock.advance(3s);
        const licpool::manual_clock copy = clock;
        clock.advance(3s);
        CHECK(copy.elapsed() == 3s);
    }
}

TEST_CASE("null_mutex locks nothing", "[core][sync]") {
    licpool::null_mutex m;
    std::lock_guard<licpool::null_mutex> first{m};
    std::lock_guard<licpool::null_mutex> second{m}; // would deadlock with a real mutex
    CHECK(m.try_lock());
}
