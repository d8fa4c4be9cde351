"""The dpo's list of the legal archive: each piece says what it is in words and what it is about (never
whose), and opens from the list for a reason journaled with the reading."""
from __future__ import annotations

import re
from datetime import timedelta

from portal.accounts.models import Account
from portal.archive import wording
from portal.archive.models import RECORD_KINDS
from portal.documents import pdf_document
from portal.funding import service as funding
from portal.funding.models import FundingFile
from portal.learning.models import Enrollment, TrainingSession
from portal.retention import sweep
from portal.vault import audit
from portal.vault import service as vault
from portal.vault.models import AuditEntry
from tests.support.helpers import csrf_token, pdf_text, readable
from tests.support.learning_fixtures import signed_in

TAGS = re.compile(r"<[^>]+>")


def shown(html: str) -> str:
    """What a reader sees of a page: its text without the markup (and without the links' addresses)."""
    return readable(TAGS.sub(" ", html))


def ended_training_archived(app) -> tuple[TrainingSession, int]:
    """Antoine's training ended, its funding file paid with an uploaded agreement: the sweep moved its proofs."""
    staff = vault.account_id_for_email("gestion@petale.test")
    with app.app_context():
        enrollment = Enrollment.get(Enrollment.account_id == Account.get(Account.display_name == "Antoine").id)
        file = funding.open_file(enrollment.id, staff)
        funding.save_details(file, funding.FileDetails("opco", "OPCO EP", "EP-2026-0042", "employee", ""))
        signed = pdf_document("Convention signée").bytes()
        funding.attach_document(file, "agreement", signed, 1_000_000, audit.Actor(staff, "staff"))
        for status in ("submitted", "accepted", "paid"):
            funding.move(FundingFile.get_by_id(file.id), status, staff,
                         "Réglé par l'OPCO hors du portail" if status == "paid" else "")
        session = TrainingSession.get_by_id(enrollment.session_id)
        assert sweep.sweep(session.ends_on + timedelta(days=1)).trainings_moved == 1
        return session, enrollment.id


def test_every_kind_the_archive_keeps_has_its_words_for_one_piece_and_for_many():
    assert set(wording.KIND_WORDS) == set(RECORD_KINDS)
    assert wording.one_piece("attendance_proof") == "Justificatif de présence"
    assert wording.kind("attendance_proof") == "justificatifs de présence"


def test_the_list_says_each_piece_in_words_and_names_no_one(demo):
    session, _ = ended_training_archived(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    home = dpo.get("/dpo/archives").get_data(as_text=True)
    assert 'href="/dpo/archives?type=attendance_proof&amp;annee=' in home, "the kinds lead to their lists"
    for kind, words in (("attendance_proof", "Justificatif de présence"), ("funding_proof", "Dossier de financement"),
                        ("contract", "Pièce contractuelle")):
        html = dpo.get("/dpo/archives", query_string={"type": kind}).get_data(as_text=True)
        page = shown(html)
        assert words in page and session.title in page and "Art floral" in page
        assert not re.search(rf"\b{kind}\b", page), "no code is shown"
        assert "Antoine" not in page, "the list names no one"
        assert f'href="/dpo/archives/{kind}/' in html, "each piece opens from the list"
    page = shown(dpo.get("/dpo/archives", query_string={"type": "contract"}).get_data(as_text=True))
    assert "Convention ou contrat — " in page, "an uploaded copy says which document it is"


def test_a_piece_opens_for_a_reason_written_in_the_journal_before_it_is_read(demo):
    session, enrollment_id = ended_training_archived(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    address = f"/dpo/archives/attendance_proof/attendance_proof-{enrollment_id}"
    with demo.app_context():
        logged = AuditEntry.select().count()
    form = dpo.get(address)
    page = shown(form.get_data(as_text=True))
    assert form.status_code == 200 and "Justificatif de présence" in page and session.title in page
    assert "Antoine" not in page, "nothing of her is read before the reason is given"
    token = csrf_token(form.get_data(as_text=True))
    empty = dpo.post(address, data={"csrf_token": token, "reason": ""})
    assert empty.status_code == 422 and "la raison est inscrite au journal" in readable(empty.get_data(as_text=True))
    naming = dpo.post(address, data={"csrf_token": token, "reason": "demande d'Antoine Apprenant"})
    assert naming.status_code == 422 and "ni le nom" in readable(naming.get_data(as_text=True))
    assert dpo.post("/dpo/archives/attendance_proof/attendance_proof-999999",
                    data={"csrf_token": token, "reason": "contrôle Qualiopi"}).status_code == 404
    with demo.app_context():
        assert AuditEntry.select().count() == logged, "nothing read, nothing logged"

    response = dpo.post(address, data={"csrf_token": token, "reason": "contrôle Qualiopi 2027"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "Justificatif de présence" in text and "Antoine Apprenant" in text and session.title in text
    assert "Temps de formation suivi" in text and f"{session.ends_on:%d/%m/%Y}" in text
    assert "attendance_proof" not in text and "holder" not in text, "fields in words"
    assert f'filename="justificatif-de-presence-{enrollment_id}.pdf"' in response.headers["Content-Disposition"]
    with demo.app_context():
        [entry] = AuditEntry.select().order_by(AuditEntry.id)[logged:]
        assert entry.reason == "contrôle Qualiopi 2027" and entry.actor_role == "dpo" and entry.action == "lecture"
        assert entry.subject_id == Account.get(Account.display_name == "Antoine").id
        assert entry.fields == "archive", "in the journal's words: « pièces archivées »"

    funding_file = dpo.post(f"/dpo/archives/funding_proof/funding_proof-{enrollment_id}",
                            data={"csrf_token": token, "reason": "contrôle de l'OPCO"})
    text = pdf_text(funding_file.data)
    assert "OPCO EP" in text and "EP-2026-0042" in text and "payé" in text and "Financeur" in text
    copy = dpo.post(f"/dpo/archives/contract/contract-{enrollment_id}-agreement",
                    data={"csrf_token": token, "reason": "contrôle de l'OPCO"})
    assert copy.mimetype == "application/pdf" and "Convention signée" in pdf_text(copy.data), "the copy as received"


def test_only_the_dpo_opens_archived_pieces(demo):
    _, enrollment_id = ended_training_archived(demo)
    for other in ("gestion@petale.test", "apprenant@petale.test", "formatrice@petale.test"):
        assert signed_in(demo, other).get(f"/dpo/archives/attendance_proof/attendance_proof-{enrollment_id}"
                                          ).status_code == 403
