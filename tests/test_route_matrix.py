"""Every route of the url_map, as anonymous, learner, trainer, staff and dpo: the expected answer.

A route added without an entry in ACCESS makes test_every_route_has_an_entry fail. GET routes must give
exactly the expected status; POST routes (sent with a valid CSRF token and an empty form) must refuse
the roles that may not use them (302 to the login page for anonymous, 403 otherwise) and must never
answer 500 to the roles that may.
"""
from __future__ import annotations

import pytest

from tests.helpers import csrf_token
from tests.learning_fixtures import signed_in
from tests.report_counts import COUNTS
from tests.world import EMAILS, ROLES, url_for_endpoint

# Access classes: expected GET status per role (anonymous, learner, trainer, staff, dpo).
PUBLIC = (200, 200, 200, 200, 200)
SIGNED = (302, 200, 200, 200, 200)
LEARNER = (302, 200, 403, 403, 403)
TRAINER = (302, 403, 200, 403, 403)
STAFF = (302, 403, 403, 200, 403)
DPO = (302, 403, 403, 403, 200)
BACK_OFFICE = (302, 403, 403, 200, 200)
FORUM = (302, 200, 200, 200, 403)
GUEST = (200, 302, 302, 302, 302)  # sign-in pages send a signed-in person home

# endpoint -> (access, methods): "GET" checks exact statuses; "POST" checks refusals and "never 500".
ACCESS = {
    "learning.catalogue_page": (PUBLIC, "GET"), "learning.course": (PUBLIC, "GET"),
    "certificates.verify_page": (PUBLIC, "GET POST"), "certificates.check_form": (PUBLIC, "GET"),
    "certificates.check_name": (PUBLIC, "POST"),
    "privacy.policy": (PUBLIC, "GET"),
    "certificates.badge_issuer": (PUBLIC, "GET"), "certificates.badge_key": (PUBLIC, "GET"),
    "privacy.policy_version": (PUBLIC, "GET"), "site.healthz": (PUBLIC, "GET"), "site.ping": (PUBLIC, "GET"),
    "static": (PUBLIC, "GET"),
    "fingerprinted": (PUBLIC, "GET"),
    "accounts.signup_sent": (PUBLIC, "GET"),
    "accounts.login": (GUEST, "GET POST"), "accounts.signup": (GUEST, "GET POST"),
    "accounts.forgot_password": (PUBLIC, "GET POST"),
    "accounts.login_code": ((302, 302, 302, 302, 302), "GET POST"),
    "accounts.confirm_email": ((400, 400, 400, 400, 400), "GET POST"),
    "accounts.reset_password": ((400, 400, 400, 400, 400), "GET POST"),
    "retention.keep": ((400, 400, 400, 400, 400), "GET POST"),
    "retention.archived": (SIGNED, "GET"), "dpo.archived_invoice": (DPO, "GET POST"),
    "backoffice.home": (STAFF, "GET"), "dpo.home": (DPO, "GET"),
    "news.compose": (STAFF, "GET"), "news.submit": (STAFF, "POST"),
    "privacy.ask_lift": (SIGNED, "POST"), "dpo.authority_notified": (DPO, "POST"),
    "learners.search": (BACK_OFFICE, "POST"),
    "invoicing.my_invoice_state": ((302, 404, 403, 403, 403), "GET"),  # the world's invoice is not hers to pay
    "retention.archived_invoice": ((302, 404, 404, 404, 404), "GET"),
    "privacy.unsubscribe": ((400, 400, 400, 400, 400), "GET POST"),
    "local_provider.hosted_page": ((404, 404, 404, 404, 404), "GET"), "local_provider.pay": (PUBLIC, "POST"),
    "payments.webhook": (PUBLIC, "POST"), "accounts.choose_language": (PUBLIC, "POST"),
    "accounts.logout": (PUBLIC, "POST"),
    "offline.service_worker": (PUBLIC, "GET"), "offline.offline_page": (PUBLIC, "GET"),
    "offline.token": (LEARNER, "GET"),
    "accounts.confirmation_required": ((302, 302, 302, 302, 302), "GET POST"),  # everyone here is confirmed
    "privacy.center": (SIGNED, "GET"), "privacy.set_consent": (SIGNED, "POST"),
    "privacy.start_export": (SIGNED, "POST"), "privacy.restrict": (SIGNED, "POST"),
    "privacy.export_status": ((302, 200, 404, 404, 404), "GET"),
    "privacy.download_export": ((302, 404, 404, 404, 404), "GET"),
    "privacy.delete_account": (SIGNED, "GET POST"), "privacy.acknowledge_policy": (SIGNED, "POST"),
    "profile.edit": (SIGNED, "GET POST"), "profile.change_email": (SIGNED, "POST"),
    "profile.confirm_email_change": ((302, 400, 400, 400, 400), "GET POST"),
    "security.page": (SIGNED, "GET"), "security.setup": (SIGNED, "GET POST"),
    "security.disable": (SIGNED, "POST"), "security.change_password": (SIGNED, "POST"),
    "security.logout_everywhere": (SIGNED, "POST"),
    "learner_home.space": (LEARNER, "GET"), "learning.enroll": (LEARNER, "POST"),
    "learning.calendar": (LEARNER, "GET"), "learning.calendar_file": (LEARNER, "GET"),
    "privacy.hide_restriction_notice": (SIGNED, "POST"),
    "personalisation.dismiss_suggestion": (LEARNER, "POST"),
    "certificates.mine": (LEARNER, "GET"), "certificates.download": ((302, 404, 403, 403, 403), "GET"),
    "certificates.download_badge": ((302, 404, 403, 403, 403), "GET"),
    "invoicing.mine": (LEARNER, "GET"), "invoicing.learner_pdf": ((302, 404, 403, 403, 403), "GET"),
    "payments.checkout": (LEARNER, "POST"),
    "player.lesson": ((302, 200, 200, 200, 403), "GET"), "player.media": ((403, 403, 403, 403, 403), "GET"),
    "player.heartbeat": ((302, 200, 403, 403, 403), "POST"), "player.save_position": (LEARNER, "POST"),
    "player.answer_quiz": (LEARNER, "POST"), "player.complete": (LEARNER, "POST"),
    "bouquets.workshop": (LEARNER, "GET"), "bouquets.attempts": (LEARNER, "GET"),
    "bouquets.attempt": (LEARNER, "GET"), "bouquets.add": (LEARNER, "POST"), "bouquets.move": (LEARNER, "POST"),
    "bouquets.tie": (LEARNER, "POST"), "bouquets.remove": (LEARNER, "POST"), "bouquets.clear": (LEARNER, "POST"),
    "bouquets.submit": (LEARNER, "POST"),
    "forum.module": (FORUM, "GET"), "forum.thread": (FORUM, "GET"), "forum.search": (FORUM, "GET"),
    "forum.ask": (FORUM, "POST"), "forum.reply": (FORUM, "POST"), "forum.solution": (FORUM, "POST"),
    "forum.edit": ((302, 403, 403, 403, 403), "GET POST"), "forum.delete": (FORUM, "POST"),
    "forum.hide": ((302, 403, 403, 200, 403), "POST"),
    "trainer.space": (TRAINER, "GET"), "trainer.bouquet": (TRAINER, "GET POST"),
    "trainer.briefs": (TRAINER, "GET POST"),
    "trainer.answer": (TRAINER, "POST"), "trainer.preferences": (TRAINER, "POST"),
    "forum.similar_questions": (LEARNER, "POST"), "forum.reference": (TRAINER, "POST"),
    "manage.courses": (STAFF, "GET"), "manage.course": (STAFF, "GET POST"), "manage.new_course": (STAFF, "GET POST"),
    "manage.add_module": (STAFF, "POST"), "manage.module": (STAFF, "GET POST"), "manage.add_lesson": (STAFF, "POST"),
    "manage.lesson": (STAFF, "GET POST"), "manage.add_brief": (STAFF, "POST"), "manage.add_question": (STAFF, "POST"),
    "manage.question": (STAFF, "GET POST"), "manage.delete_question": (STAFF, "POST"),
    "manage.sessions": (STAFF, "GET"), "manage.session": (STAFF, "GET POST"),
    "admin.jobs": (STAFF, "GET"), "admin.retry_job": (STAFF, "POST"),
    "funding.files": (STAFF, "GET"), "funding.file": (STAFF, "GET"), "funding.save": (STAFF, "POST"),
    "funding.add_document": (STAFF, "POST"), "funding.attach": (STAFF, "POST"),
    "funding.move": (STAFF, "POST"), "funding.open_file": (STAFF, "POST"),
    "funding.document": ((302, 403, 403, 404, 403), "GET"),  # the world's file has no uploaded copy
    "attendance.statement_page": (STAFF, "GET"), "attendance.statement_pdf": (STAFF, "GET"),
    "attendance.statement_csv": (STAFF, "GET"), "attendance.completion_certificate": (STAFF, "GET"),
    "certificates.issued": (STAFF, "GET"), "certificates.staff_download": (STAFF, "GET"),
    "certificates.reissue": (STAFF, "POST"),
    "invoicing.invoices": (STAFF, "GET"), "invoicing.issue": (STAFF, "POST"), "invoicing.staff_pdf": (STAFF, "GET"),
    "invoicing.credit_note": (STAFF, "POST"),
    "invoicing.enrollment_billing": (STAFF, "GET"), "invoicing.set_shares": (STAFF, "POST"),
    "payments.receivables_page": (STAFF, "GET"), "payments.new_settlement": (STAFF, "GET"),
    "payments.record_settlement": (STAFF, "POST"), "payments.remind": (STAFF, "POST"),
    "stats.page": (STAFF, "GET"), "stats.csv_file": (STAFF, "GET"),
    "learners.directory": (BACK_OFFICE, "GET"), "learners.identity": (BACK_OFFICE, "POST"),
    "dpo.requests": (DPO, "GET"), "dpo.record": (DPO, "POST"), "dpo.close": (DPO, "POST"), "dpo.extend": (DPO, "POST"),
    "dpo.carry_out": (DPO, "POST"), "dpo.decide_no_notice": (DPO, "POST"),
    "dpo.journal": (DPO, "GET"), "dpo.policy": (DPO, "GET"), "dpo.publish_policy": (DPO, "POST"),
    "dpo.security": (DPO, "GET"), "dpo.incident_list": (DPO, "GET"), "dpo.record_incident": (DPO, "POST"),
    "dpo.incident": (DPO, "GET"), "dpo.notify_incident": (DPO, "POST"), "dpo.security_report": (DPO, "GET"),
    "dpo.security_report_pdf": (DPO, "GET"),
    "dpo.requisitions": (DPO, "GET"), "dpo.answer_requisition": (DPO, "POST"),
}


