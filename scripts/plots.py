"""The report's figures (matplotlib, Agg): one function per question, each
taking a loaded run and returning a Figure, or raising Absent with the
reason when the run holds nothing to draw for it."""

import math
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.ticker  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402

import runjson  # noqa: E402

_MARKERS = "os^vD<>pP*hX"


class Absent(Exception):
    """Nothing to draw: the scenario (or this shape of it) is not in the run."""


def _entries(run, pattern):
    """run.json's per-repetition entries whose run name matches `pattern`,
    grouped: {name: [entry, ...]}."""
    out = {}
    rx = re.compile(pattern)
    for e in run.doc.get("benchmarks", []):
        name = e.get("run_name") or e.get("name", "")
        if e.get("run_type", "iteration") == "iteration" and \
                not e.get("error_occurred") and rx.search(name):
            out.setdefault(name, []).append(e)
    return out


def _figure(field, entries):
    """Every repetition's value of `field` (a GB figure or user counter)."""
    vals = [e.get(field) for e in entries]
    return np.array([v for v in vals if isinstance(v, (int, float))
                     and v == v], dtype=float)


_TO_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def _time_us(entries):
    return np.array([e["real_time"] * _TO_US.get(e.get("time_unit", "ns"),
                                                 1e-3)
                     for e in entries if isinstance(e.get("real_time"),
                                                    (int, float))])


def _errorbar(ax, xs, series, label, i, dashed=False):
    """Median with the repetitions' min-max as error bars."""
    order = np.argsort(xs)
    xs = np.asarray(xs, float)[order]
    series = [series[j] for j in order]
    med = np.array([np.median(s) for s in series])
    lo = med - np.array([s.min() for s in series])
    hi = np.array([s.max() for s in series]) - med
    ax.errorbar(xs, med, yerr=[lo, hi], label=label, capsize=3,
                marker=_MARKERS[i % len(_MARKERS)], markersize=4,
                linestyle="--" if dashed else "-")


def _threads_axis(ax, values):
    """A base-2 log axis labelled with the thread counts actually run."""
    ticks = sorted({int(v) for v in values})
    ax.set_xscale("log", base=2)
    ax.set_xticks(ticks)
    ax.set_xticklabels([str(t) for t in ticks])
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())


def _numeric_axis(names, candidates):
    """The axis among `candidates` (exact key first, then any key containing
    it) that the most names carry with a numeric value; None if none does.
    Names without it (a scenario's reference rows) are left to the caller."""
    parsed = [runjson.parse_name(n)[3] for n in names]
    keys = sorted({k for a in parsed for k in a})
    best, count = None, 0
    for want in candidates:
        for k in [want] + [k for k in keys if want in k and k != want]:
            n = sum(runjson.axis_number(a.get(k)) is not None for a in parsed)
            if n > count:
                best, count = k, n
        if best is not None:
            return best
    return None


def _label(shape, variant, shapes):
    """A series' legend label: the variant alone when every series shares
    one shape."""
    return variant if len(shapes) == 1 and variant else \
        "/".join(p for p in (shape, variant) if p)


def counter_throughput(run):
    """Counter increments/s against threads, one line per variant."""
    groups = _entries(run, r"^counter/increment/")
    if not groups:
        raise Absent("the counter scenario is not in this run")
    by_pin = {}
    for name, entries in groups.items():
        _, _, variant, axes = runjson.parse_name(name)
        values = _figure("items_per_second", entries)
        if values.size:
            by_pin.setdefault(axes.get("pin", "-"), {}).setdefault(
                variant, []).append((int(axes.get("threads", 1)), values))
    if not by_pin:
        raise Absent("counter ran but recorded no items_per_second")
    fig, axs = plt.subplots(1, len(by_pin), figsize=(6.4 * len(by_pin), 4.4),
                            squeeze=False)
    for ax, (pin, variants) in zip(axs[0], sorted(by_pin.items())):
        for i, (variant, points) in enumerate(sorted(variants.items())):
            _errorbar(ax, [p[0] for p in points], [p[1] for p in points],
                      variant, i, dashed=variant in ("racy", "split_rmw"))
        _threads_axis(ax, [p[0] for v in variants.values() for p in v])
        ax.set(xlabel="threads", ylabel="increments/s (all threads)",
               yscale="log", title=f"counter throughput, pin {pin}")
        ax.grid(True, which="both", alpha=0.3)
    axs[0][-1].legend(fontsize=7, loc="best")
    return fig


