#!/usr/bin/python3
"""Writes results/<run>/report.md and report.html: the run's machine and
calibration, each scenario's status, the claims with their verdicts, the
plots (counter, spawn, pool, gil, history trends), the nightly comparison
when there is one, and every benchmark's median. Prints the HTML's path.

usage: report.py RUN_DIR [--db URL] [--no-history]"""

import argparse
import base64
import html
import json
import os
import sys

import history
import plots
import runjson
import stats

# Benchmarks drawn per scenario in the trend panels: enough to see a
# pattern, few enough to read the legend.
_TRENDS_PER_SCENARIO = 8
_TREND_RUNS = 30


class Section:
    def __init__(self, title, caption, png=None, note=None):
        self.title, self.caption, self.png, self.note = title, caption, png, note


def _history_series(run, db_url, compare_doc):
    """{scenario: {benchmark: [(run_key, median)]}} over the last runs of
    this run's configuration (this run included), and change points."""
    url = db_url or history.default_url()
    if not (url.startswith(("postgresql://", "postgres://")) or
            os.path.exists(url)):
        raise plots.Absent(f"no history database ({url}); `make nightly` "
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
    except plots.Absent as e:
        return None, f"not in this run: {e}"
    except Exception as e:  # a plot must not cost the rest of the report
        return None, f"plot failed: {type(e).__name__}: {e}"
    path = os.path.join(out_dir, f"{name}.png")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plots.plt.close(fig)
    return path, None


def build_sections(run, db_url, use_history, compare_doc, out_dir):
    specs = [
        ("counter", "Counter throughput against threads",
         "Increments per second summed over threads, median of the "
         "repetitions, bars from min to max. Dashed: the racy variants.",
         lambda: plots.counter_throughput(run)),
        ("spawn", "Creation cost against parent memory",
         "Microseconds per process or thread creation by method; fork's "
         "cost grows with the parent's touched memory.",
         lambda: plots.spawn_cost(run)),
        ("pool", "Pool throughput against size",
         "Tasks per second by pool size; dotted: the Universal Scalability "
         "Law fit, vertical lines: Goetz's N = Ncpu (1 + W/C) and the USL's "
         "peak N*.", lambda: plots.pool_throughput(run)),
        ("gil_speedup", "GIL: speedup against threads",
         "Throughput over one thread for each lock policy; dashed: real "
         "CPython running the same workload.", lambda: plots.gil_speedup(run)),
        ("gil_io", "GIL: I/O latency beside CPython's",
         "Latency of an I/O-bound thread competing with CPU-bound threads.",
         lambda: plots.gil_io_latency(run)),
    ]
    if use_history:
        specs.append(
            ("trends", "Trends over the history",
             "Each benchmark's run median (times inverted, so up is faster) "
             "relative to its own median over the last runs of this host and "
             "configuration; dotted lines: change points. Benchmarks flagged "
             "tonight come first, then the steadiest.",
             lambda: plots.trends(*_history_series(run, db_url,
                                                   compare_doc))))
    sections = []
    for name, title, caption, make in specs:
        png, note = _render(name, make, out_dir)
        sections.append(Section(title, caption, png, note))
    return sections


def _claims_rows(run):
    for s in run.scenarios:
        for c in s.get("claims", []):
            yield s.get("name", "?"), c


def _md_escape(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _machine_rows(run):
    c = run.calibration
    yield "run", run.key
    yield "started", run.started
    yield "commit", run.commit[:12] + (" (dirty)" if run.dirty else "")
    yield "host", run.host
    yield "topology", run.topology
    yield "build", f"{run.preset}, {run.compiler}"
    yield "command", run.block.get("command_line", "")
    yield "repetitions", str(run.repetitions)
    if c:
        yield "calibration", (
            f"parallel speedup {c.get('parallel_speedup', 0):.2f} on "
            f"{c.get('pus', '?')} PUs, load average "
            f"{c.get('load_average', 0):.2f}; "
            + ("delivers its PUs" if c.get("delivers_parallelism")
               else "does NOT deliver its PUs: scaling claims are not "
               "measurable here"))


def _compare_rows(doc):
    rows = [v for v in doc.get("verdicts", [])
            if v["kind"] in ("regression", "improvement", "noisy")]
    rows.sort(key=lambda v: (["regression", "improvement", "noisy"].index(
        v["kind"]), v["p_value"]))
    return rows


def write_markdown(path, run, sections, compare_doc, rel):
    out = [f"# mtbench report: {run.key}", ""]
    out += ["| | |", "|---|---|"]
    out += [f"| {k} | {_md_escape(v)} |" for k, v in _machine_rows(run)]
    out += ["", "## Scenarios", "", "| scenario | status | seconds | "
            "benchmarks | reason |", "|---|---|---|---|---|"]
    for s in run.scenarios:
        out.append(f"| {s.get('name')} | {s.get('status')} | "
                   f"{s.get('wall_seconds', 0):.1f} | {s.get('benchmarks', 0)}"
                   f" | {_md_escape(s.get('reason', ''))} |")
    out += ["", "## Claims", "", "| scenario | claim | verdict | check | "
            "numbers |", "|---|---|---|---|---|"]
    for name, c in _claims_rows(run):
        out.append(f"| {name} | {_md_escape(c.get('sentence'))} | "
                   f"**{c.get('verdict')}** | {_md_escape(c.get('check'))} | "
                   f"{_md_escape(c.get('numbers'))} |")
    if compare_doc:
        out += ["", "## Nightly comparison", "",
                f"Against {len(compare_doc['base'])} earlier run(s); exit "
                f"status {compare_doc['exit']}.", "",
                "| verdict | change | p-value | benchmark | note |",
                "|---|---|---|---|---|"]
        for v in _compare_rows(compare_doc):
            out.append(f"| {v['kind']} | {100 * v['change']:+.1f}% | "
                       f"{v['p_value']:.1e} | {v['name']} | "
                       f"{_md_escape(v['note'])} |")
    for s in sections:
        out += ["", f"## {s.title}", ""]
        if s.png:
            out += [s.caption, "", f"![{s.title}]({rel(s.png)})"]
        else:
            out.append(f"*{s.note}*")
    out += ["", "## Analyses", ""]
    for s in run.scenarios:
        for name, block in (s.get("analysis") or {}).items():
            out.append(f"- {s.get('name')} / {name}: " + ", ".join(
                f"{k} = {v:.4g}" if isinstance(v, float) else f"{k} = {v}"
                for k, v in block.items()))
    out += ["", "## Every benchmark", "",
            "| benchmark | median | unit | cv | repetitions |",
            "|---|---|---|---|---|"]
    for s in run.samples.values():
        out.append(f"| {s.name} | {s.median:.4g} | {s.unit} | "
                   f"{100 * s.cv:.1f}% | {len(s.values)} |")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


_CSS = """body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;
padding:2px 6px;font-size:13px;vertical-align:top}th{background:#eee}
.holds{color:#070}.fails{color:#b00}.not{color:#888}.regression{color:#b00;
font-weight:bold}.improvement{color:#070}.note{color:#888;font-style:italic}
img{max-width:100%}"""


def _table(header, rows, classes=None):
    h = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        body.append(f"<tr{cls}>" + "".join(
            f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>")
    return f"<table><tr>{h}</tr>{''.join(body)}</table>"


def write_html(path, run, sections, compare_doc):
    e = html.escape
    parts = [f"<!doctype html><meta charset=utf-8><title>mtbench "
             f"{e(run.key)}</title><style>{_CSS}</style>",
             f"<h1>mtbench report: {e(run.key)}</h1>",
             _table(["", ""], list(_machine_rows(run))),
             "<h2>Scenarios</h2>",
             _table(["scenario", "status", "seconds", "benchmarks", "reason"],
                    [[s.get("name"), s.get("status"),
                      f"{s.get('wall_seconds', 0):.1f}", s.get("benchmarks"),
                      s.get("reason", "")] for s in run.scenarios]),
             "<h2>Claims</h2>"]
    claims = list(_claims_rows(run))
    parts.append(_table(
        ["scenario", "claim", "verdict", "check", "numbers"],
        [[n, c.get("sentence"), c.get("verdict"), c.get("check"),
          c.get("numbers")] for n, c in claims],
        [str(c.get("verdict", "")).split(" ")[0] for _, c in claims]))
    if compare_doc:
        rows = _compare_rows(compare_doc)
        parts += ["<h2>Nightly comparison</h2>",
                  f"<p>Against {len(compare_doc['base'])} earlier run(s); "
                  f"exit status {compare_doc['exit']}.</p>",
                  _table(["verdict", "change", "p-value", "benchmark", "note"],
                         [[v["kind"], f"{100 * v['change']:+.1f}%",
                           f"{v['p_value']:.1e}", v["name"], v["note"]]
                          for v in rows], [v["kind"] for v in rows])]
    for s in sections:
        parts.append(f"<h2>{e(s.title)}</h2>")
        if s.png:
            with open(s.png, "rb") as f:
                data = base64.b64encode(f.read()).decode()
            parts.append(f"<p>{e(s.caption)}</p><img alt=\"{e(s.title)}\" "
                         f"src=\"data:image/png;base64,{data}\">")
        else:
            parts.append(f"<p class=note>{e(s.note)}</p>")
    parts.append("<h2>Every benchmark</h2>")
    parts.append(_table(["benchmark", "median", "unit", "cv", "repetitions"],
                        [[s.name, f"{s.median:.4g}", s.unit,
                          f"{100 * s.cv:.1f}%", len(s.values)]
                         for s in run.samples.values()]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


def write_report(run_dir, db_url=None, use_history=True):
    """Writes both reports into `run_dir`; returns the HTML's path."""
    run = runjson.load_run(run_dir)
    out_dir = os.path.join(run.path, "report")
    os.makedirs(out_dir, exist_ok=True)
    compare_doc = None
    compare_path = os.path.join(run.path, "compare.json")
    if os.path.exists(compare_path):
        with open(compare_path, encoding="utf-8") as f:
            compare_doc = json.load(f)
    sections = build_sections(run, db_url, use_history, compare_doc, out_dir)
    write_markdown(os.path.join(run.path, "report.md"), run, sections,
                   compare_doc, lambda p: os.path.relpath(p, run.path))
    html_path = os.path.join(run.path, "report.html")
    write_html(html_path, run, sections, compare_doc)
    return html_path


def main(argv):
    parser = argparse.ArgumentParser(prog="report.py",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("run", metavar="RUN_DIR")
    parser.add_argument("--db", help="history: SQLite file or postgresql:// "
                        "URL (default: $MTBENCH_DB, else "
                        f"{history.DEFAULT_SQLITE})")
    parser.add_argument("--no-history", action="store_true",
                        help="leave out the trend plot")
    args = parser.parse_args(argv)
    try:
        path = write_report(args.run, args.db, not args.no_history)
    except (runjson.RunError, history.HistoryError) as e:
        print(f"report.py: {e}", file=sys.stderr)
        return 2
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
