// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_DETAIL_CHRONO_HPP
#define LICPOOL_CORE_DETAIL_CHRONO_HPP

// licpool needs std::chrono's durations, time points and two clocks, nothing else. Since C++20
// <chrono> also holds the calendar, time zones and their formatting; with libstdc++ it then
// includes <sstream> and the locale machinery, a tenth of licpool's compile time (issue 15,
// scripts/compile-times). libstdc++ (GCC 11 and later) keeps the part licpool uses in
// <bits/chrono.h>, which its own <mutex> and <thread> include for the same reason; any other
// standard library, and any other language version, gets <chrono>.
#include <cstddef> // defines __GLIBCXX__ when the library is libstdc++

#if defined(__GLIBCXX__) && __cplusplus > 201703L && defined(__has_include)
#  if __has_include(<bits/chrono.h>)
#    include <bits/chrono.h>
#    define LICPOOL_DETAIL_CHRONO_INCLUDED
#  endif
#endif
#if !defined(LICPOOL_DETAIL_CHRONO_INCLUDED)
#  include <chrono>
#endif
#undef LICPOOL_DETAIL_CHRONO_INCLUDED

#endif // LICPOOL_CORE_DETAIL_CHRONO_HPP