def spawn_cost(run):
    """Creation cost (µs) against the parent's resident memory, by method."""
    groups = _entries(run, r"^spawn/")
    if not groups:
        raise Absent("the spawn scenario is not in this run")
    axis = _numeric_axis(list(groups), ["parent_mib", "mib", "mem", "parent"])
    if axis is None:
        raise Absent("spawn ran without a parent-memory axis")
    parsed = {n: runjson.parse_name(n) for n in groups}
    shapes = {p[1] for p in parsed.values()}
    lines = {}
    for name, entries in groups.items():
        _, shape, variant, axes = parsed[name]
        x = runjson.axis_number(axes.get(axis))
        if x is None:
            continue
        # The scenario's own per-start median when it records one (it times
        # each start, as lmbench does), else the mean time per iteration.
        us = _figure("us_median", entries)
        lines.setdefault(_label(shape, variant, shapes), []).append(
            (x, us if us.size else _time_us(entries)))
    fig, ax = plt.subplots(figsize=(8, 4.8))
    for i, (label, points) in enumerate(sorted(lines.items())):
        _errorbar(ax, [p[0] for p in points], [p[1] for p in points], label, i)
    ax.set(xlabel=f"parent's touched memory ({axis})",
           ylabel="µs per start", yscale="log",
           title="creation cost against parent memory")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


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
    f = np.asarray(n, float) / (1 + sigma * (np.asarray(n, float) - 1) +
                                kappa * np.asarray(n, float) *
                                (np.asarray(n, float) - 1))
    return float(np.dot(x, f) / np.dot(f, f))


def pool_throughput(run):
    """Pool tasks/s against pool size, with the USL fit, its peak N* and
    Goetz's N = Ncpu (1 + W/C), from the scenario's analysis block."""
    groups = _entries(run, r"^pool/")
    if not groups:
        raise Absent("the pool scenario is not in this run")
    axis = _numeric_axis(list(groups), ["size", "workers", "pool"])
    if axis is None:
        raise Absent("pool ran without a pool-size axis")
    lines = {}
    for name, entries in groups.items():
        _, shape, variant, axes = runjson.parse_name(name)
        x = runjson.axis_number(axes.get(axis))
        values = _figure("items_per_second", entries)
        if x is not None and values.size:
            lines.setdefault((shape, variant), []).append((x, values))
    if not lines:
        raise Absent("pool ran but recorded no tasks/s by size")
    analysis = next((s.get("analysis") or {} for s in run.scenarios
                     if s.get("name") == "pool"), {})
    shapes = sorted({shape for shape, _ in lines})
    fig, axs = plt.subplots(1, len(shapes), figsize=(5.4 * len(shapes), 4.6),
                            squeeze=False)
    for ax, shape in zip(axs[0], shapes):
        mine = {v: p for (sh, v), p in lines.items() if sh == shape}
        for i, (variant, points) in enumerate(sorted(mine.items())):
            points.sort(key=lambda p: p[0])
            _errorbar(ax, [p[0] for p in points], [p[1] for p in points],
                      variant, i)
            color = ax.get_lines()[-1].get_color()
            fit = _analysis_for(analysis, f"{shape}/{variant}")
            sigma, kappa = _pick(fit, "sigma"), _pick(fit, "kappa")
            sizes = [p[0] for p in points]
            if None not in (sigma, kappa):
                lam = _pick(fit, "lambda") or _usl_lambda(
                    sizes, [np.median(p[1]) for p in points], sigma, kappa)
                n = np.geomspace(1, max(sizes), 200)
                ax.plot(n, _usl(n, lam, sigma, kappa), ":", color=color,
                        label=f"USL σ={sigma:.2g} κ={kappa:.2g}")
            for words, style, text in ((("goetz",), "--", "Goetz N"),
                                       (("peak", "n_star"), "-.", "USL N*")):
                x = _pick(fit, *words)
                # A peak far beyond the sweep (kappa ~ 0) is not drawn.
                if x is not None and math.isfinite(x) and \
                        0 < x <= 4 * max(sizes):
                    ax.axvline(x, linestyle=style, color=color, alpha=0.6,
                               label=f"{text} {x:.3g}")
            best = _pick(fit, "best_size")
            if best is not None:
                y = [np.median(p[1]) for p in points if p[0] == best]
                if y:
                    ax.plot([best], y, "*", color=color, markersize=12,
                            label=f"best {best:g}")
        _threads_axis(ax, [p[0] for v in mine.values() for p in v])
        ax.set(xlabel=f"pool {axis}", ylabel="tasks/s",
               title=f"pool: {shape} tasks")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=6, loc="best")
    return fig


