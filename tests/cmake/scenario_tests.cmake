# Golden scenarios: tests/scenarios/<command>/<name>.lps run through `licpool <command>`,
# compared with <name>.out (stdout) and <name>.err (stderr; when there is one the run must
# stop with exit status 2, and when there is none stderr must be empty). A first line
# `# args: ...` gives the command more arguments, such as `--catalog pbx`.
if(NOT TARGET licpool_cli)
  return()
endif()

file(GLOB _scenarios CONFIGURE_DEPENDS RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}"
  "${CMAKE_CURRENT_SOURCE_DIR}/scenarios/*/*.lps")
foreach(_scenario IN LISTS _scenarios)
  get_filename_component(_dir "${_scenario}" DIRECTORY)
  get_filename_component(_command "${_dir}" NAME)
  get_filename_component(_name "${_scenario}" NAME_WE)
  file(STRINGS "${CMAKE_CURRENT_SOURCE_DIR}/${_scenario}" _first LIMIT_COUNT 1)
  set(_args)
  if(_first MATCHES "^# args: (.*)$")
    separate_arguments(_args UNIX_COMMAND "${CMAKE_MATCH_1}")
  endif()
  if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${_dir}/${_name}.err")
    set(_stderr "${_dir}/${_name}.err")
    set(_exit 2)
  else()
    set(_stderr cli/empty.out)
    set(_exit 0)
  endif()
  licpool_cli_test("${_command} ${_name}" STDOUT "${_dir}/${_name}.out" STDERR "${_stderr}" EXIT ${_exit}
    ARGS ${_command} ${_args} "${CMAKE_CURRENT_SOURCE_DIR}/${_scenario}")
  set_property(TEST "cli: ${_command} ${_name}" APPEND PROPERTY LABELS scenario)
endforeach()
