"""Tests of the comparison statistics on synthetic series: an injected 5 %
step is found, a flat noisy series is not (false alarms at most 1 % over many
seeds), the noise gate, the direction of time and rate figures, and the
baseline window after a change point."""

import unittest

import numpy as np

import stats

SEEDS = 500


def runs(rng, count, level=1.0, reps=9, within=0.01, between=0.005):
    """`count` runs' repetitions: run-to-run drift, then noise within."""
    return [level * np.exp(rng.normal(0, between)) *
            (1 + rng.normal(0, within, reps)) for _ in range(count)]


class ChangePointTest(unittest.TestCase):

    def test_injected_five_percent_step_is_found_where_it_is(self):
        found = 0
        for seed in range(SEEDS):
            rng = np.random.default_rng(seed)
            series = 1 + rng.normal(0, 0.01, 30)
            at = int(rng.integers(4, 27))
            series[at:] *= 0.95 if seed % 2 else 1.05
            cps = stats.change_points(series)
            found += any(abs(c.index - at) <= 1 and abs(abs(c.change) - 0.05)
                         < 0.02 for c in cps)
        self.assertGreaterEqual(found / SEEDS, 0.98)

    def test_flat_noisy_series_raises_at_most_one_percent_false_alarms(self):
        for name, noise in (("gaussian", lambda r: r.normal(0, 0.01, 30)),
                            ("heavy-tailed", lambda r: 0.01 *
                             r.standard_t(3, 30))):
            alarms = sum(bool(stats.change_points(
                np.exp(noise(np.random.default_rng(seed)))))
                for seed in range(SEEDS))
            self.assertLessEqual(alarms / SEEDS, 0.01, name)

    def test_a_step_below_the_minimum_effect_is_not_reported(self):
        series = np.r_[np.full(15, 1.0), np.full(15, 1.01)]
        series *= 1 + np.random.default_rng(1).normal(0, 0.001, 30)
        self.assertEqual(stats.change_points(series), [])

    def test_short_or_constant_series_have_none(self):
        self.assertEqual(stats.change_points([1.0, 2.0, 3.0]), [])
        self.assertEqual(stats.change_points([5.0] * 20), [])
        self.assertEqual(stats.change_points([]), [])


