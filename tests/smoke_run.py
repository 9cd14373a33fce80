#!/usr/bin/env python3
"""Smoke run: every scenario in --quick mode, as a user runs it, then run.json
checked against results/README.md: every listed scenario ran ok, measured at
least one benchmark, and judged every claim.

Usage: smoke_run.py MTBENCH OUT_DIR
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_run_json  # noqa: E402


def main(mtbench, out):
    names = subprocess.run([mtbench, "list", "--names"], capture_output=True, text=True,
                           check=True).stdout.split()
    run = subprocess.run([mtbench, "run", "--quick", "--out", out])
    with open(os.path.join(out, "latest", "run.json")) as f:
        doc = json.load(f)
    problems = check_run_json.check(doc, names)
    for s in doc["context"]["mtbench"]["scenarios"]:
        if s["status"] != "ok":
            problems.append(f"scenario {s['name']}: {s['status']} ({s['reason']})")
        if s["benchmarks"] == 0:
            problems.append(f"scenario {s['name']}: no benchmark measured")
        for c in s["claims"]:
            print(f"  {s['name']}: {c['verdict']}: {c['sentence']}")
    if run.returncode != 0:
        problems.append(f"mtbench run exited {run.returncode}")
    for p in problems:
        print("SMOKE PROBLEM:", p)
    print(f"smoke: {len(names)} scenarios, {len(doc['benchmarks'])} benchmarks, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
