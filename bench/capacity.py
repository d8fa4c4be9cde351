"""Capacity: how many simultaneously active people one machine holds with p99 <= 100 ms and no error.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/seed_large.py                  # once: the large data set on SQLite
    .venv/bin/python bench/capacity.py                    # SQLite, then PostgreSQL + Redis + an RQ worker
    .venv/bin/python bench/capacity.py --db postgresql --steps 1000,2000,3000 --seconds 90 [--pool]

Locust (bench/locustfile.py) plays learners, 8 trainers and 3 staff members with think time against gunicorn
(2 sync workers per core, as the README deploys it) on the large data set: 10,000 learners, 1,000,000 learning events.
The number of people is raised step by step; each step ramps up, resets the figures, then measures for --seconds.
The web server, the database, Redis, the worker and the load generator share this machine. For
PostgreSQL the three zones are databases petale_bench_{main,vault,archive} on PETALE_BENCH_PG_URL's
server (built by seed_large.py on the first run); --pool serves them through playhouse.pool.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
USER_AGENT = "petale-capacity"
P99_TARGET_MS = 100
# Processes, not threads: threads of one process take turns on the GIL, and a thread coming back from
# the database waits for it once per row fetched (a 60-row page waited 300 ms under load with 8 threads).
WORKERS = 2 * (os.cpu_count() or 2)
PG_URL = os.environ.get("PETALE_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("PETALE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# A staff member's round of the back office: the home, every list (a page at a time, filtered as staff
# filter them) and the statistics; bench/locustfile.py also opens a random page of the longest lists.
STAFF_PAGES = ["/gestion", "/gestion/apprenants", "/gestion/apprenants?inscrit=yes", "/gestion/sessions",
               "/gestion/financements", "/gestion/financements?statut=submitted", "/gestion/factures",
               "/gestion/factures?etat=overdue", "/gestion/encaissements", "/gestion/encaissements/nouveau",
               "/gestion/attestations", "/gestion/formations", "/gestion/taches", "/gestion/statistiques"]



sys.path.insert(0, str(ROOT / "bench"))
from http_bench import free_port, wait_until_up  # noqa: E402  (the load test's helpers, as profile_page does)


def database_settings(kind: str, pool: bool) -> dict[str, str]:
    """Environment for one database kind: the instance folder and, for PostgreSQL, the three URLs."""
    if kind == "sqlite":
        return {"INSTANCE_PATH": str(ROOT / "bench" / "instance-large")}
    base = PG_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+pool://" if pool else "postgresql://", 1)
    suffix = "?max_connections=24&stale_timeout=300" if pool else ""
    return {"INSTANCE_PATH": str(ROOT / "bench" / "instance-large-pg"), "REDIS_URL": REDIS_URL,
            "RQ_QUEUE": "petale-bench",
            **{setting: f"{base}/petale_bench_{zone}{suffix}" for zone, setting in
               (("main", "DATABASE_URL"), ("vault", "VAULT_DATABASE_URL"), ("archive", "ARCHIVE_DATABASE_URL"))}}


def prepare_postgres(settings: dict[str, str]) -> None:
    """Create the three databases if missing and build the large data set in them once."""
    import psycopg2

    admin = psycopg2.connect(PG_URL)
    admin.autocommit = True
    with admin.cursor() as cursor:
        for zone in ("main", "vault", "archive"):
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (f"petale_bench_{zone}",))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "petale_bench_{zone}"')
    admin.close()
    plain = {k: v.replace("+pool", "").split("?")[0] for k, v in settings.items()}
    subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "seed_large.py"), plain["INSTANCE_PATH"]],
                   cwd=ROOT, env={**os.environ, **plain, "REDIS_URL": ""}, check=True)


def write_people(settings: dict[str, str], learners: int, path: Path) -> None:
    """Signed-in session cookies of real accounts, with the lessons, quiz, brief and module each can open."""
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); from capacity import _people; " \
           f"_people({learners}, {str(path)!r})"
    plain = {k: v.replace("+pool", "").split("?")[0] for k, v in settings.items()}
    subprocess.run([str(BIN / "python"), "-c", code], cwd=ROOT, env={**os.environ, **plain, "REDIS_URL": ""},
                   check=True)


def _people(learners: int, path: str) -> None:
    from seed_large import open_instance  # brings the set up to date, as flask init-db does

    from portal.accounts.models import Account
    from portal.bouquets.models import Brief
    from portal.learning import lesson_access as access
    from portal.learning.models import Enrollment, Lesson, ModuleRelease, TrainingSession
    from portal.timeutil import paris_today
    from portal.vault.service import account_id_for_email

    app = open_instance(Path(os.environ["INSTANCE_PATH"]), {"LOG_LEVEL": "WARNING", "REDIS_URL": None})
    today: date = paris_today()
    with app.app_context():
        running = {s.id: s for s in TrainingSession.select().where(
            (TrainingSession.starts_on <= today) & (TrainingSession.ends_on >= today))}
        released: dict[int, list[int]] = {}
        for release in ModuleRelease.select().where(
                ModuleRelease.session.in_(list(running)) & (ModuleRelease.release_on <= today)):
            released.setdefault(release.session_id, []).append(release.module_id)
        lessons: dict[int, list[Lesson]] = {}
        for lesson in Lesson.select().where(Lesson.module.in_({m for ms in released.values() for m in ms})):
            lessons.setdefault(lesson.module_id, []).append(lesson)
        briefs = {brief.lesson_id: brief.id for brief in Brief.select()}
        places = {}
        for session_id, modules in released.items():
            opened = [lesson for module in modules for lesson in lessons.get(module, [])]
            reading = [lesson.id for lesson in opened if lesson.kind in ("text", "video", "pdf")]
            if not reading:
                continue
            places[session_id] = {
                "lessons": reading,
                "quiz": next((lesson.id for lesson in opened if lesson.kind == "quiz"), None),
                "brief": next((briefs[lesson.id] for lesson in opened if lesson.id in briefs), None),
                "module": modules[0],
            }
        enrolled = list(Enrollment.select(Enrollment.account_id, Enrollment.session).where(
            Enrollment.session.in_(list(places)) & (Enrollment.status == "active")).tuples())
        random.Random(7).shuffle(enrolled)
        enrolled = enrolled[:learners]
        accounts = {a.id: a for a in Account.select().where(Account.id.in_([a for a, _ in enrolled]))}

        def may_open(account_id, lesson_id) -> bool:
            try:
                return access.open_for(account_id, "learner", lesson_id, today).tracked
            except (access.NotEnrolled, access.NotYetReleased, access.LessonNotFound):
                return False

        chosen = []
        for account_id, session_id in enrolled:
            place = places[session_id]
            # The portal's own rule decides what each person may open (several enrolments, calendars).
            mine = {**place, "lessons": [lesson for lesson in place["lessons"] if may_open(account_id, lesson)]}
            if account_id not in accounts or not mine["lessons"]:
                continue
            if mine["quiz"] and not may_open(account_id, mine["quiz"]):
                mine["quiz"] = None
            chosen.append((accounts[account_id], mine))
        staff = {email: Account.get_by_id(account_id_for_email(email))
                 for email in ("formatrice@petale.test", "formateur2@petale.test", "gestion@petale.test")}

    # Outside the application context: inside it, every test request would share one `g`, and with it
    # the first person flask-login loaded.
    name = app.config["SESSION_COOKIE_NAME"]
    signer = app.session_interface.get_signing_serializer(app)

    def cookie(account, page: str) -> str:
        # One page with a form, as the browser would open it: flask-login completes the session and
        # flask-wtf keeps its CSRF secret in it; the simulated person then replays that cookie.
        client = app.test_client()
        client.set_cookie(name, signer.dumps({"_user_id": account.get_id(), "_fresh": True}))
        opened = client.get(page, headers={"User-Agent": USER_AGENT})
        assert opened.status_code == 200, (page, opened.status_code)
        return f"{name}={client.get_cookie(name).value}"

    people = {
        "learners": [{"cookie": cookie(account, f"/lecon/{mine['lessons'][0]}"), **mine} for account, mine in chosen],
        "trainers": [{"cookie": cookie(staff[email], "/profil")}
                     for email in ("formatrice@petale.test", "formateur2@petale.test")],
        "staff": [{"cookie": cookie(staff["gestion@petale.test"], "/profil"), "pages": STAFF_PAGES}],
    }
    Path(path).write_text(json.dumps(people))


@contextmanager
def process(command: list[str], env: dict[str, str]):
    child = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()


def locust_step(base: str, people_file: Path, users: int, seconds: int, folder: Path) -> dict[str, float]:
    """One step: spawn `users` people (50 a second), each starting within a minute (people do not
    arrive together); the figures are reset once all are spawned, then measured for `seconds`."""
    spawn_rate = 50
    prefix = folder / f"step-{users}"
    subprocess.run(
        [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
         "-u", str(users), "-r", str(spawn_rate), "-t", f"{users // spawn_rate + seconds}s", "--reset-stats",
         "--csv", str(prefix), "--host", base, "--loglevel", "WARNING", "--stop-timeout", "5"],
        cwd=ROOT, env={**os.environ, "PETALE_PEOPLE": str(people_file), "PETALE_USER_AGENT": USER_AGENT},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    with open(f"{prefix}_stats.csv", newline="") as fh:
        total = next(row for row in csv.DictReader(fh) if row["Name"] == "Aggregated")
    with open(f"{prefix}_failures.csv", newline="") as fh:
        failures = [f"{row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}"
                    for row in csv.DictReader(fh)]
    return {"failed": failures, "requests": float(total["Request Count"]), "failures": float(total["Failure Count"]),
            "rps": float(total["Requests/s"]), "p50": float(total["50%"]), "p99": float(total["99%"])}


def measure(kind: str, steps: list[int], seconds: int, pool: bool) -> int:
    settings = database_settings(kind, pool)
    if kind == "postgresql":
        prepare_postgres(settings)
    elif not (Path(settings["INSTANCE_PATH"]) / "main.db").exists():
        raise SystemExit("Build the large data set first: .venv/bin/python bench/seed_large.py")
    folder = Path(tempfile.mkdtemp(prefix=f"petale-capacity-{kind}-"))
    people_file = folder / "people.json"
    write_people(settings, max(steps), people_file)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**settings, "LOG_LEVEL": "WARNING"}
    label = kind + (" (playhouse.pool)" if pool else "") + (" + Redis + 1 RQ worker" if kind == "postgresql" else "")
    print(f"\n{label}: gunicorn {WORKERS} sync workers; each step ramps at 50 people/s, then {seconds} s measured")
    print(f"{'people':>7}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'errors':>8}  verdict")
    held = 0
    with ExitStack() as services:
        services.enter_context(process([str(BIN / "gunicorn"), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
                                        "--log-level", "warning", "app:app"], env))
        if kind == "postgresql":
            services.enter_context(process([str(BIN / "rq"), "worker", "--url", REDIS_URL, "--quiet",
                                            "petale-bench"], env))
        wait_until_up(base)
        for users in steps:
            figures = locust_step(base, people_file, users, seconds, folder)
            ok = figures["failures"] == 0 and figures["p99"] <= P99_TARGET_MS and figures["requests"] > 0
            print(f"{users:>7}{figures['rps']:>8.0f}{figures['p50']:>8.0f}{figures['p99']:>8.0f}"
                  f"{figures['failures']:>8.0f}  {'held' if ok else 'missed'}", flush=True)
            if not ok:
                for failure in figures["failed"][:5]:
                    print(f"    {failure}")
                break
            held = users
    print(f"{label}: {held} simultaneously active people held with p99 <= {P99_TARGET_MS} ms and 0 errors")
    return held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--steps", default="250,500,1000,1500,2000,2500,3000")
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--pool", action="store_true", help="PostgreSQL through playhouse.pool")
    args = parser.parse_args()
    steps = [int(n) for n in args.steps.split(",")]
    for kind in (["sqlite", "postgresql"] if args.db == "both" else [args.db]):
        measure(kind, steps, args.seconds, args.pool)


if __name__ == "__main__":
    main()
