"""Row 6: POST /events with 10,000 events per body (wrk -t2 -c4 -d10s with
bench/wrk/post_10000_events.lua), against the same two peers as http_get and the same bodies:
nginx with one worker process, which reads each body and discards it (`http_batch`), and the bare
Boost.Beast server with the engine's front's thread layout, which reads each body whole and does not
parse it (`http_batch_vs_beast`). Each round runs wrk once against each, a fresh server each time;
`repetitions` rounds, medians of each round's ratio."""

import os
import statistics

from ..beast_http_server import BeastHttpServer
from ..engine_under_test import EngineUnderTest
from ..nginx_server import NginxServer
from ..report import Row
from ..wrk_run import run_wrk

THREADS, CONNECTIONS, SECONDS = 2, 4, 10
EVENTS_PER_BODY = 10_000


def peer_run(context, server_class, script):
    """wrk's result, and the events per second of wrk's run the peer took (10,000 per body)."""
    with server_class(context) as peer:
        result = run_wrk(f"http://127.0.0.1:{peer.port}/events", THREADS, CONNECTIONS, SECONDS, script)
        return result, (result.requests - result.failed) * EVENTS_PER_BODY / result.seconds


def engine_run(context, script):
    """wrk's result, the events the engine applied per second of wrk's run, and its peak RSS."""
    with EngineUnderTest(context) as engine:
        before = engine.applied()
        result = run_wrk(f"http://127.0.0.1:{engine.http_port}/events", THREADS, CONNECTIONS, SECONDS, script)
        expected = before + (result.requests - result.failed) * EVENTS_PER_BODY
        applied = engine.wait_until_applied(expected, timeout_seconds=60).value("event_engine_events_applied_total")
        return result, (applied - before) / result.seconds, engine.peak_rss_mib()


def peer_row(name, peer, engine, description):
    engine_results = [run[0] for run in engine]
    ratios = [run[1] / baseline[1] for run, baseline in zip(engine, peer)]
    return Row(
        name,
        events_per_s=statistics.median(run[1] for run in engine),
        baseline=description,
        baseline_events_per_s=statistics.median(run[1] for run in peer),
        ratio=statistics.median(ratios),
        p50_ms=statistics.median(r.p50_ms for r in engine_results),
        p99_ms=statistics.median(r.p99_ms for r in engine_results),
        baseline_p99_ms=statistics.median(run[0].p99_ms for run in peer),
        peak_rss_mib=max(run[2] for run in engine),
        note=f"wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s, {EVENTS_PER_BODY:,} events per body, median of "
        f"{len(engine)} rounds; ratio per round {', '.join(f'{ratio:.2f}' for ratio in ratios)}; engine requests/s "
        f"{', '.join(f'{r.requests_per_s:,.0f}' for r in engine_results)} "
        f"({sum(r.failed for r in engine_results)} failed), p99 "
        f"{', '.join(f'{r.p99_ms:.1f}' for r in engine_results)} ms; {description}: requests/s "
        f"{', '.join(f'{run[0].requests_per_s:,.0f}' for run in peer)} ({sum(run[0].failed for run in peer)} "
        f"failed), p99 {', '.join(f'{run[0].p99_ms:.1f}' for run in peer)} ms; p50/p99 per request",
    )


def measure(context):
    script = os.path.join(context.repo_root, "bench", "wrk", "post_10000_events.lua")
    nginx, beast, engine = [], [], []
    for _ in range(context.repetitions):
        nginx.append(peer_run(context, NginxServer, script))
        beast.append(peer_run(context, BeastHttpServer, script))
        engine.append(engine_run(context, script))
    return [
        peer_row("http_batch", nginx, engine, "nginx, one worker, reading and discarding the same bodies"),
        peer_row("http_batch_vs_beast", beast, engine, "bare Beast server, the front's layout, same bodies unparsed"),
    ]
