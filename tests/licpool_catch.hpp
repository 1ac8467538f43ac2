// The one place tests include Catch2 from: Debian's Catch2 2.13 (catch2/catch.hpp) or
// Catch2 v3, whichever find_package(Catch2) found (CMake defines LICPOOL_CATCH2_V3).
#ifndef LICPOOL_TESTS_CATCH_HPP
#define LICPOOL_TESTS_CATCH_HPP

#if defined(LICPOOL_CATCH2_V3)
#  include <catch2/catch_template_test_macros.hpp>
#  include <catch2/catch_test_macros.hpp>
#  include <catch2/generators/catch_generators.hpp>
#  include <catch2/generators/catch_generators_range.hpp>
#  include <catch2/matchers/catch_matchers_string.hpp>
#else
#  include <catch2/catch.hpp>
#endif

#include <string>

namespace licpool_test {
/// Matches a string containing `part` (Catch2 v2 and v3 spell this differently).
inline auto contains(const std::string& part) {
#if defined(LICPOOL_CATCH2_V3)
    return Catch::Matchers::ContainsSubstring(part);
#else
    return Catch::Matchers::Contains(part);
#endif
}
} // namespace licpool_test

#endif // LICPOOL_TESTS_CATCH_HPP
