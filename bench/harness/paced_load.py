"""A steady load on a running engine: `event-engine publish --file` of CHUNK-event files, RATE
events a second on average, on a thread of its own, for as long as the `with` block lasts."""

import os
import threading
import time

RATE = 1_000_000
CHUNK = 100_000


def chunk_files(context, events, name):
    """`events` split into files of CHUNK lines in the scratch directory, made once."""
    paths = []
    with open(events) as source:
        lines = source.readlines()
    for first in range(0, len(lines), CHUNK):
        path = os.path.join(context.scratch_dir, f"{name}-chunk-{first // CHUNK}.txt")
        if not os.path.exists(path):
            with open(path, "w") as out:
                out.writelines(lines[first : first + CHUNK])
        paths.append(path)
    return paths


class PacedLoad:
    def __init__(self, engine, chunks):
        self.engine = engine
        self.chunks = chunks
        self.sending = threading.Event()
        self.thread = threading.Thread(target=self._send, daemon=True)

    def _send(self):
        sent, started = 0, time.monotonic()
        while self.sending.is_set():
            self.engine.publish_file(self.chunks[(sent // CHUNK) % len(self.chunks)])
            sent += CHUNK
            time.sleep(max(0.0, started + sent / RATE - time.monotonic()))

    def __enter__(self):
        self.applied_before, self.started = self.engine.applied(), time.monotonic()
        self.sending.set()
        self.thread.start()
        return self

    def rate(self):
        """Events a second the engine applied since the load started."""
        return (self.engine.applied() - self.applied_before) / (time.monotonic() - self.started)

    def __exit__(self, *_):
        self.sending.clear()
        self.thread.join(timeout=120)
