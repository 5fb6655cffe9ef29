"""Row 2: an outside ZeroMQ client sends one-byte events, one per message, over tcp to a running
engine; the baseline is raw PUSH/PULL of the same messages between two threads, each with its own
context as the client and the engine have (the figure with one shared context is in the note).
Alternated `repetitions` times; medians."""

import json
import statistics

from .. import processes
from ..applied_rate import measure_transfer
from ..engine_under_test import EngineUnderTest
from ..report import Row

MESSAGES = 10_000_000


def raw_push_pull(context, *options):
    endpoint = f"tcp://127.0.0.1:{processes.free_tcp_port()}"
    output = processes.run(
        [
            context.binary("bench_zmq_push_pull_baseline"),
            "--endpoint",
            endpoint,
            "--messages",
            str(MESSAGES),
            *options,
        ],
        timeout=120,
    )
    return json.loads(output)["events_per_s"]


def measure(context):
    engine_rates, raw_rates, shared_context_rates = [], [], []
    with EngineUnderTest(context) as engine:
        for _ in range(context.repetitions):
            raw_rates.append(raw_push_pull(context))
            shared_context_rates.append(raw_push_pull(context, "--shared-context"))
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
            f"raw {', '.join(f'{r / 1e6:.2f}M' for r in raw_rates)}; raw with one context shared by both "
            f"threads (one I/O thread): {statistics.median(shared_context_rates) / 1e6:.2f}M",
        )
    ]
