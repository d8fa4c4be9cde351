"""Once the request of someone without an account is answered, the register still says who wrote (her name is
the proof of whom the answer went to, kept as long as the request), finds her by name or reference, and the
access journal leads back from her to her requests."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.privacy.models import DataRequest
from portal.privacy.register_listing import designation
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
    closing = {"confirmed": "y", "answer": "Aucune donnée.", "by_post": "y"}
    assert post(dpo, f"/dpo/demandes/{request.id}/cloture", closing, PAGE).status_code == 302

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


def test_her_name_stays_while_a_request_or_a_complaint_of_hers_is_kept(demo):
    """A letter attached to what she gave with a public complaint shares her details: the complaint's expiry
    must not take her name from a request the register still keeps, nor the other way round."""
    from datetime import date

    from portal.improvement.models import Complaint
    from portal.personal_data import registry
    from portal.privacy.requests import open_request
    from portal.timeutil import utcnow
    from portal.vault import service as vault
    from portal.vault.audit import Actor
    from portal.vault.models import Requester

    today = paris_today()
    with demo.app_context():
        her = vault.record_requester(Actor(None, "anonymous"), full_name="Capucine Ancolie", email="c@example.org")
        Complaint.create(account_id=None, requester_id=her, filed_as="visiteur", subject="Accueil", body="…",
                         received_on=today, due_on=today, answered_on=today)
        request = open_request(None, "access", channel="courriel", requester_id=her)
        DataRequest.update(closed_at=utcnow().replace(year=today.year + 2)).where(
            DataRequest.id == request.id).execute()  # answered two years later: kept two years longer
        registry.expire_all(date(today.year + 5, 12, 31) + timedelta(days=1), frozenset())
        assert not Complaint.select().where(Complaint.requester_id == her).exists(), "the complaint is past its time"
        assert Requester.select().where(Requester.id == her).exists(), "her request is still kept, her name too"
        registry.expire_all(date(today.year + 7, 12, 31) + timedelta(days=1), frozenset())
        assert not DataRequest.select().where(DataRequest.requester_id == her).exists()
        assert not Requester.select().where(Requester.id == her).exists(), "then her details go"


def test_digits_alone_are_a_request_number_and_a_reference_that_happens_to_be_digits():
    assert designation("n° 12") == (12, None)
    assert designation("12") == (12, None)
    assert designation("29885752") == (29885752, "29885752")  # a reference of digits only, or a number
    assert designation("2988ab52") == (None, "2988ab52")
    assert designation("Ancolie") == (None, None)
