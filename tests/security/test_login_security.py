"""Login monitoring (growing delays, temporary locks, identical answers for unknown addresses, alerts),
security events, password change and "log out everywhere"."""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest

from portal.accounts.models import Account
from portal.security import events, throttle
from portal.security.models import LoginThrottle, SecurityEvent
from portal.timeutil import utcnow
from tests.support.helpers import login, outbox, run_jobs, submit
from tests.support.learning_fixtures import signed_in

KNOWN = "apprenant@petale.test"
UNKNOWN = "personne@example.org"


def rewind(app, seconds: int) -> None:
    """Let time pass for the throttle: move every failure back."""
    with app.app_context():
        for row in LoginThrottle.select():
            LoginThrottle.update(
                first_failure_at=row.first_failure_at - timedelta(seconds=seconds),
                last_failure_at=row.last_failure_at - timedelta(seconds=seconds),
                locked_until=row.locked_until - timedelta(seconds=seconds) if row.locked_until else None,
            ).where(LoginThrottle.key == row.key).execute()


def attempts(app, email: str, count: int) -> list[tuple[int, str]]:
    answers = []
    for _ in range(count):
        client = app.test_client()
        response = login(client, email, "not-the-password")
        page = unescape(response.get_data(as_text=True)).split("<main")[1].replace(email, "ADDRESS")
        answers.append((response.status_code, re.sub(r'value="[^"]*"', 'value=""', page)))  # CSRF tokens differ
        rewind(app, 120)  # wait out the delay, not the lock
    return answers


def test_failures_slow_down_then_lock_and_unknown_addresses_get_the_same_answers(demo):
    known = attempts(demo, KNOWN, 6)
    # Even the right password waits while locked.
    locked = login(demo.test_client(), KNOWN, "petale-demo")
    assert locked.status_code == 429 and locked.headers["Retry-After"]
    unknown = attempts(demo, UNKNOWN, 6)
    assert [status for status, _ in known] == [401, 401, 401, 401, 401, 429]
    assert [status for status, _ in known] == [status for status, _ in unknown]
    assert [text for _, text in known] == [text for _, text in unknown], "nothing tells the two apart"
    assert "les connexions sont suspendues pendant 13 min" in known[-1][1]  # 15 min, 2 already waited
    run_jobs(demo)
    mails = [m for m in outbox(demo) if m["Subject"] == "Connexions à votre compte suspendues"]
    assert len(mails) == 1 and KNOWN in mails[0]["To"], "only the real owner is told"
    rewind(demo, 16 * 60)
    assert login(demo.test_client(), KNOWN, "petale-demo").status_code == 302
    with demo.app_context():
        kinds = [e.kind for e in SecurityEvent.select().order_by(SecurityEvent.id)]
        assert kinds.count("login_failed") == 10 and kinds.count("login_locked") == 2
        assert kinds[-1] == "login_succeeded"


def test_a_fast_retry_waits_with_a_growing_delay(demo):
    client = demo.test_client()
    statuses = [login(client, KNOWN, "wrong").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429], "the third failure imposes a delay on the fourth try"
    with demo.app_context():
        assert throttle.delay_after(3) == timedelta(seconds=2) and throttle.delay_after(4) == timedelta(seconds=4)


def test_many_addresses_failing_alert_staff_and_dpo(demo):
    demo.config["SECURITY_STUFFING_THRESHOLD"] = 5
    for n in range(6):
        login(demo.test_client(), f"victime{n}@example.org", "leaked-password")
    run_jobs(demo)
    alerts = [m for m in outbox(demo) if m["Subject"] == "Alerte : tentatives de connexion en masse"]
    assert {m["To"].split("<")[1].rstrip(">") for m in alerts} == {"gestion@petale.test", "dpo@petale.test"}
    with demo.app_context():
        assert SecurityEvent.select().where(SecurityEvent.kind == "stuffing_alert").count() == 1


def test_access_refused_and_other_persons_data_are_recorded_and_listed_for_the_dpo(demo):
    learner = signed_in(demo, KNOWN)
    assert learner.get("/gestion/formations").status_code == 403
    assert learner.get("/mes-factures/FAC-2026-000001.pdf").status_code == 404  # unknown: not recorded
    page = unescape(signed_in(demo, "dpo@petale.test").get("/dpo/securite").get_data(as_text=True))
    assert "access_refused" in page and "/gestion/formations" in page and "Antoine" in page
    assert "127.0.0.1" not in page, "IP addresses are never shown, only a keyed hash"
    assert learner.get("/dpo/securite").status_code == 403


def test_changing_the_password_ends_other_sessions_and_mails_the_owner(demo):
    here = signed_in(demo, KNOWN)
    elsewhere = signed_in(demo, KNOWN)
    wrong = submit(here, "/profil/securite/mot-de-passe", {
        "current_password": "nope", "password": "un-nouveau-mot-de-passe",
        "password_confirm": "un-nouveau-mot-de-passe"}, page="/profil/securite")
    assert wrong.status_code == 422 and "Mot de passe actuel incorrect" in unescape(wrong.get_data(as_text=True))
    changed = submit(here, "/profil/securite/mot-de-passe", {
        "current_password": "petale-demo", "password": "un-nouveau-mot-de-passe",
        "password_confirm": "un-nouveau-mot-de-passe"}, page="/profil/securite")
    assert changed.status_code == 302
    assert here.get("/mon-espace").status_code == 200, "this session goes on"
    assert elsewhere.get("/mon-espace").status_code == 302, "the other one is over"
    run_jobs(demo)
    assert any(m["Subject"] == "Votre mot de passe Pétale a été changé" for m in outbox(demo))
    assert login(demo.test_client(), KNOWN, "un-nouveau-mot-de-passe").status_code == 302


def test_log_out_everywhere_keeps_only_this_session(demo):
    here = signed_in(demo, KNOWN)
    elsewhere = signed_in(demo, KNOWN)
    assert 'href="/profil/securite"' in here.get("/profil").get_data(as_text=True)
    assert submit(here, "/profil/securite/deconnexion-partout", {}, page="/profil/securite").status_code == 302
    assert here.get("/mon-espace").status_code == 200 and elsewhere.get("/mon-espace").status_code == 302
    with demo.app_context():
        assert SecurityEvent.select().where(SecurityEvent.kind == "sessions_ended").count() == 1


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)",
                                    "/\\evil.example"])
def test_next_never_leaves_the_site(demo, target):
    client = demo.test_client()
    response = submit(client, f"/connexion?next={target}", {"email": KNOWN, "password": "petale-demo"},
                      page="/connexion")
    assert response.status_code == 302 and response.headers["Location"] in ("/mon-espace", "http://localhost/mon-espace")


def test_signing_in_starts_a_fresh_session(demo):
    client = demo.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, KNOWN, "petale-demo")
    with client.session_transaction() as session:
        assert "planted" not in session
    with demo.app_context():
        assert Account.get(Account.display_name == "Antoine").last_login_at > utcnow() - timedelta(minutes=1)


def test_the_dpo_reads_security_events_in_words(demo):
    with demo.app_context():
        events.record("mail_reply_refused", None, "expediteur: x@y.test")
    html = unescape(signed_in(demo, "dpo@petale.test").get("/dpo/securite").get_data(as_text=True))
    assert "Réponse par courriel refusée" in html and ">mail_reply_refused<" not in html
