#!/usr/bin/python3
"""End-to-end check of `mtbench hunt`: runs it, checks its exit status, its
message, and the races.json it wrote (the format in results/README.md).

usage: hunt_check.py OUT_ROOT EXPECTED_EXIT [checks] -- MTBENCH hunt ...
The hunt's --out must be OUT_ROOT (emptied first). Checks:
  --finding KIND      every target has exactly one finding, of this kind,
                      seen in every run
  --findings N        every target has N findings, all of --kind
  --kind KIND         with --findings: the kind of each
  --none              no finding at all
  --stderr TEXT       the hunt's error output says TEXT
  --stdout TEXT       the hunt's output says TEXT
  --max-run-seconds S no run took S seconds or more (a hang called early)
  --stopped-by WHY    every target stopped by WHY (runs, time, found)
  --runs N            every target completed N runs
  --copy-mtbench      run a copy of MTBENCH from a folder of its own (no
                      controlled scheduler library next to it)
"""
import argparse
import json
import pathlib
import shutil
import subprocess
import sys

RUN_KEYS = {"run", "seed", "strategy", "pu", "load_pus", "schedule", "folder",
            "argv", "tsan_options", "strategy_env", "outcome", "wall_seconds",
            "reports", "findings", "observations", "replay"}
FINDING_KEYS = {"signature", "kind", "headline", "location", "detail", "where",
                "count", "runs", "hit_rate", "first_run", "reports", "example",
                "key_frames", "stacks"}


def fail(why, output=""):
    print("FAIL:", why)
    if output:
        print("--- hunt output ---\n" + output)
    sys.exit(1)


def parse(argv):
    split = argv.index("--")
    p = argparse.ArgumentParser()
    p.add_argument("out_root", type=pathlib.Path)
    p.add_argument("expected", type=int)
    p.add_argument("--finding")
    p.add_argument("--findings", type=int)
    p.add_argument("--kind")
    p.add_argument("--none", action="store_true")
    p.add_argument("--stderr")
    p.add_argument("--stdout")
    p.add_argument("--max-run-seconds", type=float)
    p.add_argument("--stopped-by")
    p.add_argument("--runs", type=int)
    p.add_argument("--copy-mtbench", action="store_true")
    return p.parse_args(argv[1:split]), argv[split + 1:]


def check_target(target, doc, hunt_dir, opts, output):
    runs = target["runs_completed"]
    if target["stopped_by"] == "runs" and runs != doc["runs_per_target"]:
        fail(f"{target['name']}: {runs} runs completed", output)
    if len(target["runs"]) != runs:
        fail(f"{target['name']}: {len(target['runs'])} run entries", output)
    if opts.runs is not None and runs != opts.runs:
        fail(f"{target['name']}: {runs} runs, expected {opts.runs}", output)
    if opts.stopped_by and target["stopped_by"] != opts.stopped_by:
        fail(f"stopped by {target['stopped_by']}, not {opts.stopped_by}",
             output)
    for run in target["runs"]:
        if not RUN_KEYS <= run.keys():
            fail(f"run entry lacks {RUN_KEYS - run.keys()}", output)
        if not (hunt_dir / run["folder"]).is_dir():
            fail(f"run folder {run['folder']} missing", output)
        if not run["replay"].startswith("cd /") or str(hunt_dir) in run["replay"]:
            fail(f"replay line not absolute or writes into the hunt: "
                 f"{run['replay']}", output)
        if opts.max_run_seconds and run["wall_seconds"] >= opts.max_run_seconds:
            fail(f"run {run['run']} took {run['wall_seconds']:.1f} s", output)
    for f in target["findings"]:
        if not FINDING_KEYS <= f.keys():
            fail(f"finding lacks {FINDING_KEYS - f.keys()}", output)
    kinds = [f["kind"] for f in target["findings"]]
    if opts.none and kinds:
        fail(f"{target['name']}: expected no finding, got {kinds}", output)
    if opts.findings is not None:
        if len(kinds) != opts.findings or any(k != opts.kind for k in kinds):
            fail(f"expected {opts.findings} x {opts.kind}, got {kinds}", output)
        if len({f["where"] for f in target["findings"]}) != len(kinds):
            fail("two findings look the same in the table", output)
    if opts.finding is not None:
        if kinds != [opts.finding]:
            fail(f"{target['name']}: expected one {opts.finding}, got {kinds}",
                 output)
        f = target["findings"][0]
        if f["count"] != runs or f["hit_rate"] != 1.0 or f["first_run"] != 1:
            fail(f"{opts.finding} seen in {f['count']} of {runs} runs", output)


def main(argv):
    opts, command = parse(argv)
    shutil.rmtree(opts.out_root, ignore_errors=True)
    if opts.copy_mtbench:
        copy = opts.out_root / "bin" / "mtbench"
        copy.parent.mkdir(parents=True)
        shutil.copy2(command[0], copy)
        command[0] = str(copy)
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600)
    output = proc.stdout + proc.stderr
    if proc.returncode != opts.expected:
        fail(f"exit status {proc.returncode}, expected {opts.expected}", output)
    if opts.stderr is not None and opts.stderr not in proc.stderr:
        fail(f"message does not say {opts.stderr!r}", output)
    if opts.stdout is not None and opts.stdout not in proc.stdout:
        fail(f"output does not say {opts.stdout!r}", output)
    if opts.expected == 2:
        return
    files = [f for f in opts.out_root.glob("*/races.json")
             if f.parent.name != "latest"]
    if len(files) != 1:
        fail(f"expected one races.json under {opts.out_root}, found {files}",
             output)
    if (opts.out_root / "latest").resolve() != files[0].parent.resolve():
        fail("OUT_ROOT/latest does not point at the hunt", output)
    doc = json.loads(files[0].read_text())
    if doc["format"] != "mtbench-races/2" or doc["exit_status"] != opts.expected:
        fail("races.json format or exit_status wrong", output)
    if not doc["targets"]:
        fail("no targets in races.json", output)
    for target in doc["targets"]:
        check_target(target, doc, files[0].parent, opts, output)


if __name__ == "__main__":
    main(sys.argv)
