"""Every process the harness starts, stopped by its own pid however the harness ends."""

import atexit
import os
import signal
import subprocess
import sys

_started = []


def start(arguments, **popen_options):
    """Starts a process in its own session and remembers it for stop_all()."""
    process = subprocess.Popen(arguments, start_new_session=True, **popen_options)
    _started.append(process)
    return process


def stop(process, grace_seconds=20.0):
    """SIGTERM, then SIGKILL after the grace period; returns the exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            process.kill()
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


def peak_rss_mib(pid):
    """VmHWM of a running process, in MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no VmHWM for pid {pid}")


def free_tcp_port():
    """A loopback port that nothing listens on now (the kernel's choice for port 0)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(arguments, timeout, **options):
    """Runs a process to completion; raises with its output if it fails."""
    completed = subprocess.run(arguments, capture_output=True, text=True, timeout=timeout, **options)
    if completed.returncode != 0:
        raise RuntimeError(
            f"{os.path.basename(arguments[0])} exited with {completed.returncode}:\n"
            f"{completed.stdout[-2000:]}{completed.stderr[-2000:]}"
        )
    return completed.stdout
