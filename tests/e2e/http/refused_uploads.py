#!/usr/bin/env python3
"""Uploads a body that the server refuses before reading it, as Python's own clients do, and
reports what the client saw: the refusal's status, or the error it raised instead.

  post:    one POST with urllib or requests (which send the whole body before reading the answer)
  endless: a raw socket that sends a request and then never stops sending (or trickles bytes),
           to measure when the server cuts it

Prints one JSON object. Loopback only; every wait is bounded by --timeout.
"""
import argparse
import json
import socket
import time
import urllib.error
import urllib.request


def post_with_urllib(url, body, headers, timeout):
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return {"status": answer.status, "body": answer.read().decode("utf-8", "replace")}
    except urllib.error.HTTPError as refusal:
        return {"status": refusal.code, "body": refusal.read().decode("utf-8", "replace")}
    except Exception as error:  # what the bug looked like: a reset, a broken pipe
        return {"error": type(error).__name__ + ": " + str(error)}


def post_with_requests(url, body, headers, timeout):
    import requests

    try:
        answer = requests.post(url, data=body, headers=headers, timeout=timeout)
        return {"status": answer.status_code, "body": answer.text}
    except Exception as error:
        return {"error": type(error).__name__ + ": " + str(error)}


def send_endlessly(host, port, head, chunk_bytes, pause, timeout):
    """Sends `head`, then chunks until the server cuts the connection or `timeout` passes."""
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.settimeout(timeout)
    started = time.monotonic()
    sent = 0
    cut = None
    answer = b""
    sock.sendall(head)
    chunk = b"w" * chunk_bytes
    while time.monotonic() - started < timeout:
        try:
            sent += sock.send(chunk)
        except OSError as error:
            cut = type(error).__name__
            break
        if pause:
            time.sleep(pause)
    seconds = time.monotonic() - started
    try:
        sock.settimeout(1)
        answer = sock.recv(65536)
    except OSError:
        pass
    sock.close()
    return {
        "sent": sent,
        "seconds": seconds,
        "cut": cut,
        "answer": answer.split(b"\r\n", 1)[0].decode("utf-8", "replace"),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["urllib", "requests", "endless"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/events")
    parser.add_argument("--bytes", type=int, default=2 << 20, help="body size (post)")
    parser.add_argument("--header", action="append", default=[], help="Name: value")
    parser.add_argument("--chunk", type=int, default=65536, help="bytes per send (endless)")
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between sends (endless)")
    parser.add_argument("--timeout", type=float, default=30.0)
    options = parser.parse_args()

    headers = dict(line.split(": ", 1) for line in options.header)
    if options.mode == "endless":
        head = "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n{}\r\n".format(
            options.path, options.bytes, "".join(line + "\r\n" for line in options.header))
        result = send_endlessly("127.0.0.1", options.port, head.encode(), options.chunk, options.pause,
                                options.timeout)
    else:
        url = "http://127.0.0.1:{}{}".format(options.port, options.path)
        # Not compressible into nothing, not events: a client's upload as the issue found it.
        body = bytes(range(256)) * (options.bytes // 256) + b"w" * (options.bytes % 256)
        post = post_with_urllib if options.mode == "urllib" else post_with_requests
        result = post(url, body, headers, options.timeout)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
