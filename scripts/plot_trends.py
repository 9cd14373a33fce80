"""The history figure: run medians over the last runs, each benchmark
relative to its own median, one panel per scenario, change points marked."""

import matplotlib.pyplot as plt
import numpy as np

import plot_data
import plot_style
import runjson

# Benchmarks of one variant in one panel (its thread counts, sizes) share the
# variant's colour and marker; these line styles tell them apart.
_LINESTYLES = ("-", "--", "-.", ":")


def trends(series_by_scenario, change_points, styles):
    """series_by_scenario: {scenario: {benchmark: [(run_key, speed), ...]}},
    speed being the median rate, or 1 / the median time, so up is better.
    change_points: {benchmark: [run_key, ...]}"""
    panels = {k: v for k, v in series_by_scenario.items()
              if any(len(s) > 1 for s in v.values())}
    if not panels:
        raise plot_data.Absent("the history holds fewer than two runs of "
                               "this configuration")
    fig, axs = plt.subplots(len(panels), 1, squeeze=False, figsize=(
        plot_style.WIDTH_IN * 0.62, 2.8 * len(panels) + 0.6))
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
        ax.set_xticklabels([k[:15] for k in keys], rotation=60, fontsize=7)
        ax.grid(True, alpha=0.3)
        # Benchmark names are long: their legend sits right of the panel.
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
