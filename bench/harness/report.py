"""A row of the report, build/bench/report.json, and the table printed at the end of a run."""

import json
import os
from dataclasses import asdict, dataclass, field


@dataclass
class Row:
    name: str
    events_per_s: float | None = None
    baseline: str | None = None
    baseline_events_per_s: float | None = None
    ratio: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    peak_rss_mib: float | None = None
    # The baseline's own p99, where a target bounds the row's p99 by it (the http rows).
    baseline_p99_ms: float | None = None
    # Not part of report.json: what the figures are, for the printed notes, and for rows where
    # every event must arrive, how many did not.
    note: str = field(default="", compare=False)
    lost: int | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.ratio is None and self.events_per_s and self.baseline_events_per_s:
            self.ratio = self.events_per_s / self.baseline_events_per_s

    def as_json(self):
        fields = asdict(self)
        del fields["note"], fields["lost"]
        return fields


def write_json(rows, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        json.dump([row.as_json() for row in rows], out, indent=2)
        out.write("\n")


def _rate(value):
    if value is None:
        return "-"
    if value >= 1e6:
        return f"{value / 1e6:.2f}M"
    if value >= 1e3:
        return f"{value / 1e3:.1f}k"
    return f"{value:.0f}"


def _number(value, digits):
    return "-" if value is None else f"{value:.{digits}f}"


HEADER = ["row", "events/s", "baseline", "baseline/s", "ratio", "p50 ms", "p99 ms", "peak RSS MiB"]


def _cells(row):
    return [
        row.name,
        _rate(row.events_per_s),
        row.baseline or "-",
        _rate(row.baseline_events_per_s),
        _number(row.ratio, 2),
        _number(row.p50_ms, 3),
        _number(row.p99_ms, 3),
        _number(row.peak_rss_mib, 1),
    ]


def markdown_table(rows):
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(_cells(row)) + " |" for row in rows]
    return "\n".join(lines)


def notes(rows):
    return "\n".join(f"- `{row.name}`: {row.note}" for row in rows if row.note)
