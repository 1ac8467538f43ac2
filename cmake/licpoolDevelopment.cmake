# Settings for licpool's own tests, examples and benchmarks. None of this reaches the
# licpool INTERFACE target, so hosts never inherit our warnings or sanitizers.

option(LICPOOL_WERROR "Treat warnings as errors in licpool's own programs" OFF)
option(LICPOOL_TL_EXPECTED_STANDIN
  "Build licpool's own programs against the test-only tl-expected stand-in in tests/compat" OFF)

if(NOT DEFINED CMAKE_CXX_STANDARD)
  set(CMAKE_CXX_STANDARD 23)
endif()
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)

# licpool_dev: what every program of ours links; the library plus our strict warnings.
add_library(licpool_dev INTERFACE)
target_link_libraries(licpool_dev INTERFACE licpool::licpool)
target_compile_options(licpool_dev INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow
  $<$<BOOL:${LICPOOL_WERROR}>:-Werror>)
if(LICPOOL_TL_EXPECTED_STANDIN)
  # BEFORE: the stand-in must win over any real tl-expected on the system.
  target_include_directories(licpool_dev BEFORE INTERFACE "${PROJECT_SOURCE_DIR}/tests/compat")
endif()
