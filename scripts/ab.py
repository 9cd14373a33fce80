#!/usr/bin/python3
"""mtbench ab's judgement: reads the rounds `mtbench ab` ran
(RUN_DIR/ab_rounds.json), judges each benchmark's paired ratios NEW/BASE
(ab_stats), prints the table, and writes ab.json, ab.png and the report
(report.md, report.html) into RUN_DIR. Exit status: 1 when a benchmark is
slower by the threshold or more with significance, 0 otherwise, 2 on bad
usage or an unreadable folder."""

import argparse
import dataclasses
import json
import math
import os
import sys

import ab_report
import ab_stats


def judge_rounds(doc, params):
    """Every benchmark's verdict, in the order the rounds ran them, failed
    ones included."""
    failed = {}
    for f in doc.get("failures", []):
        failed.setdefault(f["benchmark"], f)
    verdicts = []
    for name, (figure, base, new) in ab_stats.pairs(doc["rounds"]).items():
        v = ab_stats.judge(name, base, new, params, figure)
        if name in failed:
            f = failed[name]
            v.verdict = "failed"
            v.note = (f"{f['status']} in {f['side'].upper()}, round "
                      f"{f['round']}: {f['reason']}")
        verdicts.append(v)
    for name, f in failed.items():
        if name and name not in {v.name for v in verdicts}:
            verdicts.append(ab_stats.AbVerdict(
                name, "failed", note=f"{f['status']} in "
                f"{f['side'].upper()}, round {f['round']}: {f['reason']}"))
    return verdicts


def summary(doc, verdicts, params):
    counts = {k: sum(v.verdict == k for v in verdicts)
              for k in ("slower", "faster", "unchanged", "too noisy",
                        "failed")}
    load = doc.get("load_average", {})
    pus = ",".join(str(p) for p in doc.get("pus", [])) or "unpinned"
    return (f"{len(doc['rounds'])} rounds in {doc['wall_seconds'] / 60:.1f} "
            f"min (seed {doc['seed']}), pinned {doc['pin_policy']} on PUs "
            f"{pus}, load average {load.get('start', -1):.2f} at the start, "
            f"{load.get('end', -1):.2f} at the end; threshold "
            f"{100 * params.threshold:g} %, "
            f"{100 * params.confidence:g} % intervals: "
            + ", ".join(f"{n} {k}" for k, n in counts.items()) + ".")


def print_table(doc):
    rows = ab_report.table_rows(doc)
    width = [max([len(h)] + [len(r[i]) for r in rows])
             for i, h in enumerate(ab_report.HEADER[:-1])]
    line = "  ".join(f"{h:<{w}}" for h, w in zip(ab_report.HEADER, width))
    print(f"\n{doc['summary']}\n\n  {line}")
    for r in rows:
        cells = [c.upper() if i == 0 and c == "slower" else c
                 for i, c in enumerate(r[:-1])]
        text = "  ".join(f"{c:<{w}}" for c, w in zip(cells, width)).rstrip()
        print(f"  {text}" + (f"  ({r[-1]})" if r[-1] else ""))
    for side, names in doc.get("only_in", {}).items():
        if names:
            print(f"  only {side.upper()} has (not compared): "
                  f"{', '.join(names)}")


def _finite(x):
    """JSON has no NaN or infinity: an interval that does not exist, or a
    median of nothing, is written as null."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_finite(v) for v in x]
    return x


def main(argv):
    parser = argparse.ArgumentParser(prog="ab.py",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("run", metavar="RUN_DIR",
                        help="an `mtbench ab` folder (holds ab_rounds.json)")
    d = ab_stats.Params()
    parser.add_argument("--threshold", type=float, default=d.threshold,
                        help=f"smallest slowdown that fails (default "
                        f"{d.threshold})")
    parser.add_argument("--confidence", type=float, default=d.confidence,
                        help=f"of each median's interval (default "
                        f"{d.confidence})")
    args = parser.parse_args(argv)
    if not (0 < args.threshold < 1 and 0 < args.confidence < 1):
        parser.error("--threshold and --confidence lie between 0 and 1")
    path = os.path.join(args.run, "ab_rounds.json")
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"ab.py: cannot read {path}: {e}", file=sys.stderr)
        return 2
    params = ab_stats.Params(args.threshold, args.confidence)
    verdicts = judge_rounds(doc, params)
    status = 1 if any(v.verdict == "slower" for v in verdicts) else 0
    out = {k: doc[k] for k in ("format", "started", "command_line", "host",
                               "scenario", "filter", "seed", "pin_policy",
                               "pus", "load_average", "wall_seconds", "base",
                               "new", "only_in", "failures") if k in doc}
    out.update({"format": "mtbench-ab/1", "rounds": len(doc["rounds"]),
                "params": dataclasses.asdict(params),
                "verdicts": [dataclasses.asdict(v) for v in verdicts],
                "exit_status": status})
    out["summary"] = summary(doc, verdicts, params)
    with open(os.path.join(args.run, "ab.json"), "w", encoding="utf-8") as f:
        json.dump(_finite(out), f, indent=1)
    shown = ab_report.load(args.run)
    print_table(shown)
    try:
        ab_report.plot(shown, os.path.join(args.run, "ab.png"))
        html = ab_report.write(args.run)
        print(f"\nreport: {html}")
    except ImportError as e:
        print(f"ab.py: no plot or report ({e}); install them with: "
              "scripts/setup_deps.sh analysis", file=sys.stderr)
    if status:
        print("\nexit status 1: a benchmark is slower by the threshold or "
              "more, with significance")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
