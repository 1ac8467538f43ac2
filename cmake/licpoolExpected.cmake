# Which expected type licpool will compile with (DESIGN 1: tl-expected, else C++23
# std::expected), found where licpool is used: by licpool's own CMakeLists.txt for the build
# tree (add_subdirectory, FetchContent) and by licpoolConfig.cmake for an installed licpool
# (find_package), at the consumer's configure time rather than licpool's install time.
#
# Settings a consumer may give:
#   LICPOOL_TL_EXPECTED_INCLUDE_DIR  the folder holding tl/expected.hpp, when CMake cannot
#                                    find it (nor a tl-expected package) by itself
#   LICPOOL_ASSUME_NO_EXPECTED       for licpool's tests: act as if neither were there

set(LICPOOL_NO_EXPECTED_MESSAGE
  "licpool needs C++23 std::expected or tl-expected; found neither. Install tl-expected \
(https://github.com/TartanLlama/expected) where CMake finds it (its package, or \
tl/expected.hpp on the include path; or set LICPOOL_TL_EXPECTED_INCLUDE_DIR to the folder \
holding tl/expected.hpp), or use a C++23 compiler and standard library with std::expected \
(GCC 12 or later).")

# licpool_find_expected(<var>): sets <var> to
#   tl::expected  tl-expected's own CMake package was found: link its target
#   tl            tl/expected.hpp was found in LICPOOL_TL_EXPECTED_INCLUDE_DIR
#   std           the compiler has std::expected as C++23: require cxx_std_23
#   (empty)       neither: licpool cannot be used
function(licpool_find_expected var)
  set(${var} "" PARENT_SCOPE)
  if(LICPOOL_ASSUME_NO_EXPECTED)
    return()
  endif()
  find_package(tl-expected CONFIG QUIET)
  if(TARGET tl::expected)
    set(${var} tl::expected PARENT_SCOPE)
    return()
  endif()
  find_path(LICPOOL_TL_EXPECTED_INCLUDE_DIR tl/expected.hpp
    DOC "The folder holding tl/expected.hpp (tl-expected), for licpool")
  if(LICPOOL_TL_EXPECTED_INCLUDE_DIR)
    set(${var} tl PARENT_SCOPE)
    return()
  endif()
  # Without C++ enabled there is no compiler to ask: require C++23, and the compiler says
  # the rest (core/expected.hpp's #error).
  if(NOT CMAKE_CXX_COMPILER_LOADED)
    set(${var} std PARENT_SCOPE)
    return()
  endif()
  # CMake 3.20 and later know C++23; an older one could not ask for it anyway.
  if(NOT DEFINED CMAKE_CXX23_STANDARD_COMPILE_OPTION)
    return()
  endif()
  if(NOT DEFINED LICPOOL_HAS_STD_EXPECTED)
    # CXX_STANDARD 23 on the check itself: the consumer's own CMAKE_CXX_STANDARD (17, say)
    # is not what licpool's target would ask for.
    set(dir "${CMAKE_BINARY_DIR}/CMakeFiles/licpool_expected")
    file(WRITE "${dir}/check.cpp" [[
#include <expected>
#if !defined(__cpp_lib_expected) || __cpp_lib_expected < 202202L
#  error "no std::expected"
#endif
int main() { return std::expected<int, int>{0}.value(); }
]])
    try_compile(has_std "${dir}/build" SOURCES "${dir}/check.cpp"
      CXX_STANDARD 23 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
    set(LICPOOL_HAS_STD_EXPECTED ${has_std} CACHE INTERNAL "Whether the C++ compiler has std::expected as C++23")
  endif()
  if(LICPOOL_HAS_STD_EXPECTED)
    set(${var} std PARENT_SCOPE)
  endif()
endfunction()

# licpool_use_expected(<target> <choice> [BUILD_INTERFACE]): makes <target> compile with
# <choice> from licpool_find_expected. BUILD_INTERFACE keeps it out of the exported target,
# whose package config chooses again where it is used.
function(licpool_use_expected target choice)
  if(choice STREQUAL "tl::expected")
    set(link tl::expected)
  elseif(choice STREQUAL "tl")
    set(include "${LICPOOL_TL_EXPECTED_INCLUDE_DIR}")
  elseif(choice STREQUAL "std")
    set(feature cxx_std_23)
  endif()
  if(ARGV2 STREQUAL "BUILD_INTERFACE")
    foreach(name link include feature)
      if(${name})
        set(${name} "$<BUILD_INTERFACE:${${name}}>")
      endif()
    endforeach()
  endif()
  if(link)
    target_link_libraries(${target} INTERFACE "${link}")
  elseif(include)
    target_include_directories(${target} SYSTEM INTERFACE "${include}")
  elseif(feature)
    target_compile_features(${target} INTERFACE "${feature}")
  endif()
endfunction()
