#!/usr/bin/python3
"""mtbench compare: significant regressions and improvements between two
runs, or between a run and its recent history.

Each benchmark's repetitions are compared by a two-sided Mann-Whitney U test;
a change is significant when p < --alpha and the medians differ by at least
--min-effect, by 2 x the repetitions' coefficient of variation, and, with 3+
history runs, beyond the 99 % prediction interval of the run medians. Two
runs without history cannot tell a change from the drift between them (the
repetitions inside one run agree far better than two runs minutes apart):
their significant differences are listed as "differs", never as
regressions; `mtbench ab` runs both builds in the same minutes and can. A
benchmark whose wall-clock repetitions vary more than --max-cv is judged on
its CPU time per iteration when that is steady and 3+ history runs show its
run-to-run spread (others steal wall time on a shared machine, not CPU time),
else listed as too noisy to judge. Runs with too few repetitions for the test
(one each, say) are listed with both medians and their ratio, marked not
testable. Exit status: 1 when a regression is found (against history), 0
otherwise, 2 on bad usage."""

import argparse
import dataclasses
import json
import os
import sys

import compare_text
import history
import runjson
import stats


def load_spec(spec, db_url, results_root="results"):
    """A run from a folder, a run.json, results/<id>, or the database."""
    for path in (spec, os.path.join(results_root, spec)):
        if os.path.exists(path):
            return runjson.load_run(path)
    url = db_url or history.default_url()
    if url.startswith(("postgresql://", "postgres://")) or os.path.exists(url):
        db = history.open_db(url)
        try:
            run = history.find_run(db, spec)
        finally:
            db.close()
        if run is not None:
            return run
    raise runjson.RunError(
        f"'{spec}' is neither a run folder nor a run id under "
        f"{results_root}/ or in {history._redact(url)}")


def compare_pair(base, new, params):
    verdicts = []
    for name, s in new.samples.items():
        b = base.samples.get(name)
        if b is None or b.metric != s.metric:
            verdicts.append(stats.Verdict(name, "new", n_new=len(s.values),
                                          unit=s.unit,
                                          note="not in the base run"))
            continue
        verdicts.append(_drift_or_change(stats.judge(
            name, s.values, [b.values], s.higher_is_better, s.unit, params,
            s.cpu_values, [b.cpu_values])))
    missing = [n for n in base.samples if n not in new.samples]
    return verdicts, missing, []


def _drift_or_change(v):
    """A significant difference between two runs is "differs": with one run
    on each side there is no measure of how far two runs of the same build
    drift apart (README: two runs of one build a few minutes apart differ
    by far more than their repetitions vary), so it is no evidence of a
    change. History (3+ runs) or `mtbench ab` is."""
    if v.kind in ("regression", "improvement"):
        v.note = ("slower" if v.kind == "regression" else "faster") + \
            ": drift or change, two runs cannot tell"
        v.kind = "differs"
    return v


def compare_history(new, db, params, window, baseline_runs):
    """Judges `new` against up to `window` earlier runs of its configuration:
    change points over each benchmark's series of run medians pick the
    baseline (the runs after the last one, at most `baseline_runs`)."""
    past = history.history(db, new.config, new.started, new.key, window)
    verdicts, changes = [], []
    for name, s in new.samples.items():
        runs = [(r.key, r.samples[name]) for r in past
                if name in r.samples and r.samples[name].metric == s.metric]
        if not runs:
            verdicts.append(stats.Verdict(name, "new", n_new=len(s.values),
                                          unit=s.unit,
                                          note="no earlier run of this "
                                          "configuration"))
            continue
        medians = [x.median for _, x in runs]
        start = stats.baseline_window(medians, params)
        window = [x for _, x in runs[start:]][-baseline_runs:]
        v = stats.judge(name, s.values, [x.values for x in window],
                        s.higher_is_better, s.unit, params, s.cpu_values,
                        [x.cpu_values for x in window])
        verdicts.append(v)
        keys = [k for k, _ in runs] + [new.key]
        for cp in stats.change_points(medians + [s.median], params):
            worse = (cp.change < 0) == s.higher_is_better
            changes.append({"benchmark": name, "at_run": keys[cp.index],
                            "change": cp.change, "p_value": cp.p_value,
                            "kind": "regression" if worse else "improvement"})
    latest = past[-1].samples if past else {}
    missing = sorted(set(latest) - set(new.samples))
    return verdicts, missing, changes, [r.key for r in past]


