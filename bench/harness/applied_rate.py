"""Events per second from the engine's own counter, sampled while a client sends.

The rate is taken between the scrapes where the applied count first passes 10% and 90% of the
transfer, so neither the client's start-up nor the drain at the end counts; the raw baselines
time the same marks (bench/tools/middle_window_rate.hpp)."""

import time

SCRAPE_INTERVAL_SECONDS = 0.02


def measure_transfer(engine, total_events, client_process, timeout_seconds=120):
    """Scrapes the applied counter until `total_events` more were applied; returns events/s."""
    base = engine.applied()
    samples = []
    deadline = time.monotonic() + timeout_seconds
    while True:
        now = time.monotonic()
        applied = engine.applied() - base
        samples.append((now, applied))
        if applied >= total_events:
            break
        if client_process.poll() not in (None, 0):
            raise RuntimeError(f"the client exited with {client_process.returncode}")
        if now > deadline:
            raise RuntimeError(f"only {applied:.0f} of {total_events} events applied in {timeout_seconds} s")
        time.sleep(SCRAPE_INTERVAL_SECONDS)
    return middle_window_rate(samples, total_events)


def middle_window_rate(samples, total_events):
    first = next(s for s in samples if s[1] >= 0.1 * total_events)
    last = next(s for s in samples if s[1] >= 0.9 * total_events)
    if last[0] - first[0] < 0.2:
        raise RuntimeError("the transfer was too short to time from the counters: send more events")
    return (last[1] - first[1]) / (last[0] - first[0])
