# Runs one consumer project: cmake -P run_consumer.cmake with WAY, LICPOOL_SOURCE_DIR,
# WORK_DIR, CONSUMERS_DIR, GENERATOR, CXX_COMPILER and CXX_STANDARD defined.
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " shown "${ARGV}")
    message(FATAL_ERROR "failed (${status}): ${shown}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(common -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DCMAKE_CXX_STANDARD=${CXX_STANDARD}" "-DLICPOOL_SOURCE_DIR=${LICPOOL_SOURCE_DIR}")

if(WAY STREQUAL "find_package")
  # Install licpool on its own into a private prefix first, as a packager would. The library
  # alone: the licpool command would need a build first (the install test covers it).
  run("${CMAKE_COMMAND}" -S "${LICPOOL_SOURCE_DIR}" -B "${WORK_DIR}/licpool-build"
      -G "${GENERATOR}" -DLICPOOL_BUILD_TESTS=OFF -DLICPOOL_BUILD_EXAMPLES=OFF
      -DLICPOOL_BUILD_TOOLS=OFF -DLICPOOL_BUILD_BENCHMARKS=OFF)
  run("${CMAKE_COMMAND}" --install "${WORK_DIR}/licpool-build" --prefix "${WORK_DIR}/prefix")
  list(APPEND common "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
endif()

run("${CMAKE_COMMAND}" -S "${CONSUMERS_DIR}/${WAY}" -B "${WORK_DIR}/build" ${common})
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