def _is_cpython(label):
    return "python" in label.lower()


def gil_speedup(run):
    """Speedup of a fixed CPU-bound job split over 1..N workers, T(1)/T(N),
    per GIL policy; CPython's threads and processes dashed beside them."""
    groups = _entries(run, r"^gil/(cpu|cpython/cpu)/")
    if not groups:
        raise Absent("the gil scenario's CPU-bound sweep is not in this run")
    lines = {}
    for name, entries in groups.items():
        _, shape, variant, axes = runjson.parse_name(name)
        axis = next((k for k in ("workers", "threads", "processes")
                     if runjson.axis_number(axes.get(k)) is not None), None)
        if axis is None:
            continue
        label = f"CPython {variant.split('/')[-1]}" if shape == "cpython" \
            else variant
        lines.setdefault(label, []).append(
            (runjson.axis_number(axes[axis]), 1.0 / _time_us(entries)))
    lines = {k: v for k, v in lines.items() if len(v) > 1}
    if not lines:
        raise Absent("gil ran without a sweep over workers")
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    top = 1
    for i, (label, points) in enumerate(sorted(lines.items())):
        points.sort(key=lambda p: p[0])
        one = np.median(points[0][1])
        xs = [p[0] for p in points]
        top = max(top, max(xs))
        _errorbar(ax, xs, [p[1] / one for p in points], label, i,
                  dashed=_is_cpython(label))
    pus = run.calibration.get("pus") or top
    ax.plot([1, pus], [1, pus], color="grey", alpha=0.4, label="linear")
    _threads_axis(ax, [p[0] for v in lines.values() for p in v])
    ax.set(xlabel="workers (threads, or processes)",
           ylabel="speedup T(1) / T(N)",
           title="GIL: CPU-bound speedup (dashed: CPython)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    return fig


def _latency_lines(groups):
    """{(label, quantile): [(axes, µs values)]} of the gil I/O rows."""
    lines = {}
    for name, entries in groups.items():
        _, shape, variant, axes = runjson.parse_name(name)
        label = "CPython" if shape == "cpython" else variant
        for q in ("p50", "p99"):
            key = next((k for k in entries[0]
                        if re.fullmatch(rf"(io_)?{q}(_us)?", k)), None)
            values = _figure(key, entries) if key else np.array([])
            if values.size:
                lines.setdefault((label, q), []).append((axes, values))
    return lines


def _num(axes, key):
    return runjson.axis_number(axes.get(key))


def gil_io_latency(run):
    """An I/O-bound thread's p50/p99 wait against the CPU-bound threads
    competing with it (at the most common switch interval), and its p99
    against the switch interval with one competitor; CPython dashed."""
    groups = _entries(run, r"^gil/(io_latency|cpython/io_latency)/")
    lines = _latency_lines(groups)
    if not lines:
        raise Absent("the gil scenario's I/O latency rows are not in this run")
    intervals = [a.get("interval_us") for v in lines.values() for a, _ in v]
    default = max(set(intervals), key=intervals.count)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.6))
    for i, ((label, q), points) in enumerate(sorted(lines.items())):
        points = [(_num(a, "cpu_threads"), v) for a, v in points
                  if a.get("interval_us") == default and
                  _num(a, "cpu_threads") is not None]
        if points:
            _errorbar(left, [p[0] for p in points], [p[1] for p in points],
                      f"{label} {q}", i, dashed=_is_cpython(label))
    left.set(xlabel="CPU-bound threads competing", ylabel="I/O wait (µs)",
             yscale="log", title=f"GIL: I/O latency at a {default} µs "
             "switch interval (dashed: CPython)")
    drawn = 0
    for i, ((label, q), points) in enumerate(sorted(lines.items())):
        points = [(_num(a, "interval_us") / 1e3, v) for a, v in points
                  if q == "p99" and _num(a, "cpu_threads") == 1 and
                  _num(a, "interval_us") is not None]
        if len({p[0] for p in points}) > 1:
            _errorbar(right, [p[0] for p in points], [p[1] for p in points],
                      f"{label} {q}", i, dashed=_is_cpython(label))
            drawn += 1
    if drawn:
        xs = sorted({_num(a, "interval_us") / 1e3 for v in lines.values()
                     for a, _ in v if _num(a, "interval_us") is not None})
        right.plot(xs, [1.5 * x * 1e3 + 1e3 for x in xs], color="grey",
                   alpha=0.5, label="1.5 x interval + 1 ms (the claim)")
    else:
        right.text(0.5, 0.5, "no sweep over the switch interval in this run",
                   ha="center", transform=right.transAxes)
    right.set(xlabel="switch interval (ms), one CPU-bound thread",
              ylabel="p99 I/O wait (µs)", yscale="log",
              title="against the switch interval")
    for ax in (left, right):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=6, loc="best")
    return fig


