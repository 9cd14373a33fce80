#!/usr/bin/env python3
"""The run.json checker accepts the documented format and rejects each kind
of departure from it (so a smoke test that uses it can fail), the placement
rule included."""
import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_run_json import check  # noqa: E402

WORKER = {"pu": 0, "cpu": 0, "verified": True, "kind": "thread", "role": "worker"}


def bench(name):
    return {"name": name, "run_name": name, "run_type": "iteration", "threads": 1,
            "iterations": 10, "real_time": 1.5, "cpu_time": 1.4, "time_unit": "ns"}


GOOD = {
    "context": {"host_name": "h", "mtbench": {
        "version": "0.1.0", "git_commit": "abc", "git_dirty": False, "preset": "release",
        "compiler": "GNU 12", "kernel": "Linux 6", "started": "2026", "command_line": "x",
        "topology": {"packages": 1, "cores": 2, "pus": 2, "numa_nodes": 1, "caches": [],
                     "summary": "s"},
        "pin_policies": ["compact"], "quick": True, "repetitions": 1,
        "calibration": {"pus": 2, "parallel_speedup": 1.9, "load_average": 0.1,
                        "delivers_parallelism": True},
        "scenarios": [{"name": "s", "status": "ok", "reason": "", "wall_seconds": 1.0,
                       "benchmarks": 3, "analysis": {}, "errors": [], "starts_workers": "^s/y",
                       "claims": [{"sentence": "a", "check": "b", "verdict": "holds",
                                   "numbers": "1"}],
                       "placements": [
                           {"benchmark": "s/x/size:2", "threads": 2, "policy": "compact",
                            "workers": [WORKER, dict(WORKER, pu=1, cpu=1, kind="process")]},
                           {"benchmark": "s/y", "threads": 1, "policy": "compact",
                            "workers": [dict(WORKER, pus=[0, 1], role="python")]}]}]}},
    "benchmarks": [bench("s/x/size:2/real_time"), bench("s/x/size:1/real_time"),
                   bench("s/y/real_time")],
}


def broken(edit):
    doc = copy.deepcopy(GOOD)
    edit(doc)
    return check(doc, [])


class CheckerTest(unittest.TestCase):
    def test_accepts_the_documented_format(self):
        self.assertEqual(check(GOOD, ["s"]), [])

    def test_rejects_departures(self):
        scen = lambda d: d["context"]["mtbench"]["scenarios"][0]  # noqa: E731
        self.assertTrue(broken(lambda d: d["context"].pop("mtbench")))
        self.assertTrue(broken(lambda d: scen(d).update(status="exploded")))
        self.assertTrue(broken(lambda d: scen(d).update(status="crashed")))  # no reason
        self.assertTrue(broken(lambda d: scen(d)["claims"][0].update(verdict="maybe")))
        self.assertTrue(broken(lambda d: scen(d).update(benchmarks=2)))
        self.assertTrue(broken(lambda d: d["benchmarks"][0].pop("real_time")))
        self.assertTrue(broken(lambda d: d["context"]["mtbench"].update(git_dirty="no")))
        self.assertTrue(check(GOOD, ["missing"]))

    def test_every_benchmark_that_starts_workers_has_its_placement(self):
        scen = lambda d: d["context"]["mtbench"]["scenarios"][0]  # noqa: E731
        placements = lambda d: scen(d)["placements"]  # noqa: E731
        # Removed: size:2 has an axis above 1; s/y is marked by the scenario.
        self.assertTrue(broken(lambda d: placements(d).pop(0)))
        self.assertTrue(broken(lambda d: placements(d).pop(1)))
        # A worker that never reported, or one missing from the list.
        self.assertTrue(broken(lambda d: placements(d)[0]["workers"][1].update(cpu=-1)))
        self.assertTrue(broken(lambda d: placements(d)[0]["workers"].pop()))
        self.assertTrue(broken(lambda d: placements(d)[0]["workers"][0].update(kind="fiber")))
        # A threaded benchmark needs the entry at its thread count.
        self.assertTrue(broken(lambda d: d["benchmarks"][0].update(
            name="s/x/size:2/real_time/threads:4", run_name="s/x/size:2/real_time/threads:4",
            threads=4)))
        # Without the mark, s/y (no axis) needs none; size:1 never does.
        doc = copy.deepcopy(GOOD)
        scen(doc)["starts_workers"] = ""
        placements(doc).pop(1)
        self.assertEqual(check(doc, []), [])
        # A benchmark skipped with an error is not held to it.
        self.assertEqual(broken(lambda d: (placements(d)[0]["workers"][1].update(cpu=-1),
                                           d["benchmarks"][0].update(error_occurred=True))),
                         [])
        # A scenario that did not end ok is not held to it.
        self.assertEqual(broken(lambda d: (placements(d).clear(),
                                           scen(d).update(status="crashed", reason="x"))),
                         [])

    def test_a_gbench_binary_record(self):
        binary = {"path": "/b/x", "sha256": "0" * 64, "filter": ".",
                  "source_dir": "/b", "processes": 1, "pin_library_loaded": True,
                  "failures": [{"benchmark": "s/BM_A", "status": "crashed",
                                "reason": "signal 6"}]}
        scen = lambda d: d["context"]["mtbench"]["scenarios"][0]  # noqa: E731
        self.assertEqual(broken(lambda d: scen(d).update(binary=binary)), [])
        short = dict(binary, sha256="abc")
        self.assertTrue(broken(lambda d: scen(d).update(binary=short)))
        bad = dict(binary, failures=[{"benchmark": "s/BM_A"}])
        self.assertTrue(broken(lambda d: scen(d).update(binary=bad)))


if __name__ == "__main__":
    unittest.main()
