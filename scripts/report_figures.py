"""The report's figures: which ones there are, with their titles and
captions, each drawn to a PNG with the report's one style map; a figure that
cannot be drawn becomes a note saying why, never a failed report."""

import os

import history
import plot_counter
import plot_data
import plot_gil
import plot_pool
import plot_spawn
import plot_style
import plot_trends
import stats

# Benchmarks drawn per scenario in the trend panels: enough to see a
# pattern, few enough to read the legend.
_TRENDS_PER_SCENARIO = 8
_TREND_RUNS = 30


class Figure:
    """One figure of the report: a PNG, or the note saying why there is
    none."""

    def __init__(self, name, title, caption, png=None, note=None):
        self.name, self.title, self.caption = name, title, caption
        self.png, self.note = png, note


def _spread(run):
    return ("the median of the repetitions, bars from min to max"
            if run.repetitions > 1 else
            "one repetition, so no spread is shown")


def _specs(run, styles):
    spread = _spread(run)
    return [
        ("counter", "Counter throughput against threads",
         f"Increments per second summed over threads; {spread}. Dashed: the "
         "racy variants.",
         lambda: plot_counter.counter_throughput(run, styles)),
        ("spawn", "Creation cost against parent memory",
         f"Microseconds per process or thread creation by method; {spread}. "
         "Fork's cost grows with the parent's touched memory.",
         lambda: plot_spawn.spawn_cost(run, styles)),
        ("pool", "Pool throughput against size",
         f"Tasks per second by pool size; {spread}. In each pool's colour: "
         "dotted, the Universal Scalability Law fit; dashed, Goetz's "
         "N = Ncpu (1 + W/C); dash-dotted, the USL's peak N*; a star, the "
         "best size measured (the numbers are under Analyses).",
         lambda: plot_pool.pool_throughput(run, styles)),
        ("gil_speedup", "GIL: speedup against threads",
         f"Throughput over one worker for each lock policy; {spread}. "
         "Dashed: real CPython running the same workload.",
         lambda: plot_gil.gil_speedup(run, styles)),
        ("gil_io", "GIL: I/O latency beside CPython's",
         f"Latency of an I/O-bound thread competing with CPU-bound threads; "
         f"{spread}. Dashed: real CPython.",
         lambda: plot_gil.gil_io_latency(run, styles)),
    ]


def _history_series(run, db_url, compare_doc):
    """{scenario: {benchmark: [(run_key, median)]}} over the last runs of
    this run's configuration (this run included), and change points."""
    url = db_url or history.default_url()
    if not (url.startswith(("postgresql://", "postgres://")) or
            os.path.exists(url)):
        raise plot_data.Absent(f"no history database ({url}); `make nightly` "
                               "keeps one")
    db = history.open_db(url)
    try:
        past = history.history(db, run.config, run.started, run.key,
                               _TREND_RUNS - 1)
    finally:
        db.close()
    runs = past + [run]
    flagged = {v["name"] for v in (compare_doc or {}).get("verdicts", [])
               if v["kind"] in ("regression", "improvement")}
    by_scenario = {}
    for s in run.samples.values():
        by_scenario.setdefault(s.scenario, []).append(s)
    series, cps = {}, {}
    for scenario, samples in by_scenario.items():
        samples.sort(key=lambda s: (s.name not in flagged, s.cv, s.name))
        for s in samples[:_TRENDS_PER_SCENARIO]:
            points = [(r.key, r.samples[s.name].median) for r in runs
                      if s.name in r.samples]
            if not s.higher_is_better:  # a time: plot speed, up is better
                points = [(k, 1 / m if m else 0.0) for k, m in points]
            series.setdefault(scenario, {})[s.name] = points
            found = stats.change_points([m for _, m in points])
            cps[s.name] = [points[c.index][0] for c in found]
    return series, cps


def _render(name, make, out_dir):
    """Runs one plot function; a PNG path, or the note saying why not."""
    try:
        fig = make()
    except plot_data.Absent as e:
        return None, f"not in this run: {e}"
    except Exception as e:  # a plot must not cost the rest of the report
        return None, f"plot failed: {type(e).__name__}: {e}"
    path = os.path.join(out_dir, f"{name}.png")
    plot_style.save(fig, path)
    return path, None


def draw(run, db_url, use_history, compare_doc, out_dir, styles=None):
    """Every figure of the report, drawn into `out_dir`, in report order."""
    styles = styles or plot_style.VariantStyles()
    specs = _specs(run, styles)
    if use_history:
        specs.append(
            ("trends", "Trends over the history",
             "Each benchmark's run median (times inverted, so up is faster) "
             "relative to its own median over the last runs of this host and "
             "configuration; dotted lines: change points. Benchmarks flagged "
             "tonight come first, then the steadiest.",
             lambda: plot_trends.trends(*_history_series(run, db_url,
                                                         compare_doc),
                                        styles)))
    figures = []
    for name, title, caption, make in specs:
        png, note = _render(name, make, out_dir)
        figures.append(Figure(name, title, caption, png, note))
    return figures
