#!/usr/bin/env bash
# Installs the Debian packages a make target needs, or prints the exact
# apt-get line. Each verb installs its own set only: `make bench` does not
# pull in clang or PostgreSQL.
# Usage: scripts/setup_deps.sh [bench|race|test|analysis|fleet|all]  (default: all)
set -euo pipefail

# Building mtbench and its tools (the release preset, g++).
core=(cmake ninja-build g++ pkg-config make git ccache
      libbenchmark-dev libhwloc-dev hwloc nlohmann-json3-dev)
# The report and the statistics (Debian's /usr/bin/python3 sees these).
analysis=(python3 python3-numpy python3-scipy python3-matplotlib)
# make bench: the build, the report, and redis-server (the remote
# scenario's reference queue; without it those rows say "not measured").
bench=("${core[@]}" "${analysis[@]}" redis-server)
# make race: the ThreadSanitizer build (clang and its runtime; GoogleTest
# from source for the tsan preset) and gdb for a hung program's stacks.
race=("${core[@]}" clang libclang-rt-dev libgtest-dev googletest gdb)
# History in PostgreSQL (MTBENCH_DB=postgresql://...) and its test.
fleet=(python3-psycopg2 postgresql)
# make test: all of the above (unit tests in both presets, the PostgreSQL
# test, the hunt tests).
test=("${bench[@]}" "${race[@]}" "${fleet[@]}")

case "${1:-all}" in
  bench) want=("${bench[@]}") ;;
  race) want=("${race[@]}") ;;
  test|all) want=("${test[@]}") ;;
  analysis) want=("${analysis[@]}") ;;
  fleet) want=("${analysis[@]}" "${fleet[@]}") ;;
  -h|--help)
    echo "usage: $0 [bench|race|test|analysis|fleet|all]"
    echo "Installs missing Debian packages (as root) or prints the apt-get line."
    exit 0 ;;
  *) echo "$0: unknown set '$1'; accepted: bench, race, test, analysis," \
          "fleet, all" >&2; exit 2 ;;
esac

missing=()
for pkg in $(printf '%s\n' "${want[@]}" | sort -u); do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "mtbench needs Debian packages that are not installed. Run as root:" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi
echo "mtbench: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$line
