"""The pool scenario's figure: tasks per second against pool size, one panel
per task kind, one line per pool kind, with the Universal Scalability Law fit,
its peak N* and Goetz's N = Ncpu (1 + W/C) from the scenario's analysis."""

import math
import re

import numpy as np

import plot_axes
import plot_data
import plot_style
import runjson

_GREY = "#555555"
# Line kinds, each drawn in its variant's colour, explained once in the
# legend (the fitted numbers themselves are in the report's analyses).
_KINDS = (("USL fit", {"color": _GREY, "linestyle": ":"}),
          ("Goetz N", {"color": _GREY, "linestyle": "--"}),
          ("USL peak N*", {"color": _GREY, "linestyle": "-."}),
          ("best size", {"color": _GREY, "marker": "*", "linestyle": "",
                         "markersize": 10}))


def _usl(n, lam, sigma, kappa):
    return lam * n / (1 + sigma * (n - 1) + kappa * n * (n - 1))


def _pick(block, *words):
    """The first number in `block` whose key contains one of `words`."""
    for word in words:
        for key, value in block.items():
            if word in key.lower() and isinstance(value, (int, float)):
                return float(value)
    return None


def _analysis_for(analysis, label):
    """The analysis entry named like this series ("compute/thread"), else
    the one sharing most words with it; {} when none."""
    if isinstance(analysis.get(label), dict):
        return analysis[label]
    tokens = set(re.split(r"[/_:\s-]+", label.lower()))
    best, score = {}, 0
    for name, block in analysis.items():
        s = len(tokens & set(re.split(r"[/_:\s-]+", name.lower())))
        if isinstance(block, dict) and s > score:
            best, score = block, s
    return best


def _usl_lambda(n, x, sigma, kappa):
    """X(1) of the USL curve: least squares in closed form for given sigma
    and kappa (as the fit itself does), when the analysis did not record it."""
    n = np.asarray(n, float)
    f = n / (1 + sigma * (n - 1) + kappa * n * (n - 1))
    return float(np.dot(x, f) / np.dot(f, f))


def _annotate(ax, color, fit, points):
    """The variant's USL curve, Goetz N, peak N* and best size."""
    sizes = [p[0] for p in points]
    sigma, kappa = _pick(fit, "sigma"), _pick(fit, "kappa")
    if None not in (sigma, kappa):
        lam = _pick(fit, "lambda") or _usl_lambda(
            sizes, [np.median(p[1]) for p in points], sigma, kappa)
        n = np.geomspace(1, max(sizes), 200)
        ax.plot(n, _usl(n, lam, sigma, kappa), ":", color=color)
    for words, style in ((("goetz",), "--"), (("peak", "n_star"), "-.")):
        x = _pick(fit, *words)
        # A peak far beyond the sweep (kappa ~ 0) is not drawn.
        if x is not None and math.isfinite(x) and 0 < x <= 4 * max(sizes):
            ax.axvline(x, linestyle=style, color=color, alpha=0.6)
    best = _pick(fit, "best_size")
    y = [np.median(p[1]) for p in points if p[0] == best]
    if y:
        ax.plot([best], y[:1], "*", color=color, markersize=12)


def pool_throughput(run, styles):
    groups = plot_data.entries(run, r"^pool/")
    if not groups:
        raise plot_data.Absent("the pool scenario is not in this run")
    axis = plot_data.numeric_axis(list(groups), ["size", "workers", "pool"])
    if axis is None:
        raise plot_data.Absent("pool ran without a pool-size axis")
    lines = {}
    for name, group in groups.items():
        _, shape, variant, axes = runjson.parse_name(name)
        x = runjson.axis_number(axes.get(axis))
        values = plot_data.figure("items_per_second", group)
        if x is not None and values.size:
            lines.setdefault((shape, variant), []).append((x, values))
    if not lines:
        raise plot_data.Absent("pool ran but recorded no tasks/s by size")
    analysis = next((s.get("analysis") or {} for s in run.scenarios
                     if s.get("name") == "pool"), {})
    labels = {variant for _, variant in lines}
    styles.claim(labels)
    shapes = sorted({shape for shape, _ in lines})
    fig, axs = plot_style.panels(len(shapes))
    for ax, shape in zip(axs, shapes):
        mine = {v: p for (sh, v), p in lines.items() if sh == shape}
        for variant, points in sorted(mine.items()):
            points.sort(key=lambda p: p[0])
            plot_style.series(ax, styles, variant, [p[0] for p in points],
                              [p[1] for p in points])
            _annotate(ax, styles[variant].color,
                      _analysis_for(analysis, f"{shape}/{variant}"), points)
        plot_axes.threads_axis(ax, [p[0] for v in mine.values() for p in v])
        ax.set(xlabel=f"pool {axis}", ylabel="tasks/s",
               title=f"{shape} tasks")
        ax.yaxis.set_major_formatter(plot_axes.si_formatter())
        ax.grid(True, which="both", alpha=0.3)
    plot_style.legend_below(fig, styles, labels, extra=_KINDS)
    return fig
