#!/usr/bin/python3
"""End-to-end check that a hunt under the controlled scheduler is
deterministic: the same hunt twice (same --seed) makes the same decisions in
every run (each run's sched/schedule.txt: step, thread, operation, call
site; object addresses move with ASLR and are left out), ends every run the
same way, and the first run's replay line (races.json) makes those decisions
again.

usage: hunt_replay_check.py OUT_ROOT -- MTBENCH hunt --seed S ARGS...
"""
import json
import pathlib
import shutil
import subprocess
import sys

from hunt_check import fail


def decisions(schedule):
    """The decision lines of a schedule.txt, in step order, without objects."""
    lines = []
    for line in schedule.read_text().splitlines()[1:]:
        fields = line.strip().split(" ", 4)  # unused lines are blank
        if len(fields) == 5 and fields[0].isdigit():
            step, thread, op, _obj, site = fields
            lines.append((int(step), thread, op, site.strip()))
    return sorted(lines)


def hunt(command, out):
    at = command.index("--") if "--" in command else len(command)
    proc = subprocess.run(command[:at] + ["--out", str(out)] + command[at:],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode not in (0, 1):
        fail(f"exit status {proc.returncode}", proc.stdout + proc.stderr)
    doc = json.loads((out / "latest" / "races.json").read_text())
    runs = []
    for target in doc["targets"]:
        for r in target["runs"]:
            folder = out / "latest" / r["folder"]
            runs.append((r["outcome"], r.get("exit_code"),
                         decisions(folder / "sched" / "schedule.txt")))
    return doc, runs


def main(argv):
    if len(argv) < 4 or argv[2] != "--":
        fail(__doc__)
    root = pathlib.Path(argv[1])
    shutil.rmtree(root, ignore_errors=True)
    command = argv[3:]
    doc, first = hunt(command, root / "a")
    _, second = hunt(command, root / "b")
    if not first or any(not d for _, _, d in first):
        fail("a run wrote no schedule")
    for i, (a, b) in enumerate(zip(first, second)):
        if a != b:
            fail(f"run {i + 1} differs between two hunts of one seed: "
                 f"{a[:2]} vs {b[:2]}, {len(a[2])} vs {len(b[2])} decisions")
    run = doc["targets"][0]["runs"][0]
    subprocess.run(["sh", "-c", run["replay"]], capture_output=True,
                   timeout=600)
    replayed = pathlib.Path(run["replay"].split("mkdir -p ")[1].split(" ")[0])
    if decisions(replayed / "sched" / "schedule.txt") != first[0][2]:
        fail("the replay line made other decisions than run 1")
    steps = sum(len(d) for _, _, d in first)
    print(f"ok: {len(first)} runs, {steps} decisions, the same twice and on "
          "replay")


if __name__ == "__main__":
    main(sys.argv)