def build_parser():
    summary, method = __doc__.split("\n\n", 1)
    summary = summary.split(": ", 1)[1]
    parser = argparse.ArgumentParser(
        prog="mtbench compare", description=summary[0].upper() + summary[1:],
        epilog=method, usage="mtbench compare [options] BASE NEW\n"
        "       mtbench compare [options] --history RUN")
    parser.add_argument("runs", nargs="*", metavar="BASE NEW",
                        help="two runs: run folders, or run ids (folder "
                        "names) under results/ or in the history database")
    parser.add_argument("--history", metavar="RUN",
                        help="compare RUN with earlier runs of its host and "
                        "configuration in the database, after the last "
                        "change point of each benchmark")
    parser.add_argument("--db", metavar="URL",
                        help="the history: an SQLite file or a postgresql:// "
                        f"URL (default: $MTBENCH_DB, else "
                        f"{history.DEFAULT_SQLITE})")
    d = stats.Params()
    parser.add_argument("--alpha", type=float, default=d.alpha, metavar="P",
                        help=f"significance per benchmark (default {d.alpha})")
    parser.add_argument("--min-effect", type=float, default=d.min_effect,
                        metavar="FRACTION",
                        help="smallest relative change of the median that "
                        f"counts (default {d.min_effect})")
    parser.add_argument("--max-cv", type=float, default=d.max_cv,
                        metavar="FRACTION",
                        help="repetitions varying more are too noisy to "
                        f"judge (default {d.max_cv})")
    parser.add_argument("--window", type=int, default=20, metavar="RUNS",
                        help="history runs searched for change points "
                        "(default 20)")
    parser.add_argument("--baseline-runs", type=int, default=10,
                        metavar="RUNS",
                        help="most history runs pooled as the baseline "
                        "(default 10)")
    parser.add_argument("--json", metavar="FILE",
                        help="also write the verdicts as JSON to FILE")
    return parser


def main(argv):
    parser = build_parser()
    args = parser.parse_args(argv)
    params = stats.Params(alpha=args.alpha, min_effect=args.min_effect,
                          max_cv=args.max_cv)
    bad = [(n, v) for n, v in (("--alpha", args.alpha),
                               ("--min-effect", args.min_effect),
                               ("--max-cv", args.max_cv))
           if not 0 < v < 1]
    if bad:
        parser.error(f"{bad[0][0]} must lie between 0 and 1, "
                     f"got {bad[0][1]}")
    if args.window < 1 or args.baseline_runs < 1:
        parser.error("--window and --baseline-runs take a positive count")
    if bool(args.history) == bool(args.runs) or \
            (args.runs and len(args.runs) != 2):
        parser.error("give BASE and NEW, or --history RUN")
    try:
        if args.history:
            new = load_spec(args.history, args.db)
            db = history.open_db(args.db)
            try:
                history.import_run(db, new)  # idempotent: a no-op when done
                verdicts, missing, changes, base_keys = compare_history(
                    new, db, params, args.window, args.baseline_runs)
            finally:
                db.close()
            print(f"mtbench compare: {new.key} against {len(base_keys)} "
                  f"earlier run(s) of {new.config}")
        else:
            base = load_spec(args.runs[0], args.db)
            new = load_spec(args.runs[1], args.db)
            verdicts, missing, changes = compare_pair(base, new, params)
            base_keys = [base.key]
            print(f"mtbench compare: {new.key} against {base.key}")
            if base.config != new.config:
                print(f"  note: configurations differ:\n    base {base.config}"
                      f"\n    new  {new.config}")
    except (runjson.RunError, history.HistoryError) as e:
        print(f"mtbench compare: {e}", file=sys.stderr)
        return 2
    count = compare_text.print_table(verdicts, missing, changes, params)
    status = 1 if count["regression"] else 0
    if args.json:
        doc = {"new": new.key, "base": base_keys,
               "params": dataclasses.asdict(params),
               "verdicts": [dataclasses.asdict(v) for v in verdicts],
               "missing": missing, "change_points": changes, "exit": status}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
