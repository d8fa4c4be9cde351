"""flask --app app init-db and seed-demo."""
from __future__ import annotations

import importlib
from pathlib import Path

from portal.accounts.models import Account
from portal.demo.seed import DEMO_ACCOUNTS
from portal.schema import pending_migrations, router


def test_init_db_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert second.output.count("à jour") == 3


def test_init_db_creates_fresh_databases(make_app, tmp_path):
    fresh = tmp_path / "fresh"
    app = make_app(
        DATABASE_URL=f"sqlite:///{fresh / 'main.db'}",
        VAULT_DATABASE_URL=f"sqlite:///{fresh / 'vault.db'}",
        ARCHIVE_DATABASE_URL=f"sqlite:///{fresh / 'archive.db'}",
    )
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "main: 001_initial" in result.output
    with app.app_context():
        assert Account.select().count() == 0


def test_seed_demo_creates_confirmed_accounts_of_every_role_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    for demo in DEMO_ACCOUNTS:
        assert demo.email in result.output
    lines = result.output.splitlines()
    assert any(line.split()[:1] == ["gestion"] and "gestion@petale.test" in line for line in lines)
    assert any(line.strip().startswith("délégué à la protection des données") for line in lines)
    assert not any(line.split()[:1] in (["staff"], ["learner"], ["trainer"]) for line in lines), "roles in French"
    assert "petale-demo" in result.output
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "déjà présentes" in again.output
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        assert Account.select().count() == len(DEMO_ACCOUNTS)
        assert Account.select().where(Account.confirmed_at.is_null()).count() == 0
        roles = sorted(a.role for a in Account.select())
        assert roles == sorted(d.role for d in DEMO_ACCOUNTS)


def test_serve_refuses_to_start_on_databases_that_are_not_migrated(make_app, tmp_path, monkeypatch):
    """After pulling a new version, serving before init-db would answer 500 on every changed page."""
    monkeypatch.delenv("BASE_URL", raising=False)
    fresh = tmp_path / "fresh"
    app = make_app(
        DATABASE_URL=f"sqlite:///{fresh / 'main.db'}",
        VAULT_DATABASE_URL=f"sqlite:///{fresh / 'vault.db'}",
        ARCHIVE_DATABASE_URL=f"sqlite:///{fresh / 'archive.db'}",
    )
    for command in (["serve", "--port", "1"], ["check-schema"]):
        result = app.test_cli_runner().invoke(args=command)
        assert result.exit_code == 1, command
        assert "n'est pas à jour (main : 001_initial" in result.output and "init-db" in result.output
    assert app.config["BASE_URL"] == "http://127.0.0.1:1", "links in mails lead to the port served"
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    assert app.test_cli_runner().invoke(args=["check-schema"]).exit_code == 0
    with app.app_context():
        assert pending_migrations() == {}


def test_improvement_commands_run_the_survey_rounds_and_count_the_published_results(demo):
    runner = demo.test_cli_runner()
    surveys = runner.invoke(args=["improvement", "surveys", "--as-of", "2030-01-01"])
    assert surveys.exit_code == 0 and "Questionnaires au 01/01/2030" in surveys.output
    assert "1 clôture(s)" in surveys.output  # the demo's open questionnaire, closed long ago by then
    published = runner.invoke(args=["improvement", "publish"])
    assert published.exit_code == 0 and "pour 2 formation(s)" in published.output


def test_a_bench_instance_built_before_the_latest_migrations_is_brought_up_to_date_on_opening(
        tmp_path, monkeypatch):
    """bench/instance-large was built before migrations 094 to 096 and its pages answered 503 until someone ran
    `flask init-db` on it: the bench scripts open their instance through seed_large.open_instance, which runs
    init-db's steps first."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "bench"))
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "bench-set"))
    seed_large = importlib.import_module("seed_large")
    folder = tmp_path / "bench-set"
    urls = {key: f"sqlite:///{folder / f'{zone}.db'}" for key, zone in
            (("DATABASE_URL", "main"), ("VAULT_DATABASE_URL", "vault"), ("ARCHIVE_DATABASE_URL", "archive"))}
    built = seed_large.open_instance(folder, {"LOG_LEVEL": "WARNING", **urls})
    with built.app_context():
        router("main").rollback()  # the set predates the latest migration
        assert pending_migrations()["main"]
    opened = seed_large.open_instance(folder, {"LOG_LEVEL": "WARNING", **urls})
    with opened.app_context():
        assert pending_migrations() == {}
    for script in ("staff_pages.py", "render_pages.py", "http_bench.py", "capacity.py"):
        text = (Path(__file__).resolve().parents[2] / "bench" / script).read_text(encoding="utf-8")
        assert "open_instance(" in text and "create_app(" not in text, script
