"""Issue 11's reads-never-block-apply row: the time from the 201 of `GET /update_model/w` to
`GET /model?compact=1` showing that event, p99 over many events, with four clients asking
`/model/predict?trials=10000&draws=1000000` (the query's limits) in a loop, against the same with
no such clients, in one engine, in the same run. Target: ratio of the p99s <= 1.5.

The two conditions alternate in ROUNDS rounds and each pools its rounds' samples, so that load
from outside the engine (this machine is shared) that comes and goes during the run falls on
both sides alike instead of on whichever ran at the time."""

import http.client
import statistics
import threading
import time

from ..engine_under_test import EngineUnderTest
from ..report import Row

SAMPLES = 200  # per round and condition
ROUNDS = 5
HEAVY_CLIENTS = 4
HEAVY_QUERY = "/model/predict?trials=10000&draws=1000000"
# A sample whose event is not visible by then counts at this bound (the engine is stuck).
VISIBLE_WITHIN_SECONDS = 10


class KeepAliveClient:
    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path):
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        return response.status, response.read()

    def close(self):
        self.connection.close()


def n_shown(client):
    status, body = client.get("/model?compact=1")
    if status != 200:
        raise RuntimeError(f"/model answered {status}")
    # Cheaper than parsing the JSON, and what a poller needs: the n field.
    text = body.decode()
    start = text.index('"n":') + 4
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    return int(text[start:end])


def publish_to_visible_ms(engine):
    """SAMPLES figures: each the time from a 201 to the first /model that counts the event."""
    publisher, reader = KeepAliveClient(engine.http_port), KeepAliveClient(engine.http_port)
    try:
        figures = []
        shown = n_shown(reader)
        for _ in range(SAMPLES):
            status, _ = publisher.get("/update_model/w")
            if status != 201:
                raise RuntimeError(f"/update_model/w answered {status}")
            answered = time.monotonic()
            deadline = answered + VISIBLE_WITHIN_SECONDS
            while n_shown(reader) <= shown and time.monotonic() < deadline:
                pass
            figures.append((time.monotonic() - answered) * 1000)
            shown += 1
        return figures
    finally:
        publisher.close()
        reader.close()


def heavy_readers(engine, stop):
    """Threads asking the heavy query in a loop until `stop` is set; returns them and, per client,
    a count of answers by status (429 when the engine caps concurrent heavy queries)."""
    answered = [{} for _ in range(HEAVY_CLIENTS)]

    def ask(index):
        client = KeepAliveClient(engine.http_port)
        try:
            while not stop.is_set():
                status, _ = client.get(HEAVY_QUERY)
                answered[index][status] = answered[index].get(status, 0) + 1
        except OSError:
            pass  # the engine closed the connection: this client is done
        finally:
            client.close()

    threads = [threading.Thread(target=ask, args=(i,), daemon=True) for i in range(HEAVY_CLIENTS)]
    for thread in threads:
        thread.start()
    return threads, answered


def p99(figures):
    return statistics.quantiles(figures, n=100, method="inclusive")[98]


def measure(context):
    quiet, loaded, answered = [], [], []
    with EngineUnderTest(context) as engine:
        for _ in range(ROUNDS):
            quiet += publish_to_visible_ms(engine)
            stop = threading.Event()
            threads, round_answered = heavy_readers(engine, stop)
            time.sleep(1)  # every heavy client has a query running
            try:
                loaded += publish_to_visible_ms(engine)
            finally:
                stop.set()
                for thread in threads:
                    thread.join(timeout=60)
            answered += round_answered
    quiet_p99, loaded_p99 = p99(quiet), p99(loaded)
    statuses = {}
    for counts in answered:
        for status, count in counts.items():
            statuses[status] = statuses.get(status, 0) + count
    answers = ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items())) or "none"
    return [
        Row(
            "publish_to_visible",
            baseline=f"no {HEAVY_QUERY.split('?')[0]} clients",
            p50_ms=statistics.median(loaded),
            p99_ms=loaded_p99,
            ratio=loaded_p99 / quiet_p99,
            note=f"{ROUNDS} rounds of {SAMPLES} events one after another, 201 to /model showing each; with {HEAVY_CLIENTS} clients "
            f"asking {HEAVY_QUERY} in a loop (answered meanwhile: {answers}) against none: p50 "
            f"{statistics.median(loaded):.2f} vs {statistics.median(quiet):.2f} ms, p99 {loaded_p99:.2f} vs "
            f"{quiet_p99:.2f} ms; the ratio is of the p99s",
        )
    ]
