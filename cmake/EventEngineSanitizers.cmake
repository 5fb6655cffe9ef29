# Sanitizer and fuzzing builds. Every target of the build gets the same flags, plugins included, so
# the sanitized engine loads sanitized plugins (an uninstrumented plugin would hide its own errors
# and, under ThreadSanitizer, report races it cannot see the synchronisation of).
#
#   EVENT_ENGINE_SANITIZERS  "address,undefined,float-cast-overflow" (preset asan) or "thread"
#                            (preset tsan)
#   EVENT_ENGINE_FUZZ        clang only (preset asan): the code is also instrumented for libFuzzer
#                            (fuzzer-no-link) and the targets in fuzz/ link libFuzzer's main, so one
#                            tree serves both the sanitized tests and the fuzzers. In the tests and
#                            the engine the coverage hooks are the sanitizer runtime's no-ops.
#
# EVENT_ENGINE_SANITIZER_TEST_ENVIRONMENT is what every CTest test runs with (the ENVIRONMENT
# property, set by event_engine_add_test and the fuzz targets), so `ctest` alone applies the
# committed suppressions and stops at the first report.
set(EVENT_ENGINE_SANITIZERS "" CACHE STRING "Sanitizers for every target: address,undefined or thread")
option(EVENT_ENGINE_FUZZ "Build the libFuzzer targets in fuzz/ (needs clang)" OFF)

set(EVENT_ENGINE_SANITIZER_DIR ${PROJECT_SOURCE_DIR}/sanitizers)
set(EVENT_ENGINE_SANITIZER_TEST_ENVIRONMENT "")

if(EVENT_ENGINE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "EVENT_ENGINE_FUZZ needs clang (libFuzzer): use the asan preset")
  endif()
  if(NOT EVENT_ENGINE_SANITIZERS MATCHES "address")
    message(FATAL_ERROR "EVENT_ENGINE_FUZZ runs its targets under AddressSanitizer: "
                        "EVENT_ENGINE_SANITIZERS must include address")
  endif()
  # fuzzer-no-link: coverage instrumentation without libFuzzer's main(), which only the targets link.
  set(event_engine_compile_sanitizers fuzzer-no-link,${EVENT_ENGINE_SANITIZERS})
  set(event_engine_link_sanitizers ${EVENT_ENGINE_SANITIZERS})
elseif(EVENT_ENGINE_SANITIZERS)
  set(event_engine_compile_sanitizers ${EVENT_ENGINE_SANITIZERS})
  set(event_engine_link_sanitizers ${EVENT_ENGINE_SANITIZERS})
endif()

if(DEFINED event_engine_compile_sanitizers)
  # A report is an error: stop at the first one rather than carry on from undefined state.
  add_compile_options(-fsanitize=${event_engine_compile_sanitizers} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${event_engine_link_sanitizers})

  if(event_engine_compile_sanitizers STREQUAL "thread" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # Boost.Asio (the HTTP front) issues std::atomic_thread_fence in its handler completion, and
    # GCC warns that ThreadSanitizer does not model fences; with -Werror that stops the build in a
    # third-party header. The engine's own code uses no fences; a race TSan reported because it
    # cannot see an Asio fence would be suppressed in sanitizers/tsan.supp with its reason.
    add_compile_options(-Wno-tsan)
  endif()

  set(asan_options "halt_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1")
  set(ubsan_options "halt_on_error=1:print_stacktrace=1")
  set(lsan_options "suppressions=${EVENT_ENGINE_SANITIZER_DIR}/lsan.supp:print_suppressions=0")
  set(tsan_options "halt_on_error=1:second_deadlock_stack=1:suppressions=${EVENT_ENGINE_SANITIZER_DIR}/tsan.supp")
  # Instrumented code runs several times slower: time limits inside tests scale by this.
  list(APPEND EVENT_ENGINE_SANITIZER_TEST_ENVIRONMENT
    ASAN_OPTIONS=${asan_options} UBSAN_OPTIONS=${ubsan_options} LSAN_OPTIONS=${lsan_options}
    TSAN_OPTIONS=${tsan_options} EVENT_ENGINE_TEST_TIME_SCALE=4)
endif()
