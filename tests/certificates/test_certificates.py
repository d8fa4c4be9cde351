"""Attestations de fin de formation: issued on completion, once per course version, verifiable by a
signed code and a QR code, immutable, superseded by a new version after a name rectification."""
from __future__ import annotations

import io
import re
from datetime import datetime
from html import unescape

import pytest
from pypdf import PdfReader

from portal.accounts.models import Account
from portal.certificates import service
from portal.certificates.models import Certificate, CertificateCheck
from portal.learning.models import Course
from portal.vault.models import AuditEntry, Identity
from tests.support.certificates import COURSE, complete_course, the_certificate
from tests.support.helpers import csrf_token, outbox, pdf_text, submit
from tests.support.learning_fixtures import signed_in


def test_completing_the_course_issues_one_certificate_with_a_pdf_and_a_qr_code(demo):
    complete_course(demo)
    certificate = the_certificate(demo)
    assert [m["Subject"] for m in outbox(demo)].count("Votre attestation de fin de formation") == 1
    learner = signed_in(demo, "apprenante2@petale.test")
    page = unescape(learner.get("/mes-attestations").get_data(as_text=True))
    assert "Art floral — les fondamentaux" in page
    assert 'href="/mes-attestations"' in learner.get("/mon-espace").get_data(as_text=True)
    response = learner.get(f"/mes-attestations/{certificate.code}.pdf")
    # Named for the person who keeps it: the course and the day, not a token.
    assert (f'filename="attestation-art-floral-les-fondamentaux-{certificate.completed_on:%Y-%m-%d}.pdf"'
            in response.headers["Content-Disposition"])
    data = response.data
    text = " ".join(pdf_text(data).split())
    for expected in ("Attestation de fin de formation", "Amélie Apprenante", "Art floral — les fondamentaux",
                     "action de formation", "21 heures prévues", "Choisir, préparer et conserver les fleurs coupées",
                     "Quiz : outils et préparation : 90 %", certificate.code,
                     f"/certificats/verifier/{certificate.code}"):
        assert expected in text, expected
    assert re.search(r"; \d+,\d\d heures réalisées", text), "hours written the French way"
    assert any(page.images for page in PdfReader(io.BytesIO(data)).pages), "the QR code is in the PDF"
    assert signed_in(demo, "apprenant@petale.test").get(f"/mes-attestations/{certificate.code}.pdf").status_code == 404
    with demo.app_context():
        learner_id = Account.get(Account.display_name == "Amélie").id
        service.consider(str(learner_id), certificate.course_id)  # a second completion event
        with pytest.raises(service.CertificateRefused):
            service.issue(learner_id, certificate.course_id)
        assert Certificate.select().count() == 1


