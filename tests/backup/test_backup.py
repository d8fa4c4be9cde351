"""Encrypted backups: a consistent snapshot of the three zones, restored into an empty instance with
identical row counts and checksums; tampered files and missing keys refused; 7 daily + 4 weekly kept."""
from __future__ import annotations

import os
import shutil
import stat
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from portal.backup import service
from portal.backup.archive_file import BadBackup
from portal.backup.models import BackupRun
from portal.db import ZONES
from tests.support.environment import BACKEND

KEY = "une phrase de passe longue pour les sauvegardes de test"


@pytest.fixture
def empty_urls(tmp_path):
    """Three empty databases for the restored instance."""
    if BACKEND != "postgresql":
        folder = tmp_path / "restored"
        yield {setting: f"sqlite:///{folder / name}" for setting, name in (
            ("DATABASE_URL", "main.db"), ("VAULT_DATABASE_URL", "vault.db"), ("ARCHIVE_DATABASE_URL", "archive.db"))}
        return
    from tests.support import services

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
    """Backup, delete the account, restore: the ledger (ERASURE_LEDGER set apart here) erases her again,
    and no file of the restored instance holds her name, address or phone."""
    from tests.support.busy_learner import TRACES, a_busy_learner, delete, her_farewell

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
    assert restored.exit_code == 0, restored.output
    assert f"registre des effacements ({tmp_path / 'ledger' / 'erasures.txt'}) : 1." in restored.output
    from portal.accounts.models import Account
    from portal.db import close_zones
    from portal.vault.models import Identity

    with target.app_context():
        assert Account.select().where(Account.status == "deleted").count() == 1
        assert not Identity.select().where(Identity.full_name.contains("Quetzalcoatl")).exists()
    close_zones()
    leftovers = []
    for path in sorted(tmp_path.rglob("*")):
        if not path.is_file() or path.name.startswith("archive.db") or "backups" in path.parts or her_farewell(path):
            continue  # the archive keeps the legal records; the backup itself lives out its 7 days / 4 weeks; the
            # outbox, the farewell mail sent to her (no relay here)
        data = path.read_bytes()
        leftovers += [f"{path.name}: {t}" for t in TRACES if t.encode() in data or t.encode("utf-16-le") in data]
    assert leftovers == []


def test_a_new_machine_with_only_the_backup_site_and_the_keys_never_brings_back_a_person_erased_after_it(
        make_app, empty_urls, tmp_path):
    """The server is lost: what is left is the backups' second site (the backup files and, beside them, the
    erasure ledger, by default) and the keys kept apart. Restored on a new machine, she is erased again."""
    from portal.db import close_zones
    from tests.support.busy_learner import TRACES, a_busy_learner, delete

    site = tmp_path / "second-site" / "backups"
    app = make_app(BACKUP_KEY=KEY, BACKUP_DIR=str(site))
    keys_kept_apart = {"BACKUP_KEY": KEY, "SECRET_KEY": app.config["SECRET_KEY"]}
    client = a_busy_learner(app)
    with app.app_context():
        backup = service.create()
    delete(client)
    ledger_text = (site / "erasure-ledger.txt").read_text()
    assert len(ledger_text.splitlines()) == 1 and "Quetzalcoatl" not in ledger_text, "an id and a date only"
    close_zones()
    shutil.rmtree(app.instance_path)  # the server, its disk and everything on it
    mounted = tmp_path / "new-machine" / "mnt" / "backups"
    shutil.move(site, mounted)  # the second site, mounted where the new machine mounts it
    new_instance = tmp_path / "new-machine" / "instance"
    target = make_app(INSTANCE_PATH=str(new_instance), BACKUP_DIR=str(mounted), **keys_kept_apart, **empty_urls)
    restored = target.test_cli_runner().invoke(args=["backup", "restore", str(mounted / backup.path.name)])
    assert restored.exit_code == 0, restored.output
    assert "Effacements rejoués d'après le registre des effacements" in restored.output
    assert restored.output.rstrip().endswith(": 1."), restored.output
    from portal.accounts.models import Account
    from portal.vault.models import Identity

    with target.app_context():
        assert Account.select().where(Account.status == "deleted").count() == 1
        assert not Identity.select().where(Identity.full_name.contains("Quetzalcoatl")).exists()
    close_zones()
    searched = [new_instance, mounted, tmp_path / "restored"]  # restored: the new machine's SQLite zones
    leftovers, read = [], 0
    for root in searched:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.name.startswith("archive.db") or path.suffix == ".bak":
                continue  # the archive keeps the legal records; the backups live out their 7 days / 4 weeks
            data = path.read_bytes()
            read += 1
            leftovers += [f"{path}: {t}" for t in TRACES if t.encode() in data or t.encode("utf-16-le") in data]
    assert leftovers == []
    assert read >= (2 if BACKEND == "postgresql" else 4), "the grep read the ledger, the key files, the zones"


