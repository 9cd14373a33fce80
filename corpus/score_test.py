#!/usr/bin/python3
"""score.py and score_results.py: which runs count as the bug, which as false
positives, the summary, bad arguments, and a whole score against a stand-in
mtbench that writes races.json as the hunt does."""
import json
import os
import stat
import subprocess
import sys
import tempfile
import unittest

import score_results

HERE = os.path.dirname(os.path.abspath(__file__))
ASSERTING = {"name": "bank_account", "shows": "assertion"}
DEADLOCKING = {"name": "rare_deadlock", "shows": "deadlock"}
EXITING = {"name": "shutdown_lost_item", "shows": "exit status", "exit_status": 3}


def races(*runs, findings=()):
    """A races.json of one target; runs: (outcome, code or signal, [sigs])."""
    doc_runs = []
    for i, (outcome, code, sigs) in enumerate(runs, 1):
        r = {"run": i, "outcome": outcome, "findings": sigs}
        if outcome == "exited":
            r["exit_code"] = code
        elif outcome == "signalled":
            r["signal"] = code
        doc_runs.append(r)
    return {"wall_seconds": 2.5, "targets": [{
        "runs": doc_runs,
        "findings": [{"signature": s, "kind": k} for s, k in findings]}]}


class ScoreHuntTest(unittest.TestCase):
    def test_todays_hunt_abort_counts_as_an_assertion(self):
        doc = races(("exited", 0, []), ("signalled", "SIGABRT", ["c1"]),
                    ("signalled", "SIGABRT", ["c1"]),
                    findings=[("c1", "crash (SIGABRT)")])
        h = score_results.score_hunt(doc, ASSERTING, "buggy")
        self.assertEqual((h["found"], h["runs"], h["first_run"], h["other_runs"]),
                         (2, 3, 2, 0))

    def test_reported_kinds_and_other_findings(self):
        doc = races(("exited", 66, ["r1"]), ("exited", 86, ["d1"]),
                    findings=[("r1", "data race"), ("d1", "deadlock")])
        h = score_results.score_hunt(doc, DEADLOCKING, "buggy")
        self.assertEqual((h["found"], h["first_run"], h["other_runs"]), (1, 2, 1))
        self.assertEqual(h["other_kinds"], ["data race"])
        doc["targets"][0]["runs"][0]["kinds"] = ["hang"]  # runs[].kinds wins
        self.assertEqual(score_results.score_hunt(doc, DEADLOCKING, "buggy")["found"], 2)

    def test_exit_status_from_the_run_record(self):
        doc = races(("exited", 3, []), ("exited", 4, []), ("exited", 0, []))
        h = score_results.score_hunt(doc, EXITING, "buggy")
        self.assertEqual((h["found"], h["first_run"], h["other_runs"]), (1, 1, 1))

    def test_any_finding_on_a_twin_is_a_false_positive(self):
        doc = races(("exited", 0, []), ("exited", 66, ["r1"]), ("hang", 0, ["h1"]),
                    findings=[("r1", "data race"), ("h1", "hang")])
        h = score_results.score_hunt(doc, ASSERTING, "twin")
        self.assertEqual((h["runs"], h["false_positive_runs"]), (3, 2))
        self.assertEqual(h["other_kinds"], ["data race", "hang"])

    def test_summary_and_table(self):
        programs = [
            {"name": "a", "role": "buggy", "kind": "atomicity", "shows": "assertion",
             "strategies": {"none": {"found": 0, "runs": 100, "first_run": None,
                                     "other_runs": 0, "wall_seconds": 10},
                            "pct": {"found": 7, "runs": 100, "first_run": 30,
                                    "other_runs": 0, "wall_seconds": 12}}},
            {"name": "b", "role": "buggy", "kind": "order", "shows": "assertion",
             "strategies": {"none": {"found": 1, "runs": 100, "first_run": 3,
                                     "other_runs": 0, "wall_seconds": 10},
                            "pct": {"error": "mtbench hunt exited 2"}}},
            {"name": "a_fixed", "role": "twin",
             "strategies": {"none": {"false_positive_runs": 0, "runs": 100,
                                     "wall_seconds": 5},
                            "pct": {"false_positive_runs": 2, "runs": 100,
                                    "wall_seconds": 5}}}]
        s = score_results.summarise(programs, ["none", "pct"])
        self.assertEqual((s["none"]["found_programs"], s["none"]["found_within_first_runs"]),
                         (1, 1))
        self.assertEqual((s["pct"]["found_programs"], s["pct"]["found_within_first_runs"],
                          s["pct"]["errors"]), (1, 0, 1))
        self.assertEqual(s["pct"]["twin"]["false_positive_runs"], 2)
        self.assertEqual(s["none"]["wall_seconds"], 25)
        text = score_results.table(programs, ["none", "pct"], s)
        self.assertIn("7/100 #30", text)
        self.assertIn("FP 2/100", text)
        self.assertIn("error", text)


