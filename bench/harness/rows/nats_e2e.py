"""Rows nats_publish and nats_consume: the NATS JetStream paths against the C client's own rates
on the same nats-server (bench/tools/nats_jetstream_baseline.cpp), in the same run.

- nats_publish: the shipped nats-api-publisher taking POST /events bodies of 10,000 events (wrk,
  bench/wrk/post_10000_events.lua), each answered 202 only once the stream acknowledged it; the
  baseline publishes the same messages (the bodies framed the same way, with the same
  Nats-Expected-Stream header) with async publish, waiting for the acknowledgements of each body
  (and failing if the stream refused any), from as many threads as wrk has connections, as many
  events as the engine published in its run: the same work, so both are timed over a run of
  seconds (a fixed 100M events took the baseline about a second, and its rate swung from 39M to
  100M events/s between runs).
- nats_consume: the shipped nats-bayes-subscriber's applied rate (its counter, from the 10% to
  the 90% mark) reading the stream those filled; the baseline drains the same stream through a raw
  pull consumer."""

import json
import os
import shutil
import tempfile
import time
import urllib.request

from .. import processes
from ..prometheus_text import Metrics
from ..report import Row
from ..wrk_run import run_wrk

THREADS, CONNECTIONS, SECONDS = 2, 4, 10
EVENTS_PER_BODY = 10_000
# The stream the publisher creates for POST /events' topic; its messages carry it in the
# Nats-Expected-Stream header, and so do the baseline's.
STREAM = "update_model"
# The baseline's least work, should the engine's run publish little.
BASELINE_MIN_EVENTS = 100_000_000


def _get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return answer.status, answer.read().decode()
    except OSError:
        return 0, ""


def _wait(predicate, what, seconds=30):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _start_engine(context, work_dir, config, name, servers):
    port = processes.free_tcp_port()
    arguments = [context.binary("event-engine"), "run", "--config", os.path.join(context.repo_root, "config", config)]
    for override in (
        f"plugin_dirs={json.dumps([context.plugin_dir])}",
        f"http.listen=127.0.0.1:{port}",
        f"broker.config.servers={servers}",
    ):
        arguments += ["--set", override]
    if "subscriber" in config:
        for override in (
            f"process.store.config.servers={servers}",
            "process.visualisers=[]",
            f"process.dead_letter.path={work_dir}/dead-letter.jsonl",
        ):
            arguments += ["--set", override]
    log = open(os.path.join(work_dir, f"{name}.log"), "w")
    process = processes.start(arguments, stdout=log, stderr=log)
    _wait(lambda: _get(port, "/readyz")[0] == 200, f"{name} to be ready")
    return process, port


def measure(context):
    work_dir = tempfile.mkdtemp(prefix="event-engine-bench-nats-", dir=context.scratch_dir)
    nats_port, monitor_port = processes.free_tcp_port(), processes.free_tcp_port()
    servers = f"nats://127.0.0.1:{nats_port}"
    nats_log = open(os.path.join(work_dir, "nats.log"), "w")
    nats = processes.start(
        ["nats-server", "-a", "127.0.0.1", "-p", str(nats_port), "-m", str(monitor_port), "-js", "-sd", work_dir],
        stdout=nats_log,
        stderr=nats_log,
    )
    try:
        _wait(lambda: _get(monitor_port, "/healthz")[0] == 200, "nats-server")
        baseline_tool = context.binary("bench_nats_jetstream_baseline")

        publisher, publisher_port = _start_engine(context, work_dir, "nats-api-publisher.json", "publisher", servers)
        script = os.path.join(context.repo_root, "bench", "wrk", "post_10000_events.lua")
        result = run_wrk(f"http://127.0.0.1:{publisher_port}/events", THREADS, CONNECTIONS, SECONDS, script)
        engine_published = (result.requests - result.failed) * EVENTS_PER_BODY
        processes.stop(publisher)

        baseline_events = max(engine_published, BASELINE_MIN_EVENTS)
        baseline_publish = json.loads(
            processes.run(
                [baseline_tool, "--servers", servers, "--events", str(baseline_events), "publish", "--threads",
                 str(CONNECTIONS), "--expect-stream", STREAM],
                timeout=300,
            )
        )["events_per_s"]
        total = engine_published + baseline_events
        baseline_drain = json.loads(
            processes.run([baseline_tool, "--servers", servers, "--events", str(total), "drain"], timeout=300)
        )["events_per_s"]

        subscriber, subscriber_port = _start_engine(
            context, work_dir, "nats-bayes-subscriber.json", "subscriber", servers
        )
        marks = {}

        def applied():
            status, text = _get(subscriber_port, "/metrics")
            count = Metrics(text).value("event_engine_events_applied_total") if status == 200 else 0
            for mark in (0.1, 0.9):
                if count >= mark * total and mark not in marks:
                    marks[mark] = (time.monotonic(), count)
            return count

        def applied_all():
            # A subscriber that died fails the row now, with its log's end, instead of at the deadline.
            if subscriber.poll() is not None:
                with open(os.path.join(work_dir, "subscriber.log")) as log:
                    raise RuntimeError(f"the subscriber exited with {subscriber.returncode}: {log.read()[-600:]}")
            return applied() >= total

        _wait(applied_all, "the subscriber to apply the stream", seconds=600)
        processes.stop(subscriber)
        (start, first), (end, last) = marks[0.1], marks[0.9]
        engine_consume = (last - first) / (end - start) if end > start else None
    finally:
        processes.stop(nats)
    shutil.rmtree(work_dir, ignore_errors=True)
    engine_publish = engine_published / result.seconds
    return [
        Row(
            "nats_publish",
            events_per_s=engine_publish,
            baseline=f"nats.c async publish, same framed bodies and header acknowledged per body, {CONNECTIONS} threads",
            baseline_events_per_s=baseline_publish,
            p50_ms=result.p50_ms,
            p99_ms=result.p99_ms,
            note=f"wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s, {EVENTS_PER_BODY:,} events per body, one "
            f"nats-server -js (file store, R1); baseline {baseline_events:,} events (as many as the engine published); {result.failed} failed",
        ),
        Row(
            "nats_consume",
            events_per_s=engine_consume,
            baseline="nats.c pull consumer draining the same stream",
            baseline_events_per_s=baseline_drain,
            note=f"{total:,} events in 1,000-event messages; engine rate from its applied counter, 10% to 90%",
        ),
    ]
