"""Row 4: the Redis pub/sub and stream paths against redis-benchmark -P 64 (PUBLISH, XADD), as
measured by the Redis plugin's own script, bench/redis_e2e.sh: the shipped bayes-subscriber's
applied rate from its counter, against the rate redis-benchmark published at. redis-benchmark
times its whole run, so the row's ratio is the subscriber's over its whole run too (from the
first publish to the last event applied); the middle-80% figure is in the note."""

import json
import os

from .. import processes
from ..report import Row

EVENTS = 2_000_000


def measure(context):
    script = os.path.join(context.repo_root, "bench", "redis_e2e.sh")
    output = processes.run(
        [
            script,
            "--build-dir",
            context.build_dir,
            "--events",
            str(EVENTS),
            "--repetitions",
            str(context.repetitions),
        ],
        timeout=600,
    )
    summary = json.loads(output.strip().splitlines()[-1])
    rows = []
    for mode, name, baseline in (
        ("pubsub", "redis_pubsub_e2e", "redis-benchmark -P 64 PUBLISH"),
        ("stream", "redis_stream_e2e", "redis-benchmark -P 64 XADD"),
    ):
        figures = summary[mode]
        rows.append(
            Row(
                name,
                events_per_s=figures["whole_run_applied_per_second"],
                baseline=baseline,
                baseline_events_per_s=figures["published_per_second"],
                ratio=figures["whole_run_ratio"],
                lost=figures["lost"],
                note=f"bench/redis_e2e.sh, {EVENTS:,} events, median of {figures['runs']}; lost "
                f"{figures['lost']}, over the middle 80% {figures['applied_per_second'] / 1e6:.2f}M/s (ratio "
                f"{figures['ratio']:.2f}), subscriber "
                f"disconnections {figures['subscriber_disconnections']}",
            )
        )
    return rows
