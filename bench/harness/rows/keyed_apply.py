"""Keyed apply over 100,000 Zipf-distributed keys: JSON events against parsing them only, and text."""

from .. import google_benchmark
from ..report import Row


def measure(context):
    results = google_benchmark.medians(
        context,
        "bench_keyed_apply",
        "keyed_json_decode_and_apply|json_parse_only|keyed_text_decode_and_apply",
        max(3, context.repetitions),
    )
    keyed_json = results["keyed_json_decode_and_apply"]["items_per_second"]
    parse_only = results["json_parse_only"]["items_per_second"]
    keyed_text = results["keyed_text_decode_and_apply"]["items_per_second"]
    return [
        Row(
            "keyed_apply_json",
            events_per_s=keyed_json,
            baseline="the same JSON events parsed only (simdjson DOM, padded copy)",
            baseline_events_per_s=parse_only,
            note="bench_keyed_apply, 100,000 Zipf keys, median of repetitions, one core",
        ),
        Row(
            "keyed_apply_text",
            events_per_s=keyed_text,
            note="bench_keyed_apply, KEY:VALUE over 100,000 Zipf keys, one core",
        ),
    ]
