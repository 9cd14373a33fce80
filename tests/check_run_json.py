#!/usr/bin/env python3
"""Checks a run.json against the format documented in results/README.md.

Usage: check_run_json.py RUN_JSON [--scenario NAME]...  (names that must be present)
Exit 0 when it conforms, 1 with one line per problem when it does not, 2 on usage errors.
Standard library only, so any python3 can run it.
"""
import argparse
import json
import sys

STATUSES = {"ok", "failed", "crashed", "timed out", "interrupted", "skipped"}
VERDICTS = {"holds", "fails", "not measurable here", "not run"}
MTBENCH_KEYS = {"version": str, "git_commit": str, "git_dirty": bool, "preset": str,
                "compiler": str, "kernel": str, "started": str, "command_line": str,
                "topology": dict, "pin_policies": list, "quick": bool,
                "repetitions": int, "calibration": dict, "scenarios": list}
SCENARIO_KEYS = {"name": str, "status": str, "reason": str, "wall_seconds": (int, float),
                 "benchmarks": int, "claims": list, "analysis": dict,
                 "placements": list, "errors": list}
# A --gbench binary's record (results/README.md): who it was, what failed.
BINARY_KEYS = {"path": str, "sha256": str, "filter": str, "source_dir": str,
               "processes": int, "failures": list, "pin_library_loaded": bool}
BENCH_KEYS = {"name": str, "run_name": str, "run_type": str, "threads": int,
              "iterations": int, "real_time": (int, float), "cpu_time": (int, float),
              "time_unit": str}


def check_keys(obj, spec, where, problems):
    for key, kind in spec.items():
        if key not in obj:
            problems.append(f"{where}: missing '{key}'")
        elif not isinstance(obj[key], kind) or (kind is int and isinstance(obj[key], bool)):
            problems.append(f"{where}: '{key}' should be {kind}, is {type(obj[key]).__name__}")


def check(doc, required):
    problems = []
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"), list) \
            or not isinstance(doc.get("context"), dict):
        return ["top level: needs 'context' (object) and 'benchmarks' (array)"]
    mt = doc["context"].get("mtbench")
    if not isinstance(mt, dict):
        return ["context: missing the 'mtbench' block"]
    check_keys(mt, MTBENCH_KEYS, "context.mtbench", problems)
    check_keys(mt.get("topology", {}), {"packages": int, "cores": int, "pus": int,
                                        "numa_nodes": int, "caches": list, "summary": str},
               "context.mtbench.topology", problems)
    check_keys(mt.get("calibration", {}), {"pus": int, "parallel_speedup": (int, float),
                                           "load_average": (int, float),
                                           "delivers_parallelism": bool},
               "context.mtbench.calibration", problems)
    for b in doc["benchmarks"]:
        check_keys(b, BENCH_KEYS, f"benchmark {b.get('name', '?')}", problems)
    names = [b.get("name", "") for b in doc["benchmarks"]]
    seen = set()
    for s in mt.get("scenarios", []):
        where = f"scenario {s.get('name', '?')}"
        check_keys(s, SCENARIO_KEYS, where, problems)
        seen.add(s.get("name"))
        if s.get("status") not in STATUSES:
            problems.append(f"{where}: status '{s.get('status')}' not one of {sorted(STATUSES)}")
        if s.get("status") != "ok" and not s.get("reason"):
            problems.append(f"{where}: status {s.get('status')} without a reason")
        own = [n for n in names if n.split("/")[0] == s.get("name")]
        if len(own) != s.get("benchmarks"):
            problems.append(f"{where}: says {s.get('benchmarks')} benchmarks, run.json has {len(own)}")
        for c in s.get("claims", []):
            check_keys(c, {"sentence": str, "check": str, "verdict": str, "numbers": str},
                       f"{where} claim", problems)
            if c.get("verdict") not in VERDICTS:
                problems.append(f"{where}: verdict '{c.get('verdict')}' not one of {sorted(VERDICTS)}")
        if "binary" in s:
            binary = s["binary"]
            check_keys(binary, BINARY_KEYS, f"{where} binary", problems)
            if len(str(binary.get("sha256", ""))) != 64:
                problems.append(f"{where} binary: sha256 is not 64 hex digits")
            for f in binary.get("failures", []):
                check_keys(f, {"benchmark": str, "status": str, "reason": str},
                           f"{where} binary failure", problems)
        for p in s.get("placements", []):
            check_keys(p, {"benchmark": str, "threads": int, "policy": str, "workers": list},
                       f"{where} placement", problems)
    for name in required:
        if name not in seen:
            problems.append(f"scenario {name}: missing from context.mtbench.scenarios")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_json")
    parser.add_argument("--scenario", action="append", default=[],
                        help="a scenario that must be present (repeatable)")
    args = parser.parse_args(argv)
    try:
        with open(args.run_json) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"check_run_json: cannot read {args.run_json}: {e}", file=sys.stderr)
        return 1
    problems = check(doc, args.scenario)
    for p in problems:
        print(f"{args.run_json}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
