#!/usr/bin/env bash
# Fuzzes every target of a fuzz build for a bounded time each, from a copy of its committed corpus
# (the committed one is never written to), and prints each target's executions per second and
# corpus size. Exit status 1 if any target found a crash, leak, report or failed invariant; its
# input is kept as <work>/<target>/crash-* (add it to fuzz/corpus/<target>/ once fixed).
#   fuzz/run_fuzzers.sh [build-dir]        FUZZ_SECONDS (default 60) per target, FUZZ_TARGETS to pick,
#                                          FUZZ_JOBS at once (default: the number of cores)
set -euo pipefail
build=${1:-build-asan}
seconds=${FUZZ_SECONDS:-60}
here=$(cd "$(dirname "$0")" && pwd)
list="$build/fuzz/targets.txt"
work="$build/fuzz-runs"
[ -f "$list" ] || { echo "run_fuzzers: no $list (cmake --preset asan first)" >&2; exit 2; }

# What the CTest runs get from CMake (EventEngineSanitizers.cmake), for runs outside CTest.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/../sanitizers/lsan.supp:print_suppressions=0}

# One target: fuzzes it and leaves its exit status in <work>/<target>/status.
fuzz_one() {
  local name=$1 program=$2 dictionary=$3
  local run="$work/$name"
  local arguments=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$run/")
  [ "$dictionary" != "-" ] && arguments+=(-dict="$dictionary")
  local status=0
  "$program" "${arguments[@]}" "$run/corpus" >"$run/log" 2>&1 </dev/null || status=$?
  echo "$status" >"$run/status"
}

# Each libFuzzer process uses one core, so FUZZ_JOBS of them (one per core by default) run at once:
# each target still gets its FUZZ_SECONDS of a whole core, in a fraction of the wall time.
jobs=${FUZZ_JOBS:-$(nproc)}
names=()
while read -r name program corpus dictionary; do
  if [ -n "${FUZZ_TARGETS:-}" ] && [[ " $FUZZ_TARGETS " != *" $name "* ]]; then continue; fi
  names+=("$name")
  run="$work/$name"
  rm -rf "$run"
  mkdir -p "$run/corpus"
  cp -r "$corpus"/. "$run/corpus/"
  while [ "$(jobs -pr | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "== $name: ${seconds}s from $(find "$corpus" -type f | wc -l) seed inputs"
  fuzz_one "$name" "$program" "$dictionary" </dev/null &
done <"$list"
wait

failed=()
report=()
for name in "${names[@]}"; do
  run="$work/$name"
  status=$(cat "$run/status" 2>/dev/null || echo "?")
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$run/log" | tail -1)
  size=$(find "$run/corpus" -type f | wc -l)
  verdict=ok
  if [ "$status" != 0 ]; then
    verdict="FAILED (exit $status, see $run/log)"
    failed+=("$name")
    grep -E "ERROR|invariant failed|SUMMARY|Test unit written" "$run/log" | head -5 || true
  fi
  report+=("$(printf '%-24s %10s exec/s %12s runs %7s corpus  %s' "$name" "${rate:-?}" "${executions:-?}" "$size" "$verdict")")
done

echo
printf '%s\n' "${report[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "run_fuzzers: findings in ${failed[*]}" >&2
  exit 1
fi
