# Golden tests of the licpool CLI (tools/licpool; none when LICPOOL_BUILD_TOOLS is off): run
# it, compare stdout (and stderr, when a file for it is given) and the exit status exactly.
#
# licpool_cli_test(<name> STDOUT <file> [STDERR <file>] [EXIT <n>] ARGS <args...>)
#   Files are relative to tests/; arguments are passed as given, and relative paths in them
#   resolve against the folder of the STDOUT file.
if(NOT TARGET licpool_cli)
  return()
endif()

function(licpool_cli_test name)
  cmake_parse_arguments(arg "" "STDOUT;STDERR;EXIT" "ARGS" ${ARGN})
  if(NOT arg_EXIT)
    set(arg_EXIT 0)
  endif()
  string(REPLACE ";" "^^" escaped_args "${arg_ARGS}")
  set(defines
    -D "CLI=$<TARGET_FILE:licpool_cli>"
    -D "ARGS=${escaped_args}"
    -D "EXPECTED_STDOUT=${CMAKE_CURRENT_SOURCE_DIR}/${arg_STDOUT}"
    -D "EXPECTED_EXIT=${arg_EXIT}")
  if(arg_STDERR)
    list(APPEND defines -D "EXPECTED_STDERR=${CMAKE_CURRENT_SOURCE_DIR}/${arg_STDERR}")
  endif()
  add_test(NAME "cli: ${name}"
    COMMAND "${CMAKE_COMMAND}" ${defines} -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/run_cli.cmake")
  set_tests_properties("cli: ${name}" PROPERTIES LABELS cli)
endfunction()

licpool_cli_test("kinds lists a preset" STDOUT cli/kinds_pbx.out ARGS kinds --catalog pbx)
licpool_cli_test("kinds shows counted sms and email with their channel view" STDOUT cli/kinds_contact_center.out
  ARGS kinds --catalog contact_center)
licpool_cli_test("kinds refuses an unknown catalog" STDOUT cli/empty.out STDERR cli/kinds_unknown.err EXIT 2
  ARGS kinds --catalog pabx)

# DESIGN 3: licpool keygen and licpool verify.
include("${CMAKE_CURRENT_SOURCE_DIR}/cli/keys.cmake")
