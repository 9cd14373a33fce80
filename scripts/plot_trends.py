"""The history figure: run medians over the last runs, each benchmark
relative to its own median, one panel per scenario, change points marked."""

import math
import re

import matplotlib.pyplot as plt
import numpy as np

import plot_data
import plot_style
import runjson

# Benchmarks of one variant in one panel (its thread counts, sizes) share the
# variant's colour and marker; these line styles tell them apart.
_LINESTYLES = ("-", "--", "-.", ":")


def _when(run_key):
    """A run's tick label: "11-24 04:35" from "20261124-043534-host"."""
    m = re.match(r"\d{4}(\d\d)(\d\d)-(\d\d)(\d\d)", run_key)
    return f"{m[1]}-{m[2]} {m[3]}:{m[4]}" if m else run_key[:15]


def trends(series_by_scenario, change_points, styles):
    """series_by_scenario: {scenario: {benchmark: [(run_key, speed), ...]}},
    speed being the median rate, or 1 / the median time, so up is better.
    change_points: {benchmark: [run_key, ...]}"""
    panels = {k: v for k, v in series_by_scenario.items()
              if any(len(s) > 1 for s in v.values())}
    if not panels:
        raise plot_data.Absent("the history holds fewer than two runs of "
                               "this configuration")
    # Each panel: its axes, the run labels under them, then its legend in
    # two columns (benchmark names are long), all at the report's width.
    rows = [math.ceil(min(len(v), 99) / 2) for v in panels.values()]
    fig, axs = plt.subplots(
        len(panels), 1, squeeze=False, figsize=(
            plot_style.WIDTH_IN, sum(3.4 + 0.2 * r for r in rows)),
        gridspec_kw={"height_ratios": [3.4 + 0.2 * r for r in rows]})
    for ax, (scenario, series) in zip(axs[:, 0], sorted(panels.items())):
        keys = sorted({k for s in series.values() for k, _ in s})
        index = {k: i for i, k in enumerate(keys)}
        variants = {name: runjson.parse_name(name)[2] or name
                    for name in series}
        styles.claim(variants.values())
        seen = {}
        for name, points in sorted(series.items()):
            variant = variants[name]
            style = styles[variant]
            kind = _LINESTYLES[seen.get(variant, 0) % len(_LINESTYLES)]
            seen[variant] = seen.get(variant, 0) + 1
            xs = [index[k] for k, _ in points]
            ys = np.array([m for _, m in points])
            ax.plot(xs, 100 * (ys / np.median(ys) - 1), color=style.color,
                    marker=style.marker, markersize=4, linestyle=kind,
                    gid=f"variant:{variant}", label=name.split("/", 1)[1])
            for key in change_points.get(name, []):
                if key in index:
                    ax.axvline(index[key] - 0.5, color=style.color,
                               linestyle=":", alpha=0.8)
        ax.set(ylabel="% from median (up: faster)",
               title=f"{scenario}: run medians")
        ax.set_xticks(range(len(keys)))
        ax.set_xticklabels([_when(k) for k in keys], rotation=45, ha="right",
                           fontsize=8)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=2,
                  fontsize=8, frameon=False)
    return fig
