"""Row 9: event age at apply at a steady 10,000 events/s. A client sends one event per message
with its send time (the zmq broker's third frame); the engine's event_engine_event_age_seconds
histogram, scraped before and after, gives p50 and p99."""

import time

from .. import processes
from ..engine_under_test import EngineUnderTest
from ..prometheus_text import fraction_at_most, histogram_delta, quantile
from ..report import Row

RATE, SECONDS = 10_000, 10
HISTOGRAM = "event_engine_event_age_seconds"


def measure(context):
    with EngineUnderTest(context) as engine:
        before = engine.metrics()
        started = time.monotonic()
        processes.run(
            [
                context.binary("bench_zmq_steady_rate_sender"),
                "--endpoint",
                engine.zmq_endpoint,
                "--rate",
                str(RATE),
                "--seconds",
                str(SECONDS),
            ],
            timeout=SECONDS + 30,
        )
        base = before.value("event_engine_events_applied_total")
        after = engine.wait_until_applied(base + RATE * SECONDS, timeout_seconds=30)
        elapsed = time.monotonic() - started
        peak_rss = engine.peak_rss_mib()
    ages = histogram_delta(before, after, HISTOGRAM)
    batches = ages[-1][1]
    within_2ms = fraction_at_most(ages, 0.002)
    return [
        Row(
            "latency",
            events_per_s=(after.value("event_engine_events_applied_total") - base) / elapsed,
            p50_ms=quantile(ages, 0.5) * 1000,
            p99_ms=quantile(ages, 0.99) * 1000,
            peak_rss_mib=peak_rss,
            note=f"{RATE:,} events/s for {SECONDS} s, one per message; {batches:,.0f} batches observed, "
            f"{within_2ms:.2%} of them applied within 2 ms of sending their oldest event",
        )
    ]
