"""Issue 11's linear-cost row: 32M one-byte events as one ZeroMQ message against the same events as
32 messages of 1M, polled max_batch at a time through the real zmq_broker.so (bench_zmq_poll)."""

from .. import google_benchmark
from ..report import Row


def measure(context):
    results = google_benchmark.medians(context, "bench_zmq_poll", "poll_messages", max(3, context.repetitions))
    one = results["poll_messages/messages:1"]
    many = results["poll_messages/messages:32"]
    return [
        Row(
            "zmq_large_message",
            events_per_s=one["items_per_second"],
            baseline="32 messages of 1M events",
            baseline_events_per_s=many["items_per_second"],
            note="bench_zmq_poll, median of repetitions, one core; polling only (publishing is not timed), "
            f"{google_benchmark.milliseconds(one, 'cpu_time'):.0f} ms of CPU for the 32M-event message",
        )
    ]
