"""Tests of the report: on synthetic runs holding every scenario's shapes it
renders every plot (none missing, none failed); a run lacking scenarios says
"not in this run" instead of crashing; the claims table and the nightly
comparison appear with their verdicts."""

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
import unittest

import compare
import fixtures
import history
import report
import runjson

PLOTS = ("counter", "spawn", "pool", "gil_speedup", "gil_io", "trends")


class ReportTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mtbench-report-")
        self.db = os.path.join(self.tmp, "history.sqlite")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def nightly(self, nights):
        """`nights` runs imported in order; the last one compared with its
        history, as make nightly does. Returns the last run's folder."""
        db = history.open_db(self.db)
        for i in range(nights):
            folder = fixtures.full_run(
                self.tmp, key=f"2026010{i + 1}-000000-testhost",
                started=f"2026-01-0{i + 1}T00:00:00+0000",
                scale=0.9 if i == nights - 1 else 1.0, seed=i)
            history.import_run(db, runjson.load_run(folder))
        db.close()
        with contextlib.redirect_stdout(io.StringIO()):
            status = compare.main(["--history", folder, "--db", self.db,
                                   "--json",
                                   os.path.join(folder, "compare.json")])
        self.assertEqual(status, 1)  # the last night's counter is 10 % slower
        return folder

    def test_every_plot_is_present_on_every_scenario_shape(self):
        folder = self.nightly(5)
        html_path = report.write_report(folder, self.db)
        with open(os.path.join(folder, "report.md"), encoding="utf-8") as f:
            md = f.read()
        with open(html_path, encoding="utf-8") as f:
            page = f.read()
        for plot in PLOTS:
            png = os.path.join(folder, "report", f"{plot}.png")
            self.assertTrue(os.path.getsize(png) > 5000, plot)
            self.assertIn(f"](report/{plot}.png)", md)
        self.assertNotIn("not in this run", md)
        self.assertNotIn("plot failed", md)
        self.assertEqual(page.count("data:image/png;base64,"), len(PLOTS))
        for verdict in ("holds", "fails", "not measurable here"):
            self.assertIn(f"**{verdict}**", md)
        self.assertRegex(md, r"\| regression \| -10\.\d% \|")
        self.assertIn("goetz_n = 2", md)  # the analysis blocks are listed
        self.assertIn("not_measured = no control", md)

    def test_missing_scenarios_are_noted_not_fatal(self):
        folder = fixtures.write_run(
            self.tmp, "20260101-000000-testhost", "2026-01-01T00:00:00+0000",
            {"counter/increment/atomic/pin:compact/real_time/threads:1":
             ([1e8, 1.1e8, 0.9e8], True)})
        report.write_report(folder, self.db)
        with open(os.path.join(folder, "report.md"), encoding="utf-8") as f:
            md = f.read()
        self.assertTrue(os.path.exists(os.path.join(folder, "report",
                                                    "counter.png")))
        notes = re.findall(r"\*not in this run: ([^*]+)\*", md)
        self.assertEqual(len(notes), len(PLOTS) - 1, notes)
        self.assertNotIn("plot failed", md)

    def test_a_run_with_no_benchmarks_still_reports(self):
        folder = fixtures.write_run(
            self.tmp, "20260101-000000-testhost", "2026-01-01T00:00:00+0000",
            {}, scenarios=[{"name": "counter", "status": "crashed",
                            "reason": "signal 11", "wall_seconds": 0.1}])
        report.write_report(folder, None, use_history=False)
        with open(os.path.join(folder, "report.md"), encoding="utf-8") as f:
            md = f.read()
        self.assertIn("| counter | crashed | 0 | 0 | 0 | 0 | 0.1 | 0 | "
                      "signal 11 |", md)
        self.assertNotIn("plot failed", md)

    def test_main_prints_the_path_and_rejects_a_non_run(self):
        with contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(report.main([self.tmp]), 2)
        self.assertIn("not a run folder", err.getvalue())
        folder = fixtures.full_run(self.tmp)
        with contextlib.redirect_stdout(io.StringIO()) as out:
            self.assertEqual(report.main([folder, "--no-history"]), 0)
        self.assertIn("report.html", out.getvalue())
        with open(os.path.join(folder, "run.json"), encoding="utf-8") as f:
            self.assertIn("benchmarks", json.load(f))


if __name__ == "__main__":
    unittest.main()
