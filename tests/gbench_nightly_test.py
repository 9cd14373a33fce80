#!/usr/bin/env python3
"""End to end: `make nightly`'s script with a user's Google Benchmark binary
(NIGHTLY_GBENCH) for a fleet sharing one history: three nights on hosts of
two machine classes (MTBENCH_HOST, MTBENCH_MACHINE_CLASS) into one database
(a real PostgreSQL server when one can be started here, else SQLite); each
night is compared with its own class's runs only. Asserts the plumbing, not
this machine's noise.

Usage: gbench_nightly_test.py MTBENCH GBENCH_TINY
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "..", "scripts")
sys.path.insert(0, SCRIPTS)
import history  # noqa: E402
import postgres_test  # noqa: E402

MTBENCH, TINY = sys.argv[1:3]
NIGHTS = (("runner-a", "c6i-large"), ("runner-c", "m7g-large"),
          ("runner-b", "c6i-large"))


class FleetNightlyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="mtbench-fleet-")
        cls.server = postgres_test.Server()
        why_not = cls.server.start()
        if why_not:
            print(f"\nno PostgreSQL here ({why_not}): SQLite instead")
            cls.db = os.path.join(cls.tmp, "history.sqlite")
        else:
            cls.server.create_database("fleet")
            cls.db = cls.server.url("fleet")
        cls.nights = []
        for host, machine_class in NIGHTS:
            env = dict(os.environ, MTBENCH=MTBENCH, NIGHTLY_OUT=cls.tmp,
                       MTBENCH_DB=cls.db, NIGHTLY_SCENARIOS="",
                       NIGHTLY_GBENCH=TINY,
                       NIGHTLY_GBENCH_FILTER="^BM_(After|Error)$",
                       MTBENCH_HOST=host, MTBENCH_MACHINE_CLASS=machine_class)
            r = subprocess.run([os.path.join(SCRIPTS, "nightly.sh")], env=env,
                               capture_output=True, text=True, timeout=900)
            run = os.path.join(cls.tmp, os.readlink(os.path.join(cls.tmp,
                                                                 "latest")))
            cls.nights.append((r.returncode, r.stdout + r.stderr, run))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def compare(self, night):
        with open(os.path.join(self.nights[night][2], "compare.json")) as f:
            return json.load(f)

    def test_each_night_runs_the_binary_and_reports(self):
        for status, output, run in self.nights:
            self.assertIn(status, (0, 1), output)  # 1: this machine's noise
            with open(os.path.join(run, "run.json")) as f:
                doc = json.load(f)
            reps = [b for b in doc["benchmarks"]
                    if b["run_type"] == "iteration"]
            self.assertEqual({b["run_name"] for b in reps},
                             {"gbench_tiny/BM_After", "gbench_tiny/BM_Error"})
            self.assertEqual(len(reps), 2 * 9)
            self.assertTrue(os.path.exists(os.path.join(run, "report.html")))

    def test_a_night_is_compared_with_its_class_only(self):
        first, other_class, same_class = (self.compare(i) for i in range(3))
        self.assertEqual(first["base"], [])
        self.assertEqual(other_class["base"], [])  # runner-a is another class
        self.assertEqual(same_class["base"],
                         [os.path.basename(self.nights[0][2])])
        judged = {v["name"] for v in same_class["verdicts"]}
        self.assertEqual(judged, {"gbench_tiny/BM_After",
                                  "gbench_tiny/BM_Error"})

    def test_the_database_keeps_every_host(self):
        db = history.open_db(self.db)
        try:
            hosts = [r[0] for r in db.execute(
                "SELECT host FROM runs ORDER BY host").fetchall()]
        finally:
            db.close()
        self.assertEqual(hosts, ["runner-a", "runner-b", "runner-c"])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
