#!/usr/bin/env python3
"""A client that must not lose events: it POSTs bodies of trials to /events and sends each body
again until it is answered 202, across refused connections, lost answers and 503s, as such a
client does while an engine restarts. With --key-prefix every body carries the header
Idempotency-Key: "<prefix>-<body>", the same on each of its retries.

Trial i is "w" when i % 5 < 3, else "l" (tests/e2e/redis/redis_services.hpp's pattern). Prints one
JSON line with what it sent and met; exits 1 if a body is refused for good (400, 422) or the
deadline passes.
"""
import argparse
import http.client
import json
import os
import sys
import time
import urllib.error
import urllib.request


def body_of(first, count):
    return "".join("w\n" if i % 5 < 3 else "l\n" for i in range(first, first + count)).encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--bodies", type=int, required=True)
    parser.add_argument("--events-per-body", type=int, required=True)
    parser.add_argument("--first-trial", type=int, default=0)
    parser.add_argument("--key-prefix")
    parser.add_argument("--deadline-seconds", type=float, default=120)
    args = parser.parse_args()
    scale = float(os.environ.get("EVENT_ENGINE_TEST_TIME_SCALE", "1"))
    deadline = time.monotonic() + args.deadline_seconds * scale

    met = {"answered": 0, "duplicates": 0, "retries": 0, "lost_answers": 0, "unavailable": 0}
    for index in range(args.bodies):
        first = args.first_trial + index * args.events_per_body
        body = body_of(first, args.events_per_body)
        while True:
            request = urllib.request.Request(f"http://127.0.0.1:{args.port}/events", data=body, method="POST",
                                             headers={"Content-Type": "text/plain"})
            if args.key_prefix:
                request.add_header("Idempotency-Key", f'"{args.key_prefix}-{index}"')
            try:
                with urllib.request.urlopen(request, timeout=10 * scale) as reply:
                    answer = json.load(reply)
                if answer.get("duplicate"):
                    met["duplicates"] += 1
                met["answered"] += 1
                break
            except urllib.error.HTTPError as error:
                if error.code in (400, 422):
                    print(json.dumps({"refused": error.code, "body": index, "why": error.read().decode()}))
                    return 1
                met["unavailable"] += 1
            except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
                met["lost_answers"] += 1
            met["retries"] += 1
            if time.monotonic() > deadline:
                print(json.dumps({"deadline_passed_at_body": index, **met}))
                return 1
            time.sleep(0.02)
    met["events"] = args.bodies * args.events_per_body
    print(json.dumps(met))
    return 0


if __name__ == "__main__":
    sys.exit(main())
