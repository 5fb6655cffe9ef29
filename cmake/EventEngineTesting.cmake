# event_engine_add_test(NAME <name> LABEL unit|integration|e2e SOURCES <file>... [LIBRARIES <lib>...])
# One GoogleTest executable registered with CTest under its label. Tests find the built program
# and plugins through test_paths.hpp (one generated source file, so that no test's compile flags
# hold a path of the checkout and ccache reuses their objects across clones), never through the
# environment. Under a sanitizer preset each test runs with the sanitizers' options and
# suppressions (EventEngineSanitizers.cmake).

# The tests whose code runs on several threads at once, also labelled `threads`: what `make tsan`
# runs. The pipeline loop, its checkpoint writer and render loop and the HTTP server run only in
# the engine process, so the e2e tests that drive it under load are the ones that exercise them.
set(EVENT_ENGINE_THREAD_TESTS
  zmq_broker_messaging_test   # publishers on many threads, one inproc/tcp receiver
  redis_pubsub_test           # the pub/sub reader thread and reconnection
  redis_stream_test           # the stream reader threads, commits in flight
  default_pipeline_e2e_test   # pipeline, checkpoint, render and the HTTP workers in one process
  redis_services_e2e_test     # two engines over Redis pub/sub
  redis_stream_e2e_test       # stream mode, kills and restarts, two subscribers in one group
  model_host_integration_test # snapshots published after apply, read by query threads meanwhile
  hostile_http_e2e_test       # the Asio front's listener and workers, the heavy-query pool
  nats_broker_test            # nats.c's threads delivering into the broker, acks in flight
  group_e2e_test              # several engines over one Redis stream, one killed
  keyed_pipeline_e2e_test     # keys added by the pipeline while HTTP readers list and look them up
  key_lifecycle_e2e_test      # removals handed from HTTP workers to the pipeline, idle sweeps, checkpoints
  keyed_group_e2e_test        # group reads merging keyed checkpoints while members save them
  decisions_e2e_test)         # rules on the pipeline thread, GET /decisions on HTTP workers
configure_file(${PROJECT_SOURCE_DIR}/tests/support/test_paths.cpp.in ${PROJECT_BINARY_DIR}/tests/test_paths.cpp
  @ONLY)
add_library(event_engine_test_paths STATIC ${PROJECT_BINARY_DIR}/tests/test_paths.cpp)
target_include_directories(event_engine_test_paths PUBLIC ${PROJECT_SOURCE_DIR}/tests/support)

function(event_engine_add_test)
  cmake_parse_arguments(TEST "" "NAME;LABEL" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${TEST_NAME} ${TEST_SOURCES})
  target_link_libraries(${TEST_NAME} PRIVATE GTest::gtest GTest::gtest_main event_engine_test_paths
                                              ${TEST_LIBRARIES})
  set_target_properties(${TEST_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
  add_test(NAME ${TEST_NAME} COMMAND ${TEST_NAME})
  set(labels ${TEST_LABEL})
  if(TEST_NAME IN_LIST EVENT_ENGINE_THREAD_TESTS)
    list(APPEND labels threads)
  endif()
  set_tests_properties(${TEST_NAME} PROPERTIES LABELS "${labels}")
  if(EVENT_ENGINE_SANITIZER_TEST_ENVIRONMENT)
    set_tests_properties(${TEST_NAME} PROPERTIES ENVIRONMENT "${EVENT_ENGINE_SANITIZER_TEST_ENVIRONMENT}")
  endif()
  # Sanitized code runs several times slower; the limits catch hangs, not slowness.
  set(timeout_scale 1)
  if(EVENT_ENGINE_SANITIZER_TEST_ENVIRONMENT)
    set(timeout_scale 4)
  endif()
  if(TEST_LABEL STREQUAL "unit")
    math(EXPR timeout "60 * ${timeout_scale}")
  else()
    math(EXPR timeout "300 * ${timeout_scale}")
  endif()
  set_tests_properties(${TEST_NAME} PROPERTIES TIMEOUT ${timeout})
endfunction()
