"""Keyed apply with process.decisions against without: the same 20,000,000 keyed text events over
ZeroMQ tcp (`event-engine publish --file`) to 20 keys, applied by an engine with a winner rule
over them evaluated every 100 ms, and by one without. Alternated `repetitions` times; medians of
the applied rate from the engine's own counter."""

import statistics

from .. import processes
from ..applied_rate import measure_transfer
from ..engine_under_test import EngineUnderTest
from ..report import Row
from .experiment_reads import keyed_events_file, EVENTS_PER_FILE

# Enough for the 10%-90% window to last seconds at ten million events a second.
FILES = 10
RULES = (
    'process.decisions={"every_ms": 100, "file": "decisions.jsonl", "rules": '
    '[{"name": "winner", "prefix": "exp/", "p_best_at_least": 0.95}, '
    '{"name": "guard", "prefix": "exp/", "baseline": "exp/v0", "worse_by": 0.02}]}'
)


def applied_rate(context, with_rules):
    overrides = ['process.keys={"format": "text", "separator": ":"}', "process.model.config.grid_points=1000"]
    if with_rules:
        overrides.append(RULES)
    events = keyed_events_file(context)
    with EngineUnderTest(context, extra_overrides=overrides) as engine:
        publisher = processes.start(
            ["sh", "-c", " && ".join(
                [" ".join([context.binary("event-engine"), "publish", *map(_quoted, engine.config_arguments()),
                           "--file", events])] * FILES)]
        )
        try:
            return measure_transfer(engine, FILES * EVENTS_PER_FILE, publisher)
        finally:
            processes.stop(publisher)


def _quoted(argument):
    return "'" + argument.replace("'", "'\\''") + "'"


def measure(context):
    without, with_rules = [], []
    for _ in range(context.repetitions):
        without.append(applied_rate(context, False))
        with_rules.append(applied_rate(context, True))
    return [
        Row(
            "decision_rules",
            events_per_s=statistics.median(with_rules),
            baseline="the same engine and events without process.decisions",
            baseline_events_per_s=statistics.median(without),
            note=f"{FILES * EVENTS_PER_FILE:,} keyed events to 20 keys per run, a winner rule and a guardrail "
            f"(19 comparisons) evaluated every 100 ms, median of {context.repetitions}",
        )
    ]
