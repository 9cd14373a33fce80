#!/usr/bin/env python3
"""End-to-end: the runner records crashes, hangs and failures and goes on;
Ctrl-C keeps what was measured; usage errors exit 2 with what is accepted.

Usage: runner_e2e_test.py MTBENCH_SELFTEST MTBENCH
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_run_json  # noqa: E402

SELFTEST, MTBENCH = sys.argv[1], sys.argv[2]


def run(binary, *args, timeout=120):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout)


def load_run(out):
    with open(os.path.join(out, "latest", "run.json")) as f:
        return json.load(f)


def by_name(doc):
    return {s["name"]: s for s in doc["context"]["mtbench"]["scenarios"]}


class RunnerTest(unittest.TestCase):
    def test_crash_hang_and_failure_are_recorded_and_the_run_goes_on(self):
        with tempfile.TemporaryDirectory() as out:
            p = run(SELFTEST, "run", "--quick", "--timeout", "3", "--out", out)
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            doc = load_run(out)
            self.assertEqual(check_run_json.check(doc, []), [])
            s = by_name(doc)
            self.assertEqual(s["selftest_ok"]["status"], "ok")
            self.assertEqual(s["selftest_ok"]["claims"][0]["verdict"], "holds")
            self.assertEqual(s["selftest_crash"]["status"], "crashed")
            self.assertIn("signal 11", s["selftest_crash"]["reason"])
            # The benchmark that finished before the crash is kept.
            self.assertEqual(s["selftest_crash"]["benchmarks"], 1)
            names = [b["name"] for b in doc["benchmarks"]]
            self.assertIn("selftest_crash/first", names)
            self.assertEqual(s["selftest_hang"]["status"], "timed out")
            self.assertIn("3 s limit", s["selftest_hang"]["reason"])
            self.assertEqual(s["selftest_fail"]["status"], "failed")
            self.assertIn("status 3", s["selftest_fail"]["reason"])
            self.assertRegex(p.stdout, r"\[1/4\] selftest_crash")
            self.assertTrue(os.path.exists(os.path.join(out, "latest", "console.log")))

    def test_ctrl_c_stops_cleanly_and_keeps_what_was_measured(self):
        with tempfile.TemporaryDirectory() as out:
            proc = subprocess.Popen(
                [SELFTEST, "run", "--quick", "--timeout", "100", "--out", out,
                 "--scenario", "selftest_ok", "--scenario", "selftest_hang"],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            # run.json is rewritten after every scenario: wait until the first
            # one is recorded, so the interrupt lands in the hanging one.
            # Generous bounds: a loaded machine is slow, never wrong.
            deadline = time.monotonic() + 240
            recorded = False
            while not recorded and time.monotonic() < deadline:
                try:
                    recorded = by_name(load_run(out))["selftest_ok"]["status"] == "ok"
                except (OSError, ValueError, KeyError):
                    pass
                time.sleep(0.1)
            self.assertTrue(recorded, "selftest_ok was never recorded")
            proc.send_signal(signal.SIGINT)
            output, _ = proc.communicate(timeout=120)
            self.assertEqual(proc.returncode, 130, output)
            s = by_name(load_run(out))
            self.assertEqual(s["selftest_ok"]["status"], "ok")
            self.assertEqual(s["selftest_hang"]["status"], "interrupted")


class UsageTest(unittest.TestCase):
    def assert_usage_error(self, args, *expected):
        p = run(MTBENCH, *args)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        for text in expected:
            self.assertIn(text, p.stderr)

    def test_bad_input_names_what_is_accepted(self):
        self.assert_usage_error(["frobnicate"], "unknown verb", "run")
        self.assert_usage_error(["run", "--bogus"], "unknown option '--bogus'", "--scenario")
        self.assert_usage_error(["run", "--scenario", "nope"], "accepted:", "counter")
        self.assert_usage_error(["run", "--pin", "spread"], "compact, scatter, none")
        self.assert_usage_error(["run", "--repetitions", "0"], "1 to 1000")
        self.assert_usage_error(["run", "--timeout", "x"], "1 to 86400")
        self.assert_usage_error(["run", "--filter", "("], "regular expression")
        self.assert_usage_error(["topo", "--synthetic", "pack:two"], "pack:2 core:8 pu:2")
        self.assert_usage_error([], )

    def test_every_verb_has_help(self):
        top = run(MTBENCH, "--help")
        self.assertEqual(top.returncode, 0)
        verbs = [line.split()[0] for line in top.stdout.splitlines()
                 if line.startswith("  ") and line.split()]
        self.assertIn("run", verbs)
        for verb in verbs:
            p = run(MTBENCH, verb, "--help")
            self.assertEqual(p.returncode, 0, verb)
            self.assertIn("usage: mtbench " + verb, p.stdout)

    def test_list_and_topo(self):
        names = run(MTBENCH, "list", "--names").stdout.split()
        self.assertIn("counter", names)
        topo = run(MTBENCH, "topo", "--synthetic", "pack:2 core:8 pu:2", "--workers", "4")
        self.assertEqual(topo.returncode, 0)
        self.assertIn("scatter: 0 16 2 18", topo.stdout)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
