"""Throughput and latency under load: wrk against gunicorn (2 workers) on the large data set.

    .venv/bin/python bench/seed_large.py          # once (bench/instance-large)
    .venv/bin/python bench/http_bench.py [INSTANCE_DIR] [SECONDS] [CONNECTIONS]

For the learner space, the player, a Q&A thread and a workshop fragment (htmx), as a signed-in learner,
prints requests per second, their ratio to a bare constant endpoint (/ping) measured in the same run,
and p50/p99 latency. Targets (issue 10): ratio at least 0.40, p99 at most 30 ms at 16 connections.
Needs wrk (apt-get install wrk) and gunicorn (.venv/bin/pip install -e '.[bench]').
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def targets(instance: Path) -> tuple[str, dict[str, tuple[str, dict]]]:
    """A learner's session cookie and the URLs to load."""
    os.environ["INSTANCE_PATH"] = str(instance)
    sys.path.insert(0, str(ROOT))
    from seed_large import open_instance  # brings the set up to date, as flask init-db does

    from portal.accounts.models import Account
    from portal.bouquets.models import Brief
    from portal.forum.models import Post, Thread
    from portal.forum.writing import rendered
    from portal.learning.models import Enrollment, Lesson, Module, ModuleRelease, TrainingSession
    from portal.timeutil import paris_today

    app = open_instance(instance, {"LOG_LEVEL": "WARNING"})
    with app.app_context():
        brief = Brief.select().first()
        bouquet_module = Lesson.get_by_id(brief.lesson_id).module_id
        released = ModuleRelease.select(ModuleRelease.session).where(
            (ModuleRelease.module == bouquet_module) & (ModuleRelease.release_on <= paris_today()))
        enrollment = (Enrollment.select().join(TrainingSession)
                      .where(Enrollment.session.in_(released) & (TrainingSession.ends_on >= paris_today()))
                      .order_by(Enrollment.id).first())
        learner = Account.get_by_id(enrollment.account_id)
        video = Lesson.select().join(Module).where((Module.course == enrollment.session.course_id)
                                                   & (Lesson.kind == "video")).first()
        # A busy Q&A page: a thread of 30 messages (a page's worth) in the learner's session, written once.
        title = "Question de banc d'essai"
        thread = Thread.get_or_none((Thread.session == enrollment.session_id) & (Thread.title == title))
        if thread is None:
            thread = Thread.create(module=video.module_id, session=enrollment.session_id, author_id=learner.id,
                                   title=title)
            Post.insert_many([{"thread": thread.id, "author_id": learner.id, "body": f"Message {n} " * 20,
                               "body_html": rendered(f"Message {n} " * 20)} for n in range(30)]).execute()
        name = app.config["SESSION_COOKIE_NAME"]
        cookie = app.session_interface.get_signing_serializer(app).dumps(
            {"_user_id": learner.get_id(), "_fresh": True})
        # One request first, as a browser would: flask-login completes the session (its _id), and wrk
        # then replays the cookie a real browser would hold, so responses do not re-sign it each time.
        client = app.test_client()
        client.set_cookie(name, cookie)
        client.get("/mon-espace")
        cookie = client.get_cookie(name).value
    return f"{name}={cookie}", {
        "constant endpoint /ping": ("/ping", {}),
        "learner space": ("/mon-espace", {}),
        "player (video lesson)": (f"/lecon/{video.id}", {}),
        "Q&A thread": (f"/forum/sujet/{thread.id}", {}),
        "workshop fragment (htmx)": (f"/atelier/{brief.id}", {"HX-Request": "true"}),
    }


def wait_until_up(base: str) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/ping", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{base} did not answer")


@contextmanager
def gunicorn(instance: Path):
    """The portal under gunicorn (2 workers) on a free port; yields its base URL once it answers."""
    port = free_port()
    env = {**os.environ, "INSTANCE_PATH": str(instance), "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "app:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def wrk(url: str, headers: dict, seconds: int, connections: int) -> tuple[float, float, float]:
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label: str) -> float:
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses")
    return rps, percentile("50"), percentile("99")


def main() -> None:
    instance = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "instance-large").resolve()
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    connections = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    for tool in ("wrk",):
        if not shutil.which(tool):
            raise SystemExit("wrk is needed: apt-get install wrk")
    cookie, pages = targets(instance)
    with gunicorn(instance) as base:
        print(f"gunicorn 2 workers, wrk 2 threads, {connections} connections, {seconds} s per page")
        print(f"{'page':<28}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}")
        constant = None
        for label, (path, headers) in pages.items():
            wrk(f"{base}{path}", {"Cookie": cookie, **headers}, 2, connections)  # warm-up
            rps, p50, p99 = wrk(f"{base}{path}", {"Cookie": cookie, "Accept-Encoding": "gzip", **headers}, seconds,
                                connections)
            constant = constant or rps
            print(f"{label:<28}{rps:>9.0f}{rps / constant:>8.2f}{p50:>9.1f}{p99:>9.1f}")


if __name__ == "__main__":
    main()
