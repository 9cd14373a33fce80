"""Tests of the history database (SQLite here; postgres_test.py runs the
same cases against a real PostgreSQL server): import idempotence, concurrent
importers losing nothing, round trips, and run.json parsing."""

import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import unittest

import fixtures
import history
import runjson

NAME = "counter/increment/mutex/pin:compact/real_time/threads:2"


def _import_many(url, folders, barrier, results, index):
    """One importer process: waits for the others, then imports. A failure
    is sent back at once, so the parent does not wait out its timeout."""
    barrier.wait()
    try:
        db = history.open_db(url)
        try:
            results.put((index, [history.import_run(db, runjson.load_run(f))
                                 for f in folders]))
        finally:
            db.close()
    except Exception as e:
        results.put((index, f"failed: {type(e).__name__}: {e}"))
        raise


def import_concurrently(url, jobs):
    """Runs one importer process per job, all released at once by a
    barrier; returns each job's statuses. Every process is joined."""
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(len(jobs)), ctx.Queue()
    procs = [ctx.Process(target=_import_many,
                         args=(url, job, barrier, results, i))
             for i, job in enumerate(jobs)]
    for p in procs:
        p.start()
    try:
        out = dict(results.get(timeout=120) for _ in procs)
    finally:
        for p in procs:
            p.join(timeout=120)
            if p.is_alive():
                p.kill()
                p.join()
    assert all(p.exitcode == 0 for p in procs), out
    return [out[i] for i in range(len(jobs))]


