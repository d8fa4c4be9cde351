"""The audited vault (hash chain, reasons, /dpo/journal, `audit verify`) and funding files."""
from __future__ import annotations

from html import unescape

import pytest

from portal.accounts.models import Account
from portal.funding import service as funding
from portal.funding.models import FundingFile, FundingStatusChange
from portal.learning.models import Enrollment
from portal.vault import audit
from portal.vault import service as vault
from portal.vault.models import AuditEntry, FundingIdentity
from tests.support.funding import antoine, open_file
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in


def test_a_staff_read_outside_a_workflow_needs_a_reason_and_is_audited(demo):
    staff = signed_in(demo, "gestion@petale.test")
    learner = antoine(demo)
    page = unescape(staff.get("/gestion/apprenants").get_data(as_text=True))
    assert "Antoine" in page and "Antoine Apprenant" not in page, "the directory shows no identity"
    refused = submit(staff, f"/gestion/apprenants/{learner.id}/identite", {"reason": "  "}, page="/gestion/apprenants")
    assert refused.status_code == 422 and "Indiquez pourquoi" in unescape(refused.get_data(as_text=True))
    with demo.app_context():
        assert AuditEntry.select().count() == 0
        vault.set_funding_identity(learner.id, "employee", "Fleurs du Marais SARL")
    shown = submit(staff, f"/gestion/apprenants/{learner.id}/identite",
                   {"reason": "Appel de l'apprenant au sujet de sa convocation"}, page="/gestion/apprenants")
    html = unescape(shown.get_data(as_text=True))
    assert shown.status_code == 200 and "Antoine Apprenant" in html and "06 12 00 00 05" in html
    assert "Identité d'Antoine" in html, "« d'Antoine », not « de Antoine » (a dpo walk, 08/12/2026)"
    assert "<dd>Salarié</dd>" in html and "employee" not in html, "the situation in words, not its code"
    with demo.app_context():
        [entry] = AuditEntry.select()
        staff_id = Account.get(Account.role == "staff").id
        assert (entry.actor_id, entry.actor_role, entry.subject_id, entry.action) == (staff_id, "staff", learner.id,
                                                                                        "lecture")
        assert "full_name" in entry.fields and "employer" in entry.fields
        assert entry.reason == "Appel de l'apprenant au sujet de sa convocation" and entry.workflow is None
    assert signed_in(demo, "apprenant@petale.test").get("/gestion/apprenants").status_code == 403
    assert staff.post("/gestion/apprenants/not-a-uuid/identite").status_code in (400, 404)


@pytest.mark.parametrize("reason", [
    "Appel de M. Apprenant au sujet de sa convocation",  # the surname, as a name is written
    "Courriel envoyé à apprenant@petale.test",  # an address
    "Rappel au 06 12 00 00 05",  # the person's phone number, however written
    "dossier antoine apprenant",  # the full name, whatever the case
])
def test_a_reason_naming_the_person_is_refused_since_the_chain_keeps_it_for_good(demo, reason):
    staff = signed_in(demo, "gestion@petale.test")
    learner = antoine(demo)
    refused = submit(staff, f"/gestion/apprenants/{learner.id}/identite", {"reason": reason},
                     page="/gestion/apprenants")
    html = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 422 and "n'y mettez ni le nom" in html and "+33612000005" not in html
    assert "06 12 00 00 05" not in html, "nor as a person writes it"
    with demo.app_context():
        assert AuditEntry.select().count() == 0


def test_the_chain_verifies_and_an_edited_row_breaks_it(demo):
    with demo.app_context():
        learner = antoine(demo).id
        actor = audit.Actor(Account.get(Account.role == "dpo").id, "dpo")
        for n in range(5):
            audit.record(actor, learner, "lecture", ["email"], reason=f"contrôle {n}")
        assert audit.verify().ok and audit.verify().checked == 5
        with pytest.raises(audit.ReasonRequired):
            audit.record(actor, learner, "lecture", ["email"])
    runner = demo.test_cli_runner()
    assert "5 entrée(s) vérifiée(s)" in runner.invoke(args=["audit", "verify"]).output
    with demo.app_context():
        third = AuditEntry.select().order_by(AuditEntry.id).offset(2).first()
        AuditEntry.update(reason="rien à voir").where(AuditEntry.id == third.id).execute()
        assert audit.verify() == audit.Verification(False, 2, third.id)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"rompue à l'entrée n° {third.id}" in result.output
    journal = unescape(signed_in(demo, "dpo@petale.test").get("/dpo/journal").get_data(as_text=True))
    assert f"Chaîne rompue à l'entrée n° {third.id}" in journal and "contrôle 4" in journal
    assert "lecture : adresse électronique" in journal and "(délégué à la protection des données)" in journal
    assert "email" not in journal.split("<table", 1)[1] and "(dpo)" not in journal, "words, not the stored codes"


