"""Row 6: POST /events with 10,000 events per body (wrk with bench/wrk/post_10000_events.lua);
the baseline is the bare cpp-httplib server taking the same bodies without parsing them."""

import os

from ..bare_http_server import BareHttpServer
from ..engine_under_test import EngineUnderTest
from ..report import Row
from ..wrk_run import run_wrk

THREADS, CONNECTIONS, SECONDS = 2, 4, 10
EVENTS_PER_BODY = 10_000


def measure(context):
    script = os.path.join(context.repo_root, "bench", "wrk", "post_10000_events.lua")
    with BareHttpServer(context) as bare:
        baseline = run_wrk(f"http://127.0.0.1:{bare.port}/events", THREADS, CONNECTIONS, SECONDS, script)
    with EngineUnderTest(context) as engine:
        before = engine.applied()
        result = run_wrk(f"http://127.0.0.1:{engine.http_port}/events", THREADS, CONNECTIONS, SECONDS, script)
        expected = before + (result.requests - result.failed) * EVENTS_PER_BODY
        applied = engine.wait_until_applied(expected, timeout_seconds=60).value("event_engine_events_applied_total")
        peak_rss = engine.peak_rss_mib()
    return [
        Row(
            "http_batch",
            events_per_s=(applied - before) / result.seconds,
            baseline="bare cpp-httplib POST handler, same bodies",
            baseline_events_per_s=baseline.requests_per_s * EVENTS_PER_BODY,
            p50_ms=result.p50_ms,
            p99_ms=result.p99_ms,
            peak_rss_mib=peak_rss,
            note=f"wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s, {EVENTS_PER_BODY:,} events per body; "
            f"engine {result.requests_per_s:,.0f} requests/s ({result.failed} failed); p50/p99 per request",
        )
    ]
