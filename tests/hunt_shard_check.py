#!/usr/bin/python3
"""End-to-end check of hunts on many machines: one hunt run whole, then in
SHARDS shards (the last one given its index by JOB_COMPLETION_INDEX and
MTBENCH_SHARDS, as a Kubernetes Indexed Job does), merged with `mtbench hunt
merge`: the merge must equal the whole hunt (runs, seeds, findings, counts,
hit rates, first runs, exit status). A hunt with another seed must be
refused by the merge (exit status 2).

usage: hunt_shard_check.py OUT_ROOT SHARDS -- MTBENCH hunt --seed S ARGS...
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys


def fail(why, output=""):
    print("FAIL:", why)
    if output:
        print("--- output ---\n" + output)
    sys.exit(1)


def run(command, env=None):
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600,
                          env=env)
    return proc.returncode, proc.stdout + proc.stderr


def hunt(command, out, extra=(), env=None):
    """Runs the hunt with `extra` options into `out`; its races.json."""
    at = command.index("--") if "--" in command else len(command)
    rc, output = run(command[:at] + list(extra) + ["--out", str(out)] +
                     command[at:], env)
    if rc not in (0, 1):
        fail(f"{' '.join(extra)}: exit status {rc}", output)
    return rc, out / "latest", output


def summary(doc):
    """What must be equal: per target its runs and findings."""
    out = []
    for t in doc["targets"]:
        runs = [(r["run"], r["seed"], r["outcome"], sorted(r["findings"]))
                for r in t["runs"]]
        findings = [(f["signature"], f["kind"], f["count"], f["runs"],
                     f["hit_rate"], f["first_run"], f["reports"])
                    for f in t["findings"]]
        out.append((t["name"], t["runs_completed"], runs, findings))
    return out


def main(argv):
    split = argv.index("--")
    out_root, shards = pathlib.Path(argv[1]), int(argv[2])
    command = argv[split + 1:]
    seed = command[command.index("--seed") + 1]
    shutil.rmtree(out_root, ignore_errors=True)
    whole_rc, whole, output = hunt(command, out_root / "whole")
    folders = []
    for i in range(shards - 1):
        _, folder, _ = hunt(command, out_root / f"shard-{i}",
                            ["--shard", f"{i}/{shards}"])
        folders.append(folder)
    env = dict(os.environ, JOB_COMPLETION_INDEX=str(shards - 1),
               MTBENCH_SHARDS=str(shards))
    _, folder, _ = hunt(command, out_root / f"shard-{shards - 1}", env=env)
    folders.append(folder)
    rc, merge_output = run(command[:2] + ["merge", "--out",
                                          str(out_root / "merged")] +
                           [str(f) for f in folders])
    if rc != whole_rc:
        fail(f"merge exit status {rc}, the whole hunt's {whole_rc}",
             merge_output)
    merged = json.loads((out_root / "merged/latest/races.json").read_text())
    single = json.loads((whole / "races.json").read_text())
    if summary(merged) != summary(single):
        fail(f"merged {summary(merged)}\n!= whole {summary(single)}",
             output + merge_output)
    if sum(len(t["runs"]) for t in single["targets"]) == 0:
        fail("the whole hunt ran nothing", output)
    other = [a if a != seed else str(int(seed) + 1) for a in command]
    _, stranger, _ = hunt(other, out_root / "other", ["--runs", "1"])
    rc, refusal = run(command[:2] + ["merge", "--out", str(out_root / "x"),
                                     str(folders[0]), str(stranger)])
    if rc != 2 or "not one hunt" not in refusal:
        fail(f"a merge across seeds gave exit status {rc}", refusal)


if __name__ == "__main__":
    main(sys.argv)
