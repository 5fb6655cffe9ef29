"""Runs wrk and reads its summary: requests, duration, errors and the latency percentiles."""

import re
from dataclasses import dataclass

from . import processes

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class WrkResult:
    requests: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    failed: int  # socket errors plus non-2xx/3xx answers


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNIT_MS[unit]


def run_wrk(url, threads, connections, seconds, script=None):
    arguments = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        arguments += ["-s", script]
    output = processes.run([*arguments, url], timeout=seconds + 30)
    requests, duration = re.search(r"(\d+) requests in ([\d.]+(?:us|ms|s|m)),", output).groups()
    failed = 0
    if errors := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        failed += sum(int(n) for n in errors.groups())
    if non_2xx := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        failed += int(non_2xx.group(1))
    return WrkResult(
        requests=int(requests),
        seconds=_milliseconds(duration) / 1000.0,
        requests_per_s=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1)),
        p99_ms=_milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1)),
        failed=failed,
    )
