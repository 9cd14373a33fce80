"""ab_stats on synthetic paired rounds at fixed seeds: a known 5 % slowdown is
found, no shift is not flagged, drift common to both builds of a round
cancels, too few or too noisy rounds give no verdict, and the interval
covers the true median as often as it says."""

import math
import unittest

import numpy as np

import ab_stats


def rounds(seed, n, shift, noise=0.02, drift=0.0, base_ns=3000.0):
    """n rounds: both builds see the round's drift (log-normal, sd `drift`);
    each its own noise (sd `noise`); NEW is slower by `shift`."""
    rng = np.random.default_rng(seed)
    common = rng.normal(0, drift, n) if drift else np.zeros(n)
    base = base_ns * np.exp(common + rng.normal(0, noise, n))
    new = base_ns * (1 + shift) * np.exp(common + rng.normal(0, noise, n))
    return base, new


class JudgeTest(unittest.TestCase):
    def test_known_five_percent_slowdown_is_found(self):
        base, new = rounds(seed=5, n=40, shift=0.05)
        v = ab_stats.judge("chain5", base, new)
        self.assertEqual(v.verdict, "slower", v)
        self.assertLess(v.low, 1.05)
        self.assertGreater(v.high, 1.05)
        self.assertAlmostEqual(v.ratio, 1.05, delta=0.015)

    def test_no_shift_is_not_flagged_at_any_of_50_seeds(self):
        verdicts = [ab_stats.judge("aa", *rounds(seed=s, n=40, shift=0))
                    .verdict for s in range(50)]
        self.assertEqual([v for v in verdicts if v in ("slower", "faster")],
                         [])
        self.assertGreaterEqual(verdicts.count("unchanged"), 45, verdicts)

    def test_faster_is_found(self):
        v = ab_stats.judge("x", *rounds(seed=7, n=40, shift=-0.06))
        self.assertEqual(v.verdict, "faster")

    def test_drift_common_to_a_round_cancels_in_the_pairs(self):
        # 30 % drift between rounds, 1 % noise within: unpaired, hopeless;
        # paired, the 5 % is plain.
        base, new = rounds(seed=11, n=30, shift=0.05, noise=0.01, drift=0.3)
        self.assertEqual(ab_stats.judge("d", base, new).verdict, "slower")
        base, new = rounds(seed=11, n=30, shift=0.0, noise=0.01, drift=0.3)
        self.assertEqual(ab_stats.judge("d", base, new).verdict, "unchanged")

    def test_a_wild_round_does_not_move_the_median(self):
        base, new = rounds(seed=3, n=30, shift=0.0, noise=0.01)
        new[4] *= 3  # a neighbour woke up on NEW's turn
        self.assertEqual(ab_stats.judge("w", base, new).verdict, "unchanged")

    def test_noisy_rounds_are_too_noisy_not_a_verdict(self):
        v = ab_stats.judge("n", *rounds(seed=2, n=20, shift=0.03, noise=0.2))
        self.assertEqual(v.verdict, "too noisy", v)
        self.assertTrue(v.note)

    def test_too_few_rounds_for_the_interval(self):
        v = ab_stats.judge("few", *rounds(seed=1, n=7, shift=0.2))
        self.assertEqual(v.verdict, "too noisy")
        self.assertTrue(math.isnan(v.low) and math.isnan(v.high))
        self.assertIn("too few", v.note)

    def test_below_threshold_with_a_tight_interval_is_unchanged(self):
        v = ab_stats.judge("small", *rounds(seed=9, n=60, shift=0.01,
                                             noise=0.003))
        self.assertEqual(v.verdict, "unchanged", v)
        self.assertGreater(v.low, 1.0)  # significant, but not material


class IntervalTest(unittest.TestCase):
    def test_order_statistics_of_the_sign_test(self):
        # n = 10 at 99 %: P(B <= 0) = 1/1024 <= 0.005 < P(B <= 1): the
        # interval is the minimum to the maximum.
        d = np.arange(10, dtype=float)
        self.assertEqual(ab_stats.sign_interval(d, 0.99), (0.0, 9.0))
        # n = 40 at 99 %: k = 12 (P(B <= 11) = 0.0032, P(B <= 12) = 0.0083).
        d = np.arange(40, dtype=float)
        self.assertEqual(ab_stats.sign_interval(d, 0.99), (11.0, 28.0))

    def test_covers_the_true_median_as_often_as_it_says(self):
        rng = np.random.default_rng(20240611)
        misses = 0
        for _ in range(2000):
            d = rng.standard_t(3, 25)  # heavy tails; true median 0
            lo, hi = ab_stats.sign_interval(d, 0.95)
            misses += not lo <= 0 <= hi
        self.assertLessEqual(misses / 2000, 0.05 + 0.01)

    def test_sign_test(self):
        self.assertAlmostEqual(ab_stats.sign_test([1] * 10), 2 / 1024)
        self.assertEqual(ab_stats.sign_test([0, 0]), 1.0)


class PairsTest(unittest.TestCase):
    def test_figure_follows_the_benchmarks_clock(self):
        self.assertEqual(ab_stats.figure_of("BM_x/8"), "cpu_time")
        self.assertEqual(ab_stats.figure_of("BM_x/real_time/threads:2"),
                         "real_time")
        self.assertEqual(ab_stats.figure_of("BM_x/manual_time"), "real_time")

    def test_pairs_skip_rounds_missing_a_side_and_errors(self):
        def entry(name, cpu, unit="ns", **kw):
            return {"name": name, "run_name": name, "run_type": "iteration",
                    "cpu_time": cpu, "real_time": cpu * 2, "time_unit": unit,
                    **kw}
        rounds_doc = [
            {"base": {"entries": [entry("a", 1.0, "us")]},
             "new": {"entries": [entry("a", 1100.0)]}},
            {"base": {"entries": [entry("a", 1000.0)]}, "new": {"entries": []}},
            {"base": {"entries": [entry("a", 1000.0)]},
             "new": {"entries": [entry("a", 5.0, error_occurred=True)]}},
        ]
        figure, base, new = ab_stats.pairs(rounds_doc)["a"]
        self.assertEqual((figure, base, new), ("cpu_time", [1000.0], [1100.0]))


if __name__ == "__main__":
    unittest.main()
