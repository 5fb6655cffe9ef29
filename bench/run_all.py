#!/usr/bin/env python3
"""`make bench`: runs every row of the benchmark report, each path with its baseline in the same
run, then prints the table and writes build/bench/report.json (and report.md, for BENCHMARKS.md).
With --check (as `make bench` runs it) the exit code is 1 when a row failed, or a target of the rows
run (harness/targets.py) was missed or has no figure; the last lines name them.

    python3 bench/run_all.py --build-dir build-release [--rows http_get,latency] [--repetitions 3] [--check]
"""

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

# The harness runs from the source tree: no __pycache__ there.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import processes, report, targets  # noqa: E402
from harness.context import Context  # noqa: E402
from harness.rows import (  # noqa: E402
    decision_rules,
    experiment_maths,
    experiment_reads,
    http_batch,
    held_connections,
    http_get,
    keyed_apply,
    keyed_memory,
    keyed_visible,
    latency,
    memory,
    model_apply,
    nats_e2e,
    plot_render,
    publish_to_visible,
    redis_e2e,
    scale_out,
    zmq_e2e,
    zmq_e2e_batched,
    zmq_large_message,
)

# In the order; a name selects a module, which may give more than one row.
ROWS = {
    "model_apply": model_apply,
    "keyed_apply": keyed_apply,
    "keyed_memory": keyed_memory,
    "keyed_visible": keyed_visible,
    "zmq_e2e": zmq_e2e,
    "zmq_e2e_batched": zmq_e2e_batched,
    "redis_e2e": redis_e2e,
    "http_get": http_get,
    "http_batch": http_batch,
    "held_connections": held_connections,
    "plot_render": plot_render,
    "memory": memory,
    "latency": latency,
    "zmq_large_message": zmq_large_message,
    "publish_to_visible": publish_to_visible,
    "scale_out": scale_out,
    "nats_e2e": nats_e2e,
    "experiment_maths": experiment_maths,
    "experiment_reads": experiment_reads,
    "decision_rules": decision_rules,
}

# The micro benchmarks run first, on a machine not yet disturbed by the end-to-end rows: after
# fifty wrk connections and as many server threads, a plot took 3.5 ms of CPU instead of 2.6 for
# a while. The report keeps the order.
MICRO_BENCHMARKS = ("model_apply", "keyed_apply", "plot_render", "zmq_large_message", "experiment_maths")


def machine_description():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {os.cpu_count()} logical CPUs, {memory_gib:.0f} GiB, Linux {platform.release()}"


def source_description(repo_root):
    """The commit measured, and whether the checkout had changes beyond it."""
    try:
        commit = subprocess.run(
            ["git", "-C", repo_root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", repo_root, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown (not a git checkout)"
    return f"commit {commit}" + (" with uncommitted changes" if changed else "")


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run_rows(context, names):
    """The rows measured, in the order of `names`, and the names of the modules that failed."""
    measured_by_name, failed = {}, []
    for name in sorted(names, key=lambda name: name not in MICRO_BENCHMARKS):
        load = os.getloadavg()[0]
        print(f"== {name} (load {load:.2f})", flush=True)
        started = time.monotonic()
        try:
            measured = ROWS[name].measure(context)
        except Exception as error:  # a broken row must not cost the others their figures
            traceback.print_exc()
            failed.append(name)
            measured = [report.Row(name, note=f"failed: {error}".splitlines()[0])]
        for row in measured:
            row.note = f"(load {load:.2f} at the start) {row.note}"
            print(f"   {report.markdown_table([row]).splitlines()[-1]}", flush=True)
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
        measured_by_name[name] = measured
    return [row for name in names for row in measured_by_name[name]], failed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--build-dir", default=os.path.join(repo_root, "build-release"))
    parser.add_argument("--out", default=os.path.join(repo_root, "build", "bench"))
    parser.add_argument("--rows", default=",".join(ROWS), help="comma-separated, from: " + ", ".join(ROWS))
    parser.add_argument("--repetitions", type=int, default=3, help="for the zmq rows and micro benchmarks")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target is missed or has no figure (make bench)"
    )
    arguments = parser.parse_args()
    names = [name for name in arguments.rows.split(",") if name]
    unknown = [name for name in names if name not in ROWS]
    if unknown:
        parser.error(f"unknown rows {unknown}; known: {', '.join(ROWS)}")

    processes.stop_all_on_exit()
    scratch_dir = tempfile.mkdtemp(prefix="event-engine-bench-")
    context = Context(repo_root, os.path.abspath(arguments.build_dir), scratch_dir, arguments.repetitions)
    load_before = load_average()
    started = datetime.datetime.now().astimezone()
    print(f"machine: {machine_description()}\nload average before: {load_before}", flush=True)
    try:
        rows, failed = run_rows(context, names)
    finally:
        shutil.rmtree(scratch_dir, ignore_errors=True)
    load_after = load_average()

    results = targets.evaluate(rows)
    table = report.markdown_table(rows)
    summary = "\n\n".join(
        [
            f"Run {started:%Y-%m-%d %H:%M %Z}, {(datetime.datetime.now().astimezone() - started).seconds // 60} min; "
            f"{source_description(repo_root)}; {machine_description()}; "
            f"load average (1, 5, 15 min) {load_before} before, {load_after} after.",
            table,
            report.notes(rows),
            "Targets:\n" + targets.markdown(results),
        ]
    )
    report.write_json(rows, os.path.join(arguments.out, "report.json"))
    with open(os.path.join(arguments.out, "report.md"), "w") as out:
        out.write(summary + "\n")
    print("\n" + summary)
    print(f"\nwrote {os.path.join(arguments.out, 'report.json')} and report.md")
    if failed:
        print(f"failed rows: {', '.join(failed)}")
    unmet = targets.failures(results)
    if arguments.check and unmet:
        print("targets missed or without a figure:\n" + "\n".join(f"  {target}" for target in unmet))
    return 1 if failed or (arguments.check and unmet) else 0


if __name__ == "__main__":
    sys.exit(main())
