"""Tests of the verdict summary: counts per scenario in run.json's order,
"not run" apart from "not measurable here", each unjudged reason once with
its claims, failing claims with their numbers, statuses counted."""

import contextlib
import io
import os
import shutil
import tempfile
import unittest

import fixtures
import runjson
import summary

BUSY = "the machine delivered a parallel speedup of 1.1 on 2 PUs"
FILTERED = "its benchmarks were filtered out"


def claim(verdict, numbers="", sentence="s"):
    return {"sentence": sentence, "check": "c", "verdict": verdict,
            "numbers": numbers}


def scenario(name, status="ok", claims=(), reason=""):
    return {"name": name, "status": status, "reason": reason,
            "wall_seconds": 1.0, "benchmarks": 3, "claims": list(claims),
            "analysis": {}, "placements": [], "errors": []}


SCENARIOS = [  # deliberately not alphabetical: run.json's order is kept
    scenario("pool", claims=[claim("holds"), claim("not measurable here",
                                                   BUSY, "pool scales")]),
    scenario("counter", "timed out", reason="killed"),
    scenario("gil", claims=[claim("fails", "ratio 0.5", "gil hands over"),
                            claim("not measurable here", BUSY, "gil scales"),
                            claim("not run", FILTERED, "gil io"),
                            claim("holds")]),
    scenario("async", "skipped", reason="not reached"),
]


class SummaryTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mtbench-summary-")
        self.folder = fixtures.write_run(
            self.tmp, "20260101-000000-testhost", "2026-01-01T00:00:00+0000",
            {}, scenarios=SCENARIOS)
        self.s = summary.summarize(runjson.load_run(self.folder))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_rows_follow_run_json_with_counts_per_verdict(self):
        self.assertEqual([(r.name, r.status) for r in self.s.rows],
                         [("pool", "ok"), ("counter", "timed out"),
                          ("gil", "ok"), ("async", "skipped")])
        self.assertEqual(self.s.verdicts, list(summary.VERDICTS))
        counts = [[r.counts[v] for v in self.s.verdicts] for r in self.s.rows]
        self.assertEqual(counts, [[1, 0, 1, 0], [0, 0, 0, 0], [1, 1, 1, 1],
                                  [0, 0, 0, 0]])
        self.assertEqual(self.s.statuses(), {"ok": 2, "timed out": 1,
                                             "skipped": 1})

    def test_failing_claims_and_reasons_once(self):
        self.assertEqual([(n, c["numbers"]) for n, c in self.s.failing],
                         [("gil", "ratio 0.5")])
        self.assertEqual(self.s.reasons["not measurable here"],
                         [(BUSY, [("pool", "pool scales"),
                                  ("gil", "gil scales")])])
        self.assertEqual(self.s.reasons["not run"],
                         [(FILTERED, [("gil", "gil io")])])

    def test_text_names_each_reason_once(self):
        text = summary.format_text(self.s)
        self.assertEqual(text.count(BUSY), 1)
        self.assertIn("4 scenario(s): 2 ok, 1 timed out, 1 skipped; claims: "
                      "2 holds, 1 fails, 2 not measurable here, 1 not run",
                      text)
        self.assertLess(text.index("pool "), text.index("counter "))
        self.assertIn("  gil: gil hands over  [c]  ratio 0.5", text)

    def test_an_unknown_verdict_gets_its_own_column(self):
        folder = fixtures.write_run(
            self.tmp, "20260102-000000-testhost", "2026-01-02T00:00:00+0000",
            {}, scenarios=[scenario("x", claims=[claim("inconclusive")])])
        s = summary.summarize(runjson.load_run(folder))
        self.assertEqual(s.verdicts[-1], "inconclusive")
        self.assertEqual(s.total("inconclusive"), 1)

    def test_main(self):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            self.assertEqual(summary.main([self.folder]), 0)
        self.assertIn("Claims that fail:", out.getvalue())
        with contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(summary.main([os.path.join(self.tmp, "no")]), 2)
        self.assertIn("not a run folder", err.getvalue())


if __name__ == "__main__":
    unittest.main()
