"""The history tests against a real PostgreSQL server that this test starts
(Debian's postgresql: initdb and pg_ctl, as an unprivileged user when run as
root) on a Unix socket only, in a temporary folder; skipped, saying why, when
no server can be started."""

import glob
import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
import unittest

import history_test

_PORT = 54329  # only names the socket file: the server listens on no TCP port


def _pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


class Server:
    """A throw-away PostgreSQL cluster; start() returns None or why not."""

    def __init__(self):
        self.dir = None
        self.started = False

    def _as_owner(self, argv):
        if os.geteuid() == 0:
            argv = ["runuser", "-u", self.user, "--"] + argv
        return subprocess.run(argv, capture_output=True, text=True,
                              timeout=120)

    def start(self):
        bindir = _pg_bin()
        if bindir is None:
            return "no PostgreSQL server binaries (apt-get install postgresql)"
        if importlib.util.find_spec("psycopg2") is None:
            return "psycopg2 is missing (apt-get install python3-psycopg2)"
        self.user = pwd.getpwuid(os.geteuid()).pw_name
        if os.geteuid() == 0:  # initdb refuses to run as root
            try:
                self.user = pwd.getpwnam("postgres").pw_name
            except KeyError:
                return "running as root and there is no 'postgres' user"
        self.dir = tempfile.mkdtemp(prefix="mtbench-pg-")
        os.chmod(self.dir, 0o700)
        if os.geteuid() == 0:
            shutil.chown(self.dir, self.user, self.user)
        data = os.path.join(self.dir, "data")
        r = self._as_owner([os.path.join(bindir, "initdb"), "-D", data,
                            "-A", "trust", "-U", "mtbench", "--no-sync"])
        if r.returncode != 0:
            return f"initdb failed: {r.stderr.strip()[-300:]}"
        options = (f"-k {self.dir} -p {_PORT} -c listen_addresses='' "
                   "-c fsync=off -c max_connections=40")
        r = self._as_owner([os.path.join(bindir, "pg_ctl"), "-D", data, "-o",
                            options, "-l", os.path.join(self.dir, "log"),
                            "-w", "-t", "60", "start"])
        if r.returncode != 0:
            log = ""
            if os.path.exists(os.path.join(self.dir, "log")):
                with open(os.path.join(self.dir, "log")) as f:
                    log = f.read()[-300:]
            return f"pg_ctl start failed: {r.stderr.strip()[-300:]} {log}"
        self.started = True
        self.bindir, self.data = bindir, data
        return None

    def url(self, database="postgres"):
        return (f"postgresql://mtbench@/{database}?host={self.dir}"
                f"&port={_PORT}")

    def create_database(self, name):
        import psycopg2
        conn = psycopg2.connect(self.url())
        conn.autocommit = True
        conn.cursor().execute(f"CREATE DATABASE {name}")
        conn.close()

    def stop(self):
        if self.started:
            self._as_owner([os.path.join(self.bindir, "pg_ctl"), "-D",
                            self.data, "-m", "immediate", "-w", "stop"])
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)


_server = Server()
_why_not = None


def setUpModule():
    global _why_not
    _why_not = _server.start()
    if _why_not:
        print(f"\npostgres_test: SKIPPED, no PostgreSQL server: {_why_not}")


def tearDownModule():
    _server.stop()


class PostgresHistoryTest(history_test.HistoryCases, unittest.TestCase):
    _count = 0

    def setUp(self):
        if _why_not:
            self.skipTest(f"no PostgreSQL server could be started: {_why_not}")
        super().setUp()
        # A fresh database per test: the cases count rows from empty.
        PostgresHistoryTest._count += 1
        self.database = f"history_{os.getpid()}_{self._count}"
        _server.create_database(self.database)

    def url(self):
        return _server.url(self.database)

    def test_schema_is_the_same_tables(self):
        db = history_test.history.open_db(self.url())
        try:
            self.assertTrue(db.postgres)
            names = {r[0] for r in db.execute(
                "SELECT table_name FROM information_schema.tables WHERE "
                "table_schema = 'public'").fetchall()}
            self.assertEqual(names, {"meta", "runs", "results"})
        finally:
            db.close()

    def test_bad_url_is_a_clear_error(self):
        with self.assertRaisesRegex(history_test.history.HistoryError,
                                    "cannot connect"):
            history_test.history.open_db(_server.url("no_such_database"))


if __name__ == "__main__":
    unittest.main()