FAKE_MTBENCH = """#!/usr/bin/python3
# Stands in for `mtbench hunt`: run i of every hunt aborts when i is in ABORT.
import json, os, sys
args = sys.argv[1:]
if "--help" in args:
    print("usage: mtbench hunt [OPTIONS] -- PROGRAM" + os.environ.get("FAKE_HELP", ""))
    sys.exit(0)
out = args[args.index("--out") + 1]
runs = int(args[args.index("--runs") + 1])
program = os.path.basename(args[-1])
abort = {2, 5} if not program.endswith("_fixed") else set()
doc = {"wall_seconds": 0.5, "targets": [{"name": program, "runs": [
    {"run": i, "outcome": "signalled" if i in abort else "exited",
     "signal": "SIGABRT", "exit_code": 0,
     "findings": ["c1"] if i in abort else []} for i in range(1, runs + 1)],
    "findings": [{"signature": "c1", "kind": "crash (SIGABRT)"}] if abort else []}]}
os.makedirs(os.path.join(out, "20990101-000000-host"))
with open(os.path.join(out, "20990101-000000-host", "races.json"), "w") as f:
    json.dump(doc, f)
sys.exit(1 if abort else 0)
"""


class ScoreMainTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.mtbench = os.path.join(self.tmp.name, "mtbench")
        with open(self.mtbench, "w") as f:
            f.write(FAKE_MTBENCH)
        os.chmod(self.mtbench, stat.S_IRWXU)
        self.bin = os.path.join(self.tmp.name, "corpus")
        os.makedirs(self.bin)
        for name in ("bank_account", "bank_account_fixed"):
            path = os.path.join(self.bin, name)
            with open(path, "w"):
                pass
            os.chmod(path, stat.S_IRWXU)

    def tearDown(self):
        self.tmp.cleanup()

    def score(self, *args, env=None):
        return subprocess.run(
            [sys.executable, os.path.join(HERE, "score.py"), "--mtbench", self.mtbench,
             "--out", os.path.join(self.tmp.name, "out"), *args],
            capture_output=True, text=True, env={**os.environ, **(env or {})})

    def test_scores_a_hunt_and_writes_score_json(self):
        r = self.score("--runs", "6", "--strategies", "none",
                       "--programs", "^bank_account$")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("2/6 #2", r.stdout)
        with open(os.path.join(self.tmp.name, "out", "score.json")) as f:
            doc = json.load(f)
        self.assertEqual(doc["summary"]["none"]["found_programs"], 1)
        self.assertEqual(doc["summary"]["none"]["twin"]["false_positive_runs"], 0)
        self.assertFalse(doc["strategy_flag"])

    def test_bad_arguments_exit_2(self):
        for args, message in [
                (["--runs", "0"], "accepted 1 to 10000"),
                (["--strategies", "none,fast"], "accepted: a comma-separated list"),
                (["--programs", "("], "not a regular expression"),
                (["--programs", "^nothing$"], "matches no program"),
                (["--strategies", "pct", "--programs", "^bank"], "no --strategy option")]:
            r = self.score(*args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(message, r.stderr)
        r = subprocess.run([sys.executable, os.path.join(HERE, "score.py"),
                            "--mtbench", "/nonexistent"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("not an executable", r.stderr)

    def test_a_strategy_the_hunt_knows_is_passed_on(self):
        r = self.score("--runs", "3", "--strategies", "random,pct",
                       "--programs", "^bank_account$",
                       env={"FAKE_HELP": " --strategy pct|random|none"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        log = os.path.join(self.tmp.name, "out", "hunts", "pct", "bank_account.log")
        self.assertTrue(os.path.exists(log))


if __name__ == "__main__":
    unittest.main()
