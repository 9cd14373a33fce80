"""The counter scenario's figure: increments per second against threads,
one panel per pin policy, one line per lock variant."""

import plot_axes
import plot_data
import plot_style
import runjson

# The variants that lose updates on purpose: drawn dashed.
RACY = ("racy", "split_rmw")


def counter_throughput(run, styles):
    groups = plot_data.entries(run, r"^counter/increment/")
    if not groups:
        raise plot_data.Absent("the counter scenario is not in this run")
    by_pin = {}
    for name, group in groups.items():
        _, _, variant, axes = runjson.parse_name(name)
        values = plot_data.figure("items_per_second", group)
        if values.size:
            by_pin.setdefault(axes.get("pin", "-"), {}).setdefault(
                variant, []).append((int(axes.get("threads", 1)), values))
    if not by_pin:
        raise plot_data.Absent("counter ran but recorded no items_per_second")
    labels = {v for variants in by_pin.values() for v in variants}
    styles.claim(labels)
    # One y scale, so that pin policies compare at a glance.
    fig, axs = plot_style.panels(len(by_pin), sharey=True)
    for ax, (pin, variants) in zip(axs, sorted(by_pin.items())):
        for variant, points in sorted(variants.items()):
            plot_style.series(ax, styles, variant, [p[0] for p in points],
                              [p[1] for p in points], dashed=variant in RACY)
        plot_axes.threads_axis(ax, [p[0] for v in variants.values()
                                     for p in v])
        ax.set(xlabel="threads", yscale="log", title=f"pin {pin}")
        ax.grid(True, which="both", alpha=0.3)
    axs[0].set_ylabel("increments/s (all threads)")
    plot_axes.readable_log(axs[0], "y")  # once every panel is drawn
    plot_style.legend_below(fig, styles, labels,
                            dashed=[v for v in labels if v in RACY])
    return fig
