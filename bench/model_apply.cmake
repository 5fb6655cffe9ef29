# The binomial_grid apply benchmark: target bench_model_apply.
