// A Clock policy without now(): the class taking it must say which member is missing.
#include <licpool/core/clock.hpp>

struct clock_without_now {
    licpool::date today() const { return licpool::date{0}; }
};

template <class Clock>
struct takes_a_clock {
    static_assert(licpool::detail::check_clock_policy<Clock>(), "see the message above");
};

template struct takes_a_clock<clock_without_now>;
