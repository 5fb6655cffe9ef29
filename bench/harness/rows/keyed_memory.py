"""Peak RSS (VmHWM) of the default pipeline keyed by text (`KEY:w`), after events for 1,000,000
distinct keys, sent batched over ZeroMQ tcp with `event-engine publish --file`; and how long the
checkpoint of those keys took to save (the histogram's mean over the run)."""

import os
import time

from ..engine_under_test import EngineUnderTest
from ..report import Row

KEYS = 1_000_000
# Long enough for a checkpoint (every 1 s) and a plot (every 100 ms) of the final state.
SETTLE_SECONDS = 2.5


def keyed_events_file(context):
    path = os.path.join(context.scratch_dir, f"keyed-events-{KEYS}.txt")
    if not os.path.exists(path):
        with open(path, "w") as out:
            out.writelines(f"key-{i}:{'w' if i % 3 else 'l'}\n" for i in range(KEYS))
    return path


def measure(context):
    overrides = ['process.keys={"format": "text", "separator": ":"}']
    with EngineUnderTest(context, extra_overrides=overrides) as engine:
        engine.publish_file(keyed_events_file(context))
        metrics = engine.wait_until_applied(KEYS, timeout_seconds=120)
        time.sleep(SETTLE_SECONDS)
        peak = engine.peak_rss_mib()
        metrics = engine.metrics()
        keys = metrics.value("event_engine_keys")
        saves = metrics.value("event_engine_checkpoint_seconds_count")
        seconds = metrics.value("event_engine_checkpoint_seconds_sum")
    mean_save = seconds / saves if saves else float("nan")
    return [
        Row(
            "keyed_memory_1e6",
            peak_rss_mib=peak,
            note=f"VmHWM of event-engine run holding {keys:.0f} keys of binomial_grid (120 points); "
            f"checkpoints saved {saves:.0f} times, {mean_save:.2f} s each on average",
        )
    ]
