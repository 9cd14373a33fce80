"""ab.py on a recorded-shape ab_rounds.json made at a fixed seed: the table,
ab.json (no NaN, verdicts and exit status), the plot and the report, and
exit status 1 exactly when a benchmark is slower."""

import contextlib
import io
import json
import os
import shutil
import tempfile
import unittest

import numpy as np

import ab
import ab_report


def entry(name, cpu_ns, real_ns=None):
    return {"name": name, "run_name": name, "run_type": "iteration",
            "iterations": 1000, "cpu_time": cpu_ns,
            "real_time": real_ns or cpu_ns * 1.01, "time_unit": "ns"}


def rounds_doc(shifts, n=30, seed=1):
    """n rounds; benchmark -> NEW's slowdown in `shifts`; 1 % noise."""
    rng = np.random.default_rng(seed)
    rounds = []
    for r in range(n):
        base = [entry(b, 3000 * np.exp(rng.normal(0, 0.01))) for b in shifts]
        new = [entry(b, 3000 * (1 + s) * np.exp(rng.normal(0, 0.01)))
               for b, s in shifts.items()]
        order = ["base", "new"] if r % 2 else ["new", "base"]
        rounds.append({"order": order,
                       "base": {"status": "ok", "wall_seconds": 1.0,
                                "entries": base},
                       "new": {"status": "ok", "wall_seconds": 1.0,
                               "entries": new}})
    return {"format": "mtbench-ab-rounds/1", "started": "2026-01-01T00:00:00",
            "command_line": "mtbench ab a b", "host": "test", "scenario": "",
            "filter": ".", "seed": 7, "pin_policy": "compact", "pus": [0, 1],
            "load_average": {"start": 0.5, "end": 0.7}, "wall_seconds": 60.0,
            "base": {"path": "/b/base", "sha256": "ab" * 32},
            "new": {"path": "/b/new", "sha256": "cd" * 32,
                    "git_commit": "f" * 40, "git_dirty": True},
            "only_in": {"base": [], "new": []}, "rounds": rounds,
            "failures": []}


class AbScriptTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mtbench-ab-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def judge(self, doc):
        with open(os.path.join(self.tmp, "ab_rounds.json"), "w") as f:
            json.dump(doc, f)
        with contextlib.redirect_stdout(io.StringIO()) as out:
            status = ab.main([self.tmp])
        with open(os.path.join(self.tmp, "ab.json")) as f:
            text = f.read()
        return status, out.getvalue(), json.loads(text), text

    def test_a_slowdown_fails_and_leads_the_table(self):
        status, out, doc, text = self.judge(rounds_doc(
            {"BM_Same": 0.0, "BM_Slow5": 0.05}))
        self.assertEqual(status, 1)
        self.assertEqual(doc["exit_status"], 1)
        verdicts = {v["name"]: v["verdict"] for v in doc["verdicts"]}
        self.assertEqual(verdicts, {"BM_Same": "unchanged",
                                    "BM_Slow5": "slower"})
        lines = [line for line in out.splitlines() if "BM_" in line]
        self.assertTrue(lines[0].lstrip().startswith("SLOWER"), out)
        self.assertNotIn("NaN", text)
        for name in ("ab.png", "report.html", "report.md"):
            self.assertTrue(os.path.exists(os.path.join(self.tmp, name)))
        with open(os.path.join(self.tmp, "report.md")) as f:
            md = f.read()
        self.assertRegex(md, r"\| \*\*slower\*\* \| \+[45]\.\d% \|.*BM_Slow5")
        self.assertIn("(dirty)", md)

    def test_no_change_passes(self):
        status, _, doc, _ = self.judge(rounds_doc({"BM_A": 0.0, "BM_B": 0.0}))
        self.assertEqual(status, 0)
        self.assertEqual({v["verdict"] for v in doc["verdicts"]},
                         {"unchanged"})

    def test_a_failure_is_reported_and_too_few_rounds_have_no_interval(self):
        doc = rounds_doc({"BM_A": 0.0}, n=5)
        doc["failures"] = [{"side": "new", "round": 2, "benchmark": "BM_Dies",
                            "status": "crashed", "reason": "signal 6"}]
        status, _, out, text = self.judge(doc)
        self.assertEqual(status, 0)
        v = {x["name"]: x for x in out["verdicts"]}
        self.assertEqual(v["BM_Dies"]["verdict"], "failed")
        self.assertIn("NEW, round 2", v["BM_Dies"]["note"])
        self.assertEqual(v["BM_A"]["verdict"], "too noisy")
        self.assertIsNone(v["BM_A"]["low"])  # no interval: null, not NaN
        self.assertEqual(ab_report.section(self.tmp)[0].text,
                         "A/B: NEW against BASE")

    def test_section_is_empty_without_ab_json(self):
        self.assertEqual(ab_report.section(self.tmp), [])


if __name__ == "__main__":
    unittest.main()
