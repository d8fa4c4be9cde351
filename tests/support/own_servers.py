"""Servers of a test's own, to stop and restart at will (the machine's shared ones must not be touched):
a PostgreSQL cluster made by initdb in a temporary folder, a redis-server, a gunicorn serving the portal
and an `rq worker`. Missing programs skip the test with the reason, or fail it in CI."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import requests
from redis import Redis
from redis.exceptions import RedisError

from tests.support.environment import free_port
from tests.support.services import missing_program

ROOT = Path(__file__).resolve().parents[2]


def postgres_programs() -> Path:
    """The folder of initdb and pg_ctl: Debian keeps them out of PATH, one folder per major version."""
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name))
    for folder in [*reversed(folders), *[str(Path(found).parent) for found in [shutil.which("initdb")] if found]]:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    missing_program("PostgreSQL's server programs (initdb, pg_ctl)",
                    "apt-get install postgresql; they are looked for in /usr/lib/postgresql/*/bin and PATH")
    raise AssertionError("unreachable")


class OwnPostgres:
    """A PostgreSQL cluster in a temporary folder, on a port of its own, trusting local connections. As
    root, its programs run as the `postgres` user (initdb refuses root)."""

    def __init__(self) -> None:
        self.programs = postgres_programs()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="petale-own-pg-"))
        self.user = None
        if os.geteuid() == 0:
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                missing_program("a `postgres` system user", "initdb refuses to run as root")
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self.data = self.folder / "data"
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run([str(self.programs / program), *args], capture_output=True, text=True, timeout=120,
                                user=self.user.pw_uid if self.user else None,
                                group=self.user.pw_gid if self.user else None, cwd=self.folder)
        assert result.returncode == 0, f"{program} {' '.join(args)}: {result.stdout}{result.stderr}"

    def _pg_ctl(self, action: str, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", action, "-D", str(self.data), "-w", "-t", "60", "-l", str(self.folder / "log"),
                  "-o", options, *args)

    def start(self) -> None:
        self._pg_ctl("start")

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def restart(self) -> None:
        """What a minor upgrade does: every connection is terminated, the server comes back."""
        self._pg_ctl("restart", "-m", "fast")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_databases(self, *names: str) -> None:
        connection = psycopg2.connect(self.url(), connect_timeout=5)
        connection.autocommit = True
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        shutil.rmtree(self.folder, ignore_errors=True)


class OwnRedis:
    """A redis-server without persistence on a port of its own."""

    def __init__(self, folder: Path) -> None:
        self.program = shutil.which("redis-server")
        if self.program is None:
            missing_program("redis-server", "apt-get install redis-server")
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen([self.program, "--port", str(self.port), "--save", "", "--appendonly", "no",
                                         "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                Redis(port=self.port, socket_connect_timeout=0.2).ping()
                return
            except RedisError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def environment(app, **extra: str) -> dict[str, str]:
    """What a process of the deployment reads: the same databases, key and instance as `app`."""
    return {**os.environ, "INSTANCE_PATH": app.instance_path, "SECRET_KEY": app.config["SECRET_KEY"],
            "DATABASE_URL": app.config["DATABASE_URL"], "VAULT_DATABASE_URL": app.config["VAULT_DATABASE_URL"],
            "ARCHIVE_DATABASE_URL": app.config["ARCHIVE_DATABASE_URL"], "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_COST": "8192", "ARGON2_PARALLELISM": "1", "PYTHONPATH": str(ROOT), **extra}


class Gunicorn:
    """`gunicorn -w N app:app` as a deployment runs it; the access log names the worker (its pid) that
    answered each request, so a test can tell that every worker served."""

    def __init__(self, env: dict[str, str], workers: int, folder: Path) -> None:
        if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
            missing_program("gunicorn", "pip install -e '.[test]'")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.access_log = folder / "gunicorn-access.log"
        self.error_log = folder / "gunicorn-error.log"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
             "--access-logfile", str(self.access_log), "--access-logformat", "%(p)s %(s)s %(U)s %(q)s",
             "--error-logfile", str(self.error_log), "app:app"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, f"gunicorn exited: {self.errors()}"
            try:
                requests.get(self.base + "/ping", timeout=5)
                return
            except requests.ConnectionError:
                assert time.monotonic() < deadline, f"gunicorn did not start: {self.errors()}"
                time.sleep(0.1)

    def errors(self) -> str:
        return self.error_log.read_text()[-3000:] if self.error_log.exists() else ""

    def answers(self, query: str | None = None) -> list[tuple[int, int, str]]:
        """(worker pid, status, path) of every request answered so far, or of those with this query string
        (a worker writes the line just after its answer: a test tags its requests to find theirs)."""
        if not self.access_log.exists():
            return []
        lines = [[*line.split(maxsplit=3), ""][:4] for line in self.access_log.read_text().splitlines()]
        return [(int(pid.strip("<>")), int(status), path) for pid, status, path, asked in lines
                if query is None or asked == query]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class RqWorker:
    def __init__(self, env: dict[str, str], redis_url: str, queue: str, log: Path) -> None:
        self.log = log
        self._output = log.open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "rq.cli", "worker", "-w", "jobs.worker.PetaleWorker",
                                         "--url", redis_url, queue],
                                        env=env, cwd=ROOT, stdout=self._output, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._output.close()
