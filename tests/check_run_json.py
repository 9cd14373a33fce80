#!/usr/bin/env python3
"""Checks a run.json against the format documented in results/README.md,
including the placement rule: every benchmark that starts workers has their
placement recorded.

Usage: check_run_json.py RUN_JSON [--scenario NAME]...  (names that must be present)
Exit 0 when it conforms, 1 with one line per problem when it does not, 2 on usage errors.
Standard library only, so any python3 can run it.
"""
import argparse
import json
import re
import sys

STATUSES = {"ok", "failed", "crashed", "timed out", "interrupted", "skipped"}
VERDICTS = {"holds", "fails", "not measurable here", "not run"}
MTBENCH_KEYS = {"version": str, "git_commit": str, "git_dirty": bool, "preset": str,
                "compiler": str, "kernel": str, "started": str, "command_line": str,
                "topology": dict, "pin_policies": list, "quick": bool,
                "repetitions": int, "calibration": dict, "scenarios": list}
SCENARIO_KEYS = {"name": str, "status": str, "reason": str, "wall_seconds": (int, float),
                 "benchmarks": int, "claims": list, "analysis": dict,
                 "placements": list, "errors": list, "starts_workers": str}
# A --gbench binary's record (results/README.md): who it was, what failed.
BINARY_KEYS = {"path": str, "sha256": str, "filter": str, "source_dir": str,
               "processes": int, "failures": list, "pin_library_loaded": bool}
BENCH_KEYS = {"name": str, "run_name": str, "run_type": str, "threads": int,
              "iterations": int, "real_time": (int, float), "cpu_time": (int, float),
              "time_unit": str}
PLACEMENT_KEYS = {"benchmark": str, "threads": int, "policy": str, "workers": list}
WORKER_KEYS = {"pu": int, "cpu": int, "verified": bool, "kind": str, "role": str}
KINDS = {"thread", "process"}
# An axis saying a benchmark runs several workers; the '/' keeps cpu_threads: out.
WORKER_AXIS = re.compile(r"/(threads|size|workers|tasks):(\d+)(?=/|$)")
# What Google Benchmark appends to the name a benchmark was registered under.
GB_SUFFIX = re.compile(r"/(real_time|manual_time|process_time|"
                       r"(threads|iterations|repeats|min_time|min_warmup_time):[^/]+)$")


def registered_name(run_name):
    """The name a benchmark was registered under, as placements record it."""
    while True:
        shorter = GB_SUFFIX.sub("", run_name)
        if shorter == run_name:
            return run_name
        run_name = shorter


def starts_workers(name, scenario_regex):
    """The placement rule: a threads:, size:, workers: or tasks: axis above 1 in
    the benchmark's name, or a name the scenario marks (its starts_workers)."""
    if any(int(n) > 1 for _, n in WORKER_AXIS.findall(name)):
        return True
    return bool(scenario_regex) and re.search(scenario_regex, registered_name(name))


def check_worker(w, where, problems):
    check_keys(w, WORKER_KEYS, where, problems)
    if w.get("kind") not in KINDS:
        problems.append(f"{where}: kind '{w.get('kind')}' not one of {sorted(KINDS)}")
    if "pus" in w and not (isinstance(w["pus"], list) and len(w["pus"]) > 1
                           and all(isinstance(pu, int) for pu in w["pus"])):
        problems.append(f"{where}: 'pus' should list the several PUs it was bound to")


def check_placements(s, benchmarks, problems):
    """Every benchmark of an ok scenario that starts workers has a placement entry
    (for a threaded one, at its thread count); every benchmark that ran has all the
    workers of its entries reported (cpu >= 0)."""
    where = f"scenario {s.get('name', '?')}"
    by_name = {}
    for p in s.get("placements", []):
        by_name.setdefault(p.get("benchmark"), []).append(p)
        if len(p.get("workers", [])) != p.get("threads"):
            problems.append(f"{where} placement {p.get('benchmark')}: "
                            f"{len(p.get('workers', []))} workers for threads {p.get('threads')}")
        for i, w in enumerate(p.get("workers", [])):
            check_worker(w, f"{where} placement {p.get('benchmark')} worker {i}", problems)
    if s.get("status") != "ok":
        return  # a child that died wrote no placements
    for b in benchmarks:
        name = b.get("run_name", b.get("name", ""))
        if b.get("run_type") == "aggregate" or b.get("error_occurred"):
            continue  # a benchmark skipped with an error may not have started its workers
        entries = by_name.get(registered_name(name), [])
        if b.get("threads", 1) > 1:
            entries = [p for p in entries if p.get("threads") == b["threads"]]
        if not entries and starts_workers(name, s.get("starts_workers", "")):
            problems.append(f"{where}: {name} starts workers but run.json records "
                            f"no placement for it")
        for p in entries:
            for i, w in enumerate(p.get("workers", [])):
                if isinstance(w.get("cpu"), int) and w["cpu"] < 0:
                    problems.append(f"{where} placement {p.get('benchmark')}: worker {i} "
                                    f"of {p.get('threads')} never reported where it ran")


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
            check_keys(p, PLACEMENT_KEYS, f"{where} placement", problems)
        check_placements(s, [b for b in doc["benchmarks"]
                             if b.get("name", "").split("/")[0] == s.get("name")], problems)
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
