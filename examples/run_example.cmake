# Runs one example program as a test: it must exit 0, and its output must contain a match
# for each expected regular expression (CMake regex syntax).
#   cmake -D PROGRAM=<file> -D EXPECT=<re1^^re2^^...> -P run_example.cmake
# A test's PASS_REGULAR_EXPRESSION alone would ignore the exit status, and an example that
# prints the right lines but finds that something it demonstrates did not hold exits 1.
if(NOT DEFINED PROGRAM)
  message(FATAL_ERROR "run_example.cmake: PROGRAM is not set")
endif()
# EXPECT arrives with its list separators written as "^^", so that regexes may hold ';'.
string(REPLACE "^^" ";" EXPECT "${EXPECT}")

execute_process(COMMAND "${PROGRAM}"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)

set(failed OFF)
if(NOT status STREQUAL "0")
  message("${PROGRAM} exited with status ${status}, expected 0")
  set(failed ON)
endif()
foreach(expected IN LISTS EXPECT)
  if(NOT out MATCHES "${expected}")
    message("output has no line matching: ${expected}")
    set(failed ON)
  endif()
endforeach()
if(failed)
  message("--- stdout\n${out}--- stderr\n${err}---")
  message(FATAL_ERROR "example ${PROGRAM} failed")
endif()
