"""Every process the harness starts, stopped however the harness ends. Each runs in a process
group of its own, and stopping one signals its whole group, by the group's id: helpers it started
(a wrapper's child, a script's servers) stop with it and nothing else is touched.

A group, not a session: Linux's scheduler (autogroup, on by default) shares the CPU between
sessions first, so a client and a server in sessions of their own would each be held to half of
the machine, whatever their threads, unlike the raw baselines' threads in one process, and unlike
the same commands typed in one shell (wrk against the bare server: 23k requests/s in two
sessions, 34k in one)."""

import atexit
import os
import signal
import socket
import subprocess
import sys

_started = []


def start(arguments, **popen_options):
    """Starts a process in its own process group and remembers it for stop_all()."""
    process = subprocess.Popen(arguments, process_group=0, **popen_options)
    _started.append(process)
    return process


def _signal_group(process, signal_number):
    try:
        os.killpg(process.pid, signal_number)
    except ProcessLookupError:
        pass  # the group is gone already


def stop(process, grace_seconds=20.0):
    """SIGTERM to the process's group, SIGKILL after the grace period; returns its exit code."""
    _signal_group(process, signal.SIGTERM)
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        process.wait()
    if process in _started:
        _started.remove(process)
    return process.returncode


def stop_all():
    for process in list(_started):
        stop(process, grace_seconds=5.0)


def _stop_all_and_exit(signal_number, _frame):
    stop_all()
    sys.exit(128 + signal_number)


def stop_all_on_exit():
    """Stops what the harness started at exit, on Ctrl-C and on SIGTERM."""
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _stop_all_and_exit)
    signal.signal(signal.SIGINT, _stop_all_and_exit)


def run(arguments, timeout):
    """Runs a process to completion and returns its stdout; raises with its output if it fails or
    outlives `timeout` (its group is stopped then)."""
    process = start(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(process, grace_seconds=5.0)
        raise RuntimeError(f"{os.path.basename(arguments[0])} did not finish within {timeout} s")
    stop(process)  # reaps it, and any helper it left behind in its group
    if process.returncode != 0:
        raise RuntimeError(
            f"{os.path.basename(arguments[0])} exited with {process.returncode}:\n{stdout[-2000:]}{stderr[-2000:]}"
        )
    return stdout


def peak_rss_mib(pid):
    """VmHWM of a running process, in MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no VmHWM for pid {pid}")


def free_tcp_port():
    """A loopback port that nothing listens on now (the kernel's choice for port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
