# The zmq broker's poll over one large message against many smaller ones: target bench_zmq_poll.
# It loads the built zmq_broker.so through the engine's plugin loader.
add_executable(bench_zmq_poll ${CMAKE_CURRENT_LIST_DIR}/zmq_poll_bench.cpp)
target_link_libraries(bench_zmq_poll PRIVATE event_engine_core benchmark::benchmark)
target_compile_definitions(bench_zmq_poll PRIVATE EVENT_ENGINE_BENCH_PLUGIN_DIR="${EVENT_ENGINE_PLUGIN_OUTPUT_DIR}")
add_dependencies(bench_zmq_poll zmq_broker)
