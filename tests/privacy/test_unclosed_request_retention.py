"""A request the dpo never closes has a retention too (a dpo walk found that a letter from someone without an
account, never closed, kept her name, postal address and e-mail for ever): the register's line, five years
after the day its answer was due, then the daily retention sweep removes the request and what her letter
gave. The policy's table has no line for requests: the register's own line (portal.personal_data.table) is it."""
from __future__ import annotations

from datetime import date, timedelta

from portal.archive.service import years_after
from portal.personal_data.registry import declarations
from portal.personal_data.table import BY_KEY
from portal.privacy.models import DataRequest
from portal.retention import sweep
from portal.timeutil import paris_today
from portal.vault.models import Requester, RequestLetter
from portal.vault.service import account_id_for_email, set_postal_address
from tests.support.busy_learner import post
from tests.support.learning_fixtures import signed_in

PAGE = "/dpo/demandes"
SEEN = {"confirmed": "y"}  # the dpo read what the person will receive, and sends it
RECEIVED = paris_today() - timedelta(days=2)
LETTER = {"kind": "access", "channel": "courrier", "received_on": RECEIVED.isoformat()}


def record(demo, dpo, **fields) -> DataRequest:
    assert post(dpo, "/dpo/demandes/nouvelle", {**LETTER, **fields}, PAGE).status_code == 302
    with demo.app_context():
        return DataRequest.select().order_by(DataRequest.id.desc()).get()


def without_account(demo, dpo, full_name: str, **fields) -> DataRequest:
    return record(demo, dpo, without_account="y", full_name=full_name, postal_address="12 rue des Glycines\n69004 Lyon",
                  email=f"{full_name.split()[0].lower()}@example.org", **fields)


def last_day_kept(request: DataRequest) -> date:
    return years_after(request.extended_to or request.due_on, BY_KEY["requests"].kept_years)


def test_the_requesters_declaration_runs_before_the_registers_own_expiry(app):
    with app.app_context():
        by_key = {d.key: d for d in declarations()}
    requesters, requests = by_key["privacy.requesters"], by_key["privacy.requests"]
    assert requesters.retention.key == requests.retention.key == "requests"
    assert requesters.expire is not None and requesters.order < requests.order, \
        "her requests name her: she is found through them before they go"


def test_a_letter_never_closed_leaves_with_what_she_gave_five_years_after_its_answer_was_due(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    never_closed = without_account(demo, dpo, "Capucine Ancolie")
    assert never_closed.due_on == RECEIVED + timedelta(days=15)
    extended_to = never_closed.due_on + timedelta(days=20)
    assert post(dpo, f"{PAGE}/{never_closed.id}/report", {**SEEN, "new_due": extended_to.isoformat(),
                                                          "reason": "Archives papier à consulter"}, PAGE).status_code \
        == 302
    with demo.app_context():
        never_closed = DataRequest.get_by_id(never_closed.id)
        last_day = last_day_kept(never_closed)
        assert last_day == years_after(extended_to, 5), "the last extension's day runs the clock"
        for day in (years_after(paris_today(), 4), last_day):
            sweep.sweep(day)
            assert Requester.get_by_id(never_closed.requester_id).postal_address.startswith("12 rue des Glycines")
            assert DataRequest.select().where(DataRequest.id == never_closed.id).exists()
        report = sweep.sweep(last_day + timedelta(days=1))
        assert not Requester.select().where(Requester.id == never_closed.requester_id).exists(), \
            "her name, postal address and e-mail leave the vault"
        assert not DataRequest.select().where(DataRequest.id == never_closed.id).exists()
        assert report.expired["privacy.requesters"] == 1 and report.expired["privacy.requests"] == 1


def test_she_stays_while_another_of_her_requests_is_kept(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    answered = without_account(demo, dpo, "Basile Bleuet")
    assert post(dpo, f"{PAGE}/{answered.id}/cloture", {**SEEN, "answer": "Aucune donnée.", "by_post": "y"},
                PAGE).status_code == 302
    waiting = without_account(demo, dpo, "Basile Bleuet", kind="objection",
                              confirmed_requester=str(answered.requester_id))
    assert waiting.requester_id == answered.requester_id, "the same person writing again is kept once"
    with demo.app_context():
        sweep.sweep(years_after(paris_today(), 5) + timedelta(days=1))
        assert not DataRequest.select().where(DataRequest.id == answered.id).exists(), "the answered one has gone"
        assert Requester.select().where(Requester.id == answered.requester_id).exists(), \
            "her request never closed is still kept: what she gave stays with it"
        sweep.sweep(last_day_kept(waiting) + timedelta(days=1))
        assert not Requester.select().where(Requester.id == answered.requester_id).exists()
        assert not DataRequest.select().where(DataRequest.requester_id == answered.requester_id).exists()


def test_the_address_an_accounts_letter_gave_leaves_with_its_request_never_closed(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        set_postal_address(antoine, "3 rue des Pivoines\n75011 Paris")
    request = record(demo, dpo, full_name="Antoine Apprenant", postal_address="8 impasse des Lys\n33000 Bordeaux",
                     email="apprenant@petale.test", confirmed_account=str(antoine))
    assert request.account_id == antoine and request.letter_id is not None
    with demo.app_context():
        sweep.sweep(last_day_kept(request))
        assert RequestLetter.select().where(RequestLetter.id == request.letter_id).exists()
        sweep.sweep(last_day_kept(request) + timedelta(days=1))
        assert not RequestLetter.select().where(RequestLetter.id == request.letter_id).exists()
        assert not DataRequest.select().where(DataRequest.id == request.id).exists()
