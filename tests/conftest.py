"""Fixtures: a fresh instance per test on real SQLite files, or on real PostgreSQL databases
when PETALE_TEST_DB=postgresql (make test runs the suite both ways)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support import services
from tests.support.environment import BACKEND, URL_KEYS, ZONES, base_config, free_port


def pytest_terminal_summary(terminalreporter):
    from tests.support.report_counts import COUNTS

    terminalreporter.write_line(
        f"route × role matrix: {COUNTS['matrix endpoints']} endpoints, {COUNTS['matrix cases']} cases · "
        f"fuzzing: {COUNTS['fuzz examples']} generated requests over {COUNTS['fuzz cases']} endpoint × role cases")
    if COUNTS.get("pages"):
        size, page = max(COUNTS["pages"])
        terminalreporter.write_line(f"page budgets: {len(COUNTS['pages'])} pages measured, the largest "
                                    f"{size / 1024:.1f} KB gzip ({page}), budget 14 KB")


def pytest_report_header(config):
    return f"petale database backend: {BACKEND}"




@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """Migrate once; each test gets a copy of these files."""
    from portal.db import close_zones
    from portal.factory import create_app
    from portal.schema import migrate_all

    template = tmp_path_factory.mktemp("sqlite-template")
    app = create_app(base_config(template))
    with app.app_context():
        migrate_all()
        for proxy in __import__("portal.db", fromlist=["ZONES"]).ZONES.values():
            proxy.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_zones()
    return template


@pytest.fixture(scope="session")
def postgres_databases():
    """Three databases on the local server for this test session, migrated once."""
    admin = services.postgres_admin_connection()
    base = services.PG_URL.rsplit("/", 1)[0]
    names = {zone: f"petale_test_{os.getpid()}_{zone}" for zone in ZONES}
    with admin.cursor() as cursor:
        for name in names.values():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    urls = {URL_KEYS[zone]: f"{base}/{name}" for zone, name in names.items()}
    from portal.db import close_zones
    from portal.factory import create_app
    from portal.schema import migrate_all

    app = create_app({**base_config(Path(os.environ.get("TMPDIR", "/tmp")) / f"petale-pg-{os.getpid()}"), **urls})
    with app.app_context():
        migrate_all()
    close_zones()
    yield urls
    close_zones()
    with admin.cursor() as cursor:
        for name in names.values():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _truncate_postgres() -> None:
    from portal.db import ZONES as PROXIES

    for proxy in PROXIES.values():
        tables = [t for t in proxy.get_tables() if t != "migratehistory"]
        if tables:
            proxy.execute_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


@pytest.fixture
def make_app(tmp_path, request):
    """Build an app on a fresh set of databases; extra settings override the defaults."""
    from jobs.schedule import PERIODIC
    from portal.db import close_zones
    from portal.factory import create_app
    from portal.jobs.inprocess import use_schedule

    truncated = []

    def build(**overrides):
        instance = tmp_path / "instance"
        config = base_config(instance)
        if BACKEND == "postgresql":
            config.update(request.getfixturevalue("postgres_databases"))
        else:
            template = request.getfixturevalue("migrated_sqlite")
            instance.mkdir(exist_ok=True)
            for zone in ZONES:
                if not (instance / f"{zone}.db").exists():
                    shutil.copy(template / f"{zone}.db", instance / f"{zone}.db")
        config.update(overrides)
        app = create_app(config)
        use_schedule(app, PERIODIC)  # as app.py does: run_due() starts the periodic jobs too
        if BACKEND == "postgresql" and not truncated:
            # Once per test: a second app in the same test shares the same databases.
            with app.app_context():
                _truncate_postgres()
            truncated.append(True)
        return app

    yield build
    close_zones()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def redis_url():
    url = services.redis_or_skip()
    from redis import Redis

    Redis.from_url(url).flushdb()
    yield url
    Redis.from_url(url).flushdb()


@pytest.fixture
def demo(app):
    """An app loaded with the demo accounts, courses, sessions, briefs and questions; the back office
    (funding files, certificates, invoices) starts empty, see test_demo_backoffice.py for its demo."""
    from portal.demo.seed import seed

    with app.app_context():
        seed(backoffice=False)
    return app


@pytest.fixture
def learner(demo):
    from tests.support.learning_fixtures import signed_in

    return signed_in(demo, "apprenant@petale.test")


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free local port, collecting what it receives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Collect(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()




@pytest.fixture(scope="module")
def world(tmp_path_factory, request):
    """The full demo, plus one of each record a route can name; returns (app, URL of each endpoint)."""
    from jobs.schedule import PERIODIC
    from portal.demo.seed import seed
    from portal.factory import create_app
    from portal.jobs.inprocess import use_schedule
    from tests.support.world import sample_urls

    instance = tmp_path_factory.mktemp("matrix")
    config = base_config(instance)
    if BACKEND == "postgresql":
        config.update(request.getfixturevalue("postgres_databases"))
    else:
        import shutil

        template = request.getfixturevalue("migrated_sqlite")
        for zone in ("main", "vault", "archive"):
            shutil.copy(template / f"{zone}.db", instance / f"{zone}.db")
    app = create_app(config)
    use_schedule(app, PERIODIC)
    with app.app_context():
        if BACKEND == "postgresql":
            _truncate_postgres()
        seed()
        urls = sample_urls()
    yield app, urls
    from portal.db import close_zones

    close_zones()




@pytest.fixture(scope="module")
def clients(world):
    """One client per role on the world: anonymous, or signed in as that role's demo account."""
    from tests.support.learning_fixtures import signed_in
    from tests.support.world import EMAILS, ROLES

    app, _ = world
    return {role: app.test_client() if role == "anonymous" else signed_in(app, EMAILS[role]) for role in ROLES}
