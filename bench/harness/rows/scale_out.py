"""Scale-out rows (issue 13), each against a baseline measured in the same run:

- stream_recovery: an engine in stream mode killed with SIGKILL while 100,000 entries it was
  delivered are pending under its name, restarted with the same config; from the restart to /model
  answering the exact total. Baseline: the same restart under a new consumer name, as the old
  <host>-<pid> default made every restart, which waits claim_idle_ms (30 s, the default) for a live
  member to requeue the entries (here the restarted engine is that member).
- group_applied_1/2/3: the applied rate of a group of 1, 2 and 3 engines sharing one stream (the
  sum of their event_engine_events_applied_total), fed by redis-benchmark -P 64 XADD, against the
  rate redis-benchmark itself reached in that run. On two cores this measures the overhead of
  membership, not a speed-up: the members share the cores with Redis and redis-benchmark."""

import http.client
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

from .. import processes
from ..report import Row

RECOVERY_ENTRIES = 100_000
GROUP_EVENTS = 1_000_000


def _get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    except OSError:
        return 0, ""
    finally:
        connection.close()


def _wait(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"scale_out: {what} within {seconds} s")
        time.sleep(0.01)


class _Redis:
    def __init__(self, work):
        os.makedirs(work, exist_ok=True)
        self.port = processes.free_tcp_port()
        self.process = processes.start(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", work],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(lambda: self.cli("PING") == "PONG", 10, "redis-server did not start")

    def cli(self, *arguments):
        result = subprocess.run(["redis-cli", "-p", str(self.port), *arguments], capture_output=True, text=True)
        return result.stdout.strip()

    def xadd(self, count):
        """redis-benchmark -P 64 XADD about `count` entries (it rounds up to whole pipelines); returns
        (the entries in the stream, the rate redis-benchmark reports)."""
        output = subprocess.run(
            ["redis-benchmark", "-p", str(self.port), "-P", "64", "-n", str(count), "-q",
             "XADD", "update_model", "*", "e", "w"],
            capture_output=True, text=True, check=True,
        ).stdout.replace("\r", "\n")
        rates = [line for line in output.splitlines() if "requests per second" in line]
        return int(self.cli("XLEN", "update_model")), float(rates[-1].split(":")[1].split()[0])

    def stop(self):
        processes.stop(self.process)


class _Subscriber:
    """config/bayes-subscriber.json in stream mode, in a directory of its own."""

    def __init__(self, context, work, redis, key, overrides=()):
        self.context, self.redis, self.key = context, redis, key
        self.work = os.path.join(work, key)
        os.makedirs(os.path.join(self.work, "config"), exist_ok=True)
        self.config = os.path.join(self.work, "config", "bayes-subscriber.json")
        shutil.copy(os.path.join(context.repo_root, "config", "bayes-subscriber.json"), self.config)
        self.port = processes.free_tcp_port()
        self.overrides = [
            f"plugin_dirs={json.dumps([context.plugin_dir])}",
            f"http.listen=127.0.0.1:{self.port}",
            f"broker.config.port={redis.port}",
            f"process.store.config.port={redis.port}",
            "broker.config.mode=stream",
            "process.visualisers=[]",
            f"process.checkpoint.key={key}",
            *overrides,
        ]
        self.process = None
        self.runs = 0

    def start(self):
        arguments = [self.context.binary("event-engine"), "run", "--config", self.config]
        for override in self.overrides:
            arguments += ["--set", override]
        self.runs += 1
        log = open(os.path.join(self.work, f"engine-{self.runs}.log"), "w")
        self.process = processes.start(arguments, stdout=log, stderr=log)
        _wait(lambda: _get(self.port, "/readyz")[0] == 200, 20, f"{self.key} did not become ready")

    def applied(self):
        status, text = _get(self.port, "/metrics")
        for line in text.splitlines() if status == 200 else []:
            if line.startswith("event_engine_events_applied_total "):
                return float(line.split()[1])
        return 0.0

    def model_n(self):
        status, text = _get(self.port, "/model?compact=1")
        return json.loads(text).get("n", -1) if status == 200 else -1

    def kill(self):
        processes._signal_group(self.process, signal.SIGKILL)
        self.process.wait()
        processes._started.remove(self.process)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            processes.stop(self.process)


def _recovery_seconds(context, work, new_name):
    """Seconds from the restart to /model answering RECOVERY_ENTRIES, after a SIGKILL with every
    entry pending (nothing checkpointed: the checkpoint triggers are out of reach)."""
    redis = _Redis(work)
    first_name = ["broker.config.consumer=first"] if new_name else []
    subscriber = _Subscriber(
        context, work, redis, "recovery-new-name" if new_name else "recovery",
        ["process.checkpoint.every_events=1000000000", "process.checkpoint.every_ms=600000", *first_name],
    )
    try:
        subscriber.start()
        entries, _ = redis.xadd(RECOVERY_ENTRIES)
        _wait(lambda: subscriber.model_n() == entries, 120, "the entries were not applied")
        pending = int(redis.cli("XPENDING", "update_model", "event-engine").splitlines()[0])
        if pending != entries:
            raise RuntimeError(f"scale_out: {pending} entries pending before the kill, not {entries}")
        subscriber.kill()
        if new_name:
            subscriber.overrides[-1] = "broker.config.consumer=second"
        started = time.monotonic()
        subscriber.start()
        _wait(lambda: subscriber.model_n() == entries, 180, "the restarted engine did not recover")
        return time.monotonic() - started
    finally:
        subscriber.stop()
        redis.stop()


def _group_rate(context, work, members):
    """(applied per second by the group, redis-benchmark's XADD rate) for GROUP_EVENTS entries."""
    redis = _Redis(work)
    subscribers = [
        _Subscriber(context, work, redis, f"bayes-{members}-{i}", ['process.group={"prefix": "bayes-"}'])
        for i in range(members)
    ]
    try:
        for subscriber in subscribers:
            subscriber.start()
        started = time.monotonic()
        entries, xadd_rate = redis.xadd(GROUP_EVENTS)
        _wait(lambda: sum(s.applied() for s in subscribers) >= entries, 300, "the group did not apply all")
        elapsed = time.monotonic() - started
        return entries / elapsed, xadd_rate
    finally:
        for subscriber in subscribers:
            subscriber.stop()
        redis.stop()


def measure(context):
    work = tempfile.mkdtemp(prefix="scale-out-bench-", dir=context.scratch_dir)
    try:
        after = _recovery_seconds(context, os.path.join(work, "after"), new_name=False)
        before = _recovery_seconds(context, os.path.join(work, "before"), new_name=True)
        rows = [
            Row(
                "stream_recovery",
                p50_ms=after * 1000,
                baseline="restart under a new consumer name (the old <host>-<pid> default)",
                ratio=after / before,
                note=f"{RECOVERY_ENTRIES:,} entries pending at the SIGKILL; restart to exact n: {after:.2f} s, "
                f"under a new name {before:.2f} s (claim_idle_ms 30 s, then bulk requeue)",
            )
        ]
        for members in (1, 2, 3):
            rate, xadd_rate = _group_rate(context, os.path.join(work, f"group-{members}"), members)
            rows.append(
                Row(
                    f"group_applied_{members}",
                    events_per_s=rate,
                    baseline="redis-benchmark -P 64 XADD",
                    baseline_events_per_s=xadd_rate,
                    note=f"{members} member(s), {GROUP_EVENTS:,} entries, from redis-benchmark's start to the "
                    "last applied; on two cores: membership overhead, not a speed-up",
                )
            )
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)
