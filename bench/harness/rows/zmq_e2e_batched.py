"""Row 3: `event-engine publish --file` (10,000 events per ZeroMQ frame) over tcp to a running
engine; the baseline is a raw PUSH/PULL sender of the same frames over tcp (two contexts, as two
processes have) to a receiver that only counts each body's events. Both timed over the middle 80%
of the events. Alternated `repetitions` times; medians."""

import json
import statistics
import subprocess

from .. import processes
from ..applied_rate import measure_transfer
from ..engine_under_test import EngineUnderTest
from ..report import Row

EVENTS = 150_000_000  # at 400M events/s, a middle 80% of 0.3 s: the counters are scraped every 20 ms
EVENTS_PER_MESSAGE = 10_000  # event-engine publish's batch


def raw_same_frames(context):
    output = processes.run(
        [
            context.binary("bench_zmq_push_pull_baseline"),
            "--endpoint",
            f"tcp://127.0.0.1:{processes.free_tcp_port()}",
            "--messages",
            str(EVENTS // EVENTS_PER_MESSAGE),
            "--events-per-message",
            str(EVENTS_PER_MESSAGE),
        ],
        timeout=120,
    )
    return json.loads(output)["events_per_s"]


def measure(context):
    events_file = context.events_file(EVENTS)
    engine_rates, raw_rates = [], []
    with EngineUnderTest(context) as engine:
        for _ in range(context.repetitions):
            raw_rates.append(raw_same_frames(context))
            publisher = processes.start(
                [context.binary("event-engine"), "publish", *engine.config_arguments(), "--file", events_file],
                stdout=subprocess.DEVNULL,
            )
            try:
                engine_rates.append(measure_transfer(engine, EVENTS, publisher))
            finally:
                processes.stop(publisher)
        peak_rss = engine.peak_rss_mib()
    return [
        Row(
            "zmq_e2e_batched",
            events_per_s=statistics.median(engine_rates),
            baseline="raw PUSH/PULL of the same frames over tcp, events counted",
            baseline_events_per_s=statistics.median(raw_rates),
            peak_rss_mib=peak_rss,
            note=f"{EVENTS:,} events per repetition from a file, median of {context.repetitions}; "
            f"engine {', '.join(f'{r / 1e6:.2f}M' for r in engine_rates)}, "
            f"raw {', '.join(f'{r / 1e6:.2f}M' for r in raw_rates)}",
        )
    ]
