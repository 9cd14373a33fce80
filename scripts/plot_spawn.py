"""The spawn scenario's figure: creation cost against the parent's touched
memory, one line per creation method."""

import plot_axes
import plot_data
import plot_style
import runjson


def spawn_cost(run, styles):
    groups = plot_data.entries(run, r"^spawn/")
    if not groups:
        raise plot_data.Absent("the spawn scenario is not in this run")
    axis = plot_data.numeric_axis(list(groups),
                                  ["parent_mib", "mib", "mem", "parent"])
    if axis is None:
        raise plot_data.Absent("spawn ran without a parent-memory axis")
    parsed = {n: runjson.parse_name(n) for n in groups}
    shapes = {p[1] for p in parsed.values()}
    lines = {}
    for name, group in groups.items():
        _, shape, variant, axes = parsed[name]
        x = runjson.axis_number(axes.get(axis))
        if x is None:
            continue
        # The scenario's own per-start median when it records one (it times
        # each start, as lmbench does), else the mean time per iteration.
        us = plot_data.figure("us_median", group)
        lines.setdefault(plot_data.label(shape, variant, shapes), []).append(
            (x, us if us.size else plot_data.time_us(group)))
    if not lines:
        raise plot_data.Absent(f"spawn recorded no times by {axis}")
    styles.claim(lines)
    fig, (ax,) = plot_style.panels(1, height=4.4)
    for label, points in sorted(lines.items()):
        plot_style.series(ax, styles, label, [p[0] for p in points],
                          [p[1] for p in points])
    ax.set(xlabel=f"parent's touched memory ({axis})",
           ylabel="µs per start", yscale="log",
           title="creation cost against parent memory")
    ax.grid(True, which="both", alpha=0.3)
    plot_axes.readable_log(ax, "y")
    plot_style.legend_below(fig, styles, lines)
    return fig
