"""Encrypted backups: a consistent snapshot of the three zones, restored into an empty instance with
identical row counts and checksums; tampered files and missing keys refused; 7 daily + 4 weekly kept."""
from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta

import pytest

from portal.backup import service
from portal.backup.archive_file import BadBackup
from portal.backup.models import BackupRun
from portal.db import ZONES
from tests.conftest import BACKEND

KEY = "une phrase de passe longue pour les sauvegardes de test"


@pytest.fixture
def empty_urls(tmp_path):
    """Three empty databases for the restored instance."""
    if BACKEND != "postgresql":
        folder = tmp_path / "restored"
        yield {setting: f"sqlite:///{folder / name}" for setting, name in (
            ("DATABASE_URL", "main.db"), ("VAULT_DATABASE_URL", "vault.db"), ("ARCHIVE_DATABASE_URL", "archive.db"))}
        return
    from tests import services

    admin = services.postgres_admin_connection()
    base = services.PG_URL.rsplit("/", 1)[0]
    names = {setting: f"petale_restore_{os.getpid()}_{zone}" for setting, zone in (
        ("DATABASE_URL", "main"), ("VAULT_DATABASE_URL", "vault"), ("ARCHIVE_DATABASE_URL", "archive"))}
    with admin.cursor() as cursor:
        for name in names.values():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    yield {setting: f"{base}/{name}" for setting, name in names.items()}
    from portal.db import close_zones

    close_zones()
    with admin.cursor() as cursor:
        for name in names.values():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def digests() -> dict:
    return {zone: service.table_digests(proxy) for zone, proxy in ZONES.items()}


def test_a_backup_restores_into_an_empty_instance_with_identical_tables(demo, make_app, empty_urls, tmp_path):
    demo.config.update(BACKUP_KEY=KEY, BACKUP_DIR=str(tmp_path / "backups"))
    with demo.app_context():
        created = service.create()
        before = digests()
    assert stat.S_IMODE(created.path.stat().st_mode) == 0o600
    raw = created.path.read_bytes()
    assert b"Antoine Apprenant" not in raw and b"apprenant@petale.test" not in raw, "encrypted, not just packed"
    assert sum(d["rows"] for d in before["main"].values()) > 50
    target = make_app(BACKUP_KEY=KEY, BACKUP_DIR=str(tmp_path / "backups"), **empty_urls)
    result = target.test_cli_runner().invoke(args=["backup", "restore", str(created.path)])
    assert result.exit_code == 0, result.output
    with target.app_context():
        after = digests()
    for zone in ZONES:
        # backup_run logs the backup on one side and the restore on the other: everything else is equal.
        assert {t: d for t, d in after[zone].items() if t != "backup_run"} == \
            {t: d for t, d in before[zone].items() if t != "backup_run"}, zone
    with target.app_context():
        assert [r.kind for r in BackupRun.select()] == ["restore"]
    again = target.test_cli_runner().invoke(args=["backup", "restore", str(created.path)])
    assert again.exit_code != 0 and "n'est pas vide" in again.output


def test_a_tampered_file_or_a_wrong_key_is_refused(demo, tmp_path):
    demo.config.update(BACKUP_KEY=KEY, BACKUP_DIR=str(tmp_path / "backups"))
    with demo.app_context():
        path = service.create().path
        assert service.verify(path) > 20
        assert BackupRun.select().where(BackupRun.kind == "restore_test").count() == 1
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = tmp_path / "tampered.bak"
    tampered.write_bytes(bytes(data))
    result = demo.test_cli_runner().invoke(args=["backup", "verify", str(tampered)])
    assert result.exit_code != 0 and "modifiée" in result.output
    demo.config["BACKUP_KEY"] = "une autre clé"
    with demo.app_context(), pytest.raises(BadBackup):
        service.verify(path)


def test_no_key_no_backup_outside_the_demo(app, tmp_path):
    app.config.update(BACKUP_KEY=None, BACKUP_DIR=str(tmp_path / "backups"), DEMO_MODE=False)
    result = app.test_cli_runner().invoke(args=["backup", "create"])
    assert result.exit_code != 0 and "BACKUP_KEY" in result.output
    assert not list((tmp_path / "backups").glob("*.bak"))
    with app.app_context():
        service.daily_backup()  # the daily job records the failure for the security report
        assert BackupRun.get().ok is False
    app.config["DEMO_MODE"] = True
    assert app.test_cli_runner().invoke(args=["backup", "create"]).exit_code == 0


def test_rotation_keeps_seven_daily_and_four_weekly(tmp_path):
    start = datetime(2026, 11, 26, 3, 0)
    for days_ago in range(60):
        for hour in (3, 15):  # two a day: only the newest of a day counts
            moment = start - timedelta(days=days_ago) + timedelta(hours=hour - 3)
            (tmp_path / f"petale-{moment:%Y%m%dT%H%M%S%f}Z.bak").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("untouched")
    service.rotate(tmp_path)
    kept = sorted(p.name for p in tmp_path.glob("*.bak"))
    assert len(kept) == 11
    days = {name[7:15] for name in kept}
    assert {f"{start - timedelta(days=n):%Y%m%d}" for n in range(7)} <= days
    assert all(name.endswith("T150000000000Z.bak") for name in kept), "the newest of each day"
    assert (tmp_path / "notes.txt").exists()
