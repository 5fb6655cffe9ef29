# Helper programs of the end-to-end harness (bench/run_all.py): the clients it drives an engine
# with, and the raw baselines it compares the engine against.
add_executable(bench_zmq_push_pull_baseline ${CMAKE_CURRENT_LIST_DIR}/tools/zmq_push_pull_baseline.cpp)
add_executable(bench_zmq_one_byte_sender ${CMAKE_CURRENT_LIST_DIR}/tools/zmq_one_byte_sender.cpp)
add_executable(bench_zmq_steady_rate_sender ${CMAKE_CURRENT_LIST_DIR}/tools/zmq_steady_rate_sender.cpp)
foreach(tool bench_zmq_push_pull_baseline bench_zmq_one_byte_sender bench_zmq_steady_rate_sender)
  target_link_libraries(${tool} PRIVATE cppzmq CLI11::CLI11)
endforeach()
# The batched receiver counts events with the engine's own separator scan.
target_link_libraries(bench_zmq_push_pull_baseline PRIVATE EventEngine::api)
add_executable(bench_beast_http_server ${CMAKE_CURRENT_LIST_DIR}/tools/beast_http_server.cpp)
target_link_libraries(bench_beast_http_server PRIVATE Boost::headers CLI11::CLI11 Threads::Threads)
if(TARGET nats_broker_core)
  add_executable(bench_nats_jetstream_baseline ${CMAKE_CURRENT_LIST_DIR}/tools/nats_jetstream_baseline.cpp)
  target_link_libraries(bench_nats_jetstream_baseline PRIVATE nats_broker_core CLI11::CLI11)
endif()