def test_a_restore_that_cannot_read_a_ledger_refuses_saying_where_it_looked(make_app, empty_urls, tmp_path):
    app = make_app(BACKUP_KEY=KEY, BACKUP_DIR=str(tmp_path / "site"))
    with app.app_context():
        backup = service.create()
    assert (tmp_path / "site" / "erasure-ledger.txt").read_text() == "", "there even before anyone is erased"
    elsewhere = tmp_path / "only-the-files"
    elsewhere.mkdir()
    copy = Path(shutil.copy(backup.path, elsewhere))
    app.config["BACKUP_DIR"] = str(elsewhere)  # verify runs on a live instance (it logs the restore test)
    verified = app.test_cli_runner().invoke(args=["backup", "verify", str(copy)])
    assert verified.exit_code == 0 and "introuvable" in verified.output and "refusera" in verified.output
    target = make_app(BACKUP_KEY=KEY, BACKUP_DIR=str(elsewhere), **empty_urls)
    refused = target.test_cli_runner().invoke(args=["backup", "restore", str(copy)])
    assert refused.exit_code != 0
    assert str(elsewhere / "erasure-ledger.txt") in refused.output and "BACKUP_DIR" in refused.output
    assert "rien n'a été restauré" in refused.output and "--without-ledger" in refused.output
    with target.app_context():
        assert all(proxy.get_tables() == [] for proxy in ZONES.values())
    went_on = target.test_cli_runner().invoke(args=["backup", "restore", str(copy), "--without-ledger"])
    assert went_on.exit_code == 0, went_on.output
    assert "SANS registre des effacements" in went_on.output and "backup replay-ledger" in went_on.output
    (elsewhere / "erasure-ledger.txt").write_text("")  # found again: replaying it is now possible
    replayed = target.test_cli_runner().invoke(args=["backup", "replay-ledger"])
    assert replayed.exit_code == 0 and replayed.output.rstrip().endswith(": 0."), replayed.output


def test_an_unreadable_ledger_is_refused_not_read_as_empty(app, tmp_path):
    from portal.backup import ledger

    app.config.update(ERASURE_LEDGER=str(tmp_path / "a-folder-not-a-file"))
    (tmp_path / "a-folder-not-a-file").mkdir()
    with app.app_context(), pytest.raises(ledger.LedgerUnreadable, match="illisible"):
        ledger.erased()


def test_a_ledger_at_the_old_default_is_carried_over_beside_the_backups(make_app, tmp_path):
    from portal.backup import ledger

    app = make_app(BACKUP_KEY=KEY, BACKUP_DIR=str(tmp_path / "site"))
    old = Path(app.instance_path) / "erasure-ledger" / "erasures.txt"
    old.parent.mkdir()
    earlier, later = uuid.uuid4(), uuid.uuid4()
    old.write_text(f"{earlier} 2026-01-02T03:04:05Z\n")
    with app.app_context():
        service.create()  # the daily backup after the upgrade carries it over
        assert ledger.erased() == {earlier: datetime(2026, 1, 2, 3, 4, 5)}
        ledger.record(later)
        assert set(ledger.erased()) == {earlier, later}
    assert (tmp_path / "site" / "erasure-ledger.txt").read_text().startswith(f"{earlier} 2026-01-02T03:04:05Z\n")
    assert not old.exists() and old.with_name("erasures.txt.carried-over").exists()


def test_a_ledger_kept_on_the_server_is_warned_about(tmp_path):
    from portal.config import backup_placement

    instance = tmp_path / "instance"
    config = {"BACKUP_DIR": str(tmp_path / "site"), "ERASURE_LEDGER": str(instance / "ledger.txt")}
    assert "nouvelle machine" in backup_placement(config, instance)
    config["ERASURE_LEDGER"] = None
    assert backup_placement(config, instance) is None


@pytest.mark.parametrize("inside", [True, False])
def test_backups_on_the_databases_disk_are_warned_at_start_up_and_on_the_dpo_screens(make_app, tmp_path, caplog,
                                                                                      inside):
    import logging
    from html import unescape

    from portal.demo.seed import seed
    from tests.support.learning_fixtures import signed_in

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


def test_the_vault_files_come_back_with_the_vault(make_app, empty_urls, tmp_path):
    """A backup holding a funding document used to be refused at restore as "incomplete": the archive
    reader dropped every member below the top folder, the vault files with them."""
    from portal.backup.archive_file import open_sealed, seal

    app = make_app(BACKUP_KEY=KEY, BACKUP_DIR=str(tmp_path / "site"), VAULT_FILES_DIR=str(tmp_path / "old-files"))
    (tmp_path / "old-files").mkdir()
    (tmp_path / "old-files" / "a1b2c3").write_bytes(b"%PDF-1.4 convention")
    with app.app_context():
        backup = service.create()
    target = make_app(BACKUP_KEY=KEY, BACKUP_DIR=str(tmp_path / "site"), VAULT_FILES_DIR=str(tmp_path / "new-files"),
                      **empty_urls)
    restored = target.test_cli_runner().invoke(args=["backup", "restore", str(backup.path)])
    assert restored.exit_code == 0, restored.output
    copy = tmp_path / "new-files" / "a1b2c3"
    assert copy.read_bytes() == b"%PDF-1.4 convention" and stat.S_IMODE(copy.stat().st_mode) == 0o600
    sealed = seal({"manifest.json": b"{}", "vault-files/x": b"1", "vault-files/../x": b"2", "etc/passwd": b"3",
                   "vault-files/a/b": b"4"}, KEY)
    assert sorted(open_sealed(sealed, KEY)) == ["manifest.json", "vault-files/x"], "nothing written elsewhere"
