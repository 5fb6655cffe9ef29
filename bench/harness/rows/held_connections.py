"""Row: GET /update_model/w from one client while another holds 1,000 connections open (half idle,
half trickling header bytes, from 127.0.0.2); the baseline is the same client with no connection
held, in the same run against a fresh engine. tests/e2e/http/held_connections.py makes both loads."""

import json
import os
import statistics
import sys

from .. import processes
from ..engine_under_test import EngineUnderTest
from ..report import Row

HELD, SECONDS, REQUESTS = 1000, 8, 400


def one_run(context, held):
    script = os.path.join(context.repo_root, "tests", "e2e", "http", "held_connections.py")
    with EngineUnderTest(context) as engine:
        output = processes.run(
            [sys.executable, script, "--port", str(engine.http_port), "--held", str(held), "--seconds",
             str(SECONDS), "--requests", str(REQUESTS)],
            timeout=SECONDS + 60,
        )
    return json.loads(output)


def measure(context):
    held_runs, free_runs = [], []
    for _ in range(context.repetitions):
        free_runs.append(one_run(context, 0))
        held_runs.append(one_run(context, HELD))
    p99 = statistics.median(run["p99_ms"] for run in held_runs)
    free_p99 = statistics.median(run["p99_ms"] for run in free_runs)
    failed = sum(run["failures"] for run in held_runs)
    held_p99s = ", ".join(f"{run['p99_ms']:.1f}" for run in held_runs)
    free_p99s = ", ".join(f"{run['p99_ms']:.1f}" for run in free_runs)
    refused = ", ".join(str(run["held_answered_503"]) for run in held_runs)
    closed_within = max(run["held_closed_after_s_max"] or 0 for run in held_runs)
    return [
        Row(
            "held_connections",
            baseline="the same client, no connection held",
            ratio=p99 / free_p99 if free_p99 else None,
            p50_ms=statistics.median(run["p50_ms"] for run in held_runs),
            p99_ms=p99,
            lost=failed,
            note=f"{HELD} connections held from 127.0.0.2, {REQUESTS} sequential GETs over {SECONDS} s, median of "
            f"{context.repetitions}; p99 {held_p99s} ms held, {free_p99s} ms free; {failed} failed; held "
            f"connections answered 503: {refused}; all closed by the engine within {closed_within:.1f} s",
        )
    ]
