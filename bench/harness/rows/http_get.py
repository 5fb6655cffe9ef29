"""Row 5: wrk -t2 -c50 -d10s --latency on GET /update_model/w of the default pipeline, against two
peers answering 201 with the engine's body and nothing behind it: nginx with one worker process
(the `http_get` row, its target) and a bare Boost.Beast server with the engine's front's thread
layout (`http_get_vs_beast`). Each round runs wrk once against each, a fresh server each time, so
every figure is wrk's own run over its own 10 s; `repetitions` rounds, and the ratios are the
medians of each round's ratio."""

import statistics

from ..beast_http_server import BeastHttpServer
from ..engine_under_test import EngineUnderTest
from ..nginx_server import NginxServer
from ..report import Row
from ..wrk_run import run_wrk

THREADS, CONNECTIONS, SECONDS = 2, 50, 10
PATH = "/update_model/w"


def peer_run(context, server_class):
    with server_class(context) as peer:
        return run_wrk(f"http://127.0.0.1:{peer.port}{PATH}", THREADS, CONNECTIONS, SECONDS)


def engine_run(context):
    """wrk's result, the events the engine applied per second of wrk's run, and its peak RSS."""
    with EngineUnderTest(context) as engine:
        before = engine.applied()
        result = run_wrk(f"http://127.0.0.1:{engine.http_port}{PATH}", THREADS, CONNECTIONS, SECONDS)
        after = engine.wait_until_applied(before + result.requests - result.failed, timeout_seconds=30)
        applied = after.value("event_engine_events_applied_total") - before
        return result, applied / result.seconds, engine.peak_rss_mib()


def _figures(runs):
    return ", ".join(f"{run.requests_per_s:,.0f}" for run in runs)


def _p99s(runs):
    return ", ".join(f"{run.p99_ms:.2f}" for run in runs)


def peer_row(name, peer, engine, description):
    """The engine's rounds against one peer's: medians, and each round's ratio in the note."""
    engine_results = [run[0] for run in engine]
    ratios = [run[1] / baseline.requests_per_s for run, baseline in zip(engine, peer)]
    return Row(
        name,
        events_per_s=statistics.median(run[1] for run in engine),
        baseline=description,
        baseline_events_per_s=statistics.median(run.requests_per_s for run in peer),
        ratio=statistics.median(ratios),
        p50_ms=statistics.median(r.p50_ms for r in engine_results),
        p99_ms=statistics.median(r.p99_ms for r in engine_results),
        baseline_p99_ms=statistics.median(run.p99_ms for run in peer),
        peak_rss_mib=max(run[2] for run in engine),
        note=f"wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s, median of {len(engine)} rounds; ratio per round "
        f"{', '.join(f'{ratio:.2f}' for ratio in ratios)}; engine events/s (its applied counter over wrk's run) "
        f"{', '.join(f'{run[1]:,.0f}' for run in engine)}, p99 {_p99s(engine_results)} ms, "
        f"{sum(r.failed for r in engine_results)} failed; {description}: requests/s {_figures(peer)}, p50 "
        f"{statistics.median(run.p50_ms for run in peer):.3f} ms, p99 {_p99s(peer)} ms, "
        f"{sum(run.failed for run in peer)} failed",
    )


def measure(context):
    nginx, beast, engine = [], [], []
    for _ in range(context.repetitions):
        nginx.append(peer_run(context, NginxServer))
        beast.append(peer_run(context, BeastHttpServer))
        engine.append(engine_run(context))
    return [
        peer_row("http_get", nginx, engine, "nginx, one worker, return 201"),
        peer_row("http_get_vs_beast", beast, engine, "bare Beast server, the front's thread layout"),
    ]
