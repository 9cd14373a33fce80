#!/usr/bin/python3
"""Measures libmtsched: cost per lock/unlock with and without it, 20 runs of
a small program, deadlock and hang report latency, spurious slices, and how
often preemption finds the lock-free bugs of tests/lf_*.cc. Prints medians
with min and max; the machine's load average is printed with them.

usage: measure.py BUILD_DIR [--reps N] [--only SECTION ...]
sections: cost runs20 deadlock hang slices lockfree
"""
import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import time


def spread(values, unit=""):
    values = sorted(values)
    return (f"median {statistics.median(values):.1f}{unit} "
            f"(min {values[0]:.1f}, max {values[-1]:.1f}, n={len(values)})")


class Runs:
    def __init__(self, build):
        self.build = pathlib.Path(build)
        self.lib = str(self.build / "preload" / "libmtsched.so")
        self.tests = self.build / "preload" / "tests"
        self.out = pathlib.Path("/tmp/mtsched-measure")

    def run(self, argv, strategy=None, seed=1, env=None, timeout=300):
        """(returncode, stdout, stderr, summary, seconds); strategy None: no
        library at all."""
        e = dict(os.environ)
        e.pop("MT_SCHED_OWNER", None)
        e["TSAN_OPTIONS"] = "halt_on_error=1:detect_deadlocks=0"
        if strategy is not None:
            shutil.rmtree(self.out, ignore_errors=True)
            e.update({"LD_PRELOAD": self.lib, "MT_SCHED_STRATEGY": strategy,
                      "MT_SCHED_SEED": str(seed), "MT_SCHED_OUT": str(self.out)})
        e.update(env or {})
        start = time.monotonic()
        p = subprocess.run([str(a) for a in argv], env=e, capture_output=True,
                           text=True, timeout=timeout)
        seconds = time.monotonic() - start
        summary_file = self.out / "summary.json"
        summary = (json.loads(summary_file.read_text())
                   if strategy not in (None, "none") and summary_file.exists() else None)
        return p.returncode, p.stdout, p.stderr, summary, seconds


def cost(r, reps):
    prog = r.build / "preload" / "bench" / "sched_cost"
    for mode in ("uncontended", "contended"):
        for strategy in (None, "none", "pct", "random"):
            ns, per_switch = [], []
            for seed in range(1, reps + 1):
                rc, out, err, summary, _ = r.run([prog, mode], strategy, seed)
                assert rc == 0, err
                pair_ns = float(out.split()[1])
                ns.append(pair_ns)
                # Only random switches at most points; PCT rarely does.
                if mode == "contended" and strategy == "random" and summary:
                    pairs = 20000 * (2 if mode == "contended" else 1)
                    per_switch.append(pair_ns * pairs / summary["switches"] / 1000)
            label = "no library" if strategy is None else f"library, {strategy}"
            line = f"{mode:12} {label:18} ns per lock/unlock pair: {spread(ns)}"
            if per_switch:
                line += f"; us per turn hand-off: {spread(per_switch)}"
            print(line)


def runs20(r, reps):
    for program in ("interleave", "ok_prodcons", "ok_thread_pool"):
        for strategy in (None, "pct", "random"):
            totals = []
            for rep in range(reps):
                start = time.monotonic()
                for seed in range(1, 21):
                    rc, *_ = r.run([r.tests / program], strategy, seed)
                    assert rc == 0, (program, strategy, seed)
                totals.append(time.monotonic() - start)
            label = "no library" if strategy is None else strategy
            print(f"20 runs of {program:15} {label:11}: {spread(totals, ' s')}")


def deadlock(r, reps):
    walls, report_ms, clean = [], [], []
    for _ in range(reps):
        rc, _, err, summary, seconds = r.run([r.tests / "abba"], "random", 4)
        assert rc == 86, err
        walls.append(seconds)
        report_ms.append(summary["report"]["report_ms"])
        rc, *_, seconds = r.run([r.tests / "abba"], "random", 1)
        assert rc == 0
        clean.append(seconds)
    print(f"abba deadlocking (seed 4): run {spread(walls, ' s')}")
    print(f"abba clean (seed 1):       run {spread(clean, ' s')}")
    print(f"verdict to report written (stacks, symbols): {spread(report_ms, ' ms')}")


def hang(r, reps):
    walls = []
    for _ in range(reps):
        rc, _, err, summary, seconds = r.run([r.tests / "hang"], "pct", 1)
        assert rc == 87, err
        walls.append(seconds)
    print(f"hang (a private futex wait outside control): reported after "
          f"{spread(walls, ' s')}")


def slices(r, reps):
    for program in sorted(p.name for p in r.tests.glob("ok_*") if os.access(p, os.X_OK)):
        counts = {1: [], 5: []}
        for slice_ms in counts:
            for seed in range(1, reps + 1):
                rc, _, err, summary, _ = r.run([r.tests / program], "random", seed,
                                               {"MT_SCHED_SLICE_MS": str(slice_ms)})
                assert rc == 0, err
                counts[slice_ms].append(summary["slices"])
        print(f"{program:18} slices per run: slice 1 ms {sum(counts[1]) / reps:.1f}, "
              f"5 ms {sum(counts[5]) / reps:.1f}")


def lockfree(r, reps):
    for program in ("lf_check_then_act", "lf_aba_stack", "lf_ws_deque"):
        # The bug without the scheduler: threads truly in parallel.
        found = sum(r.run([r.tests / program])[0] == 1 for _ in range(reps))
        print(f"{program:18} no library            : found in {found}/{reps} runs")
        for preempt in (0, 100):
            for strategy in ("random", "pct"):
                found, preemptions, slices = 0, [], []
                for seed in range(1, reps + 1):
                    rc, _, err, summary, _ = r.run(
                        [r.tests / program], strategy, seed,
                        {"MT_SCHED_PREEMPT_US": str(preempt)})
                    assert rc in (0, 1), (program, rc, err[-2000:])
                    found += rc == 1
                    preemptions.append(summary["preemptions"])
                    slices.append(summary["slices"])
                print(f"{program:18} preempt {preempt:3} us {strategy:6}: found in "
                      f"{found}/{reps} runs; preemptions per run "
                      f"{statistics.median(preemptions):.0f}, slices per run "
                      f"{statistics.median(slices):.0f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    r = Runs(args.build)
    print(f"load average before: {os.getloadavg()}")
    sections = {"cost": cost, "runs20": runs20, "deadlock": deadlock,
                "hang": hang, "slices": slices, "lockfree": lockfree}
    for name, fn in sections.items():
        if args.only and name not in args.only:
            continue
        print(f"== {name}")
        fn(r, args.reps)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
