#!/usr/bin/env bash
# Re-records the ThreadSanitizer reports kept here as the parser's test data:
# each mode of tools/tsan_target twice, with 0 and 3 idle threads started
# first (so thread ids, pids and addresses differ), and gdb's backtraces of
# the hung mode. Usage: harness/testdata/tsan/record.sh [build/tsan]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:-build/tsan}/tools/tsan_target
[ -x "$target" ] || { echo "$0: build the tsan preset first ($target)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for mode in race-wr race-rw lock-order thread-leak signal-unsafe \
            use-after-free unlock-unlocked destroy-locked segv \
            lock-order-helper races-helper; do
  for idle in 0 3; do
    TSAN_OPTIONS="log_path=$tmp/log:halt_on_error=0:second_deadlock_stack=1:detect_deadlocks=1:atexit_sleep_ms=0" \
      "$target" "$mode" "$idle" >/dev/null 2>&1 || true
    cat "$tmp"/log.* > "$here/$mode.$idle.txt"
    rm -f "$tmp"/log.*
  done
done
# The hang: attach gdb once both threads wait for each other's lock.
"$target" hang >/dev/null 2>&1 &
pid=$!
sleep 1.5
gdb -p "$pid" -batch -nx -ex "set pagination off" -ex "thread apply all bt" \
  > "$here/hang.gdb.txt" 2>&1 || true
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
