"""The gil scenario's figures: CPU-bound speedup against workers per GIL
policy, and an I/O-bound thread's latency against its CPU-bound competitors
and the switch interval; real CPython dashed beside the emulator."""

import re

import numpy as np

import plot_axes
import plot_data
import plot_style
import runjson

_CLAIM = plot_style.REFERENCE


def _is_cpython(label):
    return "python" in label.lower()


def _dashed(labels):
    return [x for x in labels if _is_cpython(x)]


def gil_speedup(run, styles):
    """Speedup of a fixed CPU-bound job split over 1..N workers, T(1)/T(N)."""
    groups = plot_data.entries(run, r"^gil/(cpu|cpython/cpu)/")
    if not groups:
        raise plot_data.Absent("the gil scenario's CPU-bound sweep is not in "
                               "this run")
    lines = {}
    for name, group in groups.items():
        _, shape, variant, axes = runjson.parse_name(name)
        axis = next((k for k in ("workers", "threads", "processes")
                     if plot_data.num(axes, k) is not None), None)
        if axis is None:
            continue
        label = f"CPython {variant.split('/')[-1]}" if shape == "cpython" \
            else variant
        lines.setdefault(label, []).append(
            (plot_data.num(axes, axis), 1.0 / plot_data.time_us(group)))
    lines = {k: v for k, v in lines.items() if len(v) > 1}
    if not lines:
        raise plot_data.Absent("gil ran without a sweep over workers")
    styles.claim(lines)
    fig, (ax,) = plot_style.panels(1, height=4.4)
    top = 1
    for label, points in sorted(lines.items()):
        points.sort(key=lambda p: p[0])
        one = np.median(points[0][1])
        xs = [p[0] for p in points]
        top = max(top, max(xs))
        plot_style.series(ax, styles, label, xs, [p[1] / one for p in points],
                          dashed=_is_cpython(label))
    pus = run.calibration.get("pus") or top
    ax.plot([1, pus], [1, pus], **_CLAIM)
    plot_axes.threads_axis(ax, [p[0] for v in lines.values() for p in v])
    ax.set(xlabel="workers (threads, or processes)",
           ylabel="speedup T(1) / T(N)", title="CPU-bound speedup")
    ax.grid(True, alpha=0.3)
    plot_style.legend_below(fig, styles, lines, dashed=_dashed(lines),
                            extra=[("linear speedup", _CLAIM)])
    return fig


def _latency_lines(groups):
    """{(label, quantile): [(axes, µs values)]} of the gil I/O rows."""
    lines = {}
    for name, group in groups.items():
        _, shape, variant, axes = runjson.parse_name(name)
        label = "CPython" if shape == "cpython" else variant
        for q in ("p50", "p99"):
            key = next((k for k in group[0]
                        if re.fullmatch(rf"(io_)?{q}(_us)?", k)), None)
            values = plot_data.figure(key, group) if key else np.array([])
            if values.size:
                lines.setdefault((label, q), []).append((axes, values))
    return lines


def _most_common(values):
    """The most frequent value; the smallest number among ties, so the
    choice does not depend on hashing."""
    return min(set(values), key=lambda v: (-values.count(v),
                                           runjson.axis_number(v) or 0))


def gil_io_latency(run, styles):
    """An I/O-bound thread's p50 and p99 wait against the CPU-bound threads
    competing with it (at the most common switch interval), and its p99
    against the switch interval with one competitor."""
    lines = _latency_lines(plot_data.entries(
        run, r"^gil/(io_latency|cpython/io_latency)/"))
    if not lines:
        raise plot_data.Absent("the gil scenario's I/O latency rows are not "
                               "in this run")
    default = _most_common([a.get("interval_us") for v in lines.values()
                            for a, _ in v])
    labels = {label for label, _ in lines}
    styles.claim(labels)
    # One y scale: p50 and p99 side by side read as the gap between them.
    fig, axs = plot_style.panels(3, height=4.0, sharey=True)
    for ax, quantile in zip(axs, ("p50", "p99")):
        for (label, q), points in sorted(lines.items()):
            points = [(plot_data.num(a, "cpu_threads"), v) for a, v in points
                      if q == quantile and a.get("interval_us") == default
                      and plot_data.num(a, "cpu_threads") is not None]
            if points:
                plot_style.series(ax, styles, label, [p[0] for p in points],
                                  [p[1] for p in points],
                                  dashed=_is_cpython(label))
        ax.set(xlabel="CPU-bound threads competing",
               title=f"{quantile} at a {default} µs interval")
    axs[0].set(ylabel="I/O wait (µs)", yscale="log")
    right, claim_drawn = axs[2], False
    for (label, q), points in sorted(lines.items()):
        points = [(plot_data.num(a, "interval_us") / 1e3, v)
                  for a, v in points if q == "p99" and
                  plot_data.num(a, "cpu_threads") == 1 and
                  plot_data.num(a, "interval_us") is not None]
        if len({p[0] for p in points}) > 1:
            plot_style.series(right, styles, label, [p[0] for p in points],
                              [p[1] for p in points],
                              dashed=_is_cpython(label))
            claim_drawn = True
    if claim_drawn:
        xs = np.array(sorted({plot_data.num(a, "interval_us") / 1e3
                              for v in lines.values() for a, _ in v
                              if plot_data.num(a, "interval_us") is not None}))
        right.plot(xs, 1.5 * xs * 1e3 + 1e3, **_CLAIM)
    else:
        right.text(0.5, 0.5, "no sweep over the\nswitch interval in this run",
                   ha="center", transform=right.transAxes)
    right.set(xlabel="switch interval (ms)",
              title="p99, one CPU-bound thread")
    for ax in axs:
        ax.grid(True, which="both", alpha=0.3)
    plot_axes.readable_log(axs[0], "y")
    extra = [("the claim: 1.5 x interval + 1 ms", _CLAIM)] if claim_drawn \
        else []
    plot_style.legend_below(fig, styles, labels, dashed=_dashed(labels),
                            extra=extra)
    return fig
