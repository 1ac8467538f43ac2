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
