#include <licpool/core/date.hpp>

#include "licpool_catch.hpp"

#include <chrono>

using licpool::date;

TEST_CASE("dates agree with a day-by-day calendar from 1970 to 2200", "[core][date]") {
    int year = 1970;
    unsigned month = 1;
    unsigned day = 1;
    for (std::int32_t n = 0; year < 2200; ++n) {
        const date d{n};
        const auto parts = d.to_ymd();
        REQUIRE(parts.year == year);
        REQUIRE(parts.month == month);
        REQUIRE(parts.day == day);
        REQUIRE(date::from_ymd(year, month, day) == d);
        if (++day > date::days_in_month(year, month)) {
            day = 1;
            if (++month > 12) {
                month = 1;
                ++year;
            }
        }
    }
}

TEST_CASE("key day zero is 2020-01-01", "[core][date]") {
    CHECK(date::from_ymd(2020, 1, 1).days_since_1970() == 18262);
    CHECK(date{18262}.to_string() == "2020-01-01");
}

TEST_CASE("dates parse and print as YYYY-MM-DD", "[core][date]") {
    CHECK(date::parse("2024-02-29")->to_string() == "2024-02-29");
    CHECK(date::parse("1970-01-01") == date{0});
    CHECK(date::parse("2026-11-24") == date::from_ymd(2026, 11, 24));

    const char* bad = GENERATE("2023-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "2024-1-01",
                               "24-01-01", "2024/01/01", "abcd-ef-gh", "1969-12-31", "", " 2024-01-01",
                               "2024-01-01x", "2100-02-29");
    CAPTURE(bad);
    CHECK_FALSE(date::parse(bad).has_value());
}

TEST_CASE("a system time falls on its UTC day", "[core][date]") {
    using namespace std::chrono;
    const auto midnight = system_clock::time_point{seconds{18262LL * 86400}};
    CHECK(date::from(midnight) == date::from_ymd(2020, 1, 1));
    CHECK(date::from(midnight + seconds{86399}) == date::from_ymd(2020, 1, 1));
    CHECK(date::from(midnight - seconds{1}) == date::from_ymd(2019, 12, 31));
}

TEST_CASE("dates do day arithmetic", "[core][date]") {
    const date d = date::from_ymd(2024, 2, 28);
    CHECK((d + 1).to_string() == "2024-02-29");
    CHECK((d + 2).to_string() == "2024-03-01");
    CHECK((d - 59).to_string() == "2023-12-31");
    CHECK(date::from_ymd(2025, 1, 1) - d == 308);
}
