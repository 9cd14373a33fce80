#!/usr/bin/env python3
"""End-to-end: a user's Google Benchmark binary through `mtbench run --gbench`
(results merged under its name, its identity, threads placed by the pin plan,
a benchmark that aborts and one that hangs isolated while the rest run, bad
paths refused with exit 2) and two builds through `mtbench ab` (the rounds'
mechanics; whether a verdict is right is measured, never timed in a test).

Usage: gbench_e2e_test.py MTBENCH GBENCH_TINY DRILL_BASE DRILL_NEW
"""
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_run_json  # noqa: E402

MTBENCH, TINY, DRILL_BASE, DRILL_NEW = sys.argv[1:5]


def mtbench(*args, env=None, timeout=600):
    full = dict(os.environ, **(env or {}))
    return subprocess.run([MTBENCH, *args], capture_output=True, text=True,
                          timeout=timeout, env=full)


def load_run(out):
    with open(os.path.join(out, "latest", "run.json")) as f:
        return json.load(f)


def record(doc, name):
    for s in doc["context"]["mtbench"]["scenarios"]:
        if s["name"] == name:
            return s
    raise AssertionError(f"no record {name}")


def planned_pus(workers):
    """The PUs `mtbench topo` plans for workers 0..n-1 under compact."""
    out = mtbench("topo", "--workers", str(workers)).stdout
    for line in out.splitlines():
        if line.strip().startswith("compact:"):
            return [int(x) for x in line.split(":", 1)[1].split()]
    raise AssertionError("no compact plan in: " + out)


class RefusalTest(unittest.TestCase):
    def refused(self, *args, expect):
        with tempfile.TemporaryDirectory() as out:
            p = mtbench("run", "--out", out, *args)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        for text in expect:
            self.assertIn(text, p.stderr)

    def test_bad_paths_are_refused_naming_what_was_expected(self):
        expected = "expected a Google Benchmark binary"
        self.refused("--gbench", "/no/such/bench",
                     expect=["No such file", expected])
        with tempfile.TemporaryDirectory() as tmp:
            plain = os.path.join(tmp, "plain")
            shutil.copy(TINY, plain)
            os.chmod(plain, 0o644)
            self.refused("--gbench", plain, expect=["not executable", expected])
            script = os.path.join(tmp, "script.sh")
            with open(script, "w") as f:
                f.write("#!/bin/sh\nexec true\n")
            os.chmod(script, 0o755)
            self.refused("--gbench", script, expect=["not an ELF file", expected])
        self.refused("--gbench", "/bin/true",
                     expect=["not a Google Benchmark binary", expected])

    def test_bad_filters_are_refused(self):
        self.refused("--gbench", TINY, "--gbench-filter", "no_such_bench",
                     expect=["matches none of the", "BM_Spin/threads:1"])
        self.refused("--gbench", TINY, "--gbench-filter", "(",
                     expect=["regular expression", "NAME=REGEX"])
        self.refused("--gbench-filter", "x", expect=["need a --gbench PATH"])


class RunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="mtbench-gbench-")
        cls.p = mtbench("run", "--quick", "--timeout", "20", "--out", cls.tmp,
                        "--gbench", TINY,
                        env={"MT_GBENCH_TINY_FAIL": "abort,hang,error"})
        cls.doc = load_run(cls.tmp)
        cls.rec = record(cls.doc, os.path.basename(TINY))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_run_json_conforms(self):
        self.assertEqual(check_run_json.check(self.doc, ["gbench_tiny"]), [])

    def test_abort_and_hang_are_isolated_and_the_rest_runs(self):
        self.assertEqual(self.p.returncode, 1, self.p.stdout + self.p.stderr)
        self.assertEqual(self.rec["status"], "crashed")
        self.assertIn("gbench_tiny/BM_Abort", self.rec["reason"])
        self.assertIn("signal 6", self.rec["reason"])
        failures = {f["benchmark"]: f for f in self.rec["binary"]["failures"]}
        self.assertEqual(failures["gbench_tiny/BM_Abort"]["status"], "crashed")
        self.assertEqual(failures["gbench_tiny/BM_Hang"]["status"],
                         "timed out")
        self.assertEqual(self.rec["binary"]["processes"], 3)
        names = {b["name"] for b in self.doc["benchmarks"]}
        for ran in ("BM_Spin/threads:1", "BM_Spin/threads:2", "BM_After"):
            self.assertIn("gbench_tiny/" + ran, names)
        self.assertFalse({"gbench_tiny/BM_Abort", "gbench_tiny/BM_Hang"}
                         & names)
        errors = " ".join(self.rec["errors"])
        self.assertIn("gbench_tiny/BM_Error: asked to report an error", errors)

    def test_identity_of_the_binary(self):
        binary = self.rec["binary"]
        with open(TINY, "rb") as f:
            self.assertEqual(binary["sha256"], hashlib.sha256(f.read()).hexdigest())
        self.assertEqual(binary["path"], os.path.realpath(TINY))
        head = subprocess.run(["git", "-C", os.path.dirname(TINY), "rev-parse",
                               "HEAD"], capture_output=True, text=True)
        if head.returncode == 0:
            self.assertEqual(binary["git_commit"], head.stdout.strip())
            self.assertIsInstance(binary["git_dirty"], bool)

    def test_threads_are_placed_by_the_plan(self):
        self.assertTrue(self.rec["binary"]["pin_library_loaded"])
        # Keyed as scenarios' are: the registered name and the thread count.
        placed = {(p["benchmark"], p["threads"]): p for p in self.rec["placements"]}
        p = placed[("gbench_tiny/BM_Spin", 2)]
        self.assertEqual((p["threads"], p["policy"]), (2, "compact"))
        self.assertEqual([w["pu"] for w in p["workers"]], planned_pus(2))
        for w in p["workers"]:
            # Bound to one PU, a thread can only run there.
            self.assertTrue(w["verified"], p)
            self.assertEqual(w["cpu"], w["pu"], p)
        self.assertEqual(len(placed[("gbench_tiny/BM_After", 1)]["workers"]), 1)

    def test_console_shows_the_table_not_the_runners_lines(self):
        self.assertIn("BM_Spin/threads:2", self.p.stdout)
        self.assertNotIn("mtbench-pin:", self.p.stdout)
        self.assertNotIn("-- LOG(", self.p.stdout)


