# The png_plotter render benchmark: target bench_plot_render.
