// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_DATE_HPP
#define LICPOOL_CORE_DATE_HPP

#include <licpool/core/detail/chrono.hpp> // std::chrono without the calendar's formatting
#include <licpool/core/version.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// A UTC calendar day, counted from 1970-01-01.
///
/// Key validity (DESIGN 3) is a matter of calendar days, not of seconds, so licpool
/// keeps dates apart from the steady time it uses for idle detection.
class date {
public:
    constexpr date() noexcept = default;
    constexpr explicit date(std::int32_t days_since_1970) noexcept : days_{days_since_1970} {}

    /// The day `year`-`month`-`day` in the proleptic Gregorian calendar. Out-of-range
    /// months or days are not checked here; `parse` checks text.
    static constexpr date from_ymd(int year, unsigned month, unsigned day) noexcept {
        // Shift the year to start in March, so that the leap day is the last day of it.
        const int y = year - (month <= 2 ? 1 : 0);
        const int era = (y >= 0 ? y : y - 399) / 400;
        const unsigned year_of_era = static_cast<unsigned>(y - era * 400);
        const unsigned shifted_month = month > 2 ? month - 3 : month + 9;
        const unsigned day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
        const unsigned day_of_era =
            year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        return date{era * 146097 + static_cast<std::int32_t>(day_of_era) - 719468};
    }

    /// The day a point of the system clock falls on, in UTC.
    static date from(std::chrono::system_clock::time_point tp) noexcept {
        const auto secs =
            std::chrono::duration_cast<std::chrono::seconds>(tp.time_since_epoch()).count();
        const auto day = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
        return date{static_cast<std::int32_t>(day)};
    }

    /// Reads `YYYY-MM-DD` exactly (years 1970..9999); anything else is no date.
    static std::optional<date> parse(std::string_view text) noexcept {
        if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
            return std::nullopt;
        }
        auto number = [&](std::size_t from, std::size_t count) -> int {
            int value = 0;
            for (std::size_t i = from; i < from + count; ++i) {
                if (text[i] < '0' || text[i] > '9') {
                    return -1;
                }
                value = value * 10 + (text[i] - '0');
            }
            return value;
        };
        const int y = number(0, 4);
        const int m = number(5, 2);
        const int d = number(8, 2);
        if (y < 1970 || m < 1 || m > 12 || d < 1 ||
            d > static_cast<int>(days_in_month(y, static_cast<unsigned>(m)))) {
            return std::nullopt;
        }
        return from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    }

    static constexpr unsigned days_in_month(int year, unsigned month) noexcept {
        constexpr unsigned char lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return month == 2 && leap ? 29U : lengths[(month - 1) % 12];
    }

    constexpr std::int32_t days_since_1970() const noexcept { return days_; }

    struct ymd {
        int year;
        unsigned month;
        unsigned day;
    };

    constexpr ymd to_ymd() const noexcept {
        const std::int32_t z = days_ + 719468;
        const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
        const unsigned day_of_era = static_cast<unsigned>(z - era * 146097);
        const unsigned year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
        const unsigned day_of_year =
            day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        const unsigned shifted_month = (5 * day_of_year + 2) / 153;
        const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
        const int year = static_cast<int>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
        return {year, month, day};
    }

    /// `YYYY-MM-DD`.
    std::string to_string() const {
        const ymd parts = to_ymd();
        std::string out(10, '0');
        auto put = [&](std::size_t at, std::size_t width, unsigned value) {
            for (std::size_t i = 0; i < width; ++i) {
                out[at + width - 1 - i] = static_cast<char>('0' + value % 10);
                value /= 10;
            }
        };
        put(0, 4, static_cast<unsigned>(parts.year));
        out[4] = '-';
        put(5, 2, parts.month);
        out[7] = '-';
        put(8, 2, parts.day);
        return out;
    }

    friend constexpr date operator+(date d, std::int32_t days) noexcept {
        return date{d.days_ + days};
    }
    friend constexpr date operator-(date d, std::int32_t days) noexcept {
        return date{d.days_ - days};
    }
    friend constexpr std::int32_t operator-(date a, date b) noexcept { return a.days_ - b.days_; }

    friend constexpr bool operator==(date a, date b) noexcept { return a.days_ == b.days_; }
    friend constexpr bool operator!=(date a, date b) noexcept { return a.days_ != b.days_; }
    friend constexpr bool operator<(date a, date b) noexcept { return a.days_ < b.days_; }
    friend constexpr bool operator<=(date a, date b) noexcept { return a.days_ <= b.days_; }
    friend constexpr bool operator>(date a, date b) noexcept { return a.days_ > b.days_; }
    friend constexpr bool operator>=(date a, date b) noexcept { return a.days_ >= b.days_; }

private:
    std::int32_t days_ = 0;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_CORE_DATE_HPP
