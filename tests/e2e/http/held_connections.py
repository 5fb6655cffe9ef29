#!/usr/bin/env python3
"""Holds many connections open against an HTTP server, half idle and half trickling header bytes,
from one client address, while a second client on another loopback address times requests.

Prints one JSON object: the second client's latencies, how many of its requests failed, and how
many held connections the server closed (and how soon). Loopback only; every loop is bounded.
"""
import argparse
import json
import selectors
import socket
import time
import urllib.request


def open_held(host, port, source, count):
    held = []
    refused_fast = 0
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(True)
        s.settimeout(2.0)
        try:
            s.bind((source, 0))
            s.connect((host, port))
        except OSError:
            refused_fast += 1
            s.close()
            continue
        s.setblocking(False)
        held.append({"sock": s, "opened": time.monotonic(), "closed": None, "answer": b""})
    return held, refused_fast


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--held-source", default="127.0.0.2")
    parser.add_argument("--held", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--path", default="/update_model/w")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    held, connect_failures = open_held(args.host, args.port, args.held_source, args.held)
    idle = held[0::2]
    trickling = held[1::2]
    for h in trickling:
        try:
            h["sock"].send(b"GET " + args.path.encode() + b" HTTP/1.1\r\nHost: x\r\n")
        except OSError:
            pass

    selector = selectors.DefaultSelector()
    for h in held:
        selector.register(h["sock"], selectors.EVENT_READ, h)

    latencies = []
    failures = 0
    statuses = {}
    start = time.monotonic()
    next_trickle = start
    made = 0
    while time.monotonic() - start < args.seconds:
        now = time.monotonic()
        if now >= next_trickle:
            next_trickle = now + 0.5
            for h in trickling:
                if h["closed"] is None:
                    try:
                        h["sock"].send(b"X-Slow: 1\r\n")
                    except OSError:
                        pass
        for key, _ in selector.select(timeout=0):
            h = key.data
            try:
                data = h["sock"].recv(4096)
            except OSError:
                data = b""
            if data:
                h["answer"] += data
                continue
            h["closed"] = time.monotonic() - h["opened"]
            selector.unregister(h["sock"])
            h["sock"].close()
        if made < args.requests:
            made += 1
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(
                        f"http://{args.host}:{args.port}{args.path}", timeout=5) as reply:
                    reply.read()
                    statuses[reply.status] = statuses.get(reply.status, 0) + 1
                latencies.append(time.monotonic() - t0)
            except Exception as error:  # a refused or timed-out request is what is counted
                failures += 1
                statuses[str(type(error).__name__)] = statuses.get(str(type(error).__name__), 0) + 1
        else:
            time.sleep(0.01)

    closed = [h for h in held if h["closed"] is not None]
    answered_503 = sum(1 for h in held if h["answer"].startswith(b"HTTP/1.1 503"))
    for h in held:
        if h["closed"] is None:
            h["sock"].close()
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else None

    print(json.dumps({
        "held": args.held,
        "connect_failures": connect_failures,
        "requests": made,
        "answered": len(latencies),
        "failures": failures,
        "statuses": {str(k): v for k, v in statuses.items()},
        "p50_ms": pct(0.50) * 1e3 if latencies else None,
        "p99_ms": pct(0.99) * 1e3 if latencies else None,
        "max_ms": latencies[-1] * 1e3 if latencies else None,
        "held_closed_by_server": len(closed),
        "held_answered_503": answered_503,
        "held_closed_after_s_max": max((h["closed"] for h in closed), default=None),
        "held_idle_closed": sum(1 for h in idle if h["closed"] is not None),
        "held_trickling_closed": sum(1 for h in trickling if h["closed"] is not None),
    }))


if __name__ == "__main__":
    main()
