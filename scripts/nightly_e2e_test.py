"""End to end with the real binary ($MTBENCH, set by ctest): two small
nightly runs (9 repetitions, random interleaving), imported, compared with
their history and reported; `mtbench compare` on them; an injected slowdown
copied under a new run id. Asserts the plumbing, not this machine's noise."""

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

import inject

HERE = os.path.dirname(os.path.abspath(__file__))
MTBENCH = os.environ.get("MTBENCH", "")
FILTER = "^counter/increment/(atomic|mutex)/pin:compact/real_time/threads:1$"


@unittest.skipUnless(os.access(MTBENCH, os.X_OK),
                     "set MTBENCH to the mtbench binary (ctest does)")
class NightlyEndToEndTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="mtbench-nightly-")
        cls.db = os.path.join(cls.tmp, "history.sqlite")
        cls.env = dict(os.environ, MTBENCH=MTBENCH, NIGHTLY_OUT=cls.tmp,
                       MTBENCH_DB=cls.db, NIGHTLY_SCENARIOS="counter",
                       NIGHTLY_FILTER=FILTER)
        cls.runs, cls.outputs = [], []
        for _ in range(2):
            r = subprocess.run([os.path.join(HERE, "nightly.sh")],
                               env=cls.env, capture_output=True, text=True,
                               timeout=600)
            cls.outputs.append((r.returncode, r.stdout + r.stderr))
            cls.runs.append(os.path.join(
                cls.tmp, os.readlink(os.path.join(cls.tmp, "latest"))))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_each_night_runs_imports_compares_and_reports(self):
        for (status, output), run in zip(self.outputs, self.runs):
            self.assertIn(status, (0, 1), output)  # 1: this machine's noise
            self.assertIn("Significant changes", output)
            for name in ("run.json", "compare.json", "report.html",
                         "report.md", "report/counter.png"):
                self.assertTrue(os.path.exists(os.path.join(run, name)), name)
            with open(os.path.join(run, "run.json"), encoding="utf-8") as f:
                doc = json.load(f)
            reps = [b for b in doc["benchmarks"]
                    if b.get("run_type") == "iteration"]
            self.assertEqual(len(reps), 2 * 9)  # NaN cv rows did not cost it
            self.assertTrue(doc["context"]["mtbench"]["repetitions"] == 9)
        with open(os.path.join(self.runs[1], "compare.json"),
                  encoding="utf-8") as f:
            second = json.load(f)
        self.assertEqual(second["base"], [os.path.basename(self.runs[0])])
        self.assertEqual(len(second["verdicts"]), 2)
        db = sqlite3.connect(self.db)
        self.assertEqual(db.execute("SELECT COUNT(*) FROM runs").fetchone(),
                         (2,))
        db.close()

    def test_mtbench_compare_verb_execs_the_script(self):
        r = subprocess.run([MTBENCH, "compare"] + self.runs,
                           capture_output=True, text=True, timeout=120,
                           env=self.env)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        self.assertIn("mtbench compare: ", r.stdout)
        bad = subprocess.run([MTBENCH, "compare", self.runs[0]],
                             capture_output=True, text=True, timeout=120,
                             env=self.env)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("give BASE and NEW", bad.stderr)
        missing = subprocess.run([MTBENCH, "compare", "nope", "nada"],
                                 capture_output=True, text=True, timeout=120,
                                 env=self.env)
        self.assertEqual(missing.returncode, 2)
        self.assertIn("neither a run folder nor a run id", missing.stderr)

    def test_injected_copy_is_a_new_run_with_the_slowdown(self):
        out = os.path.join(self.tmp, "injected")
        self.assertEqual(inject.main([self.runs[1], out, "--benchmark",
                                      "mutex", "--slowdown", "0.05"]), 0)
        with open(os.path.join(self.runs[1], "run.json")) as f:
            before = json.load(f)["benchmarks"]
        with open(os.path.join(out, "run.json")) as f:
            after = json.load(f)["benchmarks"]
        for b, a in zip(before, after):
            if "mutex" in b["name"] and b["run_type"] == "iteration":
                self.assertAlmostEqual(a["cpu_time"], b["cpu_time"] * 1.05)
                self.assertAlmostEqual(a["items_per_second"],
                                       b["items_per_second"] / 1.05)
            else:
                self.assertEqual(a, b)


if __name__ == "__main__":
    unittest.main()
