"""The report's content, in reading order, as a list of blocks
(report_blocks) that report_html and report_md render: what the report says
and in which order is decided once, here."""

import summary as verdicts
from report_blocks import Details, Heading, Image, Para, Table, cell


def _summary(run):
    s = verdicts.summarize(run)
    statuses = ", ".join(f"{n} {st}" for st, n in s.statuses().items())
    rows = [[r.name, r.status] + [str(r.counts[v]) for v in s.verdicts] +
            [f"{r.seconds:.1f}", str(r.benchmarks), r.reason] for r in s.rows]
    rows.append(["all", statuses] + [str(s.total(v)) for v in s.verdicts] +
                [f"{sum(r.seconds for r in s.rows):.1f}",
                 str(sum(r.benchmarks for r in s.rows)), ""])
    out = [Heading(2, "Verdict summary"), Para(verdicts.headline(s)),
           Table(["scenario", "status"] + s.verdicts +
                 ["seconds", "benchmarks", "reason"], rows,
                 [None if r.status == "ok" else "bad" for r in s.rows] +
                 ["total"], cls="summary")]
    out.append(Heading(3, f"Claims that fail ({len(s.failing)})"))
    if s.failing:
        out.append(Table(["scenario", "claim", "check", "numbers"],
                         [[n, c.get("sentence"), c.get("check"),
                           c.get("numbers")] for n, c in s.failing],
                         ["fails"] * len(s.failing)))
    else:
        out.append(Para("No claim fails."))
    for verdict, reasons in s.reasons.items():
        if reasons:
            out += [Heading(3, f"{verdict.capitalize()}: why "
                            f"({s.total(verdict)} claims, {len(reasons)} "
                            "reason(s))"),
                    Table(["reason", "claims it applies to"],
                          [[why, [f"{n}: {sentence}" for n, sentence in cs]]
                           for why, cs in reasons])]
    return out


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


def _comparison(doc):
    kinds = ("regression", "improvement", "noisy")
    rows = sorted((v for v in doc.get("verdicts", []) if v["kind"] in kinds),
                  key=lambda v: (kinds.index(v["kind"]), v["p_value"]))
    return [Heading(2, "Nightly comparison"),
            Para(f"Against {len(doc['base'])} earlier run(s); exit status "
                 f"{doc['exit']}."),
            Table(["verdict", "change", "p-value", "benchmark", "note"],
                  [[v["kind"], f"{100 * v['change']:+.1f}%",
                    f"{v['p_value']:.1e}", v["name"], v["note"]]
                   for v in rows], [v["kind"] for v in rows])]


def _claims(run):
    rows = [(s.get("name", "?"), c) for s in run.scenarios
            for c in s.get("claims") or []]
    return Table(["scenario", "claim", "verdict", "check", "numbers"],
                 [[n, c.get("sentence"), c.get("verdict"), c.get("check"),
                   c.get("numbers")] for n, c in rows],
                 [str(c.get("verdict", "")).split(" ")[0] for _, c in rows],
                 cls="claims", strong=2)


def _analyses(run):
    rows = []
    for s in run.scenarios:
        for name, block in (s.get("analysis") or {}).items():
            items = block.items() if isinstance(block, dict) else \
                [("value", block)]
            rows.append([s.get("name"), name, ", ".join(
                f"{k} = {cell(v)}" for k, v in items)])
    return Table(["scenario", "analysis", "figures"], rows)


def _benchmarks(run):
    samples = list(run.samples.values())
    return Table(["benchmark", "median", "unit", "cv", "repetitions"],
                 [[s.name, cell(s.median), s.unit,
                   f"{100 * s.cv:.1f}%" if len(s.values) > 1 else "—",
                   str(len(s.values))] for s in samples])


def _or_none(table, what):
    """The table, or a line saying there is nothing of `what` in the run
    (a header over no rows reads as a missing table)."""
    return table if table.rows else Para(f"No {what} in this run.", "note")


def build(run, figures, compare_doc):
    """The report's blocks: the verdict summary first, the long per-benchmark
    table last and collapsed."""
    blocks = [Heading(1, f"mtbench report: {run.key}"),
              Para(f"Started {run.started} on {run.host}, commit "
                   f"{run.commit[:12]}, {run.preset} build, "
                   f"{'quick' if run.quick else 'full'} run, "
                   f"{run.repetitions} repetition(s).")]
    blocks += _summary(run)
    blocks += [Heading(2, "Run"), Table(["field", "value"],
                                        [list(r) for r in _machine_rows(run)])]
    if compare_doc:
        blocks += _comparison(compare_doc)
    blocks += [Heading(2, "Claims"), _or_none(_claims(run), "claims")]
    for f in figures:
        blocks.append(Heading(2, f.title))
        blocks.append(Image(f) if f.png else Para(f.note, "note"))
    # Reference material, folded: the analyses' figures and every benchmark.
    blocks.append(Details("Analyses: the figures each scenario derived",
                          [_or_none(_analyses(run), "analyses")]))
    blocks.append(Details(f"Every benchmark ({len(run.samples)}): median, "
                          "spread and repetitions",
                          [_or_none(_benchmarks(run), "benchmarks")]))
    return blocks
