"""Row 5: wrk -t2 -c50 -d10s on GET /update_model/w of the default pipeline; the baseline is a
bare cpp-httplib server with the engine's server settings and one handler returning 201."""

from ..bare_http_server import BareHttpServer
from ..engine_under_test import EngineUnderTest
from ..report import Row
from ..wrk_run import run_wrk

THREADS, CONNECTIONS, SECONDS = 2, 50, 10


def measure(context):
    with BareHttpServer(context) as bare:
        baseline = run_wrk(f"http://127.0.0.1:{bare.port}/update_model/w", THREADS, CONNECTIONS, SECONDS)
    with EngineUnderTest(context) as engine:
        before = engine.applied()
        result = run_wrk(f"http://127.0.0.1:{engine.http_port}/update_model/w", THREADS, CONNECTIONS, SECONDS)
        applied = engine.wait_until_applied(before + result.requests - result.failed, timeout_seconds=30).value(
            "event_engine_events_applied_total"
        )
        peak_rss = engine.peak_rss_mib()
    return [
        Row(
            "http_get",
            events_per_s=(applied - before) / result.seconds,
            baseline="bare cpp-httplib 201 handler",
            baseline_events_per_s=baseline.requests_per_s,
            p50_ms=result.p50_ms,
            p99_ms=result.p99_ms,
            peak_rss_mib=peak_rss,
            note=f"wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s; engine {result.requests_per_s:,.0f} requests/s "
            f"({result.failed} failed), events/s from its applied counter; bare server "
            f"p50 {baseline.p50_ms:.3f} ms, p99 {baseline.p99_ms:.3f} ms",
        )
    ]