class HistoryCases:
    """Cases run against any backend; a subclass provides url()."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mtbench-history-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_folder(self, i, level=1e7, host=fixtures.HOST):
        return fixtures.write_run(
            self.tmp, f"20260101-{i:06d}-{host}",
            f"2026-01-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:"
            f"{i % 60:02d}+0000",
            {NAME: ([level + j for j in range(9)], True),
             "spawn/create/fork/parent_mib:64/real_time":
                 ([5e4 + j for j in range(9)], False)}, host=host)

    def counts(self, db):
        return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("runs", "results"))

    def dump(self, db):
        return db.execute("SELECT r.run_key, r.digest, x.benchmark, "
                          "x.samples, x.axes FROM runs r JOIN results x ON "
                          "x.run_id = r.id ORDER BY 1, 3").fetchall()

    def test_import_twice_changes_nothing(self):
        folder = self.run_folder(1)
        db = history.open_db(self.url())
        try:
            self.assertEqual(history.import_run(db, runjson.load_run(folder)),
                             "imported")
            before = self.dump(db)
            self.assertEqual(self.counts(db), (1, 2))
            self.assertEqual(history.import_run(db, runjson.load_run(folder)),
                             "already imported")
            self.assertEqual(self.dump(db), before)
        finally:
            db.close()

    def test_reimport_with_other_content_keeps_the_first(self):
        db = history.open_db(self.url())
        try:
            history.import_run(db, runjson.load_run(self.run_folder(1)))
            before = self.dump(db)
            changed = runjson.load_run(self.run_folder(1, level=2e7))
            self.assertIn("other content",
                          history.import_run(db, changed))
            self.assertEqual(self.dump(db), before)
        finally:
            db.close()

    def test_concurrent_importers_lose_nothing(self):
        workers, per_worker = 6, 4
        shared = self.run_folder(999)  # every importer also imports this
        jobs = [[self.run_folder(w * 100 + i) for i in range(per_worker)] +
                [shared] for w in range(workers)]
        history.open_db(self.url()).close()  # schema first, as nightly does
        statuses = import_concurrently(self.url(), jobs)
        shared_statuses = [s[-1] for s in statuses]
        self.assertEqual(shared_statuses.count("imported"), 1)
        db = history.open_db(self.url())
        try:
            self.assertEqual(self.counts(db), (workers * per_worker + 1,
                                               2 * (workers * per_worker + 1)))
        finally:
            db.close()

    def test_concurrent_schema_creation(self):
        import_concurrently(self.url(),
                            [[self.run_folder(i)] for i in range(4)])
        db = history.open_db(self.url())
        try:
            self.assertEqual(self.counts(db), (4, 8))
        finally:
            db.close()

    def test_round_trip_and_history_order(self):
        db = history.open_db(self.url())
        try:
            for i in (3, 1, 2):
                history.import_run(db, runjson.load_run(self.run_folder(i)))
            history.import_run(db, runjson.load_run(
                self.run_folder(4, host="otherhost")))
            new = runjson.load_run(self.run_folder(5))
            past = history.history(db, new.config, new.started, new.key, 10)
            self.assertEqual([r.key[-10:] for r in past],
                             ["1-testhost", "2-testhost", "3-testhost"])
            back = history.find_run(db, past[0].key)
            self.assertEqual(back.samples[NAME].values,
                             [1e7 + j for j in range(9)])
            self.assertEqual(back.samples[NAME].cpu_values,
                             new.samples[NAME].cpu_values)
            self.assertEqual(len(back.samples[NAME].cpu_values), 9)
            self.assertTrue(back.samples[NAME].higher_is_better)
            self.assertEqual(back.samples[NAME].axes,
                             {"pin": "compact", "threads": "2"})
            self.assertEqual(back.config, new.config)
            self.assertEqual(len(history.history(db, new.config, new.started,
                                                 new.key, 2)), 2)
        finally:
            db.close()


    def test_a_fleet_compares_within_a_machine_class_only(self):
        db = history.open_db(self.url())
        old = os.environ.get("MTBENCH_MACHINE_CLASS")
        try:
            for i, host, cls in ((1, "runner-a", "c6i.large"),
                                 (2, "runner-b", "c6i.large"),
                                 (3, "runner-c", "m7g.large")):
                os.environ["MTBENCH_MACHINE_CLASS"] = cls
                run = runjson.load_run(self.run_folder(i, host=host))
                self.assertEqual(run.host, host)
                history.import_run(db, run)
            os.environ["MTBENCH_MACHINE_CLASS"] = "c6i.large"
            new = runjson.load_run(self.run_folder(4, host="runner-d"))
            past = history.history(db, new.config, new.started, new.key, 10)
            self.assertEqual([r.key[-8:] for r in past],
                             ["runner-a", "runner-b"])
            hosts = db.execute("SELECT host FROM runs ORDER BY host")
            self.assertEqual([h[0] for h in hosts.fetchall()],
                             ["runner-a", "runner-b", "runner-c"])
        finally:
            if old is None:
                os.environ.pop("MTBENCH_MACHINE_CLASS", None)
            else:
                os.environ["MTBENCH_MACHINE_CLASS"] = old
            db.close()


class SqliteHistoryTest(HistoryCases, unittest.TestCase):

    def url(self):
        return os.path.join(self.tmp, "history.sqlite")

    def test_openers_of_a_new_file_at_once(self):
        # Eight processes opening (and so creating) one file together: each
        # must wait for the others, never fail with "database is locked".
        # Before the WAL switch retried, 112 of 300 such rounds failed here.
        for round_ in range(20):
            url = os.path.join(self.tmp, f"opened-{round_}.sqlite")
            self.assertEqual(import_concurrently(url, [[]] * 8), [[]] * 8)

    def test_tables_are_plain_sqlite(self):
        db = history.open_db(self.url())
        history.import_run(db, runjson.load_run(self.run_folder(1)))
        db.close()
        raw = sqlite3.connect(self.url())
        cols = [r[1] for r in raw.execute("PRAGMA table_info(results)")]
        self.assertIn("samples", cols)
        self.assertEqual(raw.execute(
            "SELECT host, preset, quick FROM runs").fetchone(),
            ("testhost", "release", 1))
        raw.close()


class RunJsonTest(unittest.TestCase):

    def test_parse_name_axes_and_suffixes(self):
        self.assertEqual(
            runjson.parse_name("counter/increment/mutex/pin:compact/"
                               "real_time/threads:4"),
            ("counter", "increment", "mutex",
             {"pin": "compact", "threads": "4"}))
        self.assertEqual(
            runjson.parse_name("counter/deposit/split_rmw/depositors:100/"
                               "delay_us:1000/iterations:5/real_time"),
            ("counter", "deposit", "split_rmw",
             {"depositors": "100", "delay_us": "1000"}))
        self.assertEqual(runjson.parse_name("solo"), ("solo", "", "", {}))

    def test_aggregates_errors_and_nulls_are_skipped(self):
        entries = fixtures.benchmarks_from({NAME: ([1.0, 2.0, 3.0], True)})
        entries.append({"name": "x/err", "run_type": "iteration",
                        "error_occurred": True, "real_time": 1.0})
        entries.append({"name": "x/null", "run_type": "iteration",
                        "real_time": None, "time_unit": "ns"})
        samples = runjson.samples_from_benchmarks(entries)
        self.assertEqual(list(samples), [NAME])
        self.assertEqual(samples[NAME].values, [1.0, 2.0, 3.0])
        self.assertEqual(samples[NAME].unit, "items/s")

    def test_not_a_run_folder_is_a_clear_error(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaisesRegex(runjson.RunError, "no run.json"):
                runjson.load_run(d)


if __name__ == "__main__":
    unittest.main()
