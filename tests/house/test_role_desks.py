"""A role desk keeps its home page, navigation, guard and layout; every other screen lives next to the
capability it works on (DESIGN.md, "Layout"), under the role's addresses all the same."""
from __future__ import annotations

DESK_ENDPOINTS = {"dpo": {"dpo.home"}, "trainer": {"trainer.space"}, "backoffice": {"backoffice.home"}}
# Screens moved out of the desks keep their addresses: bookmarks and mails point at them.
MOVED = {"/dpo/demandes": "privacy_register.requests", "/dpo/requisitions": "privacy_register.requisitions",
         "/dpo/politique": "privacy_register.policy", "/dpo/incidents": "incidents.incident_list",
         "/dpo/securite": "incidents.security", "/dpo/journal": "accountability.journal",
         "/dpo/rapport": "accountability.security_report", "/dpo/archives": "archives.archived_invoice",
         "/formateur/questions/<int:thread_id>/reponse": "question_desk.answer",
         "/formateur/preferences": "question_desk.preferences",
         "/formateur/bouquets/<int:submission_id>": "bouquets.review_submission",
         "/formateur/consignes/<int:lesson_id>": "bouquets.trainer_briefs"}


def test_a_desk_blueprint_holds_only_its_home(app):
    for desk, homes in DESK_ENDPOINTS.items():
        assert {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] == desk} == homes


def test_the_moved_screens_kept_their_addresses(app):
    rules = {(r.rule, r.endpoint) for r in app.url_map.iter_rules()}
    assert set(MOVED.items()) - rules == set()
