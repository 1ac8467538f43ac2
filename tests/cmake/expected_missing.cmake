# Without an expected type (C++17, no tl-expected), including licpool must give one error,
# core/expected.hpp's, that says what to do; not that one and a hundred more (issue 15).
#   cmake -D CXX_COMPILER=<c++> -D INCLUDE_DIR=<licpool's include/> -D WORK_DIR=<dir>
#         [-D HEADERS=<licpool/a.hpp^^licpool/b.hpp>|ALL] -P expected_missing.cmake
# Each header is compiled alone as C++17 with nothing else on the include path. HEADERS
# defaults to licpool/licpool.hpp: there every header's body comes after core/expected.hpp
# has failed, so one compile checks every header's guard (each public header alone costs
# about as much again, since the standard headers before each guard are still parsed).
set(message "licpool needs C++23 std::expected or tl-expected; found neither")
string(REPLACE ";" "," flat_message "${message}")
if(NOT DEFINED HEADERS)
  set(HEADERS licpool/licpool.hpp)
elseif(HEADERS STREQUAL "ALL")
  file(GLOB_RECURSE HEADERS RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/licpool/*.hpp")
  list(FILTER HEADERS EXCLUDE REGEX "/detail/|^licpool/fmt\\.hpp$")
  list(SORT HEADERS)
else()
  string(REPLACE "^^" ";" HEADERS "${HEADERS}")
endif()
file(MAKE_DIRECTORY "${WORK_DIR}")
set(flags -std=c++17 -fsyntax-only "-I${INCLUDE_DIR}")

# A real tl-expected on the compiler's own include path would be found, rightly: no error to see.
file(WRITE "${WORK_DIR}/probe.cpp"
  "#if defined(__has_include)\n#  if __has_include(<tl/expected.hpp>)\n#    error LICPOOL_PROBE_FOUND_TL\n#  endif\n#endif\n")
execute_process(COMMAND "${CXX_COMPILER}" ${flags} "${WORK_DIR}/probe.cpp" ERROR_VARIABLE probe)
if(probe MATCHES "LICPOOL_PROBE_FOUND_TL")
  message("SKIPPED: the compiler finds a tl-expected on its own include path")
  return()
endif()

set(failed OFF)
foreach(header IN LISTS HEADERS)
  string(MAKE_C_IDENTIFIER "${header}" id)
  file(WRITE "${WORK_DIR}/${id}.cpp" "#include <${header}>\n")
  execute_process(COMMAND "${CXX_COMPILER}" ${flags} "${WORK_DIR}/${id}.cpp"
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
  # GCC and clang both write each error as "<file>:<line>:<col>: error: ..."; the ; in the
  # message would split a CMake list, so the lines are read with it replaced.
  string(REPLACE ";" "," lines "${err}")
  string(REGEX MATCHALL "[^\n]*error:[^\n]*" errors "${lines}")
  list(LENGTH errors count)
  string(FIND "${errors}" "${flat_message}" at)
  if(status EQUAL 0)
    # A header that needs no expected type compiles: nothing of it depends on one.
    if(header STREQUAL "licpool/licpool.hpp")
      message("${header}: compiled as C++17 with no expected type; core/expected.hpp said nothing")
      set(failed ON)
    endif()
  elseif(NOT count EQUAL 1)
    message("${header}: ${count} errors, expected 1:\n${err}")
    set(failed ON)
  elseif(at EQUAL -1)
    message("${header}: the error is not core/expected.hpp's:\n${err}")
    set(failed ON)
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "without an expected type, licpool's headers must stop at one clear error")
endif()
list(LENGTH HEADERS n)
message("${n} header(s) alone as C++17: one error where an expected type is needed, naming what to install")
