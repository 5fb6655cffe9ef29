#!/usr/bin/python3
"""A ZeroMQ PUSH client for the CURVE tests, with Debian's python3-zmq (run with /usr/bin/python3).

Connects to ENDPOINT, with CURVE keys when --server-key is given (its own pair from --public and
--secret), sends each --body as one [topic, body] message, and waits for the handshake's outcome.
Prints "accepted" or "refused" and exits 0; exits 1 when no outcome came within --timeout seconds.
It tries once: a refused client does not reconnect while it waits.
"""
import argparse
import sys

import zmq
from zmq.utils.monitor import recv_monitor_message

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("--body", action="append", default=[], dest="bodies")
parser.add_argument("--topic", default="update_model")
parser.add_argument("--server-key")
parser.add_argument("--public")
parser.add_argument("--secret")
parser.add_argument("--timeout", type=float, default=10.0)
args = parser.parse_args()

context = zmq.Context()
push = context.socket(zmq.PUSH)
push.setsockopt(zmq.RECONNECT_IVL, 600000)
if args.server_key:
    push.curve_serverkey = args.server_key.encode()
    push.curve_publickey = args.public.encode()
    push.curve_secretkey = args.secret.encode()
monitor = push.get_monitor_socket(
    zmq.EVENT_HANDSHAKE_SUCCEEDED
    | zmq.EVENT_HANDSHAKE_FAILED_AUTH
    | zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL
    | zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL
    | zmq.EVENT_DISCONNECTED
)
push.connect(args.endpoint)
for body in args.bodies:
    push.send_multipart([args.topic.encode(), body.encode()])

outcome = None
if monitor.poll(int(args.timeout * 1000)):
    event = recv_monitor_message(monitor)["event"]
    outcome = "accepted" if event == zmq.EVENT_HANDSHAKE_SUCCEEDED else "refused"
# Accepted: closing waits (linger) until the messages are sent. Refused: nothing is sent.
push.setsockopt(zmq.LINGER, 5000 if outcome == "accepted" else 0)
push.disable_monitor()
monitor.close()
push.close()
context.term()
if outcome is None:
    print("no handshake outcome")
    sys.exit(1)
print(outcome)
