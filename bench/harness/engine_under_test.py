"""`event-engine run` with the shipped default pipeline, on free loopback ports, its state and
plots in a temporary directory, its plugins from the benchmark build."""

import http.client
import json
import os
import shutil
import tempfile
import time

from . import processes
from .prometheus_text import Metrics


class EngineUnderTest:
    def __init__(self, context, extra_overrides=()):
        self.context = context
        self.work_dir = tempfile.mkdtemp(prefix="event-engine-bench-", dir=context.scratch_dir)
        self.http_port = processes.free_tcp_port()
        self.zmq_endpoint = f"tcp://127.0.0.1:{processes.free_tcp_port()}"
        self.overrides = [
            f"plugin_dirs={json.dumps([context.plugin_dir])}",
            f"broker.config.endpoints={json.dumps(['inproc://event-engine', self.zmq_endpoint])}",
            *extra_overrides,
        ]
        self.process = None

    def config_arguments(self):
        arguments = ["--config", self.context.default_config]
        for override in self.overrides:
            arguments += ["--set", override]
        return arguments

    def __enter__(self):
        run_overrides = [
            f"http.listen=127.0.0.1:{self.http_port}",
            f"process.store.config.directory={self.work_dir}/state",
            f"process.visualisers.0.config.directory={self.work_dir}/graphs",
            f"process.dead_letter.path={self.work_dir}/state/dead-letter.jsonl",
        ]
        arguments = [self.context.binary("event-engine"), "run", *self.config_arguments(), "--reset-state"]
        for override in run_overrides:
            arguments += ["--set", override]
        self.log_path = os.path.join(self.work_dir, "engine.log")
        with open(self.log_path, "w") as log:
            self.process = processes.start(arguments, stdout=log, stderr=log)
        self._wait_until_ready()
        return self

    def __exit__(self, *_):
        code = processes.stop(self.process)
        if code != 0:
            print(f"  warning: event-engine exited with {code}; log: {self.log_path}")
        else:
            shutil.rmtree(self.work_dir, ignore_errors=True)

    def _wait_until_ready(self):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.get("/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        with open(self.log_path) as log:
            raise RuntimeError("event-engine did not become ready:\n" + log.read()[-3000:])

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()

    def metrics(self):
        status, text = self.get("/metrics")
        if status != 200:
            raise RuntimeError(f"/metrics answered {status}")
        return Metrics(text)

    def applied(self):
        return self.metrics().value("event_engine_events_applied_total")

    def wait_until_applied(self, count, timeout_seconds):
        """Waits until the engine has applied `count` events in all; returns the last scrape."""
        deadline = time.monotonic() + timeout_seconds
        while True:
            metrics = self.metrics()
            if metrics.value("event_engine_events_applied_total") >= count:
                return metrics
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"event-engine applied {metrics.value('event_engine_events_applied_total'):.0f} "
                    f"of {count} events within {timeout_seconds} s"
                )
            time.sleep(0.02)

    def peak_rss_mib(self):
        return processes.peak_rss_mib(self.process.pid)

    def publish_file(self, events_file, timeout_seconds=120):
        """`event-engine publish --file`: many events per ZeroMQ frame, over tcp, from outside."""
        processes.run(
            [self.context.binary("event-engine"), "publish", *self.config_arguments(), "--file", events_file],
            timeout=timeout_seconds,
        )
