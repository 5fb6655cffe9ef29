# The binomial_grid apply benchmark: target bench_model_apply.
add_executable(bench_model_apply ${CMAKE_CURRENT_LIST_DIR}/model_apply_bench.cpp)
target_link_libraries(bench_model_apply PRIVATE binomial_grid_adapter benchmark::benchmark)
