# Installs a built licpool tree into a fresh prefix, checks that the licpool command is in
# <prefix>/<bindir>, and runs it from there against a golden file:
#   cmake -D BUILD_DIR=<dir> -D CONFIG=<config> -D PREFIX=<dir> -D PROGRAM=<bindir>/<name>
#         -D EXPECTED_STDOUT=<file> -D EXPECTED_STDERR=<file> -D RUN_CLI=<run_cli.cmake>
#         -D ARGS=<a^^b^^c> -P run_installed_tool.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --config "${CONFIG}" --prefix "${PREFIX}"
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "failed (${status}): cmake --install ${BUILD_DIR} --prefix ${PREFIX}")
endif()
if(NOT EXISTS "${PREFIX}/${PROGRAM}")
  message(FATAL_ERROR "cmake --install put no ${PROGRAM} in ${PREFIX}")
endif()

# The installed program, compared byte for byte as the CLI golden tests compare the built one.
set(CLI "${PREFIX}/${PROGRAM}")
include("${RUN_CLI}")
