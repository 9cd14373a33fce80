#!/usr/bin/env python3
"""The gil scenario end to end. `mtbench gil-trace`: bad usage exits 2 with a
clear message, and the trace it writes is Chrome JSON whose lock-holding
slices never overlap (at most one thread holds the emulated GIL at any
instant). The CPython twins: they reject bad arguments and print the JSON
the scenario reads.

Usage: gil_e2e_test.py MTBENCH OUT_DIR TWINS_DIR
"""
import json
import os
import subprocess
import sys
import unittest

MTBENCH, OUT, TWINS = sys.argv[1], sys.argv[2], sys.argv[3]


def trace(*args):
    return subprocess.run([MTBENCH, "gil-trace", *args], capture_output=True,
                          text=True, timeout=60)


class GilTraceTest(unittest.TestCase):
    def test_bad_usage_exits_2_and_says_what_is_accepted(self):
        for args, says in [([], "--out FILE is required"),
                           (["--out", "x", "--policy", "none"], "accepted: tick, interval"),
                           (["--out", "x", "--threads", "0"], "accepted: 1 to 64"),
                           (["--out", "x", "--bogus"], "unknown option"),
                           (["--out", "/nonexistent/dir/t.json"], "cannot write")]:
            run = trace(*args)
            self.assertEqual(run.returncode, 2, args)
            self.assertIn(says, run.stderr, args)

    def test_help(self):
        run = trace("--help")
        self.assertEqual(run.returncode, 0)
        self.assertIn("--interval-us", run.stdout)

    def test_slices_never_overlap(self):
        os.makedirs(OUT, exist_ok=True)
        for policy in ["tick", "interval"]:
            path = os.path.join(OUT, policy + ".json")
            run = trace("--policy", policy, "--threads", "3", "--io", "--ms", "60",
                        "--interval-us", "1000", "--out", path)
            self.assertEqual(run.returncode, 0, run.stderr)
            with open(path) as f:
                doc = json.load(f)
            self.assertEqual(doc["otherData"]["policy"], policy)
            holds = sorted((e for e in doc["traceEvents"] if e["ph"] == "X"),
                           key=lambda e: e["ts"])
            self.assertGreater(len(holds), 0)
            for e in holds:
                self.assertIn(e["tid"], range(4))  # 3 CPU threads and the I/O one
                self.assertGreaterEqual(e["dur"], 0)
            for a, b in zip(holds, holds[1:]):
                # 1 ns of slack for the microsecond floats' rounding.
                self.assertLessEqual(a["ts"] + a["dur"], b["ts"] + 1e-3, (a, b))
            for e in holds:
                if e["tid"] == 3:
                    self.assertIn(e["args"]["ended_by"], ["blocking", "exit", "forced", "tick"])


def twin(script, *args):
    return subprocess.run([sys.executable, os.path.join(TWINS, script), *args],
                          capture_output=True, text=True, timeout=60)


class CpythonTwinTest(unittest.TestCase):
    def test_cpu_twin(self):
        for mode in ["threads", "processes"]:
            run = twin("gil_cpu.py", "--mode", mode, "--workers", "2", "--total", "20000")
            self.assertEqual(run.returncode, 0, run.stderr)
            doc = json.loads(run.stdout.splitlines()[-1])
            self.assertGreater(doc["wall_s"], 0)
            self.assertGreaterEqual(doc["cpu_s"], 0)
            self.assertEqual(doc["hexversion"], sys.hexversion)
        self.assertEqual(twin("gil_cpu.py", "--mode", "threads", "--workers", "0",
                              "--total", "1").returncode, 2)

    def test_io_twin(self):
        run = twin("gil_io.py", "--cpu-threads", "1", "--ms", "20",
                   "--switch-interval-us", "1000")
        self.assertEqual(run.returncode, 0, run.stderr)
        doc = json.loads(run.stdout.splitlines()[-1])
        self.assertGreater(len(doc["samples_us"]), 0)
        self.assertAlmostEqual(doc["switch_interval_us"], 1000, delta=1)
        self.assertEqual(twin("gil_io.py", "--cpu-threads", "-1", "--ms", "5").returncode, 2)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
