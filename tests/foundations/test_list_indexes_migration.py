"""Migration 052 adds the indexes the back office's lists page by, and its rollback removes them."""
from __future__ import annotations

from peewee_migrate import Migrator

from portal.db import main_db
from portal.schema import router

NAMES = {"account_role_status_display_name", "certificate_issued_at", "invoice_due_on", "fundingfile_status",
         "trainingsession_starts_on"}


def _indexes() -> set[str]:
    return {index.name for table in ("account", "certificate", "invoice", "funding_file", "training_session")
            for index in main_db.obj.get_indexes(table)}


def _run(step: str) -> None:
    migrate, rollback = router("main").read("052_list_indexes")
    migrator = Migrator(main_db.obj)
    (migrate if step == "migrate" else rollback)(migrator, main_db.obj)
    migrator()


def test_the_list_indexes_come_and_go_with_their_migration(app):
    with app.app_context():
        present = _indexes()
        assert len(NAMES & present) == len(NAMES), sorted(present)
        _run("rollback")
        assert not NAMES & _indexes()
        _run("migrate")
        assert _indexes() >= NAMES
