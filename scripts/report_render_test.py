"""Renders the report from a recorded run (scripts/testdata/quick_run: a real
`mtbench run --quick`, one repetition, counter timed out, trimmed by
testdata/trim_run.py) and checks what a reader would misread: the verdict
summary comes first, every figure is there and drawn, tables hold no
NaN/None and no empty header, each variant wears one style everywhere,
legends sit outside the data, log axes have readable ticks, one repetition
shows no spread."""

import base64
import io
import json
import os
import re
import shutil
import tempfile
import unittest
from unittest import mock

import matplotlib.image
import numpy as np

import plot_style
import report

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "testdata", "quick_run")
FIGURES = ("counter", "spawn", "pool", "gil_speedup", "gil_io")
# The report's column: CSS max-width 1100 px less 2 x 1em padding. A wider
# PNG is scaled down, and its text with it.
COLUMN_PX = 1068


class RenderedReport(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="mtbench-render-")
        folder = os.path.join(cls.tmp, "quick_run")
        shutil.copytree(FIXTURE, folder)
        cls._with_a_null(os.path.join(folder, "run.json"))
        cls.figures = []
        real_save = plot_style.save

        def keep(fig, path):  # the figures, for the checks on their styles
            real_save(fig, path)
            cls.figures.append((os.path.basename(path), fig))

        with mock.patch.object(plot_style, "save", keep):
            path = report.write_report(folder, use_history=False)
        with open(path, encoding="utf-8") as f:
            cls.html = f.read()
        with open(os.path.join(folder, "report.md"), encoding="utf-8") as f:
            cls.md = f.read()

    @staticmethod
    def _with_a_null(path):
        """run.json writes a NaN (an analysis's ratio of zeros) as null; this
        recording has none, so one analysis figure is made one."""
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        pool = next(s for s in doc["context"]["mtbench"]["scenarios"]
                    if s["name"] == "pool")
        pool["analysis"]["compute/thread"]["usl_sigma"] = None
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_the_verdict_summary_comes_first(self):
        self.assertEqual(re.findall(r"<h2>([^<]*)</h2>", self.html)[0],
                         "Verdict summary")
        first_table = self.html.index("<table")
        self.assertLess(self.html.index("<h2>Verdict summary"), first_table)
        self.assertIn("<th>holds</th><th>fails</th><th>not measurable here"
                      "</th><th>not run</th>", self.html[first_table:][:400])
        self.assertEqual(re.findall(r"^## (.*)$", self.md, re.M)[0],
                         "Verdict summary")
        # The timed-out scenario, the failing claim and the one reason.
        self.assertRegex(self.md, r"\| counter \| timed out \| 0 \| 0 \|")
        self.assertRegex(self.md, r"### Claims that fail \(1\)\n\n.*\n.*\n"
                         r"\| spawn \| fork's cost grows")
        reasons = re.findall(r"### Not measurable here: why \((\d+) claims, "
                             r"(\d+) reason\(s\)\)", self.md)
        self.assertEqual(reasons, [("10", "1")])
        self.assertEqual(self.md.count("the machine delivered a parallel "
                                       "speedup of 1.38"), 1 + 10)

    def test_the_long_tables_come_last_and_folded(self):
        details = self.html.index("<details>")
        self.assertGreater(details, self.html.rindex("<img"))
        self.assertIn("Every benchmark (", self.html[details:])
        self.assertNotIn("<h2>", self.html[details:])

    def test_every_figure_is_present_and_drawn(self):
        images = re.findall(r'<img alt="([^"]*)" width=(\d+) height=(\d+) '
                            r'src="data:image/png;base64,([^"]+)"', self.html)
        self.assertEqual(len(images), len(FIGURES))
        self.assertNotIn("plot failed", self.html)
        for alt, width, height, data in images:
            png = matplotlib.image.imread(io.BytesIO(base64.b64decode(data)),
                                          format="png")
            self.assertEqual(png.shape[:2], (int(height), int(width)), alt)
            self.assertLessEqual(int(width), COLUMN_PX, alt)
            pixels = png.reshape(-1, png.shape[2])
            self.assertGreater(len(np.unique(pixels, axis=0)), 8, alt)
            ink = np.any(pixels[:, :3] < 0.9, axis=1).mean()
            self.assertGreater(ink, 0.02, f"{alt}: almost blank")
        for name in FIGURES:
            self.assertIn(f"](report/{name}.png)", self.md)

    def _table_cells(self):
        cells = re.findall(r"<t[dh]>(.*?)</t[dh]>", self.html, re.S)
        cells += [c for line in self.md.splitlines()
                  if line.startswith("|") for c in line.split("|")]
        return cells

    def test_tables_hold_no_nan_or_none(self):
        bad = [c for c in self._table_cells()
               if re.search(r"\b(nan|NaN|None|null)\b", c)]
        self.assertEqual(bad, [])

    def test_no_table_has_an_empty_header(self):
        for row in re.findall(r"<tr>((?:<th>.*?</th>)+)</tr>", self.html):
            self.assertNotIn("<th></th>", row)
        lines = self.md.splitlines()
        for i, line in enumerate(lines[1:], 1):
            if re.fullmatch(r"\|(---\|)+", line):
                cells = lines[i - 1].strip("|").split("|")
                self.assertTrue(all(c.strip() for c in cells), lines[i - 1])

    def test_one_repetition_shows_no_spread(self):
        self.assertNotRegex(self.html, r"<td>0\.0%</td>")
        self.assertIn("one repetition, so no spread is shown", self.html)
        for name, fig in self.figures:
            for ax in fig.axes:
                self.assertEqual(ax.containers, [], name)

    def test_each_variant_wears_one_style_everywhere(self):
        seen = {}
        for name, fig in self.figures:
            legend = {}
            for lg in fig.legends:
                for h in lg.legendHandles:
                    legend[h.get_label()] = (h.get_color(), h.get_marker())
            drawn = {}
            for ax in fig.axes:
                for line in ax.get_lines():
                    gid = line.get_gid() or ""
                    if gid.startswith("variant:"):
                        drawn.setdefault(gid[8:], set()).add(
                            (line.get_color(), line.get_marker()))
            self.assertTrue(drawn, name)
            for label, styles in drawn.items():
                self.assertEqual(len(styles), 1, f"{name}: {label}")
                self.assertEqual(legend.get(label), next(iter(styles)),
                                 f"{name}: {label} not in the legend as drawn")
                seen.setdefault(label, set()).update(styles)
            pairs = [next(iter(s)) for s in drawn.values()]
            self.assertEqual(len(set(pairs)), len(pairs), name)
            colours = [p[0] for p in pairs]
            self.assertEqual(len(set(colours)), len(colours), name)
        for label, styles in seen.items():
            self.assertEqual(len(styles), 1, f"{label} changes style")
        self.assertIn("thread", seen)  # drawn by spawn and by pool

    def test_legends_sit_outside_the_data_and_are_legible(self):
        for name, fig in self.figures:
            renderer = fig.canvas.get_renderer()
            self.assertEqual(
                [ax for ax in fig.axes if ax.get_legend()], [], name)
            self.assertEqual(len(fig.legends), 1, name)
            box = fig.legends[0].get_window_extent(renderer)
            for ax in fig.axes:
                self.assertFalse(box.overlaps(ax.get_window_extent(renderer)),
                                 f"{name}: legend over a panel")
            for text in fig.legends[0].get_texts():
                self.assertGreaterEqual(text.get_fontsize(), 8, name)

    def test_log_axes_have_readable_ticks(self):
        checked = 0
        for name, fig in self.figures:
            for ax in fig.axes:
                if ax.get_yscale() != "log":
                    continue
                lo, hi = ax.get_ylim()
                fmt = ax.yaxis.get_major_formatter()
                labels = [fmt(t, i) for i, t in
                          enumerate(ax.yaxis.get_majorticklocs())
                          if lo <= t <= hi]
                self.assertGreaterEqual(len([x for x in labels if x]), 3,
                                        f"{name}: {labels}")
                checked += 1
        self.assertGreaterEqual(checked, 3)


if __name__ == "__main__":
    unittest.main()
