"""Tests of `mtbench compare`'s output: two runs of one repetition each
print both medians and their ratio per benchmark, marked not testable, as
Google Benchmark's compare.py does; --help has one style, every option
explained."""

import contextlib
import io
import os
import re
import shutil
import tempfile
import unittest

import compare
import fixtures

MUTEX = "counter/increment/mutex/pin:compact/real_time/threads:2"
SPAWN = "spawn/create/fork_exit/parent_mib:64/pin:compact/real_time"


class CompareOutputTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mtbench-compare-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_pair(self, base, new, reps):
        folders = [fixtures.write_run(
            self.tmp, f"2026010{i + 1}-000000-testhost",
            f"2026-01-0{i + 1}T00:00:00+0000", samples, reps=reps)
            for i, samples in enumerate((base, new))]
        with contextlib.redirect_stdout(io.StringIO()) as out:
            status = compare.main(folders + ["--db",
                                             os.path.join(self.tmp, "no.db")])
        return status, out.getvalue()

    def test_one_repetition_prints_medians_and_ratio(self):
        status, out = self.run_pair(
            {MUTEX: ([2.0e7], True), SPAWN: ([3000.0e3], False)},
            {MUTEX: ([2.5e7], True), SPAWN: ([2400.0e3], False)}, reps=1)
        self.assertEqual(status, 0)  # nothing is judged, so no regression
        rows = {line.split()[-1]: line.split()[:4]
                for line in out.splitlines()
                if "not testable (1 repetition)" in line}
        self.assertEqual(rows[MUTEX], ["20M", "25M", "1.250", "items/s"])
        self.assertEqual(rows[SPAWN], ["3M", "2.4M", "0.800", "ns"])
        self.assertIn("2 not testable", out)

    def test_few_repetitions_name_their_counts(self):
        _, out = self.run_pair({MUTEX: ([2.0e7] * 3, True)},
                               {MUTEX: ([2.1e7] * 3, True)}, reps=3)
        self.assertRegex(out, r"1\.050  items/s\s+not testable \(3 and 3 "
                         r"repetitions\)\s+" + re.escape(MUTEX))

    def test_enough_repetitions_are_judged_not_listed(self):
        _, out = self.run_pair({MUTEX: ([2.0e7] * 9, True)},
                               {MUTEX: ([2.0e7] * 9, True)}, reps=9)
        self.assertNotIn("not testable (", out)
        self.assertIn("1 unchanged", out)

    def test_two_runs_differing_is_no_regression(self):
        # 9 repetitions each, fully separated, 10 % apart: significant, but
        # two runs cannot tell drift from change (README), so it "differs"
        # and the exit status stays 0.
        base = [2.0e7 * (1 + 0.001 * i) for i in range(9)]
        new = [1.8e7 * (1 + 0.001 * i) for i in range(9)]
        status, out = self.run_pair({MUTEX: (base, True)},
                                    {MUTEX: (new, True)}, reps=9)
        self.assertEqual(status, 0, out)
        self.assertIn("0 regression(s)", out)
        self.assertIn("1 differ (drift or change)", out)
        self.assertRegex(out, r"slower\s+-10\.0%.*" + re.escape(MUTEX))
        self.assertIn("mtbench ab", out)

    def test_help_explains_every_option_in_one_style(self):
        parser = compare.build_parser()
        for action in parser._actions:
            self.assertTrue(action.help, action.dest)
            if action.option_strings and action.nargs != 0:
                self.assertRegex(action.metavar or "", r"^[A-Z]+$",
                                 action.dest)
        with contextlib.redirect_stdout(io.StringIO()) as out, \
                self.assertRaises(SystemExit) as done:
            compare.main(["--help"])
        self.assertEqual(done.exception.code, 0)
        self.assertIn("BASE NEW              two runs", out.getvalue())

    def test_bad_usage_exits_2_saying_what_is_accepted(self):
        with contextlib.redirect_stderr(io.StringIO()) as err, \
                self.assertRaises(SystemExit) as done:
            compare.main(["only-one"])
        self.assertEqual(done.exception.code, 2)
        self.assertIn("give BASE and NEW, or --history RUN", err.getvalue())


if __name__ == "__main__":
    unittest.main()
