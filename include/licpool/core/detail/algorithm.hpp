// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_DETAIL_ALGORITHM_HPP
#define LICPOOL_CORE_DETAIL_ALGORITHM_HPP

// licpool needs the classic algorithms (std::sort, std::lower_bound, std::find_if, std::max
// and their kin), nothing else. Since C++20 <algorithm> also holds the std::ranges versions of
// every one of them, and since C++17 the parallel algorithms' declarations: with libstdc++
// that is most of <algorithm>, and about a twelfth of licpool.hpp's compile time (issue 15,
// scripts/compile-times). libstdc++ keeps the classic ones in <bits/stl_algobase.h> and
// <bits/stl_algo.h>, which its <algorithm> includes first; any other standard library gets
// <algorithm>. A host that uses std::ranges algorithms includes <algorithm> itself.
#include <cstddef> // defines __GLIBCXX__ when the library is libstdc++

#if defined(__GLIBCXX__) && defined(__has_include)
#  if __has_include(<bits/stl_algobase.h>) && __has_include(<bits/stl_algo.h>)
#    include <bits/stl_algobase.h>
#    include <bits/stl_algo.h>
#    define LICPOOL_DETAIL_ALGORITHM_INCLUDED
#  endif
#endif
#if !defined(LICPOOL_DETAIL_ALGORITHM_INCLUDED)
#  include <algorithm>
#endif
#undef LICPOOL_DETAIL_ALGORITHM_INCLUDED

#endif // LICPOOL_CORE_DETAIL_ALGORITHM_HPP
