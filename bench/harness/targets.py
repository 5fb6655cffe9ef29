"""Every speed target of the project, checked on the rows of one run. This is the one list:
`run_all.py --check` (and so `make bench`) fails when a target of a row it ran is missed or has no
figure."""

# A target whose row this run did not measure (a run of some rows only): left out of the results.
NOT_RUN = object()


def _check(rows, name, predicate):
    row = rows.get(name)
    if row is None:
        return NOT_RUN
    try:
        return bool(predicate(row))
    except TypeError:  # a figure is missing (None): the row ran and failed to measure it
        return None


def evaluate(row_list):
    """[(target, True | False | None)] for the targets of the rows measured; None when a row ran and
    has no figure for its target."""
    rows = {row.name: row for row in row_list}
    memory_growth = NOT_RUN
    if "memory_1e5" in rows or "memory_1e7" in rows:
        before = getattr(rows.get("memory_1e5"), "peak_rss_mib", None)
        after = getattr(rows.get("memory_1e7"), "peak_rss_mib", None)
        memory_growth = None if before is None or after is None else after - before
    results = [
        ("zmq_e2e >= 0.8x raw PUSH/PULL", _check(rows, "zmq_e2e", lambda r: r.ratio >= 0.8)),
        (
            "zmq_e2e_batched >= 0.5x a raw sender of the same frames to a receiver that counts their events",
            _check(rows, "zmq_e2e_batched", lambda r: r.ratio >= 0.5),
        ),
        (
            "redis_pubsub_e2e >= 0.95x published, every message applied",
            _check(rows, "redis_pubsub_e2e", lambda r: r.ratio >= 0.95 and r.lost == 0),
        ),
        ("redis_stream_e2e >= 0.7x XADD", _check(rows, "redis_stream_e2e", lambda r: r.ratio >= 0.7)),
        ("nats_publish >= 0.7x C-client publish", _check(rows, "nats_publish", lambda r: r.ratio >= 0.7)),
        ("nats_consume >= 0.7x C-client pull", _check(rows, "nats_consume", lambda r: r.ratio >= 0.7)),
        ("http_get >= 0.8x bare handler", _check(rows, "http_get", lambda r: r.ratio >= 0.8)),
        ("http_get p99 <= 10 ms", _check(rows, "http_get", lambda r: r.p99_ms <= 10)),
        (
            "held_connections: p99 <= 100 ms with 1,000 connections held, none failed",
            _check(rows, "held_connections", lambda r: r.p99_ms <= 100 and r.lost == 0),
        ),
        ("http_batch >= 2M events/s", _check(rows, "http_batch", lambda r: r.events_per_s >= 2e6)),
        ("model_apply >= 200M events/s", _check(rows, "model_apply", lambda r: r.events_per_s >= 200e6)),
        (
            "keyed_apply_json >= 0.5x parsing the same events only",
            _check(rows, "keyed_apply_json", lambda r: r.ratio >= 0.5),
        ),
        ("keyed_apply_text >= 20M events/s", _check(rows, "keyed_apply_text", lambda r: r.events_per_s >= 20e6)),
        (
            "keyed_memory: 1,000,000 keys of binomial_grid <= 256 MiB peak RSS",
            _check(rows, "keyed_memory_1e6", lambda r: r.peak_rss_mib <= 256),
        ),
        (
            "keyed_visible: at 1,000,000 keys under load, a key's update visible p99 <= 20 ms",
            _check(rows, "keyed_visible_1e6", lambda r: r.p99_ms <= 20),
        ),
        (
            "plot_render >= 1.0x libpng writing the same surface at the same zlib level",
            _check(rows, "plot_render", lambda r: r.ratio >= 1.0),
        ),
        (
            "memory growth 1e5 -> 1e7 events <= 1 MiB",
            memory_growth if memory_growth is None or memory_growth is NOT_RUN else memory_growth <= 1.0,
        ),
        ("memory: default pipeline peak RSS <= 40 MiB", _check(rows, "memory_1e7", lambda r: r.peak_rss_mib <= 40)),
        ("latency p99 <= 2 ms", _check(rows, "latency", lambda r: r.p99_ms <= 2)),
        (
            "zmq_large_message: one 32M-event message >= 0.8x 32 messages of 1M",
            _check(rows, "zmq_large_message", lambda r: r.ratio >= 0.8),
        ),
        (
            "publish_to_visible: p99 with four /model/predict clients <= 1.5x without",
            _check(rows, "publish_to_visible", lambda r: r.ratio <= 1.5),
        ),
        (
            "experiment_compare: GET /model/compare at 1,000 points p99 <= 2 ms under ingestion",
            _check(rows, "experiment_compare", lambda r: r.p99_ms <= 2),
        ),
        (
            "experiment_best_20: GET /model/best over 20 keys p99 <= 20 ms under ingestion",
            _check(rows, "experiment_best_20", lambda r: r.p99_ms <= 20),
        ),
        (
            "decision_rules: keyed apply with rules >= 0.9x without",
            _check(rows, "decision_rules", lambda r: r.ratio >= 0.9),
        ),
        (
            "stream_recovery: restart to exact totals with 100,000 entries pending <= 5 s",
            _check(rows, "stream_recovery", lambda r: r.p50_ms <= 5000),
        ),
    ]
    return [(target, met) for target, met in results if met is not NOT_RUN]


def failures(results):
    """The targets missed, and those with no figure: what makes a checked run fail."""
    return [target for target, met in results if met is not True]


def markdown(results):
    mark = {True: "met", False: "**missed**", None: "**no figure**"}
    return "\n".join(f"- {target}: {mark[met]}" for target, met in results)
