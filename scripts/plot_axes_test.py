"""Tests of the axes: log axes get three labelled ticks however narrow
their span (a counter panel's 1.2e8..1.6e8 showed one), SI labels."""

import unittest

import plot_axes
import plot_style


class LogTicksTest(unittest.TestCase):

    def test_narrow_spans_get_three_ticks(self):
        for lo, hi in ((1.2e8, 1.6e8), (9e3, 1.1e4), (95.0, 130.0),
                       (2e7, 9e7), (0.3, 0.9)):
            ticks = plot_axes.log_ticks(lo, hi)
            self.assertGreaterEqual(len(ticks), 3, (lo, hi, ticks))
            self.assertTrue(all(lo <= t <= hi for t in ticks), ticks)

    def test_wide_spans_get_powers_of_ten_at_most_eight(self):
        self.assertEqual(plot_axes.log_ticks(50, 2e4), [100, 1000, 10000])
        self.assertLessEqual(len(plot_axes.log_ticks(1e-3, 1e12)), 8)

    def test_an_axis_gets_labelled_ticks(self):
        fig, (ax,) = plot_style.panels(1)
        ax.plot([1, 2, 4], [1.25e8, 1.4e8, 1.55e8])
        ax.set_yscale("log")
        plot_axes.readable_log(ax, "y")
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        self.assertGreaterEqual(len(labels), 3, labels)
        self.assertIn("140M", labels)

    def test_si_labels(self):
        self.assertEqual([plot_axes.si(v) for v in (1.5e8, 2e4, 2.5, 0.01)],
                         ["150M", "20k", "2.5", "0.01"])


if __name__ == "__main__":
    unittest.main()
