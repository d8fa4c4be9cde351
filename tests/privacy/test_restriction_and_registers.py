"""Restriction means stored, not used (GDPR art. 18), and every register keeps a person's rows only for
its declared period: the sweep neither erases a restricted account nor purges what a legal claim needs;
security events leave after a year, closed requests after five; an erased person's words, exports and
events go with her."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from html import unescape

from peewee_migrate import Migrator

from portal.accounts.models import Account
from portal.archive.models import ArchivedRecord
from portal.db import main_db
from portal.privacy import erasure, restriction
from portal.privacy.models import DataRequest, Export
from portal.privacy.requests import close_request, open_request
from portal.retention import sweep
from portal.schema import router
from portal.security.models import SecurityEvent
from portal.standing.restriction import held_for_legal_claims
from portal.vault.models import Identity
from portal.vault.service import account_id_for_email
from tests.support.learning_fixtures import signed_in
from tests.support.retention import AS_OF, idle, recent_everyone_else


def test_an_idle_restricted_account_is_kept_by_the_sweep_and_listed_for_the_dpo(demo):
    recent_everyone_else(demo)
    account_id = idle(demo)
    with demo.app_context():
        restriction.restrict(account_id, detail="contestation", ground="accuracy")
        sweep.sweep(AS_OF)
        report = sweep.sweep(AS_OF + timedelta(days=62))
        assert report.archived == 0
        assert Account.get_by_id(account_id).status == "active"
        assert Identity.select().where(Identity.account_id == account_id).exists()
    html = unescape(signed_in(demo, "dpo@petale.test").get("/dpo").get_data(as_text=True))
    assert "Comptes dont le traitement est limité" in html and "Antoine" in html
    assert "inactif : gardé à cause de la limitation" in html
    with demo.app_context():  # lifted: the next sweep archives her as any silent idle account
        restriction.lift(account_id, "vérification faite")
        assert sweep.sweep(AS_OF + timedelta(days=63)).archived == 1


def test_archived_records_of_an_account_restricted_for_a_legal_claim_are_not_purged(demo):
    with demo.app_context():
        claimant = account_id_for_email("apprenant@petale.test")
        other = account_id_for_email("apprenante2@petale.test")
        restriction.restrict(claimant, ground=restriction.LEGAL_CLAIM)
        for account_id, reference in ((claimant, "kept-1"), (other, "gone-1")):
            ArchivedRecord.create(account_id=account_id, kind="invoice", reference=reference, payload="{}",
                                  purge_after=date(2026, 1, 1))
        report = sweep.sweep(date(2026, 12, 8))
        assert report.purged == 1
        assert {r.reference for r in ArchivedRecord.select().where(ArchivedRecord.kind == "invoice")} >= {"kept-1"}
        assert not ArchivedRecord.select().where(ArchivedRecord.reference == "gone-1").exists()


def test_security_events_leave_after_a_year_and_closed_requests_after_five(demo):
    with demo.app_context():
        me = account_id_for_email("apprenant@petale.test")
        old = SecurityEvent.create(kind="login_failed", account_id=me, at=datetime(2025, 12, 1))
        recent = SecurityEvent.create(kind="login_failed", account_id=me, at=datetime(2026, 11, 1))
        ancient = open_request(me, "access")
        close_request(ancient, "Réponse envoyée.")
        DataRequest.update(closed_at=datetime(2021, 12, 1)).where(DataRequest.id == ancient.id).execute()
        report = sweep.sweep(date(2026, 12, 8))
        assert report.expired["security.events"] >= 1 and report.expired["privacy.requests"] == 1
        assert not SecurityEvent.select().where(SecurityEvent.id == old.id).exists()
        assert SecurityEvent.select().where(SecurityEvent.id == recent.id).exists()
        assert not DataRequest.select().where(DataRequest.id == ancient.id).exists()


def test_an_erasure_takes_her_words_exports_and_events_and_says_what_happened(demo):
    with demo.app_context():
        me = account_id_for_email("apprenant@petale.test")
        worded = open_request(me, "rectification", detail="Mon nom s'écrit Antoine Apprenant-Fleur")
        export_request = open_request(me, "portability")
        Export.create(account_id=me, request=export_request.id)
        SecurityEvent.create(kind="login_succeeded", account_id=me)
        erasure.delete_account(Account.get_by_id(me), notify=False)
        assert DataRequest.get_by_id(worded.id).detail is None  # the register keeps the request, not her words
        assert not Export.select().where(Export.account_id == me).exists()
        assert not SecurityEvent.select().where(SecurityEvent.account_id == me).exists()


def test_the_inactivity_archive_says_a_year_and_two_months(demo):
    recent_everyone_else(demo)
    account_id = idle(demo)
    with demo.app_context():
        sweep.sweep(AS_OF)
        sweep.sweep(AS_OF + timedelta(days=62))
        [closed] = DataRequest.select().where((DataRequest.account_id == account_id) & (DataRequest.kind == "erasure"))
        assert closed.answer == "Archivage après un an sans connexion et deux mois sans réponse à l'alerte."


def test_grounds_stored_in_french_before_are_english_codes_after_the_migration(demo):
    """A restriction recorded before migration 048 still holds what a legal claim needs afterwards."""
    migrate, rollback = router("main").read("048_restriction_ground_codes")
    with demo.app_context():
        claimant = account_id_for_email("apprenant@petale.test")
        restriction.restrict(claimant, ground=restriction.LEGAL_CLAIM)
        for step in (rollback, migrate):
            migrator = Migrator(main_db.obj)
            step(migrator, main_db.obj)
            migrator()
            if step is rollback:
                assert Account.get_by_id(claimant).restriction_ground == "droits"
        assert Account.get_by_id(claimant).restriction_ground == "legal_claim"
        assert claimant in held_for_legal_claims()
