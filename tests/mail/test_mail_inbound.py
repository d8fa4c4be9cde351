"""Replying to a question notification by mail: real SMTP messages delivered to the inbound service
(aiosmtpd, as `flask mail-inbound` runs it), accepted only from the trainer the address was issued to,
once; anything else refused with a security event and a mail back to the sender."""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from portal.demo.seed import seed
from portal.forum import mail_replies, reply_address
from portal.forum.models import Post, ReplyAddress, Thread
from portal.forum.reply_text import strip_reply
from portal.learning.models import Module
from portal.mail import inbound
from portal.security.models import SecurityEvent
from tests.support.environment import BACKEND, free_port
from tests.support.helpers import csrf_token, outbox, run_jobs
from tests.support.learning_fixtures import signed_in

DOMAIN = "reponses.petale.test"
FANNY = "formatrice@petale.test"


@pytest.fixture
def inbound_app(make_app):
    app = make_app(MAIL_INBOUND_DOMAIN=DOMAIN)
    with app.app_context():
        seed(backoffice=False)
    return app


@pytest.fixture
def smtp_in(inbound_app):
    """The inbound service on a free port, as the CLI command starts it."""
    port = free_port()
    server = inbound.controller(inbound_app, reply_address.is_ours, mail_replies.receive, "127.0.0.1", port)
    server.start()
    yield port
    server.stop()


def ask_and_get_notice(app, title="Combien de roses ?"):
    learner = signed_in(app, "apprenant@petale.test")
    with app.app_context():
        module = Module.get(Module.title == "Les couleurs")
    page = f"/forum/module/{module.id}"
    token = csrf_token(learner.get(page).get_data(as_text=True))
    learner.post(f"{page}/questions", data={"title": title, "body": "Pour un rond de 30 cm ?", "csrf_token": token})
    run_jobs(app)
    [notice] = [m for m in outbox(app) if m["Subject"] == f"Nouvelle question : {title}"]
    with app.app_context():
        thread = Thread.get(Thread.title == title)
    return thread, notice


