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
    """The first axis among `candidates` (or, failing that, any axis whose
    key contains one of them) that every name has with a numeric value."""
    parsed = [runjson.parse_name(n)[3] for n in names]
    keys = [k for k in (parsed[0] if parsed else {})]
    for want in candidates:
        for k in [want] + [k for k in keys if want in k]:
            if parsed and all(runjson.axis_number(a.get(k)) is not None
                              for a in parsed):
                return k
    return None


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
    axis = _numeric_axis(list(groups), ["parent_mib", "mib", "mem", "parent",
                                        "bytes"])
    if axis is None:
        raise Absent("spawn ran without a parent-memory axis")
    lines = {}
    for name, entries in groups.items():
        _, shape, variant, axes = runjson.parse_name(name)
        label = "/".join(p for p in (shape, variant) if p)
        lines.setdefault(label, []).append(
            (runjson.axis_number(axes[axis]), _time_us(entries)))
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    for i, (label, points) in enumerate(sorted(lines.items())):
        _errorbar(ax, [p[0] for p in points], [p[1] for p in points], label, i)
    ax.set(xlabel=f"parent memory ({axis})", ylabel="µs per creation",
           yscale="log", title="creation cost against parent memory")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="best")
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
    """The analysis entry whose name names this series (shape/variant)."""
    tokens = set(re.split(r"[/_:\s-]+", label.lower()))
    best, score = None, 0
    for name, block in analysis.items():
        if not isinstance(block, dict):
            continue
        s = len(tokens & set(re.split(r"[/_:\s-]+", name.lower())))
        if s > score:
            best, score = block, s
    return best


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
        values = _figure("items_per_second", entries)
        if values.size:
            lines.setdefault("/".join(p for p in (shape, variant) if p),
                             []).append((runjson.axis_number(axes[axis]),
                                         values))
    if not lines:
        raise Absent("pool ran but recorded no items_per_second")
    analysis = next((s.get("analysis", {}) for s in run.scenarios
                     if s.get("name") == "pool"), {})
    shapes = sorted({label.split("/")[0] for label in lines})
    fig, axs = plt.subplots(1, len(shapes), figsize=(5.6 * len(shapes), 4.4),
                            squeeze=False)
    for ax, shape in zip(axs[0], shapes):
        mine = {k: v for k, v in lines.items() if k.split("/")[0] == shape}
        for i, (label, points) in enumerate(sorted(mine.items())):
            _errorbar(ax, [p[0] for p in points], [p[1] for p in points],
                      label, i)
            fit = _analysis_for(analysis, label) or {}
            sigma, kappa = _pick(fit, "sigma"), _pick(fit, "kappa")
            lam = _pick(fit, "lambda")
            color = ax.get_lines()[-1].get_color()
            if None not in (sigma, kappa, lam):
                n = np.linspace(1, max(p[0] for p in points), 200)
                ax.plot(n, _usl(n, lam, sigma, kappa), ":", color=color,
                        label=f"USL σ={sigma:.3g} κ={kappa:.2g}")
            sizes = [p[0] for p in points]
            for words, style, text in ((("goetz",), "--", "Goetz"),
                                       (("peak", "n_star"), "-.", "USL N*")):
                x = _pick(fit, *words)
                # A peak far beyond the sweep (kappa ~ 0) is not drawn.
                if x is not None and math.isfinite(x) and \
                        0 < x <= 4 * max(sizes):
                    ax.axvline(x, linestyle=style, color=color, alpha=0.6,
                               label=f"{text} {x:.3g}")
        _threads_axis(ax, [p[0] for v in mine.values() for p in v])
        ax.set(xlabel=f"pool {axis}", ylabel="tasks/s",
               title=f"pool: {shape}")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=6, loc="best")
    return fig


def _is_cpython(label):
    return "python" in label.lower()


def gil_speedup(run):
    """Speedup against one thread (or process) per GIL policy, CPython's
    dashed beside the emulator's."""
    groups = _entries(run, r"^gil/")
    if not groups:
        raise Absent("the gil scenario is not in this run")
    lines = {}
    for name, entries in groups.items():
        _, shape, variant, axes = runjson.parse_name(name)
        if "io" in shape.split("_") or "latency" in shape:
            continue
        axis = next((k for k in ("threads", "workers", "processes", "n")
                     if runjson.axis_number(axes.get(k)) is not None), None)
        if axis is None:
            continue
        rate = _figure("items_per_second", entries)
        if not rate.size:  # fixed work per iteration: speed is 1 / time
            rate = 1.0 / _time_us(entries)
        label = "/".join(p for p in (shape, variant) if p)
        lines.setdefault(label, []).append(
            (runjson.axis_number(axes[axis]), rate))
    lines = {k: v for k, v in lines.items() if len(v) > 1}
    if not lines:
        raise Absent("gil ran without a CPU-bound sweep over threads")
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    top = 1
    for i, (label, points) in enumerate(sorted(lines.items())):
        points.sort(key=lambda p: p[0])
        one = np.median(points[0][1])
        xs = [p[0] for p in points]
        top = max(top, max(xs))
        _errorbar(ax, xs, [p[1] / one for p in points], label, i,
                  dashed=_is_cpython(label))
    ax.plot([1, top], [1, top], color="grey", alpha=0.4, label="linear")
    ax.set(xlabel="threads (processes)", ylabel="speedup over 1",
           title="GIL: CPU-bound speedup (dashed: CPython)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    return fig


def gil_io_latency(run):
    """p50/p99 latency of an I/O-bound thread against the number of
    CPU-bound threads competing with it, per policy, CPython dashed."""
    groups = _entries(run, r"^gil/")
    if not groups:
        raise Absent("the gil scenario is not in this run")
    lines = {}
    for name, entries in groups.items():
        _, shape, variant, axes = runjson.parse_name(name)
        keys = [k for k in entries[0] if re.search(r"p(50|99)", k)]
        if not keys:
            continue
        axis = next((k for k in ("cpu_threads", "cpu", "threads", "competing")
                     if runjson.axis_number(axes.get(k)) is not None), None)
        x = runjson.axis_number(axes.get(axis)) if axis else 0.0
        label = "/".join(p for p in (shape, variant) if p)
        for key in keys:
            values = _figure(key, entries)
            scale = 1e-3 if key.endswith("_ns") else 1e3 \
                if key.endswith("_ms") else 1.0
            if values.size:
                lines.setdefault((label, key), []).append((x, values * scale))
    if not lines:
        raise Absent("gil ran without I/O latency figures (p50/p99)")
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    for i, ((label, key), points) in enumerate(sorted(lines.items())):
        _errorbar(ax, [p[0] for p in points], [p[1] for p in points],
                  f"{label} {key}", i, dashed=_is_cpython(label))
    ax.set(xlabel="CPU-bound threads competing", ylabel="latency (µs)",
           yscale="log", title="GIL: I/O thread latency (dashed: CPython)")
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
