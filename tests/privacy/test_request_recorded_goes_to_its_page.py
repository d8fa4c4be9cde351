"""A request typed in from a letter is recorded, then its own page opens (where it is carried out): the address
no longer stays on the form's POST-only /dpo/demandes/nouvelle (a dpo walk found it)."""
from __future__ import annotations

from datetime import timedelta

from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from tests.support.helpers import readable
from tests.support.learning_fixtures import signed_in
from tests.support.letters import record_letter


def test_recording_a_letter_redirects_to_the_new_requests_page(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    recorded = record_letter(dpo, {"email": "apprenant@petale.test", "kind": "erasure", "channel": "courrier",
                                   "received_on": (paris_today() - timedelta(days=1)).isoformat()})
    with demo.app_context():
        request = DataRequest.select().order_by(DataRequest.id.desc()).get()
    assert recorded.status_code == 302 and recorded.headers["Location"].endswith(f"/dpo/demandes/{request.id}")
    page = readable(dpo.get(recorded.headers["Location"]).get_data(as_text=True))
    assert "Demande enregistrée pour Antoine Apprenant" in page and "Exécuter la demande" in page
