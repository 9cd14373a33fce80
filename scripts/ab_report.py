"""The A/B section of a report (`mtbench ab`'s results/ab/<run>/): the
verdict table, the plot of every round's NEW/BASE ratio with each median's
interval, and the builds compared. `section(folder)` gives the blocks (none
when the folder holds no ab.json), `write(folder)` renders them on their own
as report.md and report.html beside ab.json."""

import json
import math
import os

import plot_style
import report_blocks as rb
import report_html
import report_md

_ORDER = ("slower", "faster", "too noisy", "failed", "unchanged")


def _pct(ratio):
    return "—" if ratio is None or not math.isfinite(ratio) else \
        f"{100 * (ratio - 1):+.1f}%"


def _interval(v):
    if not math.isfinite(v.get("low", math.nan)) or \
            not math.isfinite(v.get("high", math.nan)):
        return "—"
    return f"[{_pct(v['low'])}, {_pct(v['high'])}]"


def _time(ns):
    if ns is None or not math.isfinite(ns):
        return "—"
    for scale, unit in ((1e9, "s"), (1e6, "ms"), (1e3, "us")):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def table_rows(doc):
    """Rows in the order a reader needs them: slower first."""
    verdicts = sorted(doc["verdicts"],
                      key=lambda v: (_ORDER.index(v["verdict"]), v["name"]))
    return [[v["verdict"], _pct(v.get("ratio")), _interval(v),
             str(v.get("rounds", 0)), _time(v.get("base_median")),
             _time(v.get("new_median")),
             v.get("figure", "").replace("_time", ""), v["name"],
             v.get("note", "")] for v in verdicts]


HEADER = ["verdict", "NEW/BASE", "interval", "rounds", "BASE", "NEW",
          "clock", "benchmark", "note"]


def plot(doc, path):
    """Each benchmark a row: every round's ratio as a dot, the median as a
    bar with its interval, the ±threshold band shaded."""
    import matplotlib.pyplot as plt
    verdicts = [v for v in doc["verdicts"] if v.get("ratios")]
    if not verdicts:
        return None
    height = 1.2 + 0.45 * len(verdicts)
    fig, ax = plt.subplots(figsize=(plot_style.WIDTH_IN, height))
    t = doc["params"]["threshold"]
    ax.axvspan(-100 * t, 100 * t, color="0.92", zorder=0,
               label=f"±{100 * t:g} % threshold")
    ax.axvline(0, color="0.5", lw=0.8)
    colours = {"slower": "tab:red", "faster": "tab:green",
               "unchanged": "tab:blue", "too noisy": "tab:orange"}
    for y, v in enumerate(verdicts):
        xs = [100 * (r - 1) for r in v["ratios"]]
        ax.scatter(xs, [y + 0.18] * len(xs), s=8, color="0.55", zorder=2)
        c = colours.get(v["verdict"], "black")
        lo, hi = v.get("low"), v.get("high")
        if math.isfinite(lo) and math.isfinite(hi):
            ax.plot([100 * (lo - 1), 100 * (hi - 1)], [y, y], color=c, lw=3,
                    zorder=3)
        ax.plot([100 * (v["ratio"] - 1)], [y], marker="|", ms=14, mew=2.5,
                color=c, zorder=4)
    ax.set_yticks(range(len(verdicts)))
    ax.set_yticklabels([f"{v['name']} ({v['verdict']})" for v in verdicts])
    ax.invert_yaxis()
    ax.set_xlabel("NEW / BASE − 1 (%): time per iteration, each round a dot")
    ax.legend(loc="lower right", frameon=False, fontsize="small")
    plot_style.save(fig, path)
    return path


def _figure(doc, png):
    class Figure:
        title = "A/B: NEW/BASE per round"
        caption = (f"Grey dots: each round's ratio; bar: the median with its "
                   f"{100 * doc['params']['confidence']:g} % interval "
                   f"(sign test); shaded: the threshold.")
    Figure.png = png
    return Figure


def load(folder):
    """ab.json of `folder` with its nulls (no interval, no median) read back
    as NaN; None when there is none."""
    path = os.path.join(folder, "ab.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for v in doc.get("verdicts", []):
        for k in ("ratio", "low", "high", "base_median", "new_median",
                  "p_value"):
            if v.get(k) is None:
                v[k] = math.nan
    return doc


def section(folder, level=2):
    """The report blocks of the A/B run in `folder`; [] without ab.json."""
    doc = load(folder)
    if doc is None:
        return []
    png = os.path.join(folder, "ab.png")
    blocks = [rb.Heading(level, "A/B: NEW against BASE"),
              rb.Para(doc["summary"]),
              rb.Table(HEADER, table_rows(doc), strong=0)]
    if os.path.exists(png):
        blocks.append(rb.Image(_figure(doc, png)))
    builds = [[side, doc[side].get("path", ""),
               doc[side].get("sha256", "")[:16],
               doc[side].get("git_commit", "unknown")[:12] +
               (" (dirty)" if doc[side].get("git_dirty") else "")]
              for side in ("base", "new")]
    blocks.append(rb.Table(["build", "path", "sha256", "git commit"], builds))
    for side, names in doc.get("only_in", {}).items():
        if names:
            blocks.append(rb.Para(f"Only {side.upper()} has (not compared): "
                                  + ", ".join(names), "note"))
    if doc.get("failures"):
        blocks.append(rb.Table(
            ["build", "round", "benchmark", "status", "reason"],
            [[f["side"], str(f["round"]), f["benchmark"], f["status"],
              f["reason"]] for f in doc["failures"]]))
    return blocks


def write(folder):
    """report.md and report.html of an A/B run folder; the HTML's path."""
    blocks = [rb.Heading(1, f"mtbench ab: {os.path.basename(folder)}")]
    blocks += section(folder)
    report_md.write(os.path.join(folder, "report.md"), blocks,
                    lambda p: os.path.relpath(p, folder))
    html = os.path.join(folder, "report.html")
    report_html.write(html, f"mtbench ab {os.path.basename(folder)}", blocks)
    return html
