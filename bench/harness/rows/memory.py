"""Row 8: peak RSS (VmHWM) of the default pipeline after 1e5 and after 1e7 events, one process,
the events sent batched over ZeroMQ tcp with `event-engine publish --file`. The note adds the
growth over a further 1e7 events, which tells growth per event from a one-time peak."""

import time

from ..engine_under_test import EngineUnderTest
from ..report import Row

FIRST, TOTAL = 100_000, 10_000_000
# Long enough for a checkpoint (every 1 s) and a plot (every 100 ms) of the final state.
SETTLE_SECONDS = 1.5


def measure(context):
    with EngineUnderTest(context) as engine:
        engine.publish_file(context.events_file(FIRST))
        engine.wait_until_applied(FIRST, timeout_seconds=60)
        time.sleep(SETTLE_SECONDS)
        after_first = engine.peak_rss_mib()
        engine.publish_file(context.events_file(TOTAL - FIRST))
        engine.wait_until_applied(TOTAL, timeout_seconds=120)
        time.sleep(SETTLE_SECONDS)
        after_total = engine.peak_rss_mib()
        engine.publish_file(context.events_file(TOTAL))
        engine.wait_until_applied(2 * TOTAL, timeout_seconds=120)
        time.sleep(SETTLE_SECONDS)
        after_twice = engine.peak_rss_mib()
    return [
        Row("memory_1e5", peak_rss_mib=after_first, note="VmHWM of event-engine run after 100,000 events"),
        Row(
            "memory_1e7",
            baseline="memory_1e5, same process",
            peak_rss_mib=after_total,
            note=f"VmHWM after 10,000,000 events: {after_total - after_first:+.2f} MiB since 100,000; "
            f"{after_twice - after_total:+.2f} MiB more after 10,000,000 further events",
        ),
    ]