def test_removing_an_entry_breaks_the_chain(demo):
    with demo.app_context():
        actor = audit.Actor(None, "system")
        for _ in range(3):
            audit.record(actor, None, "lecture", ["email"], workflow="test")
        middle = AuditEntry.select().order_by(AuditEntry.id).offset(1).first()
        AuditEntry.delete().where(AuditEntry.id == middle.id).execute()
        assert not audit.verify().ok


def test_a_funding_file_moves_one_step_at_a_time_and_each_view_is_audited(demo):
    staff = signed_in(demo, "gestion@petale.test")
    file_id = open_file(demo, staff)
    page = unescape(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    assert "Antoine Apprenant" in page and "brouillon" in page
    with demo.app_context():
        entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
        assert entry.workflow == "dossier de financement" and entry.subject_id == antoine(demo).id
    skipped = submit(staff, f"/gestion/financements/{file_id}/statut", {"status": "paid"},
                     page=f"/gestion/financements/{file_id}")
    assert skipped.status_code == 422 and "sans sauter d'étape" in unescape(skipped.get_data(as_text=True))
    no_number = submit(staff, f"/gestion/financements/{file_id}/statut", {"status": "submitted"},
                       page=f"/gestion/financements/{file_id}")
    assert no_number.status_code == 422 and "numéro de dossier" in unescape(no_number.get_data(as_text=True))
    saved = submit(staff, f"/gestion/financements/{file_id}", {
        "funder_type": "opco", "funder_name": "OPCO EP", "case_number": "EP-2026-0042",
        "professional_status": "employee", "employer": "Fleurs du Marais SARL"},
        page=f"/gestion/financements/{file_id}")
    assert saved.status_code == 302
    for status in ("submitted", "accepted"):
        moved = submit(staff, f"/gestion/financements/{file_id}/statut", {"status": status},
                       page=f"/gestion/financements/{file_id}")
        assert moved.status_code == 302, status
    # « Payé » by hand while the portal received nothing of the funder's share: refused unless staff say how
    # it was paid outside the portal (the file would leave the staff's to-do list with 0 € received).
    unpaid = submit(staff, f"/gestion/financements/{file_id}/statut", {"status": "paid"},
                    page=f"/gestion/financements/{file_id}")
    assert unpaid.status_code == 422 and "Encaissements" in unescape(unpaid.get_data(as_text=True))
    moved = submit(staff, f"/gestion/financements/{file_id}/statut",
                   {"status": "paid", "note": "Réglé par l'OPCO sur sa plateforme le 05/12"},
                   page=f"/gestion/financements/{file_id}")
    assert moved.status_code == 302
    again = submit(staff, f"/gestion/financements/{file_id}/statut", {"status": "refused"},
                   page=f"/gestion/financements/{file_id}")
    assert again.status_code == 422
    doc = submit(staff, f"/gestion/financements/{file_id}/pieces",
                 {"kind": "agreement", "reference": "signée le 12/11"}, page=f"/gestion/financements/{file_id}")
    assert doc.status_code == 302
    with demo.app_context():
        file = FundingFile.get_by_id(file_id)
        assert (file.status, file.funder_name, file.case_number) == ("paid", "OPCO EP", "EP-2026-0042")
        assert [c.to_status for c in FundingStatusChange.select().order_by(FundingStatusChange.id)] == [
            "draft", "submitted", "accepted", "paid"]
        identity = FundingIdentity.get(FundingIdentity.account_id == antoine(demo).id)
        assert identity.employer == "Fleurs du Marais SARL"  # in the vault, not the main zone
    page = unescape(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    assert "signée le 12/11" in page and "Part du financeur payée : le dossier est clos." in page


@pytest.mark.parametrize("form, message", [
    ({"funder_type": "banque"}, "type de financeur"),
    ({"professional_status": "rentier"}, "situation professionnelle"),
    ({"funder_type": "opco", "funder_name": ""}, "nom du financeur"),
    ({"case_number": "x" * 65}, "trop long"),
])
def test_bad_funding_details_are_refused_and_nothing_changes(demo, form, message):
    staff = signed_in(demo, "gestion@petale.test")
    file_id = open_file(demo, staff)
    base = {"funder_type": "cpf", "funder_name": "", "case_number": "", "professional_status": "employee",
            "employer": ""}
    response = submit(staff, f"/gestion/financements/{file_id}", {**base, **form},
                      page=f"/gestion/financements/{file_id}")
    assert response.status_code == 422 and message in unescape(response.get_data(as_text=True))
    with demo.app_context():
        assert FundingFile.get_by_id(file_id).funder_type == "opco"  # as opened from the enrolment
        assert FundingIdentity.select().count() == 0


def test_a_second_file_for_the_same_enrolment_is_refused(demo):
    with demo.app_context():
        enrollment = Enrollment.get(Enrollment.account_id == antoine(demo).id)
        staff_id = Account.get(Account.role == "staff").id
        funding.open_file(enrollment.id, staff_id)
        with pytest.raises(funding.FundingRefused):
            funding.open_file(enrollment.id, staff_id)
        assert FundingFile.select().count() == 1


def test_deleting_the_account_archives_the_funding_file_and_erases_its_identity(demo):
    import json

    from portal.archive.models import ArchivedRecord
    from portal.privacy.erasure import delete_account

    with demo.app_context():
        learner = antoine(demo)
        enrollment = Enrollment.get(Enrollment.account_id == learner.id)
        file = funding.open_file(enrollment.id, Account.get(Account.role == "staff").id)
        funding.save_details(FundingFile.get_by_id(file.id), funding.FileDetails(
            "opco", "OPCO EP", "EP-1", "employee", "Fleurs du Marais SARL"))
        delete_account(learner, notify=False)
        assert FundingFile.select().count() == 0 and FundingIdentity.select().count() == 0
        proof = ArchivedRecord.get((ArchivedRecord.kind == "funding_proof") & (ArchivedRecord.account_id == learner.id))
        payload = json.loads(proof.payload)
        assert payload["case_number"] == "EP-1" and payload["funder_name"] == "OPCO EP"


def test_the_journal_filters_by_person_reader_and_period_and_a_reload_is_one_read(demo):
    from datetime import timedelta

    from portal.timeutil import paris_today

    staff = signed_in(demo, "gestion@petale.test")
    file_id = open_file(demo, staff)
    for _ in range(3):  # the same file read again and again within minutes
        staff.get(f"/gestion/financements/{file_id}")
    with demo.app_context():
        reads = AuditEntry.select().where(AuditEntry.workflow == funding.WORKFLOW).count()
    assert reads == 1, "a reload is the same read, not a new entry"
    dpo = signed_in(demo, "dpo@petale.test")
    page = unescape(dpo.get("/dpo/journal", query_string={"personne": "apprenant@petale.test"})
                    .get_data(as_text=True))
    assert "dossier de financement" in page and "Antoine" in page
    other = unescape(dpo.get("/dpo/journal", query_string={"personne": "apprenante2@petale.test"})
                     .get_data(as_text=True))
    assert "dossier de financement" not in other
    tomorrow = (paris_today() + timedelta(days=1)).isoformat()
    later = unescape(dpo.get("/dpo/journal", query_string={"du": tomorrow}).get_data(as_text=True))
    assert "Aucune entrée." in later
    unknown = dpo.get("/dpo/journal", query_string={"personne": "personne@example.org"})
    assert unknown.status_code == 422 and "Personne ne correspond" in unescape(unknown.get_data(as_text=True))


def test_a_long_workflow_name_is_kept_within_its_column_on_every_engine(demo):
    """SQLite kept a 75-character workflow that PostgreSQL refused with a 500 (the session's documents ZIP)."""
    with demo.app_context():
        learner = antoine(demo)
        entry = audit.record(audit.Actor(None, "staff"), learner.id, "lecture", ["full_name"], workflow="w" * 100)
        stored = AuditEntry.get_by_id(entry.id).workflow
        assert len(stored) == 64 and stored.endswith("…")
        assert audit.verify().ok
