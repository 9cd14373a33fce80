"""Axes a reader can read: SI tick labels (150M, 20k), log axes with at
least three labelled ticks whatever their span, and count axes (threads,
pool sizes) labelled with the counts actually run."""

import math

import matplotlib.ticker as ticker


def si(value):
    """A tick label: 150M, 20k, 2.5, 0.01."""
    for scale, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:g}{suffix}"
    return f"{value:g}"


def si_formatter():
    return ticker.FuncFormatter(lambda v, _: si(v))


def log_ticks(lo, hi, most=8):
    """Tick values for a log axis spanning [lo, hi]: powers of ten, else
    1-2-5, else every digit, whichever first gives three ticks; a span
    narrower than that gets evenly spaced round values."""
    ticks = []
    if lo <= 0 or hi <= lo:
        return ticks
    decades = range(math.floor(math.log10(lo)),
                    math.ceil(math.log10(hi)) + 1)
    for subs in ((1,), (1, 2, 5), range(1, 10)):
        ticks = [m * 10.0**e for e in decades for m in subs
                 if lo <= m * 10.0**e <= hi]
        if len(ticks) >= 3:
            break
    if len(ticks) < 3:
        ticks = [t for t in ticker.MaxNLocator(4).tick_values(lo, hi)
                 if lo <= t <= hi and t > 0]
    step = math.ceil(len(ticks) / most)
    return ticks[::step]


def readable_log(ax, which="y"):
    """Puts readable ticks on a log axis once its data is drawn: at least
    three labelled ticks whatever its span, no unlabelled minor ones."""
    axis, limits = (ax.yaxis, ax.get_ylim) if which == "y" else \
        (ax.xaxis, ax.get_xlim)
    lo, hi = limits()
    axis.set_major_locator(ticker.FixedLocator(log_ticks(lo, hi)))
    axis.set_major_formatter(si_formatter())
    axis.set_minor_locator(ticker.NullLocator())
    (ax.set_ylim if which == "y" else ax.set_xlim)(lo, hi)


def threads_axis(ax, values):
    """A base-2 log axis labelled with the counts actually run."""
    ticks = sorted({v for v in values})
    ax.set_xscale("log", base=2)
    ax.xaxis.set_major_locator(ticker.FixedLocator(ticks))
    ax.xaxis.set_major_formatter(si_formatter())
    ax.xaxis.set_minor_locator(ticker.NullLocator())
