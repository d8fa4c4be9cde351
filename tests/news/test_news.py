"""News by mail: staff compose, preview and send; only accounts that said yes and are not restricted get
it, once each, with RFC 8058 headers written as plain ASCII a mail client reads as a link."""
from __future__ import annotations

import contextlib
import re
from datetime import datetime
from html import unescape
from pathlib import Path

from portal.accounts.models import Account
from portal.news import service as news
from portal.news.models import NewsMessage
from portal.privacy import consent
from portal.vault.service import account_id_for_email
from tests.support.helpers import outbox, run_jobs, submit
from tests.support.learning_fixtures import signed_in

NEWS = {"subject": "Stage de Noël : les couronnes", "body": "Un stage <b>en décembre</b>.\n\nInscriptions ouvertes."}


def audience(app):
    """Antoine said yes; Amélie yes, then no; Félix yes, but his processing is restricted; the rest never
    answered. Returns Antoine's id."""
    with app.app_context():
        antoine, amelie, felix = (account_id_for_email(e) for e in (
            "apprenant@petale.test", "apprenante2@petale.test", "formateur2@petale.test"))
        consent.record(antoine, True, consent.SOURCE_SPACE)
        consent.record(amelie, True, consent.SOURCE_SPACE)
        consent.record(amelie, False, consent.SOURCE_SPACE)
        consent.record(felix, True, consent.SOURCE_SPACE)
        Account.update(restricted_at=datetime(2026, 1, 1)).where(Account.id == felix).execute()
        return antoine


def news_mails(app):
    return [m for m in outbox(app) if m["Subject"] == NEWS["subject"]]


def test_staff_preview_then_send_and_only_those_who_said_yes_receive_it_once(demo):
    antoine = audience(demo)
    staff = signed_in(demo, "gestion@petale.test")
    assert 'href="/gestion/nouveautes"' in staff.get("/gestion").get_data(as_text=True), "reachable from the menu"
    page = unescape(staff.get("/gestion/nouveautes").get_data(as_text=True))
    assert "Ce message partira à 1 personne" in page
    preview = submit(staff, "/gestion/nouveautes", {**NEWS, "preview": "y"}, page="/gestion/nouveautes")
    shown = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Aperçu" in unescape(shown) and "&lt;b&gt;en décembre" in shown
    assert '<button name="send" value="1">Envoyer</button>' in shown, "a real button, styled as the others"
    with demo.app_context():
        assert NewsMessage.select().count() == 0, "a preview sends nothing"
    sent = submit(staff, "/gestion/nouveautes", {**NEWS, "send": "y"}, page="/gestion/nouveautes")
    assert sent.status_code == 302
    run_jobs(demo)
    run_jobs(demo)
    [message] = news_mails(demo)
    assert "apprenant@petale.test" in message["To"]
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "&lt;b&gt;en décembre" in html and "<b>" not in html, "the text is escaped in the HTML part"
    with demo.app_context():
        [row] = NewsMessage.select()
        assert row.queued == 1 and row.finished_at is not None
        row.finished_at = None
        row.save()
        news.send_news(row.id)  # the job again, as after a crash: nobody is mailed twice
    run_jobs(demo)
    assert len(news_mails(demo)) == 1
    assert "1 courriel" in unescape(staff.get("/gestion/nouveautes").get_data(as_text=True))
    with demo.app_context():
        from portal.mail.models import SentNotification

        assert SentNotification.get_by_id(f"news:{row.id}:{antoine}")


def test_the_list_unsubscribe_header_is_plain_ascii_on_the_wire(demo):
    audience(demo)
    with demo.app_context():
        staff_id = account_id_for_email("gestion@petale.test")
        news.send(NEWS["subject"], NEWS["body"], staff_id)
    run_jobs(demo)
    run_jobs(demo)
    raw = next(path.read_bytes() for path in sorted((Path(demo.instance_path) / "outbox").glob("*.eml"))
               if b"List-Unsubscribe:" in path.read_bytes())
    header = re.search(rb"^List-Unsubscribe: (.*)\r?$", raw, re.M).group(1)
    assert header.startswith(b"<http://petale.test/desinscription/") and header.endswith(b">")
    assert b"=?utf-8?" not in header
    assert re.search(rb"^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$", raw, re.M)


def test_consent_withdrawn_after_sending_means_no_mail(demo):
    antoine = audience(demo)
    with demo.app_context():
        news.send(NEWS["subject"], NEWS["body"], account_id_for_email("gestion@petale.test"))
    run_jobs(demo)  # the batch job queues Antoine's mail
    with demo.app_context():
        consent.record(antoine, False, consent.SOURCE_SPACE)
    run_jobs(demo)
    assert news_mails(demo) == []


def test_an_empty_message_is_refused_and_nothing_is_sent(demo):
    staff = signed_in(demo, "gestion@petale.test")
    refused = submit(staff, "/gestion/nouveautes", {"subject": "", "body": "x", "send": "y"},
                     page="/gestion/nouveautes")
    assert refused.status_code == 422 and "Donnez un objet" in unescape(refused.get_data(as_text=True))
    with demo.app_context():
        assert NewsMessage.select().count() == 0
    assert signed_in(demo, "apprenant@petale.test").get("/gestion/nouveautes").status_code == 403


class Killed(BaseException):
    """The worker dies here (BaseException: nothing on the way catches it)."""


def test_a_worker_killed_between_two_batches_mails_nobody_twice_and_skips_nobody(demo, monkeypatch):
    from portal.signin.service import Signup, create_confirmed_account

    with demo.app_context():
        people = []
        for n in range(5):
            account = create_confirmed_account(Signup(f"Lectrice {n} Test", f"lectrice{n}@example.org",
                                                      "0612345678", f"Lectrice{n}", "un-mot-de-passe-long"), "learner")
            consent.record(account.id, True, consent.SOURCE_SPACE)
            people.append(account.id)
        monkeypatch.setattr(news, "BATCH", 2)
        row = NewsMessage.create(subject=NEWS["subject"], body="Un atelier de Noël.", created_by=people[0],
                                 sent_at=datetime(2026, 12, 1))
        real, calls = news.mail.send_once_many, []

        def dies_on_the_second_batch(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise Killed()
            return real(*args, **kwargs)

        monkeypatch.setattr(news.mail, "send_once_many", dies_on_the_second_batch)
        with contextlib.suppress(Killed):
            news.send_news(row.id)
        monkeypatch.setattr(news.mail, "send_once_many", real)
        news.send_news(row.id)  # taken over: it goes on where it stopped
    run_jobs(demo)
    run_jobs(demo)
    sent = [m["To"] for m in news_mails(demo)]
    for n in range(5):
        assert sum(f"lectrice{n}@example.org" in to for to in sent) == 1, n


def test_with_nobody_to_receive_it_the_preview_offers_no_send_button(demo):
    staff = signed_in(demo, "gestion@petale.test")
    preview = unescape(submit(staff, "/gestion/nouveautes", {**NEWS, "preview": "y"},
                              page="/gestion/nouveautes").get_data(as_text=True))
    assert "ne partirait à personne" in preview and "Aperçu" in preview and 'name="send"' not in preview
