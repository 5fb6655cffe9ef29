"""Row 2: an outside ZeroMQ client sends one-byte events, one per message, over tcp to a running
engine; the baseline is raw PUSH/PULL of the same messages between two threads. Alternated
`repetitions` times; medians."""

import json
import statistics

from .. import processes
from ..applied_rate import measure_transfer
from ..engine_under_test import EngineUnderTest
from ..report import Row

MESSAGES = 10_000_000


def raw_push_pull(context, endpoint):
    output = processes.run(
        [context.binary("bench_zmq_push_pull_baseline"), "--endpoint", endpoint, "--messages", str(MESSAGES)],
        timeout=120,
    )
    return json.loads(output)["events_per_s"]


def measure(context):
    engine_rates, raw_rates = [], []
    with EngineUnderTest(context) as engine:
        for _ in range(context.repetitions):
            raw_rates.append(raw_push_pull(context, f"tcp://127.0.0.1:{processes.free_tcp_port()}"))
            sender = processes.start(
                [
                    context.binary("bench_zmq_one_byte_sender"),
                    "--endpoint",
                    engine.zmq_endpoint,
                    "--messages",
                    str(MESSAGES),
                ]
            )
            try:
                engine_rates.append(measure_transfer(engine, MESSAGES, sender))
            finally:
                processes.stop(sender)
        peak_rss = engine.peak_rss_mib()
    return [
        Row(
            "zmq_e2e",
            events_per_s=statistics.median(engine_rates),
            baseline="raw PUSH/PULL tcp, 2 threads",
            baseline_events_per_s=statistics.median(raw_rates),
            peak_rss_mib=peak_rss,
            note=f"{MESSAGES:,} one-byte messages per repetition, median of {context.repetitions}; "
            f"engine {', '.join(f'{r / 1e6:.2f}M' for r in engine_rates)}, "
            f"raw {', '.join(f'{r / 1e6:.2f}M' for r in raw_rates)}",
        )
    ]
