#!/usr/bin/env bash
# `make nightly`: run with repetitions in random interleaving, import the run
# into the history database, compare it with its history, write the report.
# Exit status: 0 no regression, 1 a regression (or a scenario that failed,
# crashed or timed out), 2 when the run or the tooling itself failed.
#
# Environment: MTBENCH (binary), NIGHTLY_OUT (results root), MTBENCH_DB
# (history; default results/history.sqlite), NIGHTLY_REPETITIONS (>= 9),
# NIGHTLY_SCENARIOS (space-separated; those this build lacks are skipped),
# NIGHTLY_FILTER (benchmark regex), NIGHTLY_GBENCH (your Google Benchmark
# binaries, colon-separated: each runs as a scenario, named by its file) and
# NIGHTLY_GBENCH_FILTER ([NAME=]REGEX). Extra arguments go to `mtbench run`.
set -uo pipefail
cd "$(dirname "$0")/.."

mtbench=${MTBENCH:-build/release/mtbench}
root=${NIGHTLY_OUT:-results}
reps=${NIGHTLY_REPETITIONS:-9}
# The nightly set (see mk/nightly.mk for why these and how long they take).
want=${NIGHTLY_SCENARIOS-counter spawn switch pool gil deadlock tls ipc}
filter=${NIGHTLY_FILTER:-.}
gbench=${NIGHTLY_GBENCH:-}
gbench_filter=${NIGHTLY_GBENCH_FILTER:-}
python=/usr/bin/python3

if ! [[ "$reps" =~ ^[0-9]+$ ]] || [ "$reps" -lt 9 ]; then
  echo "nightly: NIGHTLY_REPETITIONS='$reps': need 9 or more for the" \
       "Mann-Whitney test to reach p < 0.001" >&2
  exit 2
fi
[ -x "$mtbench" ] || { echo "nightly: no $mtbench; run make release" >&2; exit 2; }

have=" $("$mtbench" list --names | tr '\n' ' ') "
scenarios=()
for s in $want; do
  if [[ "$have" == *" $s "* ]]; then scenarios+=(--scenario "$s");
  else echo "nightly: scenario '$s' is not in this build; skipped"; fi
done
binaries=()
IFS=: read -r -a paths <<< "$gbench"
for p in "${paths[@]}"; do
  [ -n "$p" ] && binaries+=(--gbench "$p")
done
[ -n "$gbench_filter" ] && binaries+=(--gbench-filter "$gbench_filter")
if [ ${#scenarios[@]} -eq 0 ] && [ ${#binaries[@]} -eq 0 ]; then
  echo "nightly: no scenario and no NIGHTLY_GBENCH binary to run" >&2
  exit 2
fi

before=$(readlink "$root/latest" 2>/dev/null || true)
# --timeout: a scenario's 9 repetitions take up to 9 x its --quick time.
# --pin compact: one pinning policy is enough to see a regression, and it
# is the steadiest.
"$mtbench" run --quick --repetitions "$reps" --random-interleaving \
  --pin compact --timeout 600 --filter "$filter" --out "$root" \
  "${scenarios[@]}" "${binaries[@]}" "$@"
run_status=$?
after=$(readlink "$root/latest" 2>/dev/null || true)
if [ -z "$after" ] || [ "$after" = "$before" ]; then
  echo "nightly: mtbench run wrote no new run under $root (status $run_status)" >&2
  exit 2
fi
run="$root/$after"

$python scripts/history.py import "$run" || exit 2
$python scripts/compare.py --history "$run" --json "$run/compare.json"
status=$?
$python scripts/report.py "$run" || echo "nightly: the report could not be written" >&2

if [ $status -ge 2 ]; then exit 2; fi
if [ $run_status -ne 0 ]; then
  echo "nightly: a scenario failed, crashed or timed out (see $run/run.json)" >&2
  exit 1
fi
exit $status
