"""Runs a Google Benchmark program and reads the medians of its repetitions."""

import json

from . import processes


def medians(context, program, name_filter, repetitions):
    """{benchmark name: median aggregate} for the benchmarks that match `name_filter`."""
    output = processes.run(
        [
            context.binary(program),
            f"--benchmark_filter={name_filter}",
            f"--benchmark_repetitions={repetitions}",
            "--benchmark_report_aggregates_only=true",
            "--benchmark_format=json",
        ],
        timeout=300,
    )
    return {
        entry["run_name"]: entry
        for entry in json.loads(output)["benchmarks"]
        if entry.get("aggregate_name") == "median"
    }


def milliseconds(entry, clock="real_time"):
    """`clock`: "real_time" (wall clock) or "cpu_time" (this process's CPU)."""
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[entry["time_unit"]]
    return entry[clock] * scale
