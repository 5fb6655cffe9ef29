# The experiment maths of binomial_grid (two arms compared, the best of k keys): bench_experiment_maths.
add_executable(bench_experiment_maths ${CMAKE_CURRENT_LIST_DIR}/experiment_maths_bench.cpp)
target_link_libraries(bench_experiment_maths PRIVATE binomial_grid_math benchmark::benchmark)
