"""The dpo checks who wrote a letter against what the portal holds (a dpo walk found the check « blind »: the
register gave nothing to compare with, and any sentence was accepted)."""
from __future__ import annotations

from html import unescape

from portal.privacy.identity_check import READ_REASON
from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from portal.vault.models import AuditEntry
from portal.vault.service import account_id_for_email, set_postal_address
from tests.support.busy_learner import post
from tests.support.learning_fixtures import signed_in
from tests.support.letters import record_letter

PAGE = "/dpo/demandes"


def a_letter(dpo, kind: str = "access") -> DataRequest:
    assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": kind, "channel": "courrier",
                               "received_on": paris_today().isoformat()}).status_code == 302
    return DataRequest.select().order_by(DataRequest.id.desc()).first()


def test_the_request_page_shows_what_the_portal_holds_to_compare_and_journals_the_read(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        set_postal_address(antoine, "3 rue des Pivoines\n75011 Paris")
        request = a_letter(dpo)
        reads_before = AuditEntry.select().where(AuditEntry.reason == READ_REASON).count()
    register = unescape(dpo.get(PAGE).get_data(as_text=True))
    row = register.split(f'id="demande-{request.id}"')[1].split("</tr>")[0]
    assert f'/dpo/demandes/{request.id}#executer' in row and "Vérifier son identité et exécuter la demande" in row
    assert 'name="identity_check"' not in row, "no check typed in without seeing what to compare with"
    assert "Pivoines" not in register, "the register itself reads no identity"
    home = dpo.get("/dpo").get_data(as_text=True)
    assert f'href="/dpo/demandes/{request.id}"' in home, "her home leads to the request's page"
    page = unescape(dpo.get(f"/dpo/demandes/{request.id}").get_data(as_text=True))
    compare = page.split("À comparer avec sa lettre")[1].split("Exécuter la demande")[0]
    for held in ("Antoine Apprenant", "apprenant@petale.test", "06 12 00 00 05", "3 rue des Pivoines", "75011 Paris",
                 "Compte créé le"):
        assert held in compare, held
    assert 'name="identity_method"' in page and "Copie d'une pièce d'identité" in page
    dpo.get(f"/dpo/demandes/{request.id}")  # a reload within a short while is the same read
    with demo.app_context():
        reads = AuditEntry.select().where((AuditEntry.reason == READ_REASON) & (AuditEntry.subject_id == antoine))
        assert reads.count() == reads_before + 1
        assert reads.first().workflow == "registre des demandes" and reads.first().actor_role == "dpo"


def test_the_check_says_how_and_what_was_compared_or_is_refused_in_words(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        request = a_letter(dpo, "objection")
    url = f"/dpo/demandes/{request.id}/execution"
    for given, words in (({}, "Choisissez comment l'identité"),
                         ({"identity_method": "n'importe"}, "Choisissez comment l'identité"),
                         ({"identity_method": "signature", "identity_check": "  "}, "Notez ce que vous avez comparé"),
                         ({"identity_method": "signature", "identity_check": "x" * 241}, "240 caractères")):
        refused = post(dpo, url, given, PAGE)
        html = unescape(refused.get_data(as_text=True))
        assert refused.status_code == 422 and words in html, given
        assert "À comparer avec sa lettre" in html, "refused, the page still shows what to compare with"
    with demo.app_context():
        assert DataRequest.get_by_id(request.id).closed_at is None
    compared = "signature et adresse identiques au contrat"
    done = post(dpo, url, {"identity_method": "signature", "identity_check": compared, "objections": "marketing",
                           "confirmed": "y"}, PAGE)
    assert done.status_code == 302
    with demo.app_context():
        kept = DataRequest.get_by_id(request.id)
        assert kept.closed_at is not None
        assert kept.identity_check == ("Signature comparée à un document signé (contrat, émargement) — signature et "
                                       "adresse identiques au contrat")
    closed = unescape(dpo.get(f"/dpo/demandes/{request.id}").get_data(as_text=True))
    assert "signature et adresse identiques au contrat" in closed and "À comparer avec sa lettre" not in closed


def test_a_request_from_her_own_space_needs_no_comparison(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    post(learner, "/mes-donnees/limitation", {"ground": "accuracy", "understood": "y"}, "/mes-donnees")
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        request = DataRequest.get(DataRequest.kind == "restriction")
        before = AuditEntry.select().where(AuditEntry.reason == READ_REASON).count()
    page = unescape(dpo.get(f"/dpo/demandes/{request.id}").get_data(as_text=True))
    assert "À comparer avec sa lettre" not in page and "Prévenir la personne de la levée" in page
    assert dpo.get("/dpo/demandes/999999").status_code == 404
    with demo.app_context():
        assert AuditEntry.select().where(AuditEntry.reason == READ_REASON).count() == before
