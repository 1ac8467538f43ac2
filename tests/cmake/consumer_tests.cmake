# licpool must be consumable three ways (DESIGN 8). Each test configures, builds and runs a
# small consumer project in tests/consumers, against this source tree.
set(_consumers "${CMAKE_CURRENT_SOURCE_DIR}/consumers")
foreach(_way add_subdirectory fetchcontent find_package)
  add_test(NAME "packaging: consumed by ${_way}"
    COMMAND "${CMAKE_COMMAND}"
      -D "WAY=${_way}"
      -D "LICPOOL_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
      -D "WORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumers/${_way}"
      -D "CONSUMERS_DIR=${_consumers}"
      -D "GENERATOR=${CMAKE_GENERATOR}"
      -D "CXX_COMPILER=${CMAKE_CXX_COMPILER}"
      -D "CXX_STANDARD=${CMAKE_CXX_STANDARD}"
      -P "${_consumers}/run_consumer.cmake")
  set_tests_properties("packaging: consumed by ${_way}" PROPERTIES LABELS packaging)
endforeach()

# The find_package test leaves licpool installed in its prefix: the next test uses it.
set_tests_properties("packaging: consumed by find_package" PROPERTIES FIXTURES_SETUP licpool_installed)

# With no expected type, find_package(licpool REQUIRED) stops with what to install (issue 15).
# LICPOOL_ASSUME_NO_EXPECTED (cmake/licpoolExpected.cmake) stands for a compiler without one.
set(_test "packaging: find_package(licpool) with no expected type says what to install")
add_test(NAME "${_test}"
  COMMAND "${CMAKE_COMMAND}" -S "${_consumers}/no_expected" -B "${CMAKE_CURRENT_BINARY_DIR}/consumers/no_expected"
    -G "${CMAKE_GENERATOR}" "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}"
    "-DCMAKE_PREFIX_PATH=${CMAKE_CURRENT_BINARY_DIR}/consumers/find_package/prefix"
    -DLICPOOL_ASSUME_NO_EXPECTED=ON)
# PASS_REGULAR_EXPRESSION ignores the exit status: the message is the check.
set_tests_properties("${_test}" PROPERTIES LABELS packaging FIXTURES_REQUIRED licpool_installed
  PASS_REGULAR_EXPRESSION "Reason given by package:[ \n]+licpool needs C\\+\\+23 std::expected or tl-expected. found[ \n]+neither")

# `cmake --install` puts the licpool command in <prefix>/bin (DESIGN 8), and it runs from there.
# It installs this build tree, so it needs the licpool command built, as the CLI tests do.
if(TARGET licpool_cli AND LICPOOL_INSTALL)
  set(_test "packaging: cmake --install puts bin/licpool in the prefix and it runs")
  add_test(NAME "${_test}"
    COMMAND "${CMAKE_COMMAND}"
      -D "BUILD_DIR=${PROJECT_BINARY_DIR}"
      -D "CONFIG=$<CONFIG>"
      -D "PREFIX=${CMAKE_CURRENT_BINARY_DIR}/consumers/install/prefix"
      -D "PROGRAM=${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:licpool_cli>"
      -D "ARGS=kinds^^--catalog^^contact_center"
      -D "EXPECTED_STDOUT=${CMAKE_CURRENT_SOURCE_DIR}/cli/kinds_contact_center.out"
      -D "EXPECTED_STDERR=${CMAKE_CURRENT_SOURCE_DIR}/cli/empty.out"
      -D "RUN_CLI=${CMAKE_CURRENT_SOURCE_DIR}/cmake/run_cli.cmake"
      -P "${_consumers}/run_installed_tool.cmake")
  set_tests_properties("${_test}" PROPERTIES LABELS packaging)
endif()
