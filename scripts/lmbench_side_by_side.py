#!/usr/bin/env python3
"""mtbench's spawn and switch figures beside lmbench's on the same machine.

Runs lmbench's lat_proc (fork, exec), lat_pipe and lat_ctx, each pinned to one
PU with taskset as mtbench pins its benchmarks, and the matching mtbench
benchmarks, interleaved ROUNDS times so that both see the same load; prints a
markdown table of medians with the spread (min-max) over the rounds.
lmbench is Debian's non-free package `lmbench` (binaries in
/usr/lib/lmbench/bin/<arch>); point --lmbench at another folder if needed.

Usage: lmbench_side_by_side.py [--mtbench PATH] [--lmbench DIR] [--rounds N]
"""
import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

# (row, lmbench command, regex over its output, mtbench benchmark, figure)
ROWS = [
    ("fork + exit", ["lat_proc", "fork"], r"fork\+exit: ([\d.]+)",
     "spawn/create/fork_exit/parent_mib:0/", "us_median"),
    ("fork + exec", ["lat_proc", "exec"], r"fork\+execve: ([\d.]+)",
     "spawn/create/fork_exec/parent_mib:0/", "us_median"),
    ("posix_spawn", None, None, "spawn/create/posix_spawn/parent_mib:0/", "us_median"),
    ("thread create + join", None, None, "spawn/create/thread/parent_mib:0/", "us_median"),
    ("pipe round trip, one PU", ["lat_pipe"], r"Pipe latency: ([\d.]+)",
     "switch/pingpong/pipe/placement:same_pu/", "us_median"),
    ("context switch (lat_ctx -s 0 2), one PU", ["lat_ctx", "-s", "0", "2"],
     r"^2 ([\d.]+)", None, "pipe_switch_us_lat_ctx"),
]
FILTER = ("^spawn/create/(fork_exit|fork_exec|posix_spawn|thread)/parent_mib:0/"
          "|^switch/(pingpong/pipe/placement:same_pu|loopback)/")


def lmbench_dir(given):
    if given:
        return given
    found = glob.glob("/usr/lib/lmbench/bin/*/lat_proc")
    return os.path.dirname(found[0]) if found else None


def run_lmbench(folder, argv, pattern):
    out = subprocess.run(["taskset", "-c", "0", os.path.join(folder, argv[0])] + argv[1:],
                         capture_output=True, text=True, cwd=folder)
    m = re.search(pattern, out.stdout + out.stderr, re.M)
    return float(m.group(1)) if m else None


def run_mtbench(mtbench):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([mtbench, "run", "--scenario", "spawn", "--scenario", "switch",
                        "--filter", FILTER, "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "latest", "run.json")) as f:
            doc = json.load(f)
    figures = {}
    for b in doc["benchmarks"]:
        for _, _, _, name, key in ROWS:
            if name and b["name"].startswith(name) and key in b:
                figures[name] = b[key]
    # lat_ctx's figure: half a one-PU pipe round trip less the pipe calls.
    rt = next(b for b in doc["benchmarks"] if b["name"].startswith(ROWS[4][3]))
    loop = next(b for b in doc["benchmarks"] if b["name"].startswith("switch/loopback"))
    figures["ctx"] = rt["us_median"] / 2 - loop["us_median"]
    return figures


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mtbench", default="build/release/mtbench")
    ap.add_argument("--lmbench", help="folder with lat_proc, lat_pipe, lat_ctx, hello")
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    folder = lmbench_dir(a.lmbench)
    if not folder or not os.path.exists(os.path.join(folder, "lat_proc")):
        print("lmbench not found: install Debian's non-free package lmbench or pass "
              "--lmbench DIR", file=sys.stderr)
        return 2
    if a.rounds < 1:
        print("--rounds must be at least 1", file=sys.stderr)
        return 2
    # lat_proc exec runs hello from a fixed path that lmbench's own scripts
    # fill: /tmp/hello upstream, /var/tmp/lmbench/hello in Debian's build.
    # Without it every exec fails and "fork+execve" times a failed exec.
    for target in ("/tmp/hello", "/var/tmp/lmbench/hello"):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy(os.path.join(folder, "hello"), target)
    theirs = {row[0]: [] for row in ROWS}
    ours = {row[0]: [] for row in ROWS}
    for r in range(a.rounds):
        print(f"round {r + 1} of {a.rounds} ...", file=sys.stderr)
        for row, argv, pattern, _, _ in ROWS:
            if argv:
                theirs[row].append(run_lmbench(folder, argv, pattern))
        mine = run_mtbench(a.mtbench)
        for row, _, _, name, _ in ROWS:
            ours[row].append(mine.get(name) if name else mine["ctx"])
    print(f"| µs, median (min-max) of {a.rounds} rounds | mtbench | lmbench |")
    print("|---|---|---|")
    for row, *_ in ROWS:
        print(f"| {row} | {spread(ours[row])} | {spread(theirs[row])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
