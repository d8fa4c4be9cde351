"""A notice is said once (issue 37): the copy static/offline.js fetches of a page to keep it for the road
(X-Petale-Copie) neither shows a notice nor uses it up — it stays for the page she opens next — and the service
worker empties the notices' region of the pages it keeps (tests/browser/test_offline_flashes.py)."""
from __future__ import annotations

from html import unescape

from tests.support.helpers import submit

SAVED = "Modifications enregistrées"
PROFILE = {"full_name": "Antoine Apprenant", "phone": "06 12 34 56 78", "display_name": "Antoine", "language": "fr"}


def test_a_copy_fetched_for_the_road_neither_shows_nor_uses_up_a_notice(learner):
    assert submit(learner, "/profil", PROFILE).status_code == 302  # « Modifications enregistrées » waits
    copy = learner.get("/mon-espace", headers={"X-Petale-Copie": "oui"})
    assert copy.status_code == 200 and copy.headers.get("X-Petale-Hors-Ligne") == "oui"
    assert SAVED not in unescape(copy.get_data(as_text=True)), "a copy for later says no notice of now"
    assert SAVED in unescape(learner.get("/profil").get_data(as_text=True)), "said on the page she opens"
    assert SAVED not in unescape(learner.get("/profil").get_data(as_text=True)), "and once"
