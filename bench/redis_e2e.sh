#!/usr/bin/env bash
# The Redis paths end to end, at redis-benchmark's pace: a redis-server, the shipped bayes-subscriber
# (config/bayes-subscriber.json) consuming it, and redis-benchmark -P 64 publishing into it,
#   pub/sub: redis-benchmark -P 64 -n N PUBLISH update_model w
#   stream:  redis-benchmark -P 64 -n N XADD update_model '*' e w   (the subscriber in stream mode)
# The subscriber's applied rate comes from its own counter (event_engine_events_applied_total),
# scraped every 10 ms: events per second between the scrapes that first pass 10% and 90% of what it
# applied (N when nothing is lost), so neither start-up nor drain counts. The whole-run figure (what
# it applied over the time from redis-benchmark's start to the last event applied) is printed too.
# The last line is JSON, for bench/run_all.py.
#
#   bench/redis_e2e.sh [--build-dir build] [--events 1000000] [--repetitions 1]
#                      [--set-pubsub KEY=VALUE]... [--set-stream KEY=VALUE]...
# --set-<mode> is passed to the subscriber in that mode (e.g. --set-stream broker.config.read_count=2000).
set -euo pipefail

build_dir=build
events=1000000
repetitions=1
pubsub_overrides=()
stream_overrides=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --events) events=$2; shift 2 ;;
    --repetitions) repetitions=$2; shift 2 ;;
    --set-pubsub) pubsub_overrides+=(--set "$2"); shift 2 ;;
    --set-stream) stream_overrides+=(--set "$2"); shift 2 ;;
    *)
      echo "usage: $0 [--build-dir DIR] [--events N] [--repetitions R] [--set-pubsub K=V]... [--set-stream K=V]..." >&2
      exit 2
      ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "$build_dir" && pwd)
program=$build_dir/bin/event-engine
for needed in "$program" "$build_dir/plugins/redis_broker.so"; do
  [ -e "$needed" ] || { echo "redis_e2e: $needed is missing: build event-engine and the plugins first" >&2; exit 1; }
