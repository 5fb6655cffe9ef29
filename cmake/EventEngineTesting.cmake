# event_engine_add_test(NAME <name> LABEL unit|integration|e2e SOURCES <file>... [LIBRARIES <lib>...])
# One GoogleTest executable registered with CTest under its label. Tests find the built program
# and plugins through compile definitions, never through the environment.
function(event_engine_add_test)
  cmake_parse_arguments(TEST "" "NAME;LABEL" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${TEST_NAME} ${TEST_SOURCES})
  target_link_libraries(${TEST_NAME} PRIVATE GTest::gtest GTest::gtest_main ${TEST_LIBRARIES})
  target_compile_definitions(${TEST_NAME} PRIVATE
    EVENT_ENGINE_TEST_PLUGIN_DIR="${EVENT_ENGINE_PLUGIN_OUTPUT_DIR}"
    EVENT_ENGINE_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    EVENT_ENGINE_TEST_BINARY_DIR="${PROJECT_BINARY_DIR}"
    EVENT_ENGINE_TEST_PROGRAM="${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/event-engine")
  set_target_properties(${TEST_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
  add_test(NAME ${TEST_NAME} COMMAND ${TEST_NAME})
  set_tests_properties(${TEST_NAME} PROPERTIES LABELS ${TEST_LABEL})
  if(TEST_LABEL STREQUAL "unit")
    set_tests_properties(${TEST_NAME} PROPERTIES TIMEOUT 60)
  else()
    set_tests_properties(${TEST_NAME} PROPERTIES TIMEOUT 300)
  endif()
endfunction()
