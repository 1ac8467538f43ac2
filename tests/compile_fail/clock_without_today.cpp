// A Clock policy without today(): the class taking it must say which member is missing.
#include <licpool/core/clock.hpp>

struct clock_without_today {
    licpool::steady_time now() const { return {}; }
};

template <class Clock>
struct takes_a_clock {
    static_assert(licpool::detail::check_clock_policy<Clock>(), "see the message above");
};

template struct takes_a_clock<clock_without_today>;
