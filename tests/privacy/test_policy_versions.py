"""Policy versions: minor at once, substantial with 30 days' notice mailed by a job, banner and
acknowledgement, past versions listed, consents recorded against the version in force."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest

from portal import mail
from portal.accounts.models import Account
from portal.jobs.models import JobRecord
from portal.privacy import consent, versions
from portal.privacy.models import PolicyAcknowledgement, PolicyVersion
from portal.privacy.policy import shipped_text
from portal.standing.models import ConsentEvent
from portal.timeutil import paris_today
from tests.support.helpers import outbox, run_jobs, submit, text_of
from tests.support.learning_fixtures import signed_in

SUMMARY = "Les résultats de quiz serviront aussi à recommander des ateliers en présentiel."


def changed_text(word: str = "Pétale") -> str:
    return shipped_text().replace("Nous gérons ces données", f"{word} gère ces données", 1)


def dpo_id(app):
    with app.app_context():
        return Account.get(Account.role == "dpo").id


def publish_as_dpo(app, **form):
    client = signed_in(app, "dpo@petale.test")
    return client, submit(client, "/dpo/politique", form)


def test_a_minor_version_applies_at_once_without_mail_and_the_old_one_is_listed(demo):
    _client, response = publish_as_dpo(demo, kind="minor", text=changed_text(), summary="")
    assert response.status_code == 302
    with demo.app_context():
        assert versions.current().version == "1.1" and versions.current().revised_on == paris_today()
        assert not JobRecord.select().where(JobRecord.args.contains("policy_change")).exists()
    html = unescape(demo.test_client().get("/confidentialite").get_data(as_text=True))
    assert "Version 1.1, révisée le" in html and "Pétale gère ces données" in html
    past = html.split('id="versions-precedentes"')[1].split("</nav>")[0]
    assert 'href="/confidentialite/versions/1.0"' in past
    old = unescape(demo.test_client().get("/confidentialite/versions/1.0").get_data(as_text=True))
    assert "Nous gérons ces données" in old and "n'est plus en vigueur" in old
    assert demo.test_client().get("/confidentialite/versions/9.9").status_code == 404
    # Consents from now on are recorded against 1.1.
    with demo.app_context():
        learner = Account.get(Account.display_name == "Antoine").id
        consent.record(learner, True, consent.SOURCE_SPACE)
        assert ConsentEvent.select().where(ConsentEvent.account_id == learner).get().policy_version == "1.1"


@pytest.mark.parametrize("days", [0, 29])
def test_a_substantial_version_less_than_30_days_ahead_is_refused(demo, days):
    effective = (paris_today() + timedelta(days=days)).isoformat()
    _, response = publish_as_dpo(demo, kind="substantial", text=changed_text(), summary=SUMMARY, effective_on=effective)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "au plus tôt 30 jours après sa publication" in html
    assert "Pétale gère ces données" in html, "the text typed is given back, not lost"
    with demo.app_context():
        assert PolicyVersion.select().count() == 0 and JobRecord.select().count() == 0


@pytest.mark.parametrize("form, message", [
    ({"kind": "substantial", "effective_on": "le mois prochain"}, "pas une date valide"),
    ({"kind": "majeure"}, "mineure ou substantielle"),
    ({"kind": "minor", "text": ""}, "vide ou trop long"),
    ({"kind": "minor", "text": "x" * 100_001}, "vide ou trop long"),
    ({"kind": "minor", "text": shipped_text()}, "identique à la version en vigueur"),
    ({"kind": "substantial", "summary": "", "effective_on": "2099-01-01"}, "Résumez les changements"),
])
def test_bad_publications_get_a_french_message_and_store_nothing(demo, form, message):
    _, response = publish_as_dpo(demo, **{"text": changed_text(), "summary": SUMMARY, **form})
    assert response.status_code == 422 and message in unescape(response.get_data(as_text=True))
    with demo.app_context():
        assert PolicyVersion.select().count() == 0


def test_a_substantial_version_mails_every_active_account_and_shows_a_banner_until_acknowledged(demo):
    effective = paris_today() + timedelta(days=30)
    with demo.app_context():
        antoine = Account.get(Account.display_name == "Antoine").id
        consent.record(antoine, False, consent.SOURCE_SPACE)  # unsubscribed: the notice is not marketing
        Account.update(status="deleted").where(Account.display_name == "Amélie").execute()
    _, response = publish_as_dpo(demo, kind="substantial", text=changed_text(), summary=SUMMARY,
                                 effective_on=effective.isoformat())
    assert response.status_code == 302
    run_jobs(demo)  # the notice job queues the mails...
    run_jobs(demo)  # ...which are then delivered
    notices = [m for m in outbox(demo) if m["Subject"].startswith("Notre politique de confidentialité change")]
    with demo.app_context():
        active = Account.select().where(Account.status == "active").count()
        row = PolicyVersion.get()
        assert row.version == "2.0" and row.notice_sent == active and row.notice_done_at is not None
    assert len(notices) == active == 5
    recipients = {m["To"] for m in notices}
    assert any("apprenant@petale.test" in r for r in recipients)
    assert not any("apprenante2@petale.test" in r for r in recipients)
    body = text_of(next(m for m in notices if "apprenant@petale.test" in m["To"]))
    assert SUMMARY in body and effective.strftime("%d/%m/%Y") in body
    assert "/confidentialite/versions/2.0" in body and "/mes-donnees#titre-suppression" in body

    # Not yet in force: the page still shows 1.0, with a link to the coming version.
    page = unescape(demo.test_client().get("/confidentialite").get_data(as_text=True))
    assert "Version 1.0" in page and "Une nouvelle version (2.0) s'appliquera le" in page
    assert "Aucune : c'est la première version." in page
    coming = unescape(demo.test_client().get("/confidentialite/versions/2.0").get_data(as_text=True))
    assert "Elle s'appliquera le" in coming and SUMMARY in coming
    assert 'href="/confidentialite/versions/1.0"' in coming.split('id="versions-precedentes"')[1]
    learner = signed_in(demo, "apprenant@petale.test")
    space = unescape(learner.get("/mon-espace").get_data(as_text=True))
    assert "Notre politique de confidentialité change le" in space and "J'ai pris connaissance" in space
    acknowledged = submit(learner, "/confidentialite/versions/2.0/lue", {}, page="/mon-espace")
    assert acknowledged.status_code == 302
    assert "J'ai pris connaissance" not in unescape(learner.get("/mon-espace").get_data(as_text=True))
    submit(learner, "/confidentialite/versions/2.0/lue", {}, page="/mes-donnees")  # twice: still one record
    with demo.app_context():
        assert PolicyAcknowledgement.select().where(PolicyAcknowledgement.account_id == antoine).count() == 1
        # On the effective date the new version is in force and 1.0 is listed as past.
        assert versions.current(effective).version == "2.0"
        assert versions.current(effective - timedelta(days=1)).version == "1.0"
        assert versions.pending_for(Account.get(Account.display_name == "Gaëlle").id,
                                    effective) is None
    assert "J'ai pris connaissance" in unescape(
        signed_in(demo, "formatrice@petale.test").get("/formateur").get_data(as_text=True))
    # A second substantial version cannot be announced while one is pending.
    _, again = publish_as_dpo(demo, kind="substantial", text=changed_text("Nous"), summary=SUMMARY,
                              effective_on=(effective + timedelta(days=10)).isoformat())
    assert again.status_code == 422 and "déjà annoncée" in unescape(again.get_data(as_text=True))


def test_the_notice_resumes_after_a_crash_without_mailing_anyone_twice(demo, monkeypatch):
    monkeypatch.setattr(versions, "NOTICE_BATCH", 2)
    real_send_many = mail.send_many
    calls = {"n": 0}

    def crash_on_second_batch(template, recipients):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real_send_many(template, recipients)

    with demo.app_context():
        row = versions.publish("substantial", changed_text(), SUMMARY, paris_today() + timedelta(days=45),
                               by=dpo_id(demo))
        monkeypatch.setattr(mail, "send_many", crash_on_second_batch)
        with pytest.raises(RuntimeError):
            versions.send_change_notice(row.id)
        assert PolicyVersion.get_by_id(row.id).notice_sent == 2
        monkeypatch.setattr(mail, "send_many", real_send_many)
        versions.send_change_notice(row.id)
        versions.send_change_notice(row.id)  # already done: nothing more
        assert PolicyVersion.get_by_id(row.id).notice_sent == 6
        queued = [j for j in JobRecord.select() if "policy_change" in j.args]
        assert len(queued) == 6 and len({j.args.split('"')[1] for j in queued}) == 6


def test_only_the_dpo_publishes(demo):
    assert signed_in(demo, "apprenant@petale.test").get("/dpo/politique").status_code == 403
    assert signed_in(demo, "gestion@petale.test").get("/dpo/politique").status_code == 403
    page = signed_in(demo, "dpo@petale.test").get("/dpo/politique")
    assert page.status_code == 200 and 'href="/dpo/politique"' in page.get_data(as_text=True)
