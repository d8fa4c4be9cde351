"""A request's history keeps its first due date and every extension, each with its date and reason (a dpo walk
found that a corrected extension hid the original due date and the first extension)."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.db import main_db
from portal.privacy.models import DataRequest, RequestExtension
from portal.privacy.requests import open_request
from portal.schema import router
from portal.timeutil import paris_today
from portal.vault.service import account_id_for_email
from tests.support.busy_learner import post
from tests.support.learning_fixtures import signed_in

PAGE = "/dpo/demandes"
SEEN = {"confirmed": "y"}  # the dpo read what the person will receive, and sends it


def a_request(app) -> DataRequest:
    with app.app_context():
        return open_request(account_id_for_email("apprenant@petale.test"), "access", "courriel")


def history(dpo, request_id: int) -> str:
    page = unescape(dpo.get(f"/dpo/demandes/{request_id}").get_data(as_text=True))
    return page.split('id="historique"')[1].split("</section>")[0]


def test_an_extension_then_its_correction_both_stay_with_the_first_due_date(demo):
    request = a_request(demo)
    first, later, corrected = (request.due_on, request.due_on + timedelta(days=20),
                               request.due_on + timedelta(days=10))
    dpo = signed_in(demo, "dpo@petale.test")
    url = f"/dpo/demandes/{request.id}/report"
    assert post(dpo, url, {**SEEN,
                           "new_due": later.isoformat(), "reason": "Archives papier à consulter"}, PAGE).status_code \
        == 302
    done = post(dpo, url, {**SEEN, "new_due": corrected.isoformat(), "reason": "Erreur de date", "fiche": "y"}, PAGE)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/dpo/demandes/{request.id}#historique")
    today = paris_today().strftime("%d/%m/%Y")
    steps = history(dpo, request.id)
    assert f"{today}</span> — échéance initiale fixée au {first.strftime('%d/%m/%Y')} : 15 jours après la réception" \
        in steps
    assert f"{today}</span> — reportée au {later.strftime('%d/%m/%Y')}" in steps
    assert "Archives papier à consulter" in steps
    assert f"report corrigé : échéance ramenée au {corrected.strftime('%d/%m/%Y')}" in steps
    assert f"(elle était au {later.strftime('%d/%m/%Y')})" in steps and "Erreur de date" in steps
    assert steps.index("Archives papier") < steps.index("Erreur de date")
    row = unescape(dpo.get(PAGE).get_data(as_text=True)).split(f'id="demande-{request.id}"')[1].split("</tr>")[0]
    assert f"échéance initiale : {first.strftime('%d/%m/%Y')}" in row and "#historique" in row
    with demo.app_context():
        kept = list(RequestExtension.select().where(RequestExtension.request == request.id)
                    .order_by(RequestExtension.id))
        assert [(e.previous_due, e.new_due, e.corrected) for e in kept] == [(first, later, False),
                                                                            (later, corrected, True)]


def test_an_extension_refused_on_the_requests_page_is_said_there(demo):
    request = a_request(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    refused = post(dpo, f"/dpo/demandes/{request.id}/report",
                   {**SEEN,
                    "new_due": (request.due_on + timedelta(days=5)).isoformat(), "reason": "", "fiche": "y"}, PAGE)
    html = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 422 and "Indiquez la raison du report." in html
    assert f"demande n° {request.id}" in html and 'id="historique"' in html
    with demo.app_context():
        assert not RequestExtension.select().exists()


def _step(name: str, step_name: str) -> None:
    zone_router = router("main")
    zone_router.run_one(name, zone_router.migrator, fake=False, downgrade=step_name == "rollback")


def test_an_extension_made_before_the_history_was_kept_is_recovered_by_the_migration(demo):
    request = a_request(demo)
    with demo.app_context():
        DataRequest.update(extended_to=request.due_on + timedelta(days=7), extension_reason="Archives").where(
            DataRequest.id == request.id).execute()
        _step("064_request_extension_history", "rollback")
        assert "data_request_extension" not in main_db.obj.get_tables()
        _step("064_request_extension_history", "migrate")
        [recovered] = RequestExtension.select()
        assert (recovered.request_id, recovered.extended_at, recovered.previous_due, recovered.new_due,
                recovered.reason) == (request.id, None, request.due_on, request.due_on + timedelta(days=7), "Archives")
    assert "date non enregistrée" in history(signed_in(demo, "dpo@petale.test"), request.id)


def test_the_request_is_closed_from_its_page_and_its_history_says_when(demo):
    request = a_request(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    url = f"/dpo/demandes/{request.id}/cloture"
    empty = post(dpo, url, {"answer": "", "fiche": "y", **SEEN}, PAGE)
    html = unescape(empty.get_data(as_text=True))
    assert empty.status_code == 422 and "Consignez la réponse apportée." in html and 'id="historique"' in html
    done = post(dpo, url, {"answer": "Copie envoyée", "fiche": "y", **SEEN}, PAGE)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/dpo/demandes/{request.id}")
    steps = history(dpo, request.id)
    assert f"{paris_today().strftime('%d/%m/%Y')}</span> — close" in steps


def test_the_history_lists_what_happened_in_the_order_it_happened_each_line_with_its_day(demo):
    """A dpo walk found « reportée 07/12 » after « 18/12 échéance initiale », and lines with and without a time."""
    import re

    from portal.privacy.requests import note_step

    with demo.app_context():
        received = paris_today() - timedelta(days=3)
        request = open_request(account_id_for_email("apprenant@petale.test"), "access", "courrier",
                               received_on=received)
    dpo = signed_in(demo, "dpo@petale.test")
    assert post(dpo, f"/dpo/demandes/{request.id}/report", {**SEEN,
                                                            "new_due": (request.due_on + timedelta(days=9)).isoformat(),
                                                            "reason": "Archives papier", **SEEN},
                PAGE).status_code == 302
    with demo.app_context():
        note_step(request, "Une étape après le report")
    steps = history(dpo, request.id)
    lines = re.findall(r'<li><span class="when">([^<]*)</span> — ([^<]*)', steps)
    assert [what.split(" ")[0] for _, what in lines] == ["reçue", "échéance", "reportée", "Une"]
    days = [when for when, _ in lines]
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", day) for day in days), days
    assert days == [received.strftime("%d/%m/%Y")] * 2 + [paris_today().strftime("%d/%m/%Y")] * 2