done
for tool in redis-server redis-cli redis-benchmark python3 curl; do
  command -v "$tool" > /dev/null || { echo "redis_e2e: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d /tmp/redis-e2e-bench-XXXXXX)
redis_pid=""
engine_pid=""
cleanup() {
  [ -n "$engine_pid" ] && kill "$engine_pid" 2> /dev/null && wait "$engine_pid" 2> /dev/null || true
  [ -n "$redis_pid" ] && kill "$redis_pid" 2> /dev/null && wait "$redis_pid" 2> /dev/null || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {  # wait_for <seconds> <command...>
  local deadline=$((SECONDS + $1))
  shift
  until "$@" > /dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.05
  done
}

redis_port=$(free_port)
http_port=$(free_port)

# The server as shipped, with no persistence; nothing in its config is raised.
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --dir "$work" \
  > "$work/redis.log" 2>&1 &
redis_pid=$!
wait_for 10 redis-cli -p "$redis_port" ping || { echo "redis_e2e: redis-server did not start" >&2; exit 1; }

start_subscriber() {  # start_subscriber <mode> <run directory>
  local overrides=("${pubsub_overrides[@]}")
  [ "$1" = stream ] && overrides=("${stream_overrides[@]}")
  mkdir -p "$2/config"
  cp "$repo/config/bayes-subscriber.json" "$2/config/"
  "$program" run --config "$2/config/bayes-subscriber.json" \
    --set "plugin_dirs=[\"$build_dir/plugins\"]" --set "http.listen=127.0.0.1:$http_port" \
    --set "broker.config.port=$redis_port" --set "process.store.config.port=$redis_port" \
    --set "broker.config.mode=$1" --set "process.checkpoint.key=bench-$1" "${overrides[@]}" \
    > "$2/engine.log" 2>&1 &
  engine_pid=$!
  wait_for 20 curl -sf "http://127.0.0.1:$http_port/readyz" ||
    { echo "redis_e2e: the subscriber did not become ready:" >&2; cat "$2/engine.log" >&2; exit 1; }
}

stop_subscriber() {
  kill "$engine_pid"
  wait "$engine_pid" || { echo "redis_e2e: the subscriber did not stop cleanly" >&2; exit 1; }
  engine_pid=""
}

# run_one <mode> <run name> <redis-benchmark command...>: prints one JSON object.
run_one() {
  local mode=$1
  local run=$work/$2
  shift 2
  redis-cli -p "$redis_port" flushall > /dev/null
  start_subscriber "$mode" "$run"
  local samples=$run/samples.txt
  python3 - "$http_port" "$events" "$samples" <<'PYTHON' &
import http.client, sys, time
port, events, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
def applied():
    connection.request("GET", "/metrics")
    for line in connection.getresponse().read().decode().splitlines():
        if line.startswith("event_engine_events_applied_total "):
            return float(line.split()[1])
    return 0.0
base = applied()
deadline = time.time() + 60
open(out + ".ready", "w").close()
last_change, last_count = time.time(), 0
with open(out, "w") as samples:
    while True:
        now, count = time.time(), applied() - base
        samples.write(f"{now:.6f} {count:.0f}\n")
        if count != last_count:
            last_change, last_count = now, count
        # All applied, or nothing more for 3 s: what is missing was lost.
        if count >= events or now > deadline or (count > 0 and now - last_change > 3):
            break
        time.sleep(0.01)
PYTHON
  local sampler=$!
  wait_for 10 test -e "$samples.ready" || { echo "redis_e2e: the sampler did not start" >&2; exit 1; }
  local started
  started=$(date +%s.%N)
  redis-benchmark -p "$redis_port" -P 64 -n "$events" -q "$@" 2> /dev/null | tr '\r' '\n' | grep "requests per second" \
    > "$run/benchmark.txt"
  local finished
  finished=$(date +%s.%N)
  wait "$sampler"
  local metrics
  metrics=$(curl -s "http://127.0.0.1:$http_port/metrics")
  stop_subscriber
  python3 - "$mode" "$events" "$started" "$finished" "$samples" "$run/benchmark.txt" <<PYTHON
import json, re, sys
mode, events, started, finished, samples_file, benchmark_file = sys.argv[1:]
events, started, finished = int(events), float(started), float(finished)
samples = [tuple(map(float, line.split())) for line in open(samples_file)]
published_rate = float(re.search(r"([0-9.]+) requests per second", open(benchmark_file).read()).group(1))
applied = samples[-1][1]
first = next(s for s in samples if s[1] >= 0.1 * applied)
last = next(s for s in samples if s[1] >= 0.9 * applied)
done = next(s for s in samples if s[1] >= applied)
metrics = """$metrics"""
def metric(name):
    found = re.search("^" + name + r" ([0-9.e+]+)$", metrics, re.M)
    return float(found.group(1)) if found else 0.0
applied_rate = (last[1] - first[1]) / (last[0] - first[0])
print(json.dumps({
    "mode": mode,
    "events": events,
    "published_per_second": round(published_rate),
    "applied_per_second": round(applied_rate),
    "ratio": round(applied_rate / published_rate, 3),
    "whole_run_applied_per_second": round(applied / (done[0] - started)),
    "whole_run_ratio": round(applied / (done[0] - started) / published_rate, 3),
    "drain_after_publisher_ms": round(max(0.0, done[0] - finished) * 1000),
    "applied": int(applied),
    "lost": int(events - applied),
    "subscriber_disconnections": int(metric("event_engine_redis_subscriber_disconnections_total")),
}))
PYTHON
}

results=()
for repetition in $(seq "$repetitions"); do
  results+=("$(run_one pubsub "pubsub-$repetition" PUBLISH update_model w)")
  results+=("$(run_one stream "stream-$repetition" XADD update_model '*' e w)")
done

python3 - "${results[@]}" <<'PYTHON'
import json, statistics, sys
runs = [json.loads(text) for text in sys.argv[1:]]
print(f"{'mode':7} {'published/s':>12} {'applied/s':>10} {'ratio':>6} {'whole-run':>10} {'ratio':>6} {'drain ms':>8} {'lost':>5} {'disconn':>7}")
for run in runs:
    print(f"{run['mode']:7} {run['published_per_second']:>12,} {run['applied_per_second']:>10,} {run['ratio']:>6.3f} "
          f"{run['whole_run_applied_per_second']:>10,} {run['whole_run_ratio']:>6.3f} {run['drain_after_publisher_ms']:>8} "
          f"{run['lost']:>5} {run['subscriber_disconnections']:>7}")
summary = {}
for mode, target in (("pubsub", 0.95), ("stream", 0.7)):
    of_mode = [run for run in runs if run["mode"] == mode]
    summary[mode] = {
        "published_per_second": statistics.median(r["published_per_second"] for r in of_mode),
        "applied_per_second": statistics.median(r["applied_per_second"] for r in of_mode),
        "ratio": statistics.median(r["ratio"] for r in of_mode),
        "whole_run_applied_per_second": statistics.median(r["whole_run_applied_per_second"] for r in of_mode),
        "whole_run_ratio": statistics.median(r["whole_run_ratio"] for r in of_mode),
        "lost": max(r["lost"] for r in of_mode),
        "subscriber_disconnections": max(r["subscriber_disconnections"] for r in of_mode),
        "target_ratio": target,
        "runs": len(of_mode),
    }
# redis-benchmark's rate is over its whole run: the targets compare the subscriber's over its own.
print(f"pubsub whole-run ratio {summary['pubsub']['whole_run_ratio']:.3f} (target >= 0.95, lost "
      f"{summary['pubsub']['lost']}), stream whole-run ratio {summary['stream']['whole_run_ratio']:.3f} "
      f"(target >= 0.7); medians of {len(runs) // 2} run(s)")
print(json.dumps(summary))
PYTHON
