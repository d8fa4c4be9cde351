"""/dpo: the dpo's home lists the open requests by due date (overdue first), the incidents still to
notify with the CNIL clock, and the last day's security events, in words."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.privacy.models import DataRequest
from portal.privacy.requests import open_request
from portal.security import events
from portal.vault.service import account_id_for_email
from tests.support.learning_fixtures import signed_in


def test_the_dpo_home_puts_what_is_late_first_in_words(demo):
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        amelie = account_id_for_email("apprenante2@petale.test")
        late = open_request(antoine, "access")
        DataRequest.update(due_on=late.due_on - timedelta(days=20)).where(DataRequest.id == late.id).execute()
        open_request(amelie, "portability")
        closed = open_request(amelie, "erasure")
        DataRequest.update(closed_at=closed.received_at).where(DataRequest.id == closed.id).execute()
        events.record("login_failed", antoine)
    dpo = signed_in(demo, "dpo@petale.test")
    page = unescape(dpo.get("/dpo").get_data(as_text=True))
    assert page.index("Droit d'accès · Antoine") < page.index("Portabilité · Amélie"), "the overdue one first"
    assert "en retard : échéance le" in page and "Effacement" not in page.split("Incidents à notifier")[0]
    assert "Connexion refusée : 1" in page and "login_failed" not in page
    assert "Aucun incident en attente de notification." in page
    assert 'href="/dpo"' in dpo.get("/dpo/journal").get_data(as_text=True), "reachable from the navigation"
