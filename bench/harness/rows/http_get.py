"""Row 5: wrk -t2 -c50 -d10s on GET /update_model/w of the default pipeline; the baseline is a
bare cpp-httplib server with the engine's server settings and one handler returning 201. The two
alternate `repetitions` times, each against a fresh server; medians."""

import statistics

from ..bare_http_server import BareHttpServer
from ..engine_under_test import EngineUnderTest
from ..report import Row
from ..wrk_run import run_wrk

THREADS, CONNECTIONS, SECONDS = 2, 50, 10


def bare_run(context):
    with BareHttpServer(context) as bare:
        return run_wrk(f"http://127.0.0.1:{bare.port}/update_model/w", THREADS, CONNECTIONS, SECONDS)


def engine_run(context):
    """wrk's result, the events the engine applied per second of it, and its peak RSS."""
    with EngineUnderTest(context) as engine:
        before = engine.applied()
        result = run_wrk(f"http://127.0.0.1:{engine.http_port}/update_model/w", THREADS, CONNECTIONS, SECONDS)
        after = engine.wait_until_applied(before + result.requests - result.failed, timeout_seconds=30)
        applied = after.value("event_engine_events_applied_total") - before
        return result, applied / result.seconds, engine.peak_rss_mib()


def measure(context):
    bare, engine = [], []
    for _ in range(context.repetitions):
        bare.append(bare_run(context))
        engine.append(engine_run(context))
    results = [run[0] for run in engine]
    return [
        Row(
            "http_get",
            events_per_s=statistics.median(run[1] for run in engine),
            baseline="bare cpp-httplib 201 handler",
            baseline_events_per_s=statistics.median(run.requests_per_s for run in bare),
            p50_ms=statistics.median(r.p50_ms for r in results),
            p99_ms=statistics.median(r.p99_ms for r in results),
            peak_rss_mib=max(run[2] for run in engine),
            note=f"wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s, median of {context.repetitions}; engine events/s "
            f"(from its applied counter) {', '.join(f'{run[1]:,.0f}' for run in engine)}, "
            f"p99 {', '.join(f'{r.p99_ms:.1f}' for r in results)} ms, {sum(r.failed for r in results)} failed; "
            f"bare requests/s {', '.join(f'{r.requests_per_s:,.0f}' for r in bare)}, p50 "
            f"{statistics.median(r.p50_ms for r in bare):.3f} ms, p99 "
            f"{', '.join(f'{r.p99_ms:.1f}' for r in bare)} ms",
        )
    ]
