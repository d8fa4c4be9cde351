"""A funding file's steps and documents are stored as English codes (migration 050); the staff read French
words, and a file archived with the former French codes still reads in words."""
from __future__ import annotations

from peewee_migrate import Migrator

from portal.db import ZONES, main_db
from portal.funding import service as funding
from portal.funding.models import FundingDocument, FundingFile, FundingStatusChange
from portal.funding.wording import document_label, label, professional_label
from portal.learning.models import Enrollment
from portal.schema import router
from portal.stats.models import TraineeFact
from portal.vault import service as vault_service
from portal.vault.models import FundingIdentity
from portal.vault.service import account_id_for_email


def _migration(step_name: str) -> None:
    migrate, rollback = router("main").read("050_funding_codes_in_english")
    migrator = Migrator(main_db.obj)
    (migrate if step_name == "migrate" else rollback)(migrator, main_db.obj)
    migrator()


def test_french_codes_become_english_and_come_back_on_rollback(demo):
    with demo.app_context():
        staff = account_id_for_email("gestion@petale.test")
        enrollment = Enrollment.get(Enrollment.account_id == account_id_for_email("apprenante2@petale.test"))
        file = FundingFile.get_or_none(FundingFile.enrollment == enrollment) or funding.open_file(enrollment.id, staff)
        FundingFile.update(case_number="CPF-1").where(FundingFile.id == file.id).execute()
        funding.move(file, "submitted", staff)
        funding.add_document(file, "agreement", "signée le 2/11", staff)
        _migration("rollback")
        assert FundingFile.get_by_id(file.id).status == "depose"
        assert FundingDocument.get(FundingDocument.file == file.id).kind == "convention"
        _migration("migrate")
        assert FundingFile.get_by_id(file.id).status == "submitted"
        assert {c.to_status for c in FundingStatusChange.select().where(FundingStatusChange.file == file.id)} \
            == {"draft", "submitted"}
        assert FundingDocument.get(FundingDocument.file == file.id).kind == "agreement"


def test_the_words_read_a_former_french_code_as_its_english_one(app):
    with app.app_context():
        assert label("depose") == label("submitted") == "déposé"
        assert document_label("convention") == document_label("agreement") == "Convention ou contrat"


def _zone_migration(zone: str, name: str, step_name: str) -> None:
    migrate, rollback = router(zone).read(name)
    migrator = Migrator(ZONES[zone].obj)
    (migrate if step_name == "migrate" else rollback)(migrator, ZONES[zone].obj)
    migrator()


def test_professional_situations_become_english_codes_and_come_back_on_rollback(demo):
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        vault_service.set_funding_identity(antoine, "employee", "Fleurs du Marais SARL")
        TraineeFact.insert(reference="t-1", year=2026, trainee_type="apprentice", funder="opco", objective="",
                           nsf_code="", seconds=0, finished=False).execute()
        _zone_migration("vault", "011_professional_status_codes", "rollback")
        _zone_migration("main", "061_trainee_fact_status_codes", "rollback")
        assert FundingIdentity.get(FundingIdentity.account_id == antoine).professional_status == "salarie"
        assert TraineeFact.get(TraineeFact.reference == "t-1").trainee_type == "apprenti"
        assert professional_label("salarie") == "Salarié", "a record archived with the former code reads in words"
        _zone_migration("vault", "011_professional_status_codes", "migrate")
        _zone_migration("main", "061_trainee_fact_status_codes", "migrate")
        assert FundingIdentity.get(FundingIdentity.account_id == antoine).professional_status == "employee"
        assert TraineeFact.get(TraineeFact.reference == "t-1").trainee_type == "apprentice"
        assert professional_label("employee") == "Salarié" and professional_label(None) == ""
