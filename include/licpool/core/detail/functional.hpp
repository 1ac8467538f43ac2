// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_CORE_DETAIL_FUNCTIONAL_HPP
#define LICPOOL_CORE_DETAIL_FUNCTIONAL_HPP

// licpool needs std::function, std::less and std::hash from <functional>, nothing else. The
// rest of <functional> (the searchers since C++17, the ranges' comparisons since C++20) brings
// <unordered_map>, <array> and the whole of <bits/stl_algo.h>: about a twentieth of
// licpool.hpp's compile time (issue 15, scripts/compile-times). libstdc++ keeps the three in
// <bits/std_function.h>, <bits/stl_function.h> and <bits/functional_hash.h>, which its own
// <functional> includes; any other standard library gets <functional>. A host that uses
// std::bind, std::ref or std::invoke includes <functional> itself, as it should anyway.
#include <cstddef> // defines __GLIBCXX__ when the library is libstdc++

#if defined(__GLIBCXX__) && defined(__has_include)
#  if __has_include(<bits/std_function.h>) && __has_include(<bits/stl_function.h>) && \
      __has_include(<bits/functional_hash.h>)
#    include <bits/functional_hash.h>
#    include <bits/std_function.h>
#    include <bits/stl_function.h>
#    define LICPOOL_DETAIL_FUNCTIONAL_INCLUDED
#  endif
#endif
#if !defined(LICPOOL_DETAIL_FUNCTIONAL_INCLUDED)
#  include <functional>
#endif
#undef LICPOOL_DETAIL_FUNCTIONAL_INCLUDED

#endif // LICPOOL_CORE_DETAIL_FUNCTIONAL_HPP
