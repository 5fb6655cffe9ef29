"""Experiment reads under ingestion: GET /model/compare (two keys) and GET /model/best (20 keys) on
binomial_grid at 1,000 grid points, while `event-engine publish --file` sends keyed events to the 20
keys over ZeroMQ tcp at 1,000,000 events/s (harness/paced_load.py). Latency per request from one
keep-alive client, over the same connection as the baseline: GET /healthz under the same load."""

import http.client
import os
import statistics
import time

from ..engine_under_test import EngineUnderTest
from ..paced_load import PacedLoad
from ..report import Row

KEYS = 20
EVENTS_PER_FILE = 2_000_000
COMPARE_REQUESTS = 2000
BEST_REQUESTS = 300


def keyed_events_file(context):
    path = os.path.join(context.scratch_dir, f"experiment-events-{EVENTS_PER_FILE}.txt")
    if not os.path.exists(path):
        with open(path, "w") as out:
            # Variant v<k> converts at (3 + k / 4) %: a pattern, so the posteriors differ.
            out.writelines(
                f"exp/v{i % KEYS}:{'w' if (i // KEYS) % 400 < 12 + (i % KEYS) else 'l'}\n"
                for i in range(EVENTS_PER_FILE)
            )
    return path


def latencies_ms(connection, path, count):
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        samples.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
    return samples


def p99(samples):
    return statistics.quantiles(samples, n=100)[98]


def measure(context):
    overrides = ['process.keys={"format": "text", "separator": ":"}', "process.model.config.grid_points=1000"]
    with EngineUnderTest(context, extra_overrides=overrides) as engine:
        events = keyed_events_file(context)
        engine.publish_file(events)
        engine.wait_until_applied(EVENTS_PER_FILE, timeout_seconds=120)
        with PacedLoad(context, engine, events) as load:
            connection = http.client.HTTPConnection("127.0.0.1", engine.http_port, timeout=10)
            try:
                health = latencies_ms(connection, "/healthz", COMPARE_REQUESTS)
                compare = latencies_ms(connection, "/model/compare?a=exp/v0&b=exp/v1", COMPARE_REQUESTS)
                best = latencies_ms(connection, "/model/best?prefix=exp/", BEST_REQUESTS)
            finally:
                connection.close()
            ingested = load.rate()
    load = f"while the engine applied {ingested / 1e6:.1f}M keyed events/s"
    return [
        Row(
            "experiment_compare",
            p50_ms=statistics.median(compare),
            p99_ms=p99(compare),
            baseline="GET /healthz p99, same connection and load",
            ratio=p99(compare) / p99(health),
            note=f"GET /model/compare of two keys, binomial_grid at 1,000 points, {COMPARE_REQUESTS} requests {load}; "
            f"/healthz p50 {statistics.median(health):.3f} ms, p99 {p99(health):.3f} ms",
        ),
        Row(
            "experiment_best_20",
            p50_ms=statistics.median(best),
            p99_ms=p99(best),
            baseline="GET /healthz p99, same connection and load",
            ratio=p99(best) / p99(health),
            note=f"GET /model/best over 20 keys, 1,000 points, {BEST_REQUESTS} requests {load}",
        ),
    ]
