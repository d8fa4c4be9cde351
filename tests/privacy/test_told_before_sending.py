"""Before an objection, a rectification, an extension or an answer goes out, the dpo reads what the person will
receive, and nothing is done until she confirms; someone answered by post gets the same words as a letter to
print (a dpo walk found the mails quoting her internal identity-check note, and no way to see them first)."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.privacy.models import DataRequest, RequestExtension, RequestStep
from portal.standing.objection import objected_since
from portal.standing.service import granted
from portal.timeutil import paris_today
from portal.vault.models import AuditEntry
from portal.vault.service import account_id_for_email
from tests.support.busy_learner import post
from tests.support.helpers import outbox, pdf_text, run_jobs, text_of
from tests.support.learning_fixtures import signed_in
from tests.support.letters import letter_without_email, record_letter

PAGE = "/dpo/demandes"
NOTE = "signature identique au contrat de formation"
CHECK = {"identity_method": "signature", "identity_check": NOTE}


def shown(response) -> str:
    return unescape(response.get_data(as_text=True)).replace("\u202f", " ").replace("\u00a0", " ")


def preview(page: str) -> str:
    return page.split('<pre class="preview">')[1].split("</pre>")[0]


def test_an_objection_is_read_before_it_is_applied_and_her_mail_has_no_internal_note(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    learner = signed_in(demo, "apprenant@petale.test")
    post(learner, "/mes-donnees/consentement", {"marketing": "oui"}, "/mes-donnees")
    with demo.app_context():
        account = account_id_for_email("apprenant@petale.test")
        assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": "objection", "channel": "courrier",
                                   "received_on": paris_today().isoformat()}).status_code == 302
        request = DataRequest.get(DataRequest.kind == "objection")
    url = f"{PAGE}/{request.id}/execution"
    asked = post(dpo, url, {**CHECK, "objections": "marketing"}, PAGE)
    page = shown(asked)
    assert asked.status_code == 200 and "Relire avant d'envoyer" in page
    assert "Courriels sur nos nouveautés" in page and "comme par le lien de désinscription" in page
    told = preview(page)
    assert "vous ne recevrez plus de courriels sur nos nouveautés" in told and NOTE not in told
    assert "Bonjour" in told and "répondez à ce courriel" in told
    for hidden in ('name="objections" value="marketing"', 'name="identity_method" value="signature"',
                   f'name="identity_check" value="{NOTE}"', 'name="confirmed" value="y"'):
        assert hidden in page, hidden
    with demo.app_context():
        assert granted(account) and DataRequest.get_by_id(request.id).closed_at is None, "nothing done yet"
        assert not RequestStep.select().where(RequestStep.request == request.id).exists()
    assert post(dpo, url, {**CHECK, "objections": "marketing", "confirmed": "y"}, PAGE).status_code == 302
    run_jobs(demo)
    with demo.app_context():
        assert not granted(account) and objected_since(account) is None
    [mail] = [m for m in outbox(demo) if m["Subject"] == "Votre demande sur vos données : réponse"]
    assert NOTE not in text_of(mail) and "identité" not in text_of(mail).lower()
    assert " ".join(told.split("\n", 1)[1].split()) in " ".join(text_of(mail).split()), "what the dpo read"


def test_a_rectification_is_read_before_it_is_made(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": "rectification", "channel": "courrier",
                                   "received_on": paris_today().isoformat()}).status_code == 302
        request = DataRequest.get(DataRequest.kind == "rectification")
    asked = post(dpo, f"{PAGE}/{request.id}/execution", {**CHECK, "phone": "06 11 22 33 44"}, PAGE)
    told = preview(shown(asked))
    assert asked.status_code == 200 and "nous avons corrigé votre téléphone" in told and "attestation" not in told
    wrong = post(dpo, f"{PAGE}/{request.id}/execution", {**CHECK, "phone": "12"}, PAGE)
    assert wrong.status_code == 422 and "pas valide" in shown(wrong), "refused before it is shown"
    with demo.app_context():
        assert not AuditEntry.select().where(AuditEntry.action == "rectification").exists()


def test_someone_without_e_mail_gets_the_extension_and_the_answer_as_a_letter_to_print(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = letter_without_email(dpo, demo)
    later = (request.due_on + timedelta(days=20)).isoformat()
    extension = {"new_due": later, "reason": "Nous devons chercher dans nos archives papier.", "by_post": "y",
                 "fiche": "y"}
    asked = post(dpo, f"{PAGE}/{request.id}/report", extension, PAGE)
    page = shown(asked)
    assert asked.status_code == 200 and "La lettre à lui envoyer" in page
    told = preview(page)
    assert "Bonjour Lucie Martin" in told and "archives papier" in told
    assert "répondez à ce courriel" not in told and "écrivez au délégué" in told, "a letter is not a mail"
    assert f'formaction="/dpo/demandes/{request.id}/report/lettre.pdf"' in page
    letter = post(dpo, f"{PAGE}/{request.id}/report/lettre.pdf", extension, PAGE)
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    words = " ".join(pdf_text(letter.data).split())
    for said in ("Lucie Martin", "12 rue des Lilas", "69003 Lyon", "archives papier", "dpo@petale.test"):
        assert said in words, said
    with demo.app_context():
        assert not RequestExtension.select().exists(), "printing the letter records nothing"
    assert post(dpo, f"{PAGE}/{request.id}/report", {**extension, "confirmed": "y"}, PAGE).status_code == 302
    with demo.app_context():
        assert RequestExtension.select().count() == 1

    answer = {"answer": "Nous ne détenons aucune donnée vous concernant.", "by_post": "y"}
    asked = post(dpo, f"{PAGE}/{request.id}/cloture", answer, PAGE)
    assert asked.status_code == 200 and "aucune donnée vous concernant" in preview(shown(asked))
    letter = post(dpo, f"{PAGE}/{request.id}/cloture/lettre.pdf", answer, PAGE)
    assert "Nous ne détenons aucune donnée vous concernant." in " ".join(pdf_text(letter.data).split())
    with demo.app_context():
        assert DataRequest.get_by_id(request.id).closed_at is None
    assert post(dpo, f"{PAGE}/{request.id}/cloture", {**answer, "confirmed": "y"}, PAGE).status_code == 302
    run_jobs(demo)
    assert outbox(demo) == []
    with demo.app_context():
        assert DataRequest.get_by_id(request.id).closed_at is not None


def test_every_kind_of_request_can_be_extended_after_reading_the_notice(demo):
    """The preview of an objection listed what she objects to from the carry-out form: extending an objection,
    whose form has no such field, gave a server error (a dpo walk, 08/12/2026)."""
    dpo = signed_in(demo, "dpo@petale.test")
    later = (paris_today() + timedelta(days=40)).isoformat()
    for kind in ("objection", "access", "rectification", "erasure", "restriction", "portability"):
        with demo.app_context():
            assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": kind, "channel": "courrier",
                                       "received_on": paris_today().isoformat()}).status_code == 302
            request = DataRequest.select().where(DataRequest.kind == kind).order_by(DataRequest.id.desc()).get()
        extension = {"new_due": later, "reason": "Nous devons chercher dans nos archives papier."}
        asked = post(dpo, f"{PAGE}/{request.id}/report", extension, PAGE)
        assert asked.status_code == 200 and "Relire avant d'envoyer" in shown(asked), kind
        assert post(dpo, f"{PAGE}/{request.id}/report", {**extension, "confirmed": "y"}, PAGE).status_code == 302
        with demo.app_context():
            assert RequestExtension.select().where(RequestExtension.request == request.id).exists(), kind
