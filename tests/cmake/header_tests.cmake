# Every public header must compile on its own: one generated translation unit per header
# (including it twice, which also checks its include guard), built as part of the tests.
# And each policy check must give its readable message: compile-fail tests below.
if(NOT LICPOOL_HEADER_TESTS)
  return()
endif()

find_package(fmt QUIET)

file(GLOB_RECURSE _licpool_headers CONFIGURE_DEPENDS
  RELATIVE "${PROJECT_SOURCE_DIR}/include" "${PROJECT_SOURCE_DIR}/include/licpool/*.hpp")
set(_licpool_header_units)
foreach(_header IN LISTS _licpool_headers)
  if(_header STREQUAL "licpool/fmt.hpp" AND NOT fmt_FOUND)
    continue()
  endif()
  # Public headers only: a detail/ header is an implementation piece its public header
  # includes, and compiling the 26 of them alone cost the dev step about 45 s.
  if(_header MATCHES "/detail/")
    continue()
  endif()
  string(MAKE_C_IDENTIFIER "${_header}" _id)
  set(_unit "${CMAKE_CURRENT_BINARY_DIR}/standalone_headers/${_id}.cpp")
  file(GENERATE OUTPUT "${_unit}" CONTENT "#include <${_header}>\n#include <${_header}>\n")
  list(APPEND _licpool_header_units "${_unit}")
endforeach()

# And a host that includes only licpool/pool.hpp can run a pool (issue 15: pool.hpp leaves out
# snapshots and the regular-expression criterion, and must still be all a port-taking host needs).
list(APPEND _licpool_header_units "${CMAKE_CURRENT_SOURCE_DIR}/headers/pool_only_host.cpp")
# And the build option LICPOOL_PORTABLE_SHA256 compiles the portable SHA-256 alone (issue 16).
list(APPEND _licpool_header_units "${CMAKE_CURRENT_SOURCE_DIR}/headers/portable_sha256.cpp")

add_library(licpool_standalone_headers OBJECT ${_licpool_header_units})
target_link_libraries(licpool_standalone_headers PRIVATE licpool_dev)
if(fmt_FOUND)
  target_link_libraries(licpool_standalone_headers PRIVATE fmt::fmt)
endif()
# Building the target is the check; the test makes it show in CTest's list.
add_test(NAME "headers: every public header compiles on its own"
  COMMAND "${CMAKE_COMMAND}" --build "${CMAKE_BINARY_DIR}" --target licpool_standalone_headers)
set_tests_properties("headers: every public header compiles on its own" PROPERTIES LABELS headers)

# Issue 15: C++17 without tl-expected stops at core/expected.hpp's one error, which says what
# to install. No tests/compat here: the point is that no expected type is found.
set(_test "headers: with no expected type, one error that says what to install")
add_test(NAME "${_test}"
  COMMAND "${CMAKE_COMMAND}"
    -D "CXX_COMPILER=${CMAKE_CXX_COMPILER}"
    -D "INCLUDE_DIR=${PROJECT_SOURCE_DIR}/include"
    -D "WORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/expected_missing"
    -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/expected_missing.cmake")
set_tests_properties("${_test}" PROPERTIES LABELS headers SKIP_REGULAR_EXPRESSION "SKIPPED:")

# licpool_compile_fail(<file> <regex>): compiling tests/compile_fail/<file> must fail with
# output that matches <regex>. PASS_REGULAR_EXPRESSION ignores the exit status and passes
# only on the expected message, so an unrelated error does not count as a pass.
set(_licpool_compile_flags "-std=c++${CMAKE_CXX_STANDARD}" -fsyntax-only
  "-I${PROJECT_SOURCE_DIR}/include")
if(LICPOOL_TL_EXPECTED_STANDIN)
  list(PREPEND _licpool_compile_flags "-I${PROJECT_SOURCE_DIR}/tests/compat")
endif()
function(licpool_compile_fail file regex)
  add_test(NAME "compile-fail: ${file}"
    COMMAND "${CMAKE_CXX_COMPILER}" ${_licpool_compile_flags} ${ARGN}
            "${CMAKE_CURRENT_SOURCE_DIR}/compile_fail/${file}")
  set_tests_properties("compile-fail: ${file}" PROPERTIES
    PASS_REGULAR_EXPRESSION "${regex}" LABELS compile_fail)
endfunction()

licpool_compile_fail(clock_without_now.cpp
  "Clock policy does not provide: licpool::steady_time now\\(\\) const")
licpool_compile_fail(clock_without_today.cpp
  "Clock policy does not provide: licpool::date today\\(\\) const")
licpool_compile_fail(clock_with_wrong_attempt_time.cpp
  "Clock policy's optional attempt_time\\(\\) must return licpool::steady_time")
licpool_compile_fail(sync_without_unlock.cpp
  "Sync policy does not provide: void unlock\\(\\)")
licpool_compile_fail(allocator_without_divide.cpp
  "Allocator policy does not provide: void divide\\(std::uint64_t capacity")
licpool_compile_fail(allocator_without_job_bounds.cpp
  "Allocator policy does not provide: licpool::bounds job_bounds\\(const licpool::job_view&\\) const")
licpool_compile_fail(resolver_without_resolve.cpp
  "HierarchyResolver policy does not provide: std::optional<licpool::kind_id> resolve\\(")
licpool_compile_fail(auditor_without_audit.cpp
  "Auditor policy does not provide: licpool::compliance_report audit\\(const licpool::audit_input&\\) const")
licpool_compile_fail(division_without_call.cpp
  "Division policy does not provide: void operator\\(\\)\\(std::uint64_t capacity")

# DESIGN 3: the keys policies.
licpool_compile_fail(mac_without_compute.cpp
  "Mac policy does not provide: digest_type compute\\(std::string_view key, std::string_view message\\) const")
licpool_compile_fail(mac_without_digest_type.cpp
  "Mac policy does not provide: using digest_type = std::array<std::uint8_t, N> with N >= 12")
licpool_compile_fail(mac_with_short_digest.cpp
  "Mac policy does not provide: using digest_type = std::array<std::uint8_t, N> with N >= 12")
licpool_compile_fail(serial_provider_without_serial.cpp
  "SerialProvider policy does not provide: licpool::serial_number serial\\(\\) const")
licpool_compile_fail(validator_without_validate.cpp
  "Validator policy does not provide: licpool::expected<licpool::entitlement> validate\\(std::string_view key_text, licpool::date today\\)")
licpool_compile_fail(validator_without_record_install.cpp
  "Validator policy does not provide: void record_install\\(const licpool::entitlement&\\)")
licpool_compile_fail(validator_without_observe.cpp
  "Validator policy does not provide: licpool::date observe\\(licpool::date today\\)")

# Issue 15: the snapshot codec is in licpool/pool/persistence.hpp; a snapshot taken without it
# names that header.
licpool_compile_fail(snapshot_without_persistence.cpp
  "snapshot members .* need the snapshot codec: #include <licpool/pool/persistence.hpp>")

# Issue 12, defect 16: every call that can be refused is [[nodiscard]], and so is a lease, so
# a dropped refusal or lease is a warning, an error under the project's own flags.
licpool_compile_fail(dropped_refusal.cpp
  "error: ignoring return value of .*nodiscard" -Wall -Wextra -Werror)
licpool_compile_fail(dropped_lease.cpp
  "error: ignoring return value of .*nodiscard" -Wall -Wextra -Werror)
