#!/usr/bin/python3
"""Writes results/<run>/report.md and report.html: the verdict summary
first, then the run's machine and calibration, each scenario's status, the
nightly comparison when there is one, the claims, the plots (counter, spawn,
pool, gil, history trends), the analyses, and every benchmark's median
(collapsed). Prints the HTML's path.

usage: report.py RUN_DIR [--db URL] [--no-history]"""

import argparse
import json
import os
import sys

import history
import report_doc
import report_figures
import report_html
import report_md
import runjson


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
    figures = report_figures.draw(run, db_url, use_history, compare_doc,
                                  out_dir)
    blocks = report_doc.build(run, figures, compare_doc)
    report_md.write(os.path.join(run.path, "report.md"), blocks,
                    lambda p: os.path.relpath(p, run.path))
    html_path = os.path.join(run.path, "report.html")
    report_html.write(html_path, f"mtbench {run.key}", blocks)
    return html_path


def main(argv):
    parser = argparse.ArgumentParser(prog="report.py",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("run", metavar="RUN_DIR",
                        help="a run folder (or its run.json)")
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
