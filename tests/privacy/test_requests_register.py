"""The data-request register (15 days, extensions, closing) and restriction of processing."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest

from portal import db, mail
from portal.accounts.models import Account
from portal.privacy import consent
from portal.privacy.models import DataRequest
from portal.timeutil import paris_today, to_paris, utcnow
from tests.support.helpers import csrf_token, outbox, run_jobs, text_of
from tests.support.learning_fixtures import signed_in
from tests.support.letters import record_letter

SEEN = {"confirmed": "y"}  # the dpo read what the person will receive, and sends it


def post(client, url, data, page):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def learner_id(app):
    from portal.vault.service import account_id_for_email

    with app.app_context():
        return account_id_for_email("apprenant@petale.test")


@pytest.mark.parametrize("email, status", [(None, 302), ("apprenant@petale.test", 403),
                                           ("gestion@petale.test", 403), ("formatrice@petale.test", 403),
                                           ("dpo@petale.test", 200)])
def test_the_register_is_the_dpos(demo, email, status):
    client = signed_in(demo, email) if email else demo.test_client()
    assert client.get("/dpo/demandes").status_code == status


def test_restriction_stops_marketing_shows_a_banner_and_only_the_dpo_lifts_it(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    account = learner_id(demo)
    with demo.app_context():
        consent.record(account, True, consent.SOURCE_SPACE)
    assert post(learner, "/mes-donnees/limitation", {"ground": "accuracy", "understood": "y"},
                "/mes-donnees").status_code == 302
    assert "Le traitement de vos données est limité" in learner.get("/mon-espace").get_data(as_text=True)
    center = unescape(learner.get("/mes-donnees").get_data(as_text=True))
    assert center.count("Le traitement de vos données est limité") == 1, "the center says it once, not in a banner too"
    with demo.app_context():
        with db.atomic():
            assert mail.send(account, "news", kind="marketing", headline="x") is None
            assert mail.send(account, "forum_answer", thread_title="t", url="http://x/") is not None
        request = DataRequest.get(DataRequest.kind == "restriction")
        assert request.due_on == to_paris(request.received_at).date() + timedelta(days=15)
    dpo = signed_in(demo, "dpo@petale.test")
    page = "/dpo/demandes"
    register = unescape(dpo.get(page).get_data(as_text=True))
    assert "Limitation du traitement" in register
    assert "Exactitude des données contestée par la personne, le temps de la vérifier" in register
    words = post(dpo, f"/dpo/demandes/{request.id}/cloture", {**SEEN, "answer": "Rien à faire."}, page)
    assert words.status_code == 422, "a restriction in force closes only with its lifting"
    assert "levez la limitation" in unescape(words.get_data(as_text=True))
    refused = post(dpo, f"/dpo/demandes/{request.id}/execution", {"reason": ""}, page)
    assert refused.status_code == 422 and "Indiquez la raison de la levée." in unescape(refused.get_data(as_text=True))
    # Told before it is lifted (article 18(3)): the day announced first (read before it is sent), then lifted once
    # it has come.
    announced = post(dpo, f"/dpo/demandes/{request.id}/execution", {
        "reason": "Données vérifiées et exactes.", "lift_on": (paris_today() + timedelta(days=1)).isoformat(),
        **SEEN}, page)
    assert announced.status_code == 302
    with demo.app_context():
        DataRequest.update(lift_on=paris_today()).where(DataRequest.id == request.id).execute()
    closed = post(dpo, f"/dpo/demandes/{request.id}/execution", dict(SEEN), page)
    assert closed.status_code == 302
    with demo.app_context():
        assert Account.get_by_id(account).restricted_at is None
        assert DataRequest.get_by_id(request.id).closed_at is not None
    run_jobs(demo)
    lifted = [m for m in outbox(demo) if m["Subject"] == "La limitation du traitement de vos données est levée"]
    assert lifted and "Données vérifiées et exactes." in text_of(lifted[0])


def test_restriction_needs_a_ground_and_a_confirmation_and_nothing_is_written_without(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    for data, message in (({"understood": "y"}, "Choisissez la raison"),
                          ({"ground": "accuracy"}, "Cochez la case pour confirmer."),
                          ({"ground": "other", "understood": "y"}, "Précisez la raison"),
                          ({"ground": "n'importe", "understood": "y"}, "Choisissez la raison")):
        refused = post(learner, "/mes-donnees/limitation", data, "/mes-donnees")
        assert refused.status_code == 422, data
        assert message in unescape(refused.get_data(as_text=True)), data
    with demo.app_context():
        assert not DataRequest.select().where(DataRequest.kind == "restriction").exists()
        assert Account.get_by_id(learner_id(demo)).restricted_at is None
    done = post(learner, "/mes-donnees/limitation", {"ground": "other", "details": "Mon employeur est erroné.",
                                                    "understood": "y"}, "/mes-donnees")
    assert done.status_code == 302
    with demo.app_context():
        assert DataRequest.get(DataRequest.kind == "restriction").detail.endswith("— Mon employeur est erroné.")


def test_the_learner_asks_for_the_lift_and_the_dpo_lifts_it_from_that_request(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    post(learner, "/mes-donnees/limitation", {"ground": "accuracy", "understood": "y"}, "/mes-donnees")
    empty = post(learner, "/mes-donnees/limitation/levee", {"reason": ""}, "/mes-donnees")
    assert empty.status_code == 422
    assert "pourquoi la limitation peut être levée" in unescape(empty.get_data(as_text=True))
    asked = post(learner, "/mes-donnees/limitation/levee", {"reason": "Les données ont été corrigées."}, "/mes-donnees")
    assert asked.status_code == 302
    again = post(learner, "/mes-donnees/limitation/levee", {"reason": "Encore."}, "/mes-donnees")
    assert again.status_code in (302, 422)
    center = unescape(learner.get("/mes-donnees").get_data(as_text=True))
    assert "Vous avez demandé la levée le" in center
    with demo.app_context():
        [lift] = DataRequest.select().where(DataRequest.kind == "restriction_lift")
        assert lift.detail == "Les données ont été corrigées."
    dpo = signed_in(demo, "dpo@petale.test")
    register = unescape(dpo.get("/dpo/demandes").get_data(as_text=True))
    assert "Levée de la limitation" in register and "Les données ont été corrigées." in register
    lifted = post(dpo, f"/dpo/demandes/{lift.id}/execution", {"reason": "Vérifié.", **SEEN}, "/dpo/demandes")
    assert lifted.status_code == 302
    with demo.app_context():
        assert Account.get_by_id(learner_id(demo)).restricted_at is None
        assert not DataRequest.select().where(DataRequest.closed_at.is_null()
                                              & DataRequest.kind.startswith("restriction")).exists()


def test_extensions_need_a_reason_and_a_later_date_and_the_person_is_told(demo):
    account = learner_id(demo)
    with demo.app_context():
        from portal.privacy.requests import open_request

        request = open_request(account, "access", "courriel")
    dpo = signed_in(demo, "dpo@petale.test")
    page = "/dpo/demandes"
    later = (request.due_on + timedelta(days=20)).isoformat()
    no_reason = post(dpo, f"/dpo/demandes/{request.id}/report", {**SEEN, "new_due": later, "reason": ""}, page)
    assert no_reason.status_code == 422
    earlier = post(dpo, f"/dpo/demandes/{request.id}/report",
                   {**SEEN, "new_due": (request.due_on - timedelta(days=1)).isoformat(), "reason": "x"}, page)
    assert earlier.status_code == 422
    assert "La nouvelle échéance doit suivre l" in unescape(earlier.get_data(as_text=True))
    assert post(dpo, f"/dpo/demandes/{request.id}/report", {**SEEN,
                                                            "new_due": later, "reason": "Archives papier à consulter"},
                page).status_code == 302
    run_jobs(demo)
    [message] = [m for m in outbox(demo) if m["Subject"] == "Votre demande sur vos données : délai prolongé"]
    assert "20 jours de plus" in text_of(message) and "Archives papier à consulter" in text_of(message)
    assert post(dpo, f"/dpo/demandes/{request.id}/cloture", {**SEEN,
                                                             "answer": "Copie envoyée"}, page).status_code == 302
    again = post(dpo, f"/dpo/demandes/{request.id}/cloture", {**SEEN, "answer": "encore"}, page)
    assert again.status_code == 422
    run_jobs(demo)
    [closed] = [m for m in outbox(demo) if m["Subject"] == "Votre demande sur vos données : réponse"]
    assert "Copie envoyée" in text_of(closed) and closed["Reply-To"] == "dpo@petale.test"
    assert "close le" in unescape(dpo.get(page).get_data(as_text=True))


def test_an_extension_stays_within_three_months_of_receipt_and_a_mistake_can_be_corrected(demo):
    """GDPR art. 12(3): three months from receipt, at most; a mistaken extension is corrected before its date,
    and the person is told each time, by the dpo (Reply-To)."""
    account = learner_id(demo)
    with demo.app_context():
        from portal.privacy.requests import latest_due, open_request

        request = open_request(account, "access", "courriel")
        limit = latest_due(request)
    dpo = signed_in(demo, "dpo@petale.test")
    page = "/dpo/demandes"
    too_far = post(dpo, f"/dpo/demandes/{request.id}/report",
                   {**SEEN, "new_due": (limit + timedelta(days=1)).isoformat(), "reason": "Beaucoup de travail"}, page)
    assert too_far.status_code == 422 and "trois mois après la réception" in unescape(too_far.get_data(as_text=True))
    assert post(dpo, f"/dpo/demandes/{request.id}/report", {**SEEN, "new_due": limit.isoformat(), "reason": "Archives"},
                page).status_code == 302
    corrected = (request.due_on + timedelta(days=10)).isoformat()
    assert post(dpo, f"/dpo/demandes/{request.id}/report", {**SEEN, "new_due": corrected, "reason": "Erreur de date"},
                page).status_code == 302
    run_jobs(demo)
    [told] = [m for m in outbox(demo) if m["Subject"] == "Votre demande sur vos données : nouvelle échéance"]
    assert "corrigé" in text_of(told) and told["Reply-To"] == "dpo@petale.test" and "dpo@petale.test" in told["From"]


def test_a_request_received_by_post_starts_its_clock_the_day_it_arrived(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    page = "/dpo/demandes"
    arrived = paris_today() - timedelta(days=6)
    recorded = record_letter(dpo, {"email": "apprenant@petale.test", "kind": "access", "channel": "courrier",
                                   "received_on": arrived.isoformat()})
    assert recorded.status_code == 302
    said = unescape(dpo.get(recorded.headers["Location"]).get_data(as_text=True))
    assert "Demande enregistrée pour Antoine Apprenant" in said, "she sees which account the letter matched"
    with demo.app_context():
        [row] = DataRequest.select().where(DataRequest.channel == "courrier")
        assert row.due_on == arrived + timedelta(days=15)
    future = post(dpo, "/dpo/demandes/nouvelle", {"email": "apprenant@petale.test", "kind": "access",
                                                  "channel": "courrier",
                                                  "received_on": (paris_today() + timedelta(days=2)).isoformat()}, page)
    assert future.status_code == 422 and "futur" in unescape(future.get_data(as_text=True))


def test_the_queue_is_sorted_by_due_date_and_flags_overdue_requests(demo):
    account = learner_id(demo)
    with demo.app_context():
        from portal.privacy.requests import open_request

        late = open_request(account, "rectification")
        soon = open_request(account, "access")
        overdue = to_paris(utcnow()).date() - timedelta(days=2)
        DataRequest.update(due_on=overdue).where(DataRequest.id == late.id).execute()
    html = unescape(signed_in(demo, "dpo@petale.test").get("/dpo/demandes").get_data(as_text=True))
    queue = html.split("Enregistrer une demande reçue")[0]
    # In words, not codes, and the overdue one first.
    assert queue.index("Rectification") < queue.index("Droit d'accès") and ">access" not in queue
    assert html.count("en retard") == 1
    assert soon


def test_the_dpo_records_requests_that_arrive_by_mail(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    page = "/dpo/demandes"
    assert record_letter(dpo, {"email": "Apprenant@petale.test", "kind": "objection", "channel": "courrier",
                               "received_on": paris_today().isoformat()}).status_code == 302
    with demo.app_context():
        entry = DataRequest.get(DataRequest.kind == "objection")
        assert entry.channel == "courrier" and entry.account_id == learner_id(demo)
    unknown = post(dpo, "/dpo/demandes/nouvelle", {"email": "personne@example.org", "kind": "access",
                                                   "channel": "courriel", "received_on": paris_today().isoformat()},
                   page)
    assert unknown.status_code == 422


def test_a_letter_names_the_person_by_phone_or_whole_name_and_the_lookup_is_journaled(demo):
    from portal.vault.models import AuditEntry

    dpo = signed_in(demo, "dpo@petale.test")
    today = paris_today().isoformat()
    for named in ({"phone": "06 12 00 00 05"}, {"full_name": "apprenant antoine"}):
        response = record_letter(dpo, {**named, "kind": "access", "channel": "courrier", "received_on": today})
        assert response.status_code == 302, named
    with demo.app_context():
        assert DataRequest.select().where(DataRequest.account_id == learner_id(demo)).count() == 2
        assert AuditEntry.select().where(AuditEntry.workflow == "registre des demandes").count() >= 2
    several = record_letter(dpo, {"email": "apprenant@petale.test", "phone": "06 12 00 00 06", "kind": "access",
                                  "channel": "courrier", "received_on": today})
    assert several.status_code == 422 and "Plusieurs comptes" in unescape(several.get_data(as_text=True))


def test_the_longest_extension_ends_three_months_after_receipt_and_needs_a_reason(demo):
    """Received on 30 November: answered by 28 February at the latest (the shorter month's last day), not
    two months after the first due date (15 February, as the register allowed)."""
    from datetime import date, datetime

    account = learner_id(demo)
    with demo.app_context():
        from portal.privacy.requests import open_request

        request = open_request(account, "access", "courrier", received_on=paris_today() - timedelta(days=1))
        DataRequest.update(received_at=datetime(2026, 11, 30, 11, 0),
                           due_on=date(2026, 12, 15)).where(DataRequest.id == request.id).execute()
    dpo = signed_in(demo, "dpo@petale.test")
    page = "/dpo/demandes"
    url = f"/dpo/demandes/{request.id}/report"
    shown = unescape(dpo.get(f"/dpo/demandes/{request.id}").get_data(as_text=True))
    assert 'max="2027-02-28"' in shown and "au plus tard le 28/02/2027" in shown
    too_far = post(dpo, url, {"new_due": "2027-03-01", "reason": "Archives"}, page)
    assert too_far.status_code == 422
    assert ("Le report ne peut pas dépasser trois mois après la réception de la demande (article 12.3 du RGPD) : au "
            "plus tard le 28/02/2027.") in unescape(too_far.get_data(as_text=True))
    no_reason = post(dpo, url, {"new_due": "2027-02-28", "reason": "  "}, page)
    assert no_reason.status_code == 422
    assert "Indiquez la raison du report." in unescape(no_reason.get_data(as_text=True))
    assert post(dpo, url, {"new_due": "2027-02-28", "reason": "Archives papier", **SEEN},
                page).status_code == 302
    with demo.app_context():
        assert DataRequest.get_by_id(request.id).extended_to == date(2027, 2, 28)
