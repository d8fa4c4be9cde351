"""The mails answering a request are in its history: when each was queued, when the relay took it (or that it
waits, or why it did not go), and its text to read again, her name and address masked (a dpo must prove what
she answered; the register said nothing of the mails, and the mail layer kept no copy)."""
from __future__ import annotations

from datetime import timedelta

from aiosmtpd.controller import Controller

from portal.archive.service import years_after
from portal.demo.seed import seed
from portal.jobs.runner import purge_finished
from portal.mail.models import KeptMail
from portal.privacy import requests as register
from portal.privacy.models import DataRequest
from portal.retention import sweep
from portal.timeutil import paris_today
from portal.vault.service import account_id_for_email
from tests.support.busy_learner import post
from tests.support.environment import free_port
from tests.support.helpers import run_jobs
from tests.support.learning_fixtures import signed_in
from tests.support.request_mails import PAGE, Refusing, antoines_letter, sent_mails, shown


def test_each_mail_about_a_request_is_in_its_history_with_when_it_left_and_its_text(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = antoines_letter(demo, dpo)
    url = f"{PAGE}/{request.id}"
    assert post(dpo, f"{url}/report", {"new_due": (request.due_on + timedelta(days=10)).isoformat(),
                                       "reason": "Archives papier à consulter", "fiche": "y", "confirmed": "y"},
                PAGE).status_code == 302
    page = shown(dpo.get(url))
    assert "courriel « Votre demande sur vos données : délai prolongé »" in page
    assert "en attente du relais de courrier" in page, "queued, not yet taken"
    assert "Archives papier à consulter" in sent_mails(page)[0], "its words, from the outbox"
    run_jobs(demo)
    assert post(dpo, f"{url}/cloture", {"answer": "Voici vos données, jointes à ce courrier.", "fiche": "y",
                                        "confirmed": "y"}, PAGE).status_code == 302
    run_jobs(demo)
    page = shown(dpo.get(url))
    mails = sent_mails(page)
    assert len(mails) == 2 and "en attente" not in page
    assert all("remis au relais de courrier le" in m and "Relire le texte envoyé" in m for m in mails)
    assert "Archives papier à consulter" in mails[0] and "Voici vos données, jointes à ce courrier." in mails[1]
    assert "Bonjour [nom de la personne]," in mails[1]
    with demo.app_context():
        kept = list(KeptMail.select().where(KeptMail.about == f"demande:{request.id}"))
        assert len(kept) == 2 and all(row.accepted_at and row.about == f"demande:{request.id}" for row in kept)
        for row in kept:
            assert "Antoine Apprenant" not in row.text + row.subject and "apprenant@petale.test" not in row.text, \
                "the main zone names no one"
        purge_finished(timedelta(0), failed_older_than=timedelta(0))  # the outbox forgets its jobs
    assert len(shown(dpo.get(url)).split("remis au relais de courrier le")) == 3, "the copies outlive the jobs"


def test_a_mail_the_relay_refuses_says_why_it_did_not_go_and_one_it_cannot_reach_waits(make_app):
    relay = Refusing("apprenant@petale.test", "550 5.1.1 <apprenant@petale.test>: user unknown")
    controller = Controller(relay, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app = make_app(MAIL_URL=f"smtp://127.0.0.1:{controller.port}")
        with app.app_context():
            seed(backoffice=False)
            refused = register.open_request(account_id_for_email("apprenant@petale.test"), "access")
            register.close_with_answer(refused, "Voici vos données.")
        run_jobs(app)
    finally:
        controller.stop()
    with app.app_context():
        [copy] = register.mails_of(refused)
        assert copy.state == "not_sent" and "refusé définitivement" in copy.reason and "550" in copy.reason
        assert "apprenant@petale.test" not in copy.reason, "the main zone keeps no address"
        purge_finished(timedelta(0), failed_older_than=timedelta(0))
        [copy] = register.mails_of(refused)
        assert copy.state == "not_sent" and "refusé définitivement" in copy.reason, "said after the job is gone"

    app = make_app(MAIL_URL=f"smtp://127.0.0.1:{free_port()}")  # nobody listens there
    with app.app_context():
        waiting = register.open_request(account_id_for_email("apprenant@petale.test"), "access")
        register.close_with_answer(waiting, "Voici vos données.")
    run_jobs(app)
    with app.app_context():
        [copy] = register.mails_of(waiting)
        assert copy.state == "waiting" and "injoignable" in copy.reason and "Voici vos données." in copy.text


def test_the_farewell_of_an_erasure_carried_out_by_the_dpo_is_in_its_history(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = antoines_letter(demo, dpo, kind="erasure")
    assert post(dpo, f"{PAGE}/{request.id}/execution", {
        "identity_method": "signature", "identity_check": "signature comparée au contrat",
        "confirmation": "EFFACER", "confirmed": "y"}, PAGE).status_code == 302
    page = shown(dpo.get(f"{PAGE}/{request.id}"))
    [farewell] = sent_mails(page)
    assert "Votre compte Pétale est supprimé" in farewell and "remis au relais de courrier le" in farewell
    assert "Bonjour [nom de la personne]," in farewell and "Antoine" not in farewell
    history = page.split('id="historique"')[1]
    assert history.index("Compte effacé : ses pièces légales") < history.index("— close"), \
        "what was done reads before the closing it led to"


def test_the_copies_leave_with_the_request_record(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = antoines_letter(demo, dpo)
    assert post(dpo, f"{PAGE}/{request.id}/cloture", {"answer": "Voici vos données.", "confirmed": "y"},
                PAGE).status_code == 302
    run_jobs(demo)
    with demo.app_context():
        kept = KeptMail.select().where(KeptMail.about == f"demande:{request.id}")
        assert kept.count() == 1
        sweep.sweep(years_after(paris_today(), 5) - timedelta(days=1))
        assert kept.count() == 1, "kept as long as the request"
        sweep.sweep(years_after(paris_today(), 5) + timedelta(days=1))
        assert not DataRequest.select().where(DataRequest.id == request.id).exists()
        assert kept.count() == 0
