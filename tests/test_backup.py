"""Encrypted backups: a consistent snapshot of the three zones, restored into an empty instance with
identical row counts and checksums; tampered files and missing keys refused; 7 daily + 4 weekly kept."""
from __future__ import annotations

import os
import stat
import uuid
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
        assert service.verify(path).tables > 20
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


def test_a_restore_never_brings_back_a_person_erased_after_the_backup(make_app, empty_urls, tmp_path):
    """Backup, delete the account, restore: the ledger (outside the backups) erases her again, and no
    file of the restored instance holds her name, address or phone."""
    from tests.test_erasure import TRACES, a_busy_learner, delete

    outside = {"BACKUP_KEY": KEY, "BACKUP_DIR": str(tmp_path / "backups"),
               "ERASURE_LEDGER": str(tmp_path / "ledger" / "erasures.txt")}
    app = make_app(**outside)
    client = a_busy_learner(app)
    with app.app_context():
        backup = service.create()
    delete(client)
    ledger_text = (tmp_path / "ledger" / "erasures.txt").read_text()
    assert len(ledger_text.splitlines()) == 1 and "Quetzalcoatl" not in ledger_text, "an id and a date only"
    verified = app.test_cli_runner().invoke(args=["backup", "verify", str(backup.path)])
    assert verified.exit_code == 0, verified.output
    if BACKEND != "postgresql":
        assert "qu'une restauration effacera de nouveau : 1" in verified.output
    target = make_app(**outside, **empty_urls)
    restored = target.test_cli_runner().invoke(args=["backup", "restore", str(backup.path)])
    assert restored.exit_code == 0 and "Effacements rejoués d'après le registre des effacements : 1" in restored.output
    from portal.accounts.models import Account
    from portal.db import close_zones
    from portal.vault.models import Identity

    with target.app_context():
        assert Account.select().where(Account.status == "deleted").count() == 1
        assert not Identity.select().where(Identity.full_name.contains("Quetzalcoatl")).exists()
    close_zones()
    leftovers = []
    for path in sorted(tmp_path.rglob("*")):
        if not path.is_file() or path.name.startswith("archive.db") or "backups" in path.parts:
            continue  # the archive keeps the legal records; the backup itself lives out its 7 days / 4 weeks
        data = path.read_bytes()
        leftovers += [f"{path.name}: {t}" for t in TRACES if t.encode() in data or t.encode("utf-16-le") in data]
    assert leftovers == []


def test_the_ledger_cannot_sit_among_the_backups(app, tmp_path):
    from portal.privacy import ledger

    app.config.update(BACKUP_DIR=str(tmp_path / "b"), ERASURE_LEDGER=str(tmp_path / "b" / "ledger.txt"))
    with app.app_context(), pytest.raises(ledger.LedgerMisplaced):
        ledger.record(uuid.uuid4())


@pytest.mark.parametrize("inside", [True, False])
def test_backups_on_the_databases_disk_are_warned_at_start_up_and_on_the_dpo_screens(make_app, tmp_path, caplog,
                                                                                      inside):
    import logging
    from html import unescape

    from portal.demo.seed import seed
    from tests.learning_fixtures import signed_in

    caplog.set_level(logging.WARNING, logger="petale")
    folder = tmp_path / "instance" / "backups" if inside else tmp_path / "autre-disque" / "backups"
    app = make_app(BACKUP_DIR=str(folder), DEMO_MODE=False)
    with app.app_context():
        seed(backoffice=False)
    logged = [r.getMessage() for r in caplog.records if "BACKUP_DIR" in r.getMessage()]
    page = unescape(signed_in(app, "dpo@petale.test").get("/dpo/demandes").get_data(as_text=True))
    if inside:
        assert logged and "même disque" in logged[0]
        assert "Sauvegardes mal placées" in page and "même disque que les bases" in page
    else:
        assert logged == [] and "Sauvegardes mal placées" not in page


def test_the_policy_page_says_how_long_backups_live(client):
    from html import unescape

    page = unescape(client.get("/confidentialite").get_data(as_text=True))
    assert f"gardées {service.DAILY_KEPT} jours" in page and f"{service.WEEKLY_KEPT} semaines" in page
    assert "registre des effacements" in page
