"""The dpo, registering a letter, searches for its author: a learner, or someone the portal holds without an
account (who wrote to her before, or filed a complaint on the public page), said as such (a dpo walk searched
« martin » and found no one, though Lucie Martin had written the week before)."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.improvement.models import Complaint
from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from portal.vault.models import AuditEntry
from tests.support.busy_learner import post
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in
from tests.support.letters import record_letter

LETTER = {"kind": "access", "channel": "courrier", "without_account": "y", "full_name": "Lucie Martin",
          "postal_address": "3 rue des Roses\n75011 Paris", "email": "lucie.martin@example.org",
          "received_on": (paris_today() - timedelta(days=2)).isoformat()}


def searched(client, words: str) -> str:
    return unescape(submit(client, "/gestion/apprenants/recherche", {"text": words, "reason": "lettre reçue"},
                           page="/gestion/apprenants", follow_redirects=True).get_data(as_text=True))


def test_the_dpo_finds_someone_without_an_account_and_what_she_is(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert post(dpo, "/dpo/demandes/nouvelle", LETTER, "/dpo/demandes").status_code == 302
    with demo.app_context():
        request = DataRequest.get(DataRequest.requester_id.is_null(False))
        Complaint.create(account_id=None, requester_id=request.requester_id, filed_as="visiteur",
                         subject="Accueil", body="Personne au téléphone.", received_on=paris_today(),
                         due_on=paris_today())
    page = searched(dpo, "martin")
    found = page.split('id="h-search"')[1].split("</section>")[0]
    assert "Lucie Martin" in found and "personne sans compte" in found
    assert f"n° {request.id} Droit d'accès" in found and "1 demande" in found
    assert "1 réclamation sur la page publique" in found
    assert f"/dpo/demandes?q={request.requester_id}" in found
    with demo.app_context():
        assert AuditEntry.select().where((AuditEntry.subject_id == request.requester_id)
                                         & (AuditEntry.action == "recherche")
                                         & (AuditEntry.reason == "lettre reçue")).exists(), \
            "finding her is journaled, with the search's reason"
    staff = searched(signed_in(demo, "gestion@petale.test"), "martin")
    assert "Lucie Martin" not in staff, "only the dpo, who answers her, finds her"


def test_the_requests_link_is_offered_for_everyone_who_wrote_account_or_not(demo):
    """« ses demandes » was offered only for people without an account: Antoine's letter could not be reached from
    the search that found him, nor from the journal's lines about him."""
    dpo = signed_in(demo, "dpo@petale.test")
    assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": "erasure", "channel": "courrier",
                               "received_on": LETTER["received_on"]}).status_code == 302
    with demo.app_context():
        request = DataRequest.select().order_by(DataRequest.id.desc()).get()
    link = f"/dpo/demandes?q={request.account_id}"
    found = searched(dpo, "antoine").split('id="h-search"')[1].split("</section>")[0]
    assert "Antoine Apprenant" in found and f"n° {request.id} Effacement" in found and link in found
    journal = unescape(dpo.get("/dpo/journal").get_data(as_text=True))
    assert link in journal, "the journal's lines about him lead to his requests"
    assert f'id="demande-{request.id}"' in dpo.get(link).get_data(as_text=True)
    staff = searched(signed_in(demo, "gestion@petale.test"), "antoine")
    assert "Antoine Apprenant" in staff and "A écrit au délégué" not in staff, "staff are not shown his requests"
