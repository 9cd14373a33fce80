#!/usr/bin/python3
"""The fire drill of `mtbench ab` (README, "The fire drill"): BASE against
NEW (a real 5 % and 3 % slowdown in two benchmarks) and BASE against BASE,
drill after drill, alternating, optionally beside a busy neighbour (`sh -c
'while :; do :; done'`); then how often each slowdown was flagged, the false
alarms (A/A, and the untouched benchmarks of A/B), minutes per drill and the
load average. With --contrast K, also K pairs of separate `mtbench run
--gbench` runs (BASE then NEW, and BASE then BASE) compared by `mtbench
compare`, as two nightly runs would be.

usage: ab_drill.py --mtbench BIN --base B --new N [--drills 20]
                   [--neighbour] [--time S] [--contrast K] --out DIR"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

SLOWED = {"BM_Chain5": 0.05, "BM_Chain3": 0.03}


def run_ab(args, base, new, out, seed):
    t = time.monotonic()
    p = subprocess.run([args.mtbench, "ab", base, new, "--time",
                        str(args.time), "--seed", str(seed), "--out", out],
                       capture_output=True, text=True)
    with open(os.path.join(out, "ab", "latest", "ab.json")) as f:
        doc = json.load(f)
    doc["_minutes"] = (time.monotonic() - t) / 60
    doc["_status"] = p.returncode
    return doc


def drills(args):
    rows = {"ab": [], "aa": []}
    for i in range(args.drills):
        for kind, new in (("ab", args.new), ("aa", args.base)):
            doc = run_ab(args, args.base, new, os.path.join(args.out, kind),
                         seed=1000 + i)
            rows[kind].append(doc)
            verdicts = {v["name"]: v["verdict"] for v in doc["verdicts"]}
            print(f"drill {i + 1:2d} {kind}: "
                  + ", ".join(f"{n} {v}" for n, v in verdicts.items())
                  + f"; {doc['rounds']} rounds, {doc['_minutes']:.1f} min, "
                  f"load {doc['load_average']['start']:.1f}", flush=True)
    return rows


def summarise(rows, args):
    ab, aa = rows["ab"], rows["aa"]

    def verdict(doc, name):
        return {v["name"]: v for v in doc["verdicts"]}.get(name, {})

    out = {"drills": len(ab), "neighbour": args.neighbour,
           "time_s": args.time}
    for name, shift in SLOWED.items():
        got = [verdict(d, name) for d in ab]
        out[f"{name} (+{100 * shift:g} %) flagged slower"] = \
            sum(v.get("verdict") == "slower" for v in got)
        out[f"{name} median ratio"] = statistics.median(
            v["ratio"] for v in got if v.get("ratio"))
    untouched = [v for d in ab for v in d["verdicts"]
                 if v["name"] not in SLOWED]
    out["A/B untouched benchmarks flagged (of)"] = (
        sum(v["verdict"] in ("slower", "faster") for v in untouched),
        len(untouched))
    out["A/A drills with any flag"] = sum(
        any(v["verdict"] in ("slower", "faster") for v in d["verdicts"])
        for d in aa)
    out["A/A benchmarks flagged (of)"] = (
        sum(v["verdict"] in ("slower", "faster") for d in aa
            for v in d["verdicts"]),
        sum(len(d["verdicts"]) for d in aa))
    out["A/A verdicts"] = {k: sum(v["verdict"] == k for d in aa
                                  for v in d["verdicts"])
                           for k in ("unchanged", "too noisy", "slower",
                                     "faster", "failed")}
    minutes = [d["_minutes"] for d in ab + aa]
    out["minutes per drill (median, max)"] = (statistics.median(minutes),
                                              max(minutes))
    out["rounds per drill (median)"] = statistics.median(
        d["rounds"] for d in ab + aa)
    loads = [d["load_average"]["start"] for d in ab + aa]
    out["load average (min, median, max)"] = (min(loads),
                                              statistics.median(loads),
                                              max(loads))
    return out


def contrast(args):
    """K pairs of separate runs compared without history: what `compare`
    says of them (regressions, and the differences it only lists)."""
    result = {"ab": [], "aa": []}
    # run.json names benchmarks <binary file name>/<benchmark>: both builds
    # go under BASE's file name, so that compare pairs them.
    same_name = {}
    for side, path in (("base", args.base), ("new", args.new)):
        folder = os.path.join(args.out, "contrast-bin", side)
        os.makedirs(folder, exist_ok=True)
        same_name[path] = os.path.join(folder, os.path.basename(args.base))
        shutil.copy2(path, same_name[path])
    for i in range(args.contrast):
        for kind, new in (("ab", args.new), ("aa", args.base)):
            runs = []
            for binary in (same_name[args.base], same_name[new]):
                root = os.path.join(args.out, f"contrast-{kind}")
                subprocess.run([args.mtbench, "run", "--gbench", binary,
                                "--repetitions", "9", "--random-interleaving",
                                "--quick", "--out", root],
                               capture_output=True, text=True)
                runs.append(os.path.realpath(os.path.join(root, "latest")))
            out = os.path.join(args.out, f"contrast-{kind}-{i}.json")
            subprocess.run([args.mtbench, "compare", *runs, "--json", out],
                           capture_output=True, text=True)
            with open(out) as f:
                doc = json.load(f)
            kinds = {}
            for v in doc["verdicts"]:
                key = v["kind"] if v["kind"] != "differs" else \
                    "differs (" + v["note"].split(":")[0] + ")"
                kinds.setdefault(key, []).append(
                    f"{v['name'].split('/', 1)[1]} {100 * v['change']:+.1f}%")
            result[kind].append(kinds)
            print(f"contrast {i + 1} {kind}: {kinds}", flush=True)
    return result


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mtbench", required=True)
    parser.add_argument("--base", required=True)
    parser.add_argument("--new", required=True)
    parser.add_argument("--drills", type=int, default=20)
    parser.add_argument("--time", type=int, default=180)
    parser.add_argument("--neighbour", action="store_true")
    parser.add_argument("--contrast", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    neighbour = subprocess.Popen(["sh", "-c", "while :; do :; done"]) \
        if args.neighbour else None
    try:
        summary = {}
        if args.drills:
            summary = summarise(drills(args), args)
        if args.contrast:
            summary["contrast"] = contrast(args)
    finally:
        if neighbour:
            neighbour.kill()
            neighbour.wait()
    print(json.dumps(summary, indent=1))
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
