"""Mail goes out through a real SMTP server (aiosmtpd) when MAIL_URL names one."""
from __future__ import annotations

from email.header import decode_header, make_header

from tests.support.environment import free_port
from tests.support.helpers import SIGNUP, run_jobs, submit


def header(raw: str) -> str:
    return str(make_header(decode_header(raw)))


def test_signup_confirmation_arrives_over_smtp_in_french_with_text_and_html(make_app, smtp_server):
    controller, handler = smtp_server
    app = make_app(MAIL_URL=f"smtp://127.0.0.1:{controller.port}")
    client = app.test_client()
    submit(client, "/inscription", SIGNUP)
    assert handler.messages == [], "sending happens in a job, never in the request"
    run_jobs(app)
    [message] = handler.messages
    assert header(message["To"]) == "Camille Rosier <camille.rosier@example.org>"
    assert header(message["Subject"]) == "Confirmez votre inscription sur Pétale"
    assert header(message["From"]) == "Pétale <ne-pas-repondre@petale.test>"
    types = [part.get_content_type() for part in message.walk()]
    assert "text/plain" in types and "text/html" in types
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True)
    assert "valable 48 heures" in text.decode("utf-8")
    assert "http://petale.test/confirmer/" in text.decode("utf-8")


def test_an_unreachable_smtp_server_means_a_retry_not_a_lost_mail(make_app, smtp_server):
    from portal.jobs.models import PENDING, JobRecord

    dead_port = free_port()
    app = make_app(MAIL_URL=f"smtp://127.0.0.1:{dead_port}")
    submit(app.test_client(), "/inscription", SIGNUP)
    run_jobs(app)
    with app.app_context():
        job = JobRecord.get(JobRecord.func == "portal.mail.deliver")
        assert job.status == PENDING and job.attempts == 1
        assert "ConnectionRefusedError" in job.last_error


def test_mail_in_english_for_an_account_that_chose_english(make_app):
    from portal.accounts.models import Account
    from tests.support.helpers import outbox

    app = make_app()
    client = app.test_client()
    submit(client, "/inscription", SIGNUP)
    with app.app_context():
        Account.update(language="en").execute()
        account = Account.get()
        from portal.signin.service import send_confirmation

        send_confirmation(account)
    run_jobs(app)
    subjects = [m["Subject"] for m in outbox(app)]
    assert subjects[-1] == "Confirm your Pétale sign-up"