def trends(series_by_scenario, change_points):
    """Run medians over the history, each benchmark relative to its own
    median, one panel per scenario; change points marked.

    series_by_scenario: {scenario: {benchmark: [(run_key, speed), ...]}},
    speed being the median rate, or 1 / the median time, so up is better.
    change_points: {benchmark: [run_key, ...]}"""
    panels = {k: v for k, v in series_by_scenario.items()
              if any(len(s) > 1 for s in v.values())}
    if not panels:
        raise Absent("the history holds fewer than two runs of this "
                     "configuration")
    fig, axs = plt.subplots(len(panels), 1,
                            figsize=(9, 2.8 * len(panels) + 0.6),
                            squeeze=False)
    for ax, (scenario, series) in zip(axs[:, 0], sorted(panels.items())):
        keys = sorted({k for s in series.values() for k, _ in s})
        index = {k: i for i, k in enumerate(keys)}
        for i, (name, points) in enumerate(sorted(series.items())):
            xs = [index[k] for k, _ in points]
            ys = np.array([m for _, m in points])
            rel = 100 * (ys / np.median(ys) - 1)
            line, = ax.plot(xs, rel, marker=_MARKERS[i % len(_MARKERS)],
                            markersize=3, label=name.split("/", 1)[1])
            for key in change_points.get(name, []):
                if key in index:
                    ax.axvline(index[key] - 0.5, color=line.get_color(),
                               linestyle=":", alpha=0.8)
        ax.set(ylabel="% from median (up: faster)",
               title=f"{scenario}: run medians")
        ax.set_xticks(range(len(keys)))
        ax.set_xticklabels([k[:15] for k in keys], rotation=60, fontsize=6)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
