"""binomial_grid's exact experiment maths on a grid of 1,000 points: two arms compared, and the best of 20 keys."""

from .. import google_benchmark
from ..report import Row


def measure(context):
    results = google_benchmark.medians(
        context, "bench_experiment_maths", "compare_two_arms|best_of_keys/keys:20$", max(3, context.repetitions)
    )
    compare_ms = google_benchmark.milliseconds(results["compare_two_arms"])
    best_ms = google_benchmark.milliseconds(results["best_of_keys/keys:20"])
    return [
        Row(
            "experiment_compare",
            events_per_s=1000.0 / compare_ms,
            p50_ms=compare_ms,
            note="comparisons per second; P(B > A), both losses, the lift's mean, tail, interval and "
            "50-bin histogram at G = 1,000, median of repetitions, one core",
        ),
        Row(
            "experiment_best_of_20",
            events_per_s=1000.0 / best_ms,
            p50_ms=best_ms,
            note="calls per second; P(best) and the loss of each of 20 keys at G = 1,000, one core",
        ),
    ]
