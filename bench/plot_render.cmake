# The png_plotter render benchmark: target bench_plot_render.
add_executable(bench_plot_render ${CMAKE_CURRENT_SOURCE_DIR}/plot_render_bench.cpp)
target_link_libraries(bench_plot_render PRIVATE png_plotter_render benchmark::benchmark)
