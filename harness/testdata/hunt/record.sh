#!/usr/bin/env bash
# Re-records the hunt's test data kept here: the output and TSan log of a
# failed assertion and of a failed exit status (tools/fail_target), and
# /proc/<pid>/task/*/{stat,syscall} of a deadlocked program (tsan_target
# hang) and of a sleeping one (fail_target sleep), one task a line.
# Usage: harness/testdata/hunt/record.sh [build/tsan]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tools=${1:-build/tsan}/tools
[ -x "$tools/fail_target" ] || { echo "$0: build the tsan preset first" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
opts="halt_on_error=0:handle_abort=1:exitcode=66:atexit_sleep_ms=0"
TSAN_OPTIONS="$opts:log_path=$tmp/tsan" "$tools/fail_target" assert \
  > "$here/assert.output.txt" 2>&1 || true
cat "$tmp"/tsan.* > "$here/assert.tsan.txt"
"$tools/fail_target" exit-status > "$here/exit-status.output.txt" 2>&1 || true
# "TID STATE-AND-CPU | SYSCALL" per task, sampled once the program settled.
sample() {
  local pid=$1 out=$2
  : > "$out"
  for task in /proc/"$pid"/task/*; do
    echo "$(cat "$task/stat") | $(cat "$task/syscall")" >> "$out"
  done
  grep " r-xp .*libc.so" /proc/"$pid"/maps > "${out%.txt}.maps.txt"
}
"$tools/tsan_target" hang >/dev/null 2>&1 &
pid=$!
sleep 1.5
sample "$pid" "$here/proc-deadlock.txt"
kill -9 "$pid"
"$tools/fail_target" sleep 3000 >/dev/null 2>&1 &
pid=$!
sleep 1
sample "$pid" "$here/proc-sleep.txt"
wait "$pid"
