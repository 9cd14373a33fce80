#!/usr/bin/env bash
# Installs the Debian packages mtbench needs, or prints the exact apt-get line.
# Usage: scripts/setup_deps.sh [build|analysis|all]   (default: all)
set -euo pipefail

build=(cmake ninja-build g++ clang libclang-rt-dev pkg-config make git
       libbenchmark-dev libgtest-dev googletest libhwloc-dev hwloc
       nlohmann-json3-dev
       redis-server  # the remote scenario's reference queue
       gdb)          # stacks of a hung program in `mtbench hunt`
analysis=(python3 python3-numpy python3-scipy python3-matplotlib python3-psycopg2
          postgresql)  # history in PostgreSQL; its test starts a server

case "${1:-all}" in
  build) want=("${build[@]}") ;;
  analysis) want=("${analysis[@]}") ;;
  all) want=("${build[@]}" "${analysis[@]}") ;;
  -h|--help)
    echo "usage: $0 [build|analysis|all]"
    echo "Installs missing Debian packages (as root) or prints the apt-get line."
    exit 0 ;;
  *) echo "$0: unknown set '$1'; accepted: build, analysis, all" >&2; exit 2 ;;
esac

missing=()
for pkg in "${want[@]}"; do
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
