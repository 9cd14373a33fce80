#!/usr/bin/python3
"""The verdict summary of a run, as the report opens with it and as
`mtbench run` ends: per scenario (in run.json's order) its status and its
counts of claims that hold, fail, are not measurable here and were not run;
then every claim that fails with its numbers; then each reason a claim could
not be judged, once, with the claims it applies to.

usage: summary.py RUN_DIR   (prints the summary as text)"""

import argparse
import sys

import runjson

STATUSES = ("ok", "failed", "crashed", "timed out", "interrupted", "skipped")
# The verdicts in run.json, in the summary's column order. A verdict string
# not listed (a newer mtbench) gets a column of its own after these.
VERDICTS = ("holds", "fails", "not measurable here", "not run")
# Verdicts whose claims were not judged: their reasons are listed once each.
UNJUDGED = ("not measurable here", "not run")


class Row:
    def __init__(self, scenario, counts):
        self.name = scenario.get("name", "?")
        self.status = scenario.get("status", "?")
        self.reason = scenario.get("reason") or ""
        self.seconds = float(scenario.get("wall_seconds") or 0)
        self.benchmarks = int(scenario.get("benchmarks") or 0)
        self.counts = counts


class Summary:
    """rows: one Row per scenario; verdicts: the count columns; failing:
    [(scenario, claim)]; reasons: {verdict: [(reason, [(scenario,
    sentence)])]} in first-seen order."""

    def __init__(self, rows, verdicts, failing, reasons):
        self.rows, self.verdicts = rows, verdicts
        self.failing, self.reasons = failing, reasons

    def total(self, verdict):
        return sum(r.counts[verdict] for r in self.rows)

    def statuses(self):
        """{status: scenarios with it}, in STATUSES order, then others."""
        seen = [r.status for r in self.rows]
        order = [s for s in STATUSES if s in seen] + sorted(
            {s for s in seen if s not in STATUSES})
        return {s: seen.count(s) for s in order}


def summarize(run):
    scenarios = run.scenarios
    claims = [(s.get("name", "?"), c) for s in scenarios
              for c in s.get("claims") or []]
    seen = {str(c.get("verdict")) for _, c in claims}
    verdicts = list(VERDICTS) + sorted(seen - set(VERDICTS))
    rows = []
    for s in scenarios:
        mine = [str(c.get("verdict")) for c in s.get("claims") or []]
        rows.append(Row(s, {v: mine.count(v) for v in verdicts}))
    failing = [(n, c) for n, c in claims if c.get("verdict") == "fails"]
    reasons = {}
    for verdict in UNJUDGED:
        grouped = {}
        for name, c in claims:
            if c.get("verdict") == verdict:
                why = str(c.get("numbers") or "no reason recorded")
                grouped.setdefault(why, []).append(
                    (name, str(c.get("sentence", ""))))
        reasons[verdict] = list(grouped.items())
    return Summary(rows, verdicts, failing, reasons)


def headline(summary):
    """One line: "11 scenarios: 10 ok, 1 crashed; claims: 30 hold, ..." """
    statuses = ", ".join(f"{n} {s}" for s, n in summary.statuses().items())
    counts = ", ".join(f"{summary.total(v)} {v}" for v in summary.verdicts)
    return f"{len(summary.rows)} scenario(s): {statuses or 'none'}; " \
        f"claims: {counts}"


def format_text(summary):
    """The summary as console text."""
    width = max([len(r.name) for r in summary.rows] + [8]) + 2
    cols = [(v, max(len(v), 5) + 2) for v in summary.verdicts]
    out = ["scenario".ljust(width) + "status".ljust(13) +
           "".join(v.rjust(w) for v, w in cols)]
    for r in summary.rows:
        out.append(r.name.ljust(width) + r.status.ljust(13) +
                   "".join(str(r.counts[v]).rjust(w) for v, w in cols))
    out.append("all".ljust(width) + "".ljust(13) +
               "".join(str(summary.total(v)).rjust(w) for v, w in cols))
    out += ["", headline(summary)]
    if summary.failing:
        out += ["", "Claims that fail:"]
        out += [f"  {n}: {c.get('sentence')}  [{c.get('check')}]  "
                f"{c.get('numbers')}" for n, c in summary.failing]
    for verdict, reasons in summary.reasons.items():
        if reasons:
            out += ["", f"{verdict.capitalize()}:"]
            for why, claims in reasons:
                out.append(f"  {why}")
                out += [f"    - {n}: {sentence}" for n, sentence in claims]
    return "\n".join(out)


def main(argv):
    parser = argparse.ArgumentParser(prog="summary.py",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("run", metavar="RUN_DIR",
                        help="a run folder (or its run.json)")
    args = parser.parse_args(argv)
    try:
        run = runjson.load_run(args.run)
    except runjson.RunError as e:
        print(f"summary.py: {e}", file=sys.stderr)
        return 2
    print(format_text(summarize(run)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
