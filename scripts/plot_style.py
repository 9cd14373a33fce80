"""How every report figure looks: one style (colour and marker) per variant,
shared by all plots of a report, a legend below the panels, figures at the
report's width, and medians with min-max bars only where there is a
spread. Axis ticks are plot_axes'."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.lines  # noqa: E402  (after choosing the backend)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# Matplotlib's default cycle less its grey, which reference lines (a claim's
# bound, linear speedup) wear: nine colours a reader tells apart. Ten
# markers, coprime with nine colours, so the n-th style is a unique pair for
# 90 variants even when colours repeat.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
           "#e377c2", "#bcbd22", "#17becf")
MARKERS = "os^vD<>pPX"
# Reference lines, in the legend as what they are, never a variant's colour.
REFERENCE = {"color": "#555555", "alpha": 0.7, "linestyle": ":"}
# Figures are drawn at the report's width (its column is 1068 px) so that
# the HTML shows them at 100 %: text sizes are then what a reader sees.
WIDTH_IN, DPI = 10.5, 100
FONT = 10
matplotlib.rcParams.update({"font.size": FONT, "axes.titlesize": FONT + 1,
                            "legend.fontsize": FONT - 1})


class Style:
    def __init__(self, color, marker):
        self.color, self.marker = color, marker

    def __eq__(self, other):
        return (self.color, self.marker) == (other.color, other.marker)

    def __repr__(self):
        return f"Style({self.color}, {self.marker})"


class VariantStyles:
    """The report's one map from a variant's label to its Style. A figure
    claims its labels first; a new label gets the next style whose colour no
    other label of that figure already has, so lines in one panel differ in
    colour, and a label seen before keeps its style in every later plot."""

    def __init__(self):
        self._styles = {}
        self._next = 0

    def claim(self, labels):
        labels = sorted(set(labels))
        taken = {self._styles[x].color for x in labels if x in self._styles}
        for label in labels:
            if label in self._styles:
                continue
            k = self._next
            # Skip at most one round of colours; beyond nine labels in one
            # figure colours must repeat (the markers still differ).
            for step in range(len(PALETTE)):
                if PALETTE[(self._next + step) % len(PALETTE)] not in taken:
                    k = self._next + step
                    break
            style = Style(PALETTE[k % len(PALETTE)], MARKERS[k % len(MARKERS)])
            self._styles[label] = style
            taken.add(style.color)
            self._next = k + 1

    def __getitem__(self, label):
        if label not in self._styles:
            self.claim([label])
        return self._styles[label]

    def items(self):
        return self._styles.items()


def series(ax, styles, label, xs, values, dashed=False):
    """One variant's line: the median of each point's repetitions, with the
    min-max as bars when a point has more than one repetition (a single
    repetition has no spread to show). Tagged with the label, so a test can
    check that every line of a variant wears the variant's style."""
    order = np.argsort(xs)
    xs = np.asarray(xs, float)[order]
    values = [np.asarray(values[j], float) for j in order]
    med = np.array([np.median(v) for v in values])
    style = styles[label]
    kw = dict(color=style.color, marker=style.marker, markersize=5,
              linestyle="--" if dashed else "-", gid=f"variant:{label}")
    if max(v.size for v in values) > 1:
        lo = med - np.array([v.min() for v in values])
        hi = np.array([v.max() for v in values]) - med
        bars = ax.errorbar(xs, med, yerr=[lo, hi], capsize=3, **kw)
        bars.lines[0].set_gid(kw["gid"])
    else:
        ax.plot(xs, med, **kw)


def legend_below(fig, styles, labels, extra=(), dashed=()):
    """One legend for the whole figure, below its panels (never over the
    data): each variant once in its style, then `extra` (label, Line2D
    keyword arguments) entries that explain line kinds."""
    handles = []
    for label in sorted(set(labels)):
        s = styles[label]
        handles.append(matplotlib.lines.Line2D(
            [], [], color=s.color, marker=s.marker, label=label,
            linestyle="--" if label in dashed else "-"))
    for label, kw in extra:
        handles.append(matplotlib.lines.Line2D([], [], label=label, **kw))
    # Columns sized so that entries of ~25 characters fit the figure's width.
    ncol = max(1, min(len(handles), int(fig.get_figwidth() / 2.6)))
    fig.legend(handles=handles, loc="upper center", ncol=ncol,
               bbox_to_anchor=(0.5, 0.0), frameon=False)


def panels(n, height=4.2, sharey=False):
    """A figure of `n` side-by-side panels at the report's width."""
    fig, axs = plt.subplots(1, n, figsize=(WIDTH_IN, height), squeeze=False,
                            sharey=sharey)
    return fig, list(axs[0])


def save(fig, path):
    """Writes the PNG, the legend below the panels included."""
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
