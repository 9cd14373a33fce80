#!/usr/bin/python3
"""`mtbench summary RUN` and scripts/summary.py RUN print the same text, on
the recorded run and on variants of it with every verdict, a failing
scenario and an unknown verdict string.

usage: summary_agree_test.py MTBENCH SCRIPTS_DIR"""

import copy
import json
import os
import subprocess
import sys
import tempfile
import unittest

MTBENCH, SCRIPTS = sys.argv[1], sys.argv[2]


def both(run_doc):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "run.json"), "w") as f:
            json.dump(run_doc, f)
        cpp = subprocess.run([MTBENCH, "summary", d], capture_output=True,
                             text=True)
        py = subprocess.run(["/usr/bin/python3",
                             os.path.join(SCRIPTS, "summary.py"), d],
                            capture_output=True, text=True)
    return cpp, py


class SummaryAgreeTest(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(SCRIPTS, "testdata", "quick_run",
                               "run.json")) as f:
            self.run = json.load(f)

    def assert_same(self, doc):
        cpp, py = both(doc)
        self.assertEqual(cpp.returncode, 0, cpp.stderr)
        self.assertEqual(py.returncode, 0, py.stderr)
        self.assertEqual(cpp.stdout.rstrip("\n"), py.stdout.rstrip("\n"))
        return cpp.stdout

    def test_recorded_run(self):
        text = self.assert_same(self.run)
        self.assertIn("scenario(s):", text)

    def test_every_verdict_and_a_failed_scenario(self):
        doc = copy.deepcopy(self.run)
        scenarios = doc["context"]["mtbench"]["scenarios"]
        scenarios[0]["status"] = "crashed"
        verdicts = ["holds", "fails", "not measurable here", "not run",
                    "a verdict from a newer mtbench"]
        for i, c in enumerate(c for s in scenarios for c in s["claims"]):
            c["verdict"] = verdicts[i % len(verdicts)]
            if i % 3 == 0:
                c["numbers"] = "the same reason"
        text = self.assert_same(doc)
        for v in verdicts:
            self.assertIn(v, text)
        self.assertIn("Claims that fail:", text)
        self.assertIn("1 crashed", text)

    def test_no_scenarios(self):
        doc = copy.deepcopy(self.run)
        doc["context"]["mtbench"]["scenarios"] = []
        self.assert_same(doc)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
