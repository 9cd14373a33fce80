#!/usr/bin/python3
"""A fire drill for the regression check: copies a run folder under a new
run id with benchmarks matching REGEX made slower by a fraction (wall time
and CPU time x (1 + f), items/s / (1 + f)), so `mtbench compare` can be
shown to flag it. The copy's context says it was injected.

usage: inject.py RUN_DIR NEW_RUN_DIR --benchmark REGEX [--slowdown 0.05]"""

import argparse
import json
import os
import re
import sys


def inject(doc, pattern, slowdown):
    """Slows matching per-repetition entries in place; returns their names."""
    rx, hit = re.compile(pattern), set()
    for e in doc.get("benchmarks", []):
        name = e.get("run_name") or e.get("name", "")
        if e.get("run_type", "iteration") != "iteration" or \
                not rx.search(name):
            continue
        for key in ("real_time", "cpu_time"):
            if isinstance(e.get(key), (int, float)):
                e[key] *= 1 + slowdown
        if isinstance(e.get("items_per_second"), (int, float)):
            e["items_per_second"] /= 1 + slowdown
        hit.add(name)
    doc["context"].setdefault("mtbench", {})["injected"] = {
        "benchmarks": sorted(hit), "slowdown": slowdown}
    return sorted(hit)


def main(argv):
    parser = argparse.ArgumentParser(prog="inject.py",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("run", metavar="RUN_DIR")
    parser.add_argument("out", metavar="NEW_RUN_DIR")
    parser.add_argument("--benchmark", required=True, metavar="REGEX")
    parser.add_argument("--slowdown", type=float, default=0.05)
    args = parser.parse_args(argv)
    if not 0 < args.slowdown < 10:
        parser.error("--slowdown takes a fraction, e.g. 0.05 for 5 %")
    with open(os.path.join(args.run, "run.json"), encoding="utf-8") as f:
        doc = json.load(f)
    hit = inject(doc, args.benchmark, args.slowdown)
    if not hit:
        print(f"inject.py: no benchmark matches '{args.benchmark}'",
              file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=False)
    with open(os.path.join(args.out, "run.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
    for name in hit:
        print(f"{name}: {100 * args.slowdown:.1f} % slower in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