class JudgeTest(unittest.TestCase):

    def test_injected_five_percent_slowdown_is_a_regression(self):
        flagged = 0
        for seed in range(SEEDS):
            rng = np.random.default_rng(seed)
            history, new = runs(rng, 10), runs(rng, 1)[0]
            v = stats.judge("b", new * 0.95, history, higher_is_better=True)
            flagged += v.kind == "regression"
            if v.kind == "regression":
                self.assertAlmostEqual(v.change, -0.05, delta=0.02)
        self.assertGreaterEqual(flagged / SEEDS, 0.98)

    def test_same_distribution_raises_at_most_one_percent_false_alarms(self):
        for history_runs in (1, 10):
            alarms = 0
            for seed in range(SEEDS):
                rng = np.random.default_rng(seed)
                history, new = runs(rng, history_runs), runs(rng, 1)[0]
                v = stats.judge("b", new, history, higher_is_better=True)
                alarms += v.kind in ("regression", "improvement")
            self.assertLessEqual(alarms / SEEDS, 0.01, history_runs)

    def test_time_figures_regress_upwards(self):
        rng = np.random.default_rng(7)
        base = runs(rng, 1, level=100.0)
        slower = stats.judge("t", runs(rng, 1, level=110.0)[0], base,
                             higher_is_better=False)
        faster = stats.judge("t", runs(rng, 1, level=90.0)[0], base,
                             higher_is_better=False)
        self.assertEqual(slower.kind, "regression")
        self.assertEqual(faster.kind, "improvement")
        self.assertGreater(slower.change, 0)

    def test_noisy_benchmark_is_named_not_compared(self):
        rng = np.random.default_rng(3)
        base = runs(rng, 3, within=0.2)
        v = stats.judge("n", runs(rng, 1, level=0.5, within=0.2)[0], base,
                        higher_is_better=True)
        self.assertEqual(v.kind, "noisy")
        self.assertIn("cv", v.note)

    def test_noisy_wall_clock_falls_back_to_steady_cpu_time(self):
        rng = np.random.default_rng(9)
        base_wall, new_wall = runs(rng, 10, within=0.3), runs(rng, 1,
                                                              within=0.3)[0]
        base_cpu, new_cpu = runs(rng, 10, level=10.0), runs(rng, 1,
                                                            level=10.5)[0]
        v = stats.judge("c", new_wall, base_wall, True, "items/s",
                        new_cpu=new_cpu, base_cpu_runs=base_cpu)
        self.assertEqual((v.kind, v.figure), ("regression", "cpu"))
        self.assertIn("wall clock too noisy", v.note)
        same = stats.judge("c", new_wall, base_wall, True, "items/s",
                           new_cpu=runs(rng, 1, level=10.0)[0],
                           base_cpu_runs=base_cpu)
        self.assertEqual((same.kind, same.figure), ("unchanged", "cpu"))
        both = stats.judge("c", new_wall, base_wall, True, "items/s",
                           new_cpu=runs(rng, 1, within=0.3)[0],
                           base_cpu_runs=runs(rng, 10, within=0.3))
        self.assertEqual((both.kind, both.figure), ("noisy", "wall"))

    def test_too_few_repetitions_are_untested_not_unchanged(self):
        v = stats.judge("few", [1.0, 1.01, 0.99], [[2.0, 2.02, 1.98]],
                        higher_is_better=True)
        self.assertEqual(v.kind, "untested")

    def test_no_history_is_new(self):
        self.assertEqual(stats.judge("x", [1.0] * 9, [], True).kind, "new")

    def test_a_change_within_twice_the_spread_is_not_evidence(self):
        base = 1 + 0.04 * np.linspace(-1.7, 1.7, 30)  # cv ~ 4 %
        new = base - 0.07  # 7 % lower, far from chance with 30 a side
        strict = stats.judge("s", new, [base], True)
        self.assertLess(strict.p_value, 1e-5)
        self.assertAlmostEqual(strict.threshold, 2 * stats.cv(new))
        self.assertEqual(strict.kind, "unchanged")
        loose = stats.judge("s", new, [base], True,
                            params=stats.Params(cv_sigmas=0))
        self.assertEqual(loose.kind, "regression")

    def test_cpu_time_needs_three_history_runs(self):
        rng = np.random.default_rng(4)
        wall = runs(rng, 2, within=0.3)
        v = stats.judge("c", runs(rng, 1, within=0.3)[0], wall, True,
                        new_cpu=runs(rng, 1, level=11.0)[0],
                        base_cpu_runs=runs(rng, 2, level=10.0))
        self.assertEqual((v.kind, v.figure), ("noisy", "wall"))

    def test_run_to_run_drift_widens_the_threshold(self):
        rng = np.random.default_rng(5)
        drifting = runs(rng, 10, between=0.03)
        v = stats.judge("d", runs(rng, 1, between=0)[0] * 0.95, drifting,
                        higher_is_better=True)
        self.assertGreater(v.threshold, 0.05)
        self.assertNotEqual(v.kind, "regression")

    def test_baseline_window_starts_after_an_accepted_step(self):
        rng = np.random.default_rng(11)
        history = runs(rng, 12) + runs(rng, 8, level=0.9)
        medians = [np.median(r) for r in history]
        start = stats.baseline_window(medians)
        self.assertIn(start, (11, 12, 13))
        same = runs(rng, 1, level=0.9)[0]
        self.assertEqual(stats.judge("w", same, history[start:], True).kind,
                         "unchanged")
        # A further 5 % drop is seen against the window; against all the
        # history the old step inflates the drift band and hides it.
        worse = runs(rng, 1, level=0.9 * 0.95)[0]
        self.assertEqual(stats.judge("w", worse, history[start:], True).kind,
                         "regression")
        self.assertNotEqual(stats.judge("w", worse, history, True).kind,
                            "regression")


if __name__ == "__main__":
    unittest.main()
