"""Row 1: binomial_grid apply over 1M-event batches, against a plain loop counting the same bytes."""

from .. import google_benchmark
from ..report import Row


def measure(context):
    results = google_benchmark.medians(
        context, "bench_model_apply", "apply_one_byte_events|plain_loop_counting_bytes", max(3, context.repetitions)
    )
    model = results["apply_one_byte_events"]["items_per_second"]
    loop = results["plain_loop_counting_bytes"]["items_per_second"]
    return [
        Row(
            "model_apply",
            events_per_s=model,
            baseline="plain loop counting the bytes",
            baseline_events_per_s=loop,
            note="bench_model_apply, median of repetitions, one core",
        )
    ]
