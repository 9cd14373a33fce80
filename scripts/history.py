#!/usr/bin/python3
"""The history database of runs: an SQLite file (results/history.sqlite) by
default, PostgreSQL when MTBENCH_DB (or --db) is a postgresql:// URL. One
schema for both; importing a run twice changes nothing, and importers running
at once lose nothing (each import is one transaction keyed by the run).

usage: history.py import RUN_DIR...   |   history.py list [--config TEXT]"""

import argparse
import json
import os
import sqlite3
import sys
import time

import runjson

DEFAULT_SQLITE = os.path.join("results", "history.sqlite")
# How long an SQLite importer waits for another's write lock before failing.
_BUSY_SECONDS = 120
SCHEMA_VERSION = 1

# {id} is the dialect's auto-increment key; everything else is portable SQL.
_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS meta (
         key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS runs (
         id {id},
         run_key TEXT NOT NULL UNIQUE,
         digest TEXT NOT NULL,
         git_commit TEXT NOT NULL, git_dirty INTEGER NOT NULL,
         started TEXT NOT NULL, imported TEXT NOT NULL,
         host TEXT NOT NULL, topology TEXT NOT NULL, preset TEXT NOT NULL,
         compiler TEXT NOT NULL, quick INTEGER NOT NULL,
         repetitions INTEGER NOT NULL,
         config TEXT NOT NULL,
         calibration TEXT NOT NULL,
         mtbench TEXT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS runs_by_config ON runs (config, started)""",
    """CREATE TABLE IF NOT EXISTS results (
         run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
         benchmark TEXT NOT NULL,
         scenario TEXT NOT NULL, shape TEXT NOT NULL, variant TEXT NOT NULL,
         axes TEXT NOT NULL, threads INTEGER NOT NULL,
         metric TEXT NOT NULL, unit TEXT NOT NULL,
         higher_is_better INTEGER NOT NULL,
         n INTEGER NOT NULL, median DOUBLE PRECISION NOT NULL,
         cv DOUBLE PRECISION NOT NULL,
         samples TEXT NOT NULL,      -- JSON: each repetition's figure
         cpu_samples TEXT NOT NULL,  -- JSON: each one's CPU time/iteration
         PRIMARY KEY (run_id, benchmark))""",
    """CREATE INDEX IF NOT EXISTS results_by_name ON results (benchmark)""",
]


class HistoryError(Exception):
    """A database that cannot be opened or used, said clearly."""


class Database:
    """A connection with the dialect's placeholders and key type."""

    def __init__(self, url):
        self.url = url
        self.postgres = url.startswith(("postgresql://", "postgres://"))
        if self.postgres:
            try:
                import psycopg2  # Debian python3-psycopg2
            except ImportError as e:
                raise HistoryError(
                    "MTBENCH_DB is a PostgreSQL URL but psycopg2 is missing: "
                    "apt-get install python3-psycopg2") from e
            try:
                self.conn = psycopg2.connect(url)
            except psycopg2.Error as e:
                raise HistoryError(f"cannot connect to {_redact(url)}: "
                                   f"{str(e).strip()}") from e
        else:
            path = url[len("sqlite:///"):] if url.startswith("sqlite:///") \
                else url
            folder = os.path.dirname(path)
            if folder:
                os.makedirs(folder, exist_ok=True)
            # Autocommit mode, transactions opened by hand: BEGIN IMMEDIATE
            # takes the write lock up front, so concurrent importers queue
            # (for up to the timeout) instead of failing on upgrade.
            self.conn = sqlite3.connect(path, timeout=_BUSY_SECONDS,
                                        isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            _use_wal(self.conn, deadline=time.monotonic() + _BUSY_SECONDS)
        self._ensure_schema()

    def close(self):
        self.conn.close()

    def execute(self, sql, params=()):
        if self.postgres:
            sql = sql.replace("?", "%s")
        cur = self.conn.cursor()
        cur.execute(sql, params)
        return cur

    def begin(self):
        if self.postgres:
            return  # psycopg2 opens a transaction at the first statement
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self):
        self.conn.commit() if self.postgres else self.conn.execute("COMMIT")

    def rollback(self):
        if self.postgres:
            self.conn.rollback()
        elif self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _ensure_schema(self):
        key = "SERIAL PRIMARY KEY" if self.postgres \
            else "INTEGER PRIMARY KEY AUTOINCREMENT"
        self.begin()
        try:
            if self.postgres:
                # Concurrent CREATE ... IF NOT EXISTS can still collide in
                # PostgreSQL's catalogue; one schema writer at a time.
                self.execute("SELECT pg_advisory_xact_lock(7206123)")
            for statement in _SCHEMA:
                self.execute(statement.format(id=key))
            self.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO NOTHING",
                         ("schema_version", str(SCHEMA_VERSION)))
            found = self.execute("SELECT value FROM meta WHERE key = ?",
                                 ("schema_version",)).fetchone()[0]
            self.commit()
        except Exception:
            self.rollback()
            raise
        if int(found) != SCHEMA_VERSION:
            raise HistoryError(f"{_redact(self.url)} has schema version "
                               f"{found}; this mtbench reads {SCHEMA_VERSION}")


def _use_wal(conn, deadline):
    """Readers (a report) never block the importer, nor it them. Switching
    a new file to WAL needs its exclusive lock, and SQLite returns "database
    is locked" at once, without waiting out the busy timeout, when connections
    opening it together would deadlock; so back off and retry."""
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _redact(url):
    """A URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return scheme + "://" + rest.split("@", 1)[1]
    return url


def default_url():
    return os.environ.get("MTBENCH_DB") or DEFAULT_SQLITE


def open_db(url=None):
    """Opens (creating if needed) the history database; raises HistoryError."""
    url = url or default_url()
    try:
        return Database(url)
    except sqlite3.Error as e:
        raise HistoryError(f"cannot open {url}: {e}") from e


def import_run(db, run):
    """Imports `run` (a runjson.Run) in one transaction. Returns "imported",
    "already imported", or "already imported with other content (kept)"."""
    b = run.block
    for attempt in range(5):
        db.begin()
        try:
            cur = db.execute(
                "INSERT INTO runs (run_key, digest, git_commit, git_dirty, "
                "started, imported, host, topology, preset, compiler, quick, "
                "repetitions, config, calibration, mtbench) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (run_key) DO NOTHING RETURNING id",
                (run.key, run.digest(), run.commit, int(run.dirty),
                 run.started, time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                            time.gmtime()),
                 run.host, run.topology, run.preset, run.compiler,
                 int(run.quick), run.repetitions, run.config,
                 json.dumps(run.calibration, sort_keys=True),
                 json.dumps({k: v for k, v in b.items()
                             if k != "scenarios"}, sort_keys=True)))
            row = cur.fetchone()
            if row is None:
                digest = db.execute("SELECT digest FROM runs WHERE run_key = ?",
                                    (run.key,)).fetchone()[0]
                db.commit()
                return "already imported" if digest == run.digest() else \
                    "already imported with other content (kept the first)"
            run_id = row[0]
            for s in run.samples.values():
                db.execute(
                    "INSERT INTO results (run_id, benchmark, scenario, shape, "
                    "variant, axes, threads, metric, unit, higher_is_better, "
                    "n, median, cv, samples, cpu_samples) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (run_id, s.name, s.scenario, s.shape, s.variant,
                     json.dumps(s.axes, sort_keys=True), s.threads, s.metric,
                     s.unit, int(s.higher_is_better), len(s.values), s.median,
                     s.cv if s.cv != float("inf") else 1e9,
                     json.dumps(s.values), json.dumps(s.cpu_values)))
            db.commit()
            return "imported"
        except Exception as e:
            db.rollback()
            # PostgreSQL may abort one of two colliding transactions; the
            # retry then sees the other's committed run and does nothing.
            if db.postgres and type(e).__name__ in (
                    "SerializationFailure", "DeadlockDetected",
                    "UniqueViolation") and attempt < 4:
                continue
            raise
    raise HistoryError(f"could not import {run.key}")


def _run_from_rows(run_row, result_rows):
    """Rebuilds a runjson.Run from the database (no run folder needed)."""
    (key, commit, dirty, started, host, topology, preset, compiler, quick,
     reps, calibration, mtbench) = run_row
    block = json.loads(mtbench)
    block.update({"git_commit": commit, "git_dirty": bool(dirty),
                  "started": started, "preset": preset, "compiler": compiler,
                  "quick": bool(quick), "repetitions": reps,
                  "calibration": json.loads(calibration)})
    block.setdefault("topology", {})["summary"] = topology
    doc = {"context": {"host_name": host, "mtbench": block},
           "benchmarks": []}
    run = runjson.Run(key, doc)
    run.started = started
    for name, metric, unit, higher, samples, cpu in result_rows:
        run.samples[name] = runjson.Sample(name, metric, unit, bool(higher),
                                           json.loads(samples),
                                           json.loads(cpu))
    return run


_RUN_COLUMNS = ("run_key, git_commit, git_dirty, started, host, topology, "
                "preset, compiler, quick, repetitions, calibration, mtbench")


def _load(db, where, params):
    rows = db.execute(f"SELECT id, {_RUN_COLUMNS} FROM runs WHERE {where}",
                      params).fetchall()
    runs = []
    for row in rows:
        results = db.execute(
            "SELECT benchmark, metric, unit, higher_is_better, samples, "
            "cpu_samples FROM results WHERE run_id = ? ORDER BY benchmark",
            (row[0],)).fetchall()
        runs.append(_run_from_rows(row[1:], results))
    return runs


def find_run(db, key):
    """The run imported under `key` (its folder name), or None."""
    runs = _load(db, "run_key = ?", (key,))
    return runs[0] if runs else None


def history(db, config, before, exclude_key, limit):
    """Up to `limit` runs of `config` started before `before` (ISO UTC),
    oldest first, without `exclude_key`."""
    keys = db.execute(
        "SELECT run_key FROM runs WHERE config = ? AND started <= ? AND "
        "run_key <> ? ORDER BY started DESC, id DESC LIMIT ?",
        (config, before, exclude_key, limit)).fetchall()
    runs = [find_run(db, k[0]) for k in keys]
    return list(reversed(runs))


def main(argv):
    parser = argparse.ArgumentParser(
        prog="history.py", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="SQLite file or postgresql:// URL "
                        f"(default: $MTBENCH_DB, else {DEFAULT_SQLITE})")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import run folders")
    imp.add_argument("runs", nargs="+", metavar="RUN_DIR")
    lst = sub.add_parser("list", help="list imported runs")
    lst.add_argument("--config", help="only runs of this configuration")
    args = parser.parse_args(argv)
    try:
        db = open_db(args.db)
    except HistoryError as e:
        print(f"history.py: {e}", file=sys.stderr)
        return 2
    try:
        if args.command == "import":
            for path in args.runs:
                run = runjson.load_run(path)
                status = import_run(db, run)
                print(f"{run.key}: {status} ({len(run.samples)} benchmarks) "
                      f"into {_redact(db.url)}")
        else:
            where, params = ("config = ?", (args.config,)) if args.config \
                else ("1 = 1", ())
            for row in db.execute(
                    "SELECT run_key, started, git_commit, config, "
                    f"(SELECT COUNT(*) FROM results WHERE run_id = runs.id) "
                    f"FROM runs WHERE {where} ORDER BY started", params):
                print(f"{row[0]}  {row[1]}  {row[2][:10]}  {row[4]:4d}  "
                      f"{row[3]}")
    except runjson.RunError as e:
        print(f"history.py: {e}", file=sys.stderr)
        return 2
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