def _client(app, role: str):
    return app.test_client() if role == "anonymous" else signed_in(app, EMAILS[role])


def test_every_route_has_an_entry(world):
    app, _ = world
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ACCESS) == set(), "add these routes to ACCESS in tests/test_route_matrix.py"
    assert set(ACCESS) - endpoints == set(), "these routes no longer exist"
    COUNTS["matrix endpoints"] = len(endpoints)


GET_CASES = [(e, r) for e, (_, methods) in sorted(ACCESS.items()) if "GET" in methods for r in ROLES]
POST_CASES = [(e, r) for e, (_, methods) in sorted(ACCESS.items()) if "POST" in methods for r in ROLES]


@pytest.mark.parametrize("endpoint, role", GET_CASES)
def test_get(world, endpoint, role):
    app, urls = world
    expected = ACCESS[endpoint][0][ROLES.index(role)]
    COUNTS["matrix cases"] += 1
    response = _client(app, role).get(url_for_endpoint(app, urls, endpoint, "GET"))
    response.close()  # static files are streamed from an open file
    assert response.status_code == expected, f"GET {endpoint} as {role}"
    if expected == 302 and role == "anonymous" and ACCESS[endpoint][0] not in (GUEST,):
        assert "/connexion" in response.headers["Location"]


@pytest.mark.parametrize("endpoint, role", POST_CASES)
def test_post(world, endpoint, role):
    app, urls = world
    access = ACCESS[endpoint][0]
    expected = access[ROLES.index(role)]
    COUNTS["matrix cases"] += 1
    client = _client(app, role)
    token = csrf_token(client.get("/connexion" if role == "anonymous" else "/profil").get_data(as_text=True))
    response = client.post(url_for_endpoint(app, urls, endpoint, "POST"), data={"csrf_token": token})
    assert response.status_code < 500, f"POST {endpoint} as {role}: {response.status_code}"
    if access is GUEST or expected not in (302, 403):
        return  # allowed: any clear answer to an empty form will do
    assert response.status_code == expected, f"POST {endpoint} as {role}"
    if expected == 302 and role == "anonymous":
        assert "/connexion" in response.headers["Location"], f"POST {endpoint} as {role}"


POST_ONLY = sorted(e for e, (_, methods) in ACCESS.items() if methods == "POST")


@pytest.mark.parametrize("endpoint", POST_ONLY)
def test_reloading_a_forms_address_leads_back_to_its_page_never_to_method_not_allowed(world, endpoint):
    """htmx puts a form's address in the history: a reload (a GET) goes back to the page the form is on."""
    app, urls = world
    url = url_for_endpoint(app, urls, endpoint, "POST")
    response = app.test_client().get(url)
    assert response.status_code != 405 and "Méthode non autorisée" not in response.get_data(as_text=True), url
    if response.status_code == 303:  # a form's own address (others are also a page's, shown as such)
        target = response.headers["Location"]
        assert url.split("?")[0].startswith(target.rstrip("/")) or target == "/", (url, target)
