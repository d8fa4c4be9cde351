"""Attestations de fin de formation: issued on completion, once per course version, verifiable by a
signed code and a QR code, immutable, superseded by a new version after a name rectification."""
from __future__ import annotations

import io
from html import unescape

import pytest
from pypdf import PdfReader

from portal.accounts.models import Account
from portal.certificates import service
from portal.certificates.models import Certificate
from portal.learning.models import Course, Lesson, Module, QuizAttempt
from portal.player import tracking
from portal.vault.models import AuditEntry, Identity
from tests.helpers import outbox, pdf_text, run_jobs, submit
from tests.learning_fixtures import signed_in

COURSE = "art-floral-les-fondamentaux"


def complete_course(app, display_name="Amélie") -> None:
    with app.app_context():
        learner = Account.get(Account.display_name == display_name).id
        lessons = list(Lesson.select(Lesson, Module).join(Module).join(Course).where(Course.slug == COURSE))
        for lesson in lessons:
            if lesson.kind == "quiz":
                QuizAttempt.create(account_id=learner, lesson=lesson.id, score=90, passed=True, answers="{}")
            tracking.complete(learner, lesson, None)
    run_jobs(app)
    run_jobs(app)


def the_certificate(app) -> Certificate:
    with app.app_context():
        return Certificate.select(Certificate, Course).join(Course).get()


def test_completing_the_course_issues_one_certificate_with_a_pdf_and_a_qr_code(demo):
    complete_course(demo)
    certificate = the_certificate(demo)
    assert [m["Subject"] for m in outbox(demo)].count("Votre attestation de fin de formation") == 1
    learner = signed_in(demo, "apprenante2@petale.test")
    page = unescape(learner.get("/mes-attestations").get_data(as_text=True))
    assert "Art floral — les fondamentaux" in page
    assert 'href="/mes-attestations"' in learner.get("/mon-espace").get_data(as_text=True)
    data = learner.get(f"/mes-attestations/{certificate.code}.pdf").data
    text = " ".join(pdf_text(data).split())
    for expected in ("Attestation de fin de formation", "Amélie Apprenante", "Art floral - les fondamentaux",
                     "action de formation", "21.00 heures prévues", "Choisir, préparer et conserver les fleurs coupées",
                     "Quiz : outils et préparation : 90 %", certificate.code,
                     f"/certificats/verifier/{certificate.code}"):
        assert expected in text, expected
    assert any(page.images for page in PdfReader(io.BytesIO(data)).pages), "the QR code is in the PDF"
    assert signed_in(demo, "apprenant@petale.test").get(f"/mes-attestations/{certificate.code}.pdf").status_code == 404
    with demo.app_context():
        learner_id = Account.get(Account.display_name == "Amélie").id
        service.consider(str(learner_id), certificate.course_id)  # a second completion event
        with pytest.raises(service.CertificateRefused):
            service.issue(learner_id, certificate.course_id)
        assert Certificate.select().count() == 1


def test_the_public_page_verifies_a_code_and_rejects_forged_or_altered_ones(demo):
    complete_course(demo)
    code = the_certificate(demo).code
    anonymous = demo.test_client()
    page = unescape(anonymous.get(f"/certificats/verifier/{code}").get_data(as_text=True))
    assert "Amélie Apprenante" in page and "Art floral — les fondamentaux" in page and "valide" in page
    altered = code[:-1] + ("A" if code[-1] != "A" else "B")
    for bad in (altered, "0123456789.abcdefgh", "n'importe quoi"):
        response = anonymous.get(f"/certificats/verifier/{bad}")
        assert response.status_code == 404 and "ne correspond à aucune attestation" in unescape(
            response.get_data(as_text=True))


def test_a_name_rectification_brings_a_new_version_and_the_old_one_says_superseded(demo):
    complete_course(demo)
    old = the_certificate(demo)
    old_pdf = pdf_text(signed_in(demo, "apprenante2@petale.test").get(f"/mes-attestations/{old.code}.pdf").data)
    with demo.app_context():
        Identity.update(full_name="Amélie Apprenante-Rosier").where(Identity.account_id == old.account_id).execute()
    staff = signed_in(demo, "gestion@petale.test")
    response = submit(staff, f"/gestion/attestations/{old.code}/nouvelle-version", {}, page="/gestion/attestations")
    assert response.status_code == 302
    with demo.app_context():
        new = Certificate.get(Certificate.version == 2)
        assert Certificate.get_by_id(old.id).superseded_by == new.code
        assert AuditEntry.select().where(AuditEntry.workflow == "nouvelle version d'attestation").count() == 1
    anonymous = demo.test_client()
    old_page = unescape(anonymous.get(f"/certificats/verifier/{old.code}").get_data(as_text=True))
    assert "Amélie Apprenante" in old_page and "remplacée le" in old_page and new.code in old_page
    new_page = unescape(anonymous.get(f"/certificats/verifier/{new.code}").get_data(as_text=True))
    assert "Amélie Apprenante-Rosier" in new_page and "valide" in new_page
    unchanged = pdf_text(signed_in(demo, "apprenante2@petale.test").get(f"/mes-attestations/{old.code}.pdf").data)
    assert unchanged == old_pdf, "an issued certificate never changes"
    again = submit(staff, f"/gestion/attestations/{old.code}/nouvelle-version", {}, page="/gestion/attestations")
    assert again.status_code == 303
    assert "déjà été remplacée" in unescape(staff.get("/gestion/attestations").get_data(as_text=True))


def test_a_new_course_version_allows_a_new_certificate(demo):
    complete_course(demo)
    with demo.app_context():
        course = Course.get(Course.slug == COURSE)
        Course.update(version=course.version + 1).where(Course.id == course.id).execute()
        learner = Account.get(Account.display_name == "Amélie").id
        issued = service.issue(learner, course.id)
        assert issued.course_version == course.version + 1 and Certificate.select().count() == 2


def test_an_unfinished_course_issues_nothing(demo):
    with demo.app_context():
        learner = Account.get(Account.display_name == "Antoine").id  # the demo learner is half-way
        course = Course.get(Course.slug == COURSE)
        service.consider(str(learner), course.id)
        assert Certificate.select().count() == 0
