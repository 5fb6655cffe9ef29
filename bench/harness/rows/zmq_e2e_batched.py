"""Row 3: `event-engine publish --file` (10,000 events per ZeroMQ frame) over tcp to a running
engine; the baseline is raw inproc PUSH/PULL of one-byte messages, the fastest ZeroMQ path.
Alternated `repetitions` times; medians."""

import json
import statistics
import subprocess

from .. import processes
from ..applied_rate import measure_transfer
from ..engine_under_test import EngineUnderTest
from ..report import Row

EVENTS = 30_000_000
RAW_MESSAGES = 20_000_000


def raw_inproc(context):
    output = processes.run(
        [
            context.binary("bench_zmq_push_pull_baseline"),
            "--endpoint",
            "inproc://baseline",
            "--messages",
            str(RAW_MESSAGES),
        ],
        timeout=120,
    )
    return json.loads(output)["events_per_s"]


def measure(context):
    events_file = context.events_file(EVENTS)
    engine_rates, raw_rates = [], []
    with EngineUnderTest(context) as engine:
        for _ in range(context.repetitions):
            raw_rates.append(raw_inproc(context))
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
            baseline="raw PUSH/PULL inproc, 2 threads",
            baseline_events_per_s=statistics.median(raw_rates),
            peak_rss_mib=peak_rss,
            note=f"{EVENTS:,} events per repetition from a file, median of {context.repetitions}; "
            f"engine {', '.join(f'{r / 1e6:.2f}M' for r in engine_rates)}, "
            f"raw {', '.join(f'{r / 1e6:.2f}M' for r in raw_rates)}",
        )
    ]