class CleanRunTest(unittest.TestCase):
    def test_repetitions_interleaving_and_two_binaries_of_one_name(self):
        with tempfile.TemporaryDirectory() as tmp:
            other = os.path.join(tmp, "copy")
            os.mkdir(other)
            shutil.copy(TINY, other)
            p = mtbench("run", "--quick", "--repetitions", "2",
                        "--random-interleaving", "--out", tmp,
                        "--gbench", TINY, "--gbench",
                        os.path.join(other, "gbench_tiny"),
                        "--gbench-filter", "BM_Spin",
                        "--gbench-filter", "gbench_tiny-2=BM_After")
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            doc = load_run(tmp)
        self.assertEqual(check_run_json.check(doc, ["gbench_tiny",
                                                    "gbench_tiny-2"]), [])
        reps = {}
        for b in doc["benchmarks"]:
            if b["run_type"] == "iteration":
                reps[b["name"]] = reps.get(b["name"], 0) + 1
        self.assertEqual(reps, {"gbench_tiny/BM_Spin/threads:1": 2,
                                "gbench_tiny/BM_Spin/threads:2": 2,
                                "gbench_tiny-2/BM_After": 2})
        self.assertEqual(record(doc, "gbench_tiny")["status"], "ok")


class AbTest(unittest.TestCase):
    def test_rounds_alternate_in_a_seeded_order_and_are_judged(self):
        with tempfile.TemporaryDirectory() as tmp:
            args = ["ab", DRILL_BASE, DRILL_NEW, "--rounds", "10", "--quick",
                    "--seed", "7", "--filter", "BM_Chain5|BM_Copy",
                    "--out", tmp]
            p = mtbench(*args)
            self.assertIn(p.returncode, (0, 1), p.stdout + p.stderr)
            folder = os.path.realpath(os.path.join(tmp, "ab", "latest"))
            with open(os.path.join(folder, "ab.json")) as f:
                doc = json.load(f)
            with open(os.path.join(folder, "ab_rounds.json")) as f:
                rounds = json.load(f)
            for name in ("ab.png", "report.html", "report.md"):
                self.assertTrue(os.path.exists(os.path.join(folder, name)),
                                name)
            again = mtbench(*args)
            self.assertIn(again.returncode, (0, 1), again.stderr)
            with open(os.path.join(tmp, "ab", "latest", "ab_rounds.json")) as f:
                rounds2 = json.load(f)
        self.assertEqual(doc["rounds"], 10)
        self.assertEqual(doc["exit_status"], p.returncode)
        self.assertEqual({v["name"] for v in doc["verdicts"]},
                         {"BM_Chain5", "BM_Copy"})
        for v in doc["verdicts"]:
            self.assertIn(v["verdict"], ("slower", "faster", "unchanged",
                                         "too noisy"))
            self.assertEqual(v["rounds"], 10)
            self.assertEqual(v["figure"], "cpu_time")
        orders = [r["order"] for r in rounds["rounds"]]
        self.assertEqual(orders, [r["order"] for r in rounds2["rounds"]])
        self.assertIn(["base", "new"], orders)  # 2^-9 to fail by chance: a
        self.assertIn(["new", "base"], orders)  # fixed seed, so never
        self.assertEqual(doc["base"]["path"], os.path.realpath(DRILL_BASE))

    def test_a_crashing_benchmark_fails_alone(self):
        with tempfile.TemporaryDirectory() as tmp:
            p = mtbench("ab", TINY, TINY, "--rounds", "10", "--quick",
                        "--filter", "BM_Abort|BM_After", "--out", tmp,
                        env={"MT_GBENCH_TINY_FAIL": "abort"})
            self.assertIn(p.returncode, (0, 1), p.stdout + p.stderr)
            with open(os.path.join(tmp, "ab", "latest", "ab.json")) as f:
                doc = json.load(f)
        verdicts = {v["name"]: v for v in doc["verdicts"]}
        self.assertEqual(verdicts["BM_Abort"]["verdict"], "failed")
        self.assertIn("crashed", verdicts["BM_Abort"]["note"])
        self.assertEqual(verdicts["BM_After"]["rounds"], 10)

    def test_bad_input_exits_2(self):
        p = mtbench("ab", "/bin/true", TINY)
        self.assertEqual(p.returncode, 2)
        self.assertIn("not a Google Benchmark binary", p.stderr)
        p = mtbench("ab", TINY)
        self.assertEqual(p.returncode, 2)
        self.assertIn("give BASE and NEW first", p.stderr)
        p = mtbench("ab", TINY, TINY, "--filter", "nothing_at_all")
        self.assertEqual(p.returncode, 2)
        self.assertIn("selects no benchmark that both", p.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