def reply(notice, text, *, sender=FANNY, to=None, html=None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Fanny Fleuriste <{sender}>"
    message["To"] = to or notice["Reply-To"]
    message["Subject"] = "Re: " + notice["Subject"]
    message["In-Reply-To"] = notice["Message-ID"]
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def deliver(port, message, envelope_from=None):
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.send_message(message, from_addr=envelope_from)


QUOTED = """Prenez 7 roses, en spirale.

Cordialement,
Fanny Fleuriste
06 12 34 56 78

Le mer. 2 déc. 2026 à 10:00, Pétale <ne-pas-repondre@petale.test> a écrit :
> Antoine pose une question sur « Les couleurs » :
> Pour un rond de 30 cm ?
"""


def trainer_posts(app, thread):
    with app.app_context():
        return [p.body for p in Post.select().where((Post.thread == thread.id) & (Post.by_trainer == True))]  # noqa: E712


def refusals(app):
    with app.app_context():
        events = SecurityEvent.select().where(SecurityEvent.kind == "mail_reply_refused").order_by(SecurityEvent.id)
        return [event.detail.split(" (expéditeur ")[0] for event in events]


def test_a_reply_to_the_notification_lands_in_the_thread_as_her_answer_without_quote_or_signature(inbound_app, smtp_in):
    thread, notice = ask_and_get_notice(inbound_app)
    deliver(smtp_in, reply(notice, QUOTED))
    assert trainer_posts(inbound_app, thread) == ["Prenez 7 roses, en spirale."]
    with inbound_app.app_context():
        assert Thread.get_by_id(thread.id).answered_at is not None
        assert ReplyAddress.get(ReplyAddress.thread == thread.id).used_at is not None
    learner = signed_in(inbound_app, "apprenant@petale.test")
    page = learner.get(f"/forum/sujet/{thread.id}").get_data(as_text=True)
    assert "Prenez 7 roses, en spirale." in page and "06 12 34 56 78" not in page
    run_jobs(inbound_app)
    assert [m for m in outbox(inbound_app) if m["Subject"] == "Votre question a reçu une réponse"]
    assert refusals(inbound_app) == []


def test_an_html_only_reply_is_sanitised_like_any_message(inbound_app, smtp_in):
    thread, notice = ask_and_get_notice(inbound_app)
    message = EmailMessage()
    message["From"] = FANNY
    message["To"] = notice["Reply-To"]
    message["Subject"] = "Re: question"
    message.set_content("<p>Sept <b>roses</b>.</p><script>alert(1)</script><p>Et du feuillage.</p>", subtype="html")
    deliver(smtp_in, message)
    [body] = trainer_posts(inbound_app, thread)
    assert "Sept roses." in body and "Et du feuillage." in body and "<script>" not in body
    with inbound_app.app_context():
        html = Post.get(Post.body == body).body_html
    assert "<script" not in html


def test_a_forged_reply_is_refused_recorded_and_told_without_using_up_the_trainers_address(inbound_app, smtp_in):
    thread, notice = ask_and_get_notice(inbound_app)
    deliver(smtp_in, reply(notice, "Réponse d'un inconnu", sender="intrus@exemple.test"))
    assert trainer_posts(inbound_app, thread) == []
    assert refusals(inbound_app) == ["expediteur"]
    with inbound_app.app_context():  # the main zone keeps no address: a keyed hash tells repeated senders apart
        [detail] = [e.detail for e in SecurityEvent.select().where(SecurityEvent.kind == "mail_reply_refused")]
        assert "intrus" not in detail and "exemple.test" not in detail and re.search(r"expéditeur [0-9a-f]{16}", detail)
    [told] = [m for m in outbox(inbound_app) if m["Subject"] == "Votre réponse n'a pas été publiée"]
    assert told["To"] == "intrus@exemple.test" and told["Auto-Submitted"] == "auto-replied"
    told_text = told.get_body(("plain",)).get_content()
    assert "seule la personne à qui la notification était destinée" in told_text
    assert "Réponse d'un inconnu" not in told_text and "espace formateur" not in told_text
    # A From line is anyone's to write: the forgery does not take the trainer's one reply away.
    deliver(smtp_in, reply(notice, "Ma vraie réponse"))
    assert trainer_posts(inbound_app, thread) == ["Ma vraie réponse"]
    assert refusals(inbound_app) == ["expediteur"]


def signed_with(key: str, address: str) -> str:
    """The same reply address with its signature made with another key (a former SECRET_KEY's, say)."""
    local, domain = address.split("@")
    token = local.split("+")[1].split(".")[0]
    mac = hmac.new(key.encode(), f"forum-reply:{token}".encode(), hashlib.sha256).hexdigest()[:20]
    return f"reponse+{token}.{mac}@{domain}"


def test_no_forgery_uses_up_the_address_and_her_own_reply_afterwards_is_published(inbound_app, smtp_in):
    thread, notice = ask_and_get_notice(inbound_app)
    address = notice["Reply-To"]
    # Signed with another key, or with its signature altered: refused before anything is read.
    local, domain = address.split("@")
    altered = local[:-1] + ("0" if local[-1] != "0" else "1") + "@" + domain
    for forged in (signed_with("une-ancienne-cle", address), altered):
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            deliver(smtp_in, reply(notice, "Signature fausse", to=forged))
    # From another mailbox, with or without her address written as the name shown.
    deliver(smtp_in, reply(notice, "D'ailleurs", sender="intrus@exemple.test"))
    forged_name = reply(notice, "Son nom, pas son adresse")
    forged_name.replace_header("From", f'"{FANNY}" <intrus@exemple.test>')
    deliver(smtp_in, forged_name)
    assert trainer_posts(inbound_app, thread) == []
    assert refusals(inbound_app) == ["expediteur", "expediteur"]
    with inbound_app.app_context():
        assert ReplyAddress.get(ReplyAddress.thread == thread.id).used_at is None
    deliver(smtp_in, reply(notice, "Ma vraie réponse."))
    assert trainer_posts(inbound_app, thread) == ["Ma vraie réponse."]


@pytest.mark.parametrize("header, value", [
    ("Auto-Submitted", "auto-replied"), ("Precedence", "auto_reply"), ("X-Autoreply", "yes"), (None, None)])
def test_her_out_of_office_is_not_published_and_leaves_her_the_address(inbound_app, smtp_in, header, value):
    thread, notice = ask_and_get_notice(inbound_app)
    absent = reply(notice, "Je suis absente jusqu'au 4 janvier ; je vous répondrai à mon retour.")
    if header:
        absent[header] = value
    deliver(smtp_in, absent, envelope_from=None if header else "")  # no header: a bounce, null sender
    assert trainer_posts(inbound_app, thread) == []
    assert refusals(inbound_app) == ["automatique"]
    assert not [m for m in outbox(inbound_app) if m["Subject"] == "Votre réponse n'a pas été publiée"]
    run_jobs(inbound_app)
    assert not [m for m in outbox(inbound_app) if m["Subject"] == "Votre question a reçu une réponse"]
    deliver(smtp_in, reply(notice, "De retour : sept roses."))
    assert trainer_posts(inbound_app, thread) == ["De retour : sept roses."]


def test_the_notification_asks_out_of_office_responders_not_to_answer_it(inbound_app):
    _thread, notice = ask_and_get_notice(inbound_app)
    assert notice["Auto-Submitted"] == "auto-generated"
    assert "OOF" in notice["X-Auto-Response-Suppress"]


def test_a_reply_address_serves_once(inbound_app, smtp_in):
    thread, notice = ask_and_get_notice(inbound_app)
    deliver(smtp_in, reply(notice, "Première réponse."))
    deliver(smtp_in, reply(notice, "Seconde réponse."))
    assert trainer_posts(inbound_app, thread) == ["Première réponse."]
    assert refusals(inbound_app) == ["deja_utilisee"]
    # Sent back to her, with her text and the way to the desk, so nothing she wrote is lost.
    [told] = [m for m in outbox(inbound_app) if m["Subject"] == "Votre réponse n'a pas été publiée"]
    assert FANNY in told["To"]
    told_text = told.get_body(("plain",)).get_content()
    assert "Seconde réponse." in told_text and "/formateur" in told_text


def test_an_altered_or_unknown_address_is_refused_during_the_smtp_dialogue(inbound_app, smtp_in):
    thread, notice = ask_and_get_notice(inbound_app)
    local, domain = notice["Reply-To"].split("@")
    altered = local[:-1] + ("0" if local[-1] != "0" else "1") + "@" + domain
    for address in (altered, f"postmaster@{DOMAIN}", "reponse+00@ailleurs.test"):
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            deliver(smtp_in, reply(notice, "Essai", to=address))
    assert trainer_posts(inbound_app, thread) == []


def test_a_reply_with_nothing_but_the_quote_is_refused_and_the_address_still_serves(inbound_app, smtp_in):
    thread, notice = ask_and_get_notice(inbound_app)
    deliver(smtp_in, reply(notice, "\n\nLe 2 déc. 2026 à 10:00, Pétale a écrit :\n> Pour un rond de 30 cm ?\n"))
    assert trainer_posts(inbound_app, thread) == [] and refusals(inbound_app) == ["vide"]
    # Told, with the way to her desk where she can write it.
    [told] = [m for m in outbox(inbound_app) if m["Subject"] == "Votre réponse n'a pas été publiée"]
    told_text = told.get_body(("plain",)).get_content()
    assert FANNY in told["To"] and "aucun texte en dehors du message cité" in told_text and "/formateur" in told_text
    deliver(smtp_in, reply(notice, "Sept roses."))
    assert trainer_posts(inbound_app, thread) == ["Sept roses."]


def test_no_notice_goes_back_to_an_automatic_sender(inbound_app, smtp_in):
    _thread, notice = ask_and_get_notice(inbound_app)
    message = reply(notice, "Je suis absente.", sender="intrus@exemple.test")
    message["Auto-Submitted"] = "auto-replied"
    deliver(smtp_in, message)
    bounce = reply(notice, "Delivery failed", sender="mailer-daemon@exemple.test")
    deliver(smtp_in, bounce, envelope_from="")
    assert refusals(inbound_app) == ["automatique", "automatique"]
    assert not [m for m in outbox(inbound_app) if m["Subject"] == "Votre réponse n'a pas été publiée"]


def test_when_the_database_fails_the_sender_is_asked_to_retry_and_the_service_stays_up(inbound_app):
    calls = []

    def failing(raw, recipients, sender):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("database away")

    port = free_port()
    server = inbound.controller(inbound_app, lambda address: True, failing, "127.0.0.1", port)
    server.start()
    try:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = FANNY, f"x@{DOMAIN}", "Re"
        message.set_content("Réponse")
        with pytest.raises(smtplib.SMTPDataError) as refused:
            deliver(port, message)
        assert refused.value.smtp_code == 451
        deliver(port, message)  # the sending server's retry, later: accepted
        assert len(calls) == 2
    finally:
        server.stop()


@pytest.mark.parametrize("text, kept", [
    ("Oui.\n\n-- \nFanny\n", "Oui."),
    ("Oui, vert.\n\nEnvoyé depuis mon iPhone", "Oui, vert."),
    ("Oui.\n\nDe : Pétale <a@b.test>\nEnvoyé : mercredi\nÀ : Fanny\nObjet : Q\n\nbla", "Oui."),
    ("Long.\n\nLe mer. 2 déc. 2026 à 10:00, Pétale <\nne-pas-repondre@petale.test> a écrit :\n> Q", "Long."),
    ("Thanks.\n\nOn Wed, Dec 2, 2026 at 10:00 AM Petale <a@b.c> wrote:\n> Q", "Thanks."),
    ("Comme Marie l'a écrit : le vert est neutre.", "Comme Marie l'a écrit : le vert est neutre."),
    ("Bonne journée pour couper : le matin, quand les tiges sont gorgées d'eau et que la chaleur n'est pas "
     "encore là.\nSuite.", None),
])
def test_quotes_and_signatures_are_stripped_and_her_own_words_kept(text, kept):
    assert strip_reply(text) == (kept if kept is not None else text.strip())


@pytest.mark.skipif(BACKEND != "sqlite", reason="the command is started on the test's SQLite files")
def test_the_flask_mail_inbound_command_receives_a_reply_and_links_to_the_public_address(inbound_app, tmp_path):
    thread, notice = ask_and_get_notice(inbound_app)
    port = free_port()
    env = {**os.environ, "INSTANCE_PATH": inbound_app.instance_path, "SECRET_KEY": inbound_app.config["SECRET_KEY"],
           "MAIL_INBOUND_DOMAIN": DOMAIN, "PETALE_DEMO": "", "REDIS_URL": "", "PORT": "2525",
           "BASE_URL": "https://formation.example"}
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-m", "flask", "--app", "app", "mail-inbound", "--port", str(port)]
    with subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as process:
        try:
            for _ in range(100):
                try:
                    deliver(port, reply(notice, "Par la commande."))
                    break
                except ConnectionRefusedError:
                    time.sleep(0.1)
            assert trainer_posts(inbound_app, thread) == ["Par la commande."]
            deliver(port, reply(notice, "Une seconde fois."))
        finally:
            process.terminate()
            output = process.communicate(timeout=10)[0].decode()
        assert process.returncode == 0, output
    # The notice the service sends back leads to the portal's public address, not to the process's port.
    [told] = [m for m in outbox(inbound_app) if m["Subject"] == "Votre réponse n'a pas été publiée"]
    assert "https://formation.example/formateur" in told.get_body(("plain",)).get_content()
    # Without BASE_URL the service does not start, and says what to set.
    del env["BASE_URL"]
    refused = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "BASE_URL" in refused.stderr


def test_the_refusal_notice_speaks_the_language_of_the_trainer_the_address_was_issued_to(inbound_app, smtp_in):
    from portal.accounts.models import Account

    _thread, notice = ask_and_get_notice(inbound_app)
    with inbound_app.app_context():
        Account.update(language="en").where(Account.role == "trainer").execute()
    deliver(smtp_in, reply(notice, "\n\nLe 2 déc. 2026 à 10:00, Pétale a écrit :\n> Pour un rond de 30 cm ?\n"))
    deliver(smtp_in, reply(notice, "Réponse d'un inconnu", sender="intrus@exemple.test"))
    assert refusals(inbound_app) == ["vide", "expediteur"]
    told = [m for m in outbox(inbound_app) if "Auto-Submitted" in m and m["Auto-Submitted"] == "auto-replied"]
    assert [m["Subject"] for m in told] == ["Your answer was not published"] * 2
    assert "espace formateur" not in told[0].get_body(("plain",)).get_content()
