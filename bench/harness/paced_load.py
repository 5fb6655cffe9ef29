"""A steady load on a running engine: bench_zmq_steady_rate_sender sending an events file's lines,
MESSAGE_EVENTS per ZeroMQ message, RATE events a second, from one process that lives as long as the
`with` block (a publish process started every 100 ms made the load bursty, and its start-up took
CPU from the engine on a two-core machine)."""

import subprocess
import time

from . import processes

RATE = 1_000_000
MESSAGE_EVENTS = 1_000  # a message every millisecond at RATE


class PacedLoad:
    def __init__(self, context, engine, events_file, topic="update_model"):
        self.context = context
        self.engine = engine
        self.events_file = events_file
        self.topic = topic
        self.sender = None

    def __enter__(self):
        self.applied_before, self.started = self.engine.applied(), time.monotonic()
        self.sender = processes.start(
            [
                self.context.binary("bench_zmq_steady_rate_sender"),
                "--endpoint",
                self.engine.zmq_endpoint,
                "--topic",
                self.topic,
                "--rate",
                str(RATE),
                "--seconds",
                "0",
                "--file",
                self.events_file,
                "--events-per-message",
                str(MESSAGE_EVENTS),
            ],
            stdout=subprocess.DEVNULL,
        )
        return self

    def rate(self):
        """Events a second the engine applied since the load started."""
        return (self.engine.applied() - self.applied_before) / (time.monotonic() - self.started)

    def __exit__(self, *_):
        processes.stop(self.sender)
