"""Once the request of someone without an account is answered, the register still says who wrote (her name is
the proof of whom the answer went to, kept as long as the request), finds her by name or reference, and the
access journal leads back from her to her requests."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from portal.vault.models import AuditEntry
from tests.support.busy_learner import post
from tests.support.learning_fixtures import signed_in

PAGE = "/dpo/demandes"
LETTER = {"kind": "access", "channel": "courrier", "without_account": "y", "full_name": "Capucine Ancolie",
          "postal_address": "12 rue des Glycines\n69004 Lyon",
          "received_on": (paris_today() - timedelta(days=2)).isoformat()}


def test_a_closed_request_keeps_her_name_and_the_register_finds_it(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert post(dpo, "/dpo/demandes/nouvelle", LETTER, PAGE).status_code == 302
    with demo.app_context():
        request = DataRequest.get(DataRequest.requester_id.is_null(False))
    assert post(dpo, f"/dpo/demandes/{request.id}/cloture", {"answer": "Aucune donnée.", "by_post": "y"},
                PAGE).status_code == 302

    closed = unescape(dpo.get(PAGE + "?etat=closes").get_data(as_text=True))
    assert "Capucine Ancolie" in closed, "the answered request still names who wrote"
    assert "Glycines" not in closed, "her address is no longer shown once answered"
    assert "Capucine Ancolie" in unescape(dpo.get(f"{PAGE}/{request.id}").get_data(as_text=True))
    with demo.app_context():
        assert AuditEntry.select().where((AuditEntry.subject_id == request.requester_id)
                                         & (AuditEntry.fields == "full_name")).exists(), "reading her name is journaled"

    for wanted in ("ancolie", f"n° {request.id}", str(request.requester_id)[:8]):
        found = unescape(dpo.get(PAGE, query_string={"q": wanted}).get_data(as_text=True))
        assert f'id="demande-{request.id}"' in found, wanted
    others = unescape(dpo.get(PAGE, query_string={"q": "Personne Inconnue"}).get_data(as_text=True))
    assert f'id="demande-{request.id}"' not in others

    journal = unescape(dpo.get("/dpo/journal").get_data(as_text=True))
    assert f"/dpo/demandes?q={request.requester_id}" in journal, "the journal leads back to her requests"
