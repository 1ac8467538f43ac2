# Runs the licpool CLI once and compares what it printed with golden files.
#   cmake -D CLI=<program> -D ARGS=<a;b;c> -D EXPECTED_STDOUT=<file> [-D EXPECTED_STDERR=<file>]
#         [-D EXPECTED_EXIT=<n>] [-D WORKING_DIRECTORY=<dir>] -P run_cli.cmake
# Output must match the files exactly; a difference prints both sides.
if(NOT DEFINED EXPECTED_EXIT)
  set(EXPECTED_EXIT 0)
endif()
if(NOT DEFINED WORKING_DIRECTORY)
  get_filename_component(WORKING_DIRECTORY "${EXPECTED_STDOUT}" DIRECTORY)
endif()
# ARGS arrives with its list separators written as "^^" so that it survives add_test.
string(REPLACE "^^" ";" ARGS "${ARGS}")

execute_process(COMMAND "${CLI}" ${ARGS}
  WORKING_DIRECTORY "${WORKING_DIRECTORY}"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)

set(failed OFF)
if(NOT status STREQUAL "${EXPECTED_EXIT}")
  message("exit status ${status}, expected ${EXPECTED_EXIT}")
  set(failed ON)
endif()
file(READ "${EXPECTED_STDOUT}" want_out)
if(NOT out STREQUAL want_out)
  message("stdout differs from ${EXPECTED_STDOUT}\n--- expected\n${want_out}--- actual\n${out}---")
  set(failed ON)
endif()
if(DEFINED EXPECTED_STDERR)
  file(READ "${EXPECTED_STDERR}" want_err)
  if(NOT err STREQUAL want_err)
    message("stderr differs from ${EXPECTED_STDERR}\n--- expected\n${want_err}--- actual\n${err}---")
    set(failed ON)
  endif()
elseif(NOT err STREQUAL "")
  message("stderr (not compared):\n${err}")
endif()
if(failed)
  message(FATAL_ERROR "licpool ${ARGS}: output differs")
endif()
