#!/usr/bin/python3
"""End-to-end check of `mtbench hunt`: runs it, checks its exit status, its
message, and the races.json it wrote (the format in results/README.md).

usage: hunt_check.py OUT_ROOT EXPECTED_EXIT [--finding KIND] [--none]
                     [--stderr TEXT] -- MTBENCH hunt ... --out OUT_ROOT ...
--finding KIND: every target has exactly one finding, of this kind, seen in
every run. --none: no finding at all. --stderr TEXT: the message says TEXT.
"""
import json
import pathlib
import shutil
import subprocess
import sys

RUN_KEYS = {"run", "seed", "pu", "load_pus", "schedule", "folder", "argv",
            "tsan_options", "outcome", "wall_seconds", "reports", "findings",
            "replay"}
FINDING_KEYS = {"signature", "kind", "headline", "location", "count", "runs",
                "hit_rate", "first_run", "reports", "example", "key_frames",
                "stacks"}


def fail(why, output=""):
    print("FAIL:", why)
    if output:
        print("--- hunt output ---\n" + output)
    sys.exit(1)


def main(argv):
    split = argv.index("--")
    opts, command = argv[1:split], argv[split + 1:]
    out_root, expected = pathlib.Path(opts[0]), int(opts[1])
    finding = opts[opts.index("--finding") + 1] if "--finding" in opts else None
    stderr_text = opts[opts.index("--stderr") + 1] if "--stderr" in opts else None
    shutil.rmtree(out_root, ignore_errors=True)
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600)
    output = proc.stdout + proc.stderr
    if proc.returncode != expected:
        fail(f"exit status {proc.returncode}, expected {expected}", output)
    if stderr_text is not None and stderr_text not in proc.stderr:
        fail(f"message does not say {stderr_text!r}", output)
    if expected == 2:
        return
    files = list(out_root.glob("*/races.json"))
    if len(files) != 1:
        fail(f"expected one races.json under {out_root}, found {files}", output)
    doc = json.loads(files[0].read_text())
    if doc["format"] != "mtbench-races/1" or doc["exit_status"] != expected:
        fail("races.json format or exit_status wrong", output)
    if not doc["targets"]:
        fail("no targets in races.json", output)
    for target in doc["targets"]:
        runs = target["runs_completed"]
        if runs != doc["runs_per_target"] or len(target["runs"]) != runs:
            fail(f"{target['name']}: {runs} runs completed", output)
        for run in target["runs"]:
            if not RUN_KEYS <= run.keys():
                fail(f"run entry lacks {RUN_KEYS - run.keys()}", output)
            if not (out_root / files[0].parent.name / run["folder"]).is_dir():
                fail(f"run folder {run['folder']} missing", output)
        for f in target["findings"]:
            if not FINDING_KEYS <= f.keys():
                fail(f"finding lacks {FINDING_KEYS - f.keys()}", output)
        kinds = [f["kind"] for f in target["findings"]]
        if "--none" in opts and kinds:
            fail(f"{target['name']}: expected no finding, got {kinds}", output)
        if finding is not None:
            if kinds != [finding]:
                fail(f"{target['name']}: expected one {finding}, got {kinds}",
                     output)
            f = target["findings"][0]
            if f["count"] != runs or f["hit_rate"] != 1.0 or f["first_run"] != 1:
                fail(f"{finding} seen in {f['count']} of {runs} runs", output)
            if not f["key_frames"] or not f["stacks"]:
                fail(f"{finding} has no stacks", output)


if __name__ == "__main__":
    main(sys.argv)
