# The keyed apply benchmark (process.keys' decoder and binomial_grid's keyed apply): bench_keyed_apply.
add_executable(bench_keyed_apply ${CMAKE_CURRENT_LIST_DIR}/keyed_apply_bench.cpp)
target_link_libraries(bench_keyed_apply PRIVATE event_engine_core binomial_grid_adapter simdjson::simdjson
  benchmark::benchmark)