def normalised(page: str) -> str:
    """The page less what changes between two requests (the form's token)."""
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", re.sub(r'name="csrf_token" value="[^"]*"', "", page))


def name_check(client, code: str, typed: str) -> bool | None:
    """What the public page answers for a name typed from the paper."""
    page_url = f"/certificats/verifier/{code}"
    token = csrf_token(client.get(page_url).get_data(as_text=True))
    response = client.post(f"{page_url}/nom", data={"name": typed, "csrf_token": token})
    page = unescape(response.get_data(as_text=True))
    assert typed not in page, "the typed name is not written back"
    if "est bien celui imprimé" in page:
        return True
    if "n'est pas celui imprimé" in page:
        return False
    return None


def test_the_public_page_verifies_a_code_and_rejects_forged_or_altered_ones(demo):
    complete_course(demo)
    code = the_certificate(demo).code
    anonymous = demo.test_client()
    page = unescape(anonymous.get(f"/certificats/verifier/{code}").get_data(as_text=True))
    assert "Art floral — les fondamentaux" in page and "valide" in page
    assert "Amélie" not in page and "Apprenante" not in page, "the name is never shown: typed, it is checked"
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
    assert "remplacée le" in old_page and new.code in old_page
    new_page = unescape(anonymous.get(f"/certificats/verifier/{new.code}").get_data(as_text=True))
    assert "valide" in new_page
    # Each version answers for the name printed on it.
    assert name_check(anonymous, old.code, "Amélie Apprenante") is True
    assert name_check(anonymous, old.code, "Amélie Apprenante-Rosier") is False
    assert name_check(anonymous, new.code, "apprenante-rosier AMELIE") is True
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


def test_after_the_holder_deleted_her_account_the_check_still_says_issued_and_valid_without_the_name(demo):
    from portal.privacy.erasure import delete_account

    complete_course(demo)
    code = the_certificate(demo).code
    before = normalised(unescape(demo.test_client().get(f"/certificats/verifier/{code}").get_data(as_text=True)))
    with demo.app_context():
        delete_account(Account.get(Account.display_name == "Amélie"), notify=False)
        assert not Certificate.select().where(Certificate.code == code).exists()
    response = demo.test_client().get(f"/certificats/verifier/{code}")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "valide" in page and "Art floral — les fondamentaux" in page
    assert "Amélie" not in page and "Apprenante" not in page
    assert normalised(page) == before, "the same page whether or not the holder still has an account"
    assert name_check(demo.test_client(), code, "Amélie Apprenante") is True
    assert name_check(demo.test_client(), code, "Amélie Autre") is False
    # A certificate issued before the check had its own table is indexed by init-db, from the archive.
    with demo.app_context():
        CertificateCheck.delete().execute()
    assert demo.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    assert name_check(demo.test_client(), code, "Apprenante Amélie") is True
    forged = demo.test_client().get(f"/certificats/verifier/{code[:-2]}xx")
    assert forged.status_code == 404


def test_the_short_code_catches_typing_mistakes_and_reads_any_case_and_dashes():
    from portal.certificates import short_code

    code = short_code.new()
    assert len(code) == 10 and short_code.normalise(code) == code
    assert short_code.normalise(short_code.printed(code).lower()) == code
    assert short_code.normalise(" " + code[:4] + " " + code[4:] + " ") == code
    for position in range(10):  # every single mistyped character is caught
        for wrong in short_code.ALPHABET:
            if wrong != code[position]:
                assert short_code.normalise(code[:position] + wrong + code[position + 1:]) is None
    swapped = code[1] + code[0] + code[2:]
    assert code[0] == code[1] or short_code.normalise(swapped) is None, "two neighbours swapped are caught"
    assert short_code.normalise(code.replace("0", "O").replace("1", "I")) == code, "O for 0, I for 1"
    assert short_code.normalise(code[:-1]) is None and short_code.normalise("UUUUUUUUUU") is None


def test_the_code_typed_from_paper_leads_to_the_check_page_from_the_footer(demo):
    complete_course(demo)
    certificate = the_certificate(demo)
    from portal.certificates.short_code import printed

    visitor = demo.test_client()
    home = unescape(visitor.get("/").get_data(as_text=True))
    assert 'href="/certificats/verifier"' in home, "reachable from every page's footer"
    form = unescape(visitor.get("/certificats/verifier").get_data(as_text=True))
    assert "code de 10 caractères" in form
    typed = printed(certificate.short_code).lower()
    found = visitor.get("/certificats/verifier", query_string={"code": typed})
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/certificats/verifier/{certificate.code}")
    wrong = certificate.short_code[:-1] + ("A" if certificate.short_code[-1] != "A" else "B")
    refused = visitor.get("/certificats/verifier", query_string={"code": wrong})
    assert refused.status_code == 404 and "vérifiez chaque caractère" in unescape(refused.get_data(as_text=True))
    empty = visitor.get("/certificats/verifier", query_string={"code": ""})
    assert empty.status_code == 422 and "Tapez le code" in unescape(empty.get_data(as_text=True))
    text = " ".join(pdf_text(signed_in(demo, "apprenante2@petale.test").get(
        f"/mes-attestations/{certificate.code}.pdf").data).split())
    assert printed(certificate.short_code) in text and "/certificats/verifier" in text


def test_a_short_code_still_finds_an_archived_certificate(demo):
    from portal.privacy.erasure import delete_account

    complete_course(demo)
    certificate = the_certificate(demo)
    with demo.app_context():
        delete_account(Account.get(Account.display_name == "Amélie"), notify=False)
    found = demo.test_client().get("/certificats/verifier", query_string={"code": certificate.short_code})
    assert found.status_code == 302 and found.headers["Location"].endswith(certificate.code)


def test_the_issue_date_is_the_paris_day_on_the_page_and_in_the_pdf(demo):
    complete_course(demo)
    certificate = the_certificate(demo)
    # Issued at 00:43 in Paris on 8 December: stored as 23:43 UTC on the 7th.
    with demo.app_context():
        Certificate.update(issued_at=datetime(2026, 12, 7, 23, 43)).where(Certificate.id == certificate.id).execute()
    learner = signed_in(demo, "apprenante2@petale.test")
    page = unescape(learner.get("/mes-attestations").get_data(as_text=True))
    assert "Délivrée le 8 décembre 2026" in page
    text = " ".join(pdf_text(learner.get(f"/mes-attestations/{certificate.code}.pdf").data).split())
    assert "le 08/12/2026" in text and "le 07/12/2026" not in text
