"""Breach notification and the quarterly security report."""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest

from portal.accountability import report
from portal.accountability.models import SecurityReport
from portal.accounts.models import Account
from portal.backup.models import BackupRun
from portal.privacy.models import DataRequest
from portal.privacy.requests import close_request, open_request
from portal.security import events
from portal.security.incidents import notice_context, preview
from portal.security.models import Incident, IncidentAccount
from portal.timeutil import paris_today, utcnow
from portal.vault import audit
from tests.support.helpers import outbox, run_jobs, submit, text_of
from tests.support.incidents import INCIDENT
from tests.support.learning_fixtures import signed_in


def test_the_dpo_records_an_incident_and_notifies_each_person_once(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert 'href="/dpo/incidents"' in dpo.get("/dpo/demandes").get_data(as_text=True)
    created = submit(dpo, "/dpo/incidents", INCIDENT)
    assert created.status_code == 302
    page = created.headers["Location"]
    shown = unescape(dpo.get(page).get_data(as_text=True))
    assert "Notifier les 2 personnes concernées" in shown
    # The notice is read before it is sent, as each person will receive it.
    assert "Le courriel que chaque personne recevra" in shown and "courriels trompeurs" in shown
    assert submit(dpo, f"{page}/notifier", {}, page=page).status_code == 302
    submit(dpo, f"{page}/notifier", {}, page=page)  # pressed twice
    run_jobs(demo)
    run_jobs(demo)
    notices = [m for m in outbox(demo) if m["Subject"] == "Incident de sécurité concernant vos données"]
    assert sorted(m["To"].split("<")[1].rstrip(">") for m in notices) == ["apprenant@petale.test",
                                                                          "apprenante2@petale.test"]
    body = text_of(notices[0])
    for expected in ("20/11/2026", "clé USB", "Identité et coordonnées", "Mots de passe réinitialisés", "CNIL",
                     "courriels trompeurs"):
        assert expected in body, expected
    with demo.app_context():
        assert IncidentAccount.select().where(IncidentAccount.notified_at.is_null()).count() == 0
        assert Incident.get().notified_at is not None
    assert "Prévenue le" in unescape(dpo.get(page).get_data(as_text=True))
    assert all(m["Reply-To"] == "dpo@petale.test" for m in notices), "the person can answer the dpo"
    assert all("dpo@petale.test" in m["From"] and "Auto-Submitted" not in m for m in notices), "from the dpo"
    assert all("L'équipe Pétale" not in text_of(m) and "délégué" in text_of(m).split("—")[-1] for m in notices), \
        "signed by the dpo, as every mail about her data"


def test_the_register_counts_down_the_72_hours_to_notify_the_cnil(demo):
    from portal.security import incidents

    dpo = signed_in(demo, "dpo@petale.test")
    page = submit(dpo, "/dpo/incidents", INCIDENT).headers["Location"]
    detail = unescape(dpo.get(page).get_data(as_text=True))
    # Discovered an hour before it was typed in: 71 hours left, not 72.
    assert "CNIL à notifier avant le" in detail and ("restent 70 heures" in detail or "restent 71 heures" in detail)
    with demo.app_context():
        incident = Incident.get()
        late = incidents.authority_clock(incident, now=incident.discovered_at + timedelta(hours=75))
        assert late.late and late.hours_left == -3
        Incident.update(discovered_at=utcnow() - timedelta(hours=80)).execute()
    listing = unescape(dpo.get("/dpo/incidents").get_data(as_text=True))
    assert "CNIL : notification en retard de 8 heures" in listing
    without = submit(dpo, f"{page}/cnil", {}, page=page)
    assert without.status_code == 422 and "référence" in unescape(without.get_data(as_text=True))
    assert submit(dpo, f"{page}/cnil", {"reference": "CNIL-2026-0042"}, page=page).status_code == 302
    assert "CNIL-2026-0042" in unescape(dpo.get(page).get_data(as_text=True))
    listing = unescape(dpo.get("/dpo/incidents").get_data(as_text=True))
    assert "CNIL notifiée le" in listing and "en retard" not in listing
    with demo.app_context():
        assert Incident.get().authority_notified_at is not None


@pytest.mark.parametrize("change, message", [
    ({"occurred_on": "2099-01-01"}, "pas dans le futur"),
    ({"occurred_on": "hier"}, "date de l'incident"),
    ({"categories": []}, "catégories"),
    ({"categories": ["secrets"]}, "catégories"),
    ({"emails": "inconnu@example.org"}, "sans compte"),
    ({"nature": ""}, "nature"),
    ({"discovered_at": ""}, "découverte"),
    ({"discovered_at": "2099-01-01T10:00"}, "découverte se situe"),
    ({"discovered_at": "2026-11-19T10:00"}, "découverte se situe"),
    ({"consequences": ""}, "conséquences"),
])
def test_incomplete_incidents_are_refused(demo, change, message):
    response = submit(signed_in(demo, "dpo@petale.test"), "/dpo/incidents", {**INCIDENT, **change})
    assert response.status_code == 422 and message in unescape(response.get_data(as_text=True))
    with demo.app_context():
        assert Incident.select().count() == 0


def test_a_reasoned_decision_not_to_tell_the_people_is_kept_and_then_no_one_is_mailed(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    page = submit(dpo, "/dpo/incidents", INCIDENT).headers["Location"]
    unreasoned = submit(dpo, f"{page}/sans-notification", {"ground": "chiffrement", "reason": ""}, page=page)
    assert unreasoned.status_code == 422
    assert submit(dpo, f"{page}/sans-notification", {"ground": "chiffrement",
                                                     "reason": "La clé était chiffrée (AES-256), la phrase gardée à "
                                                               "part."}, page=page).status_code == 302
    shown = unescape(dpo.get(page).get_data(as_text=True))
    assert "ne sont pas informées individuellement" in shown and "AES-256" in shown and "Notifier les" not in shown
    assert submit(dpo, f"{page}/notifier", {}, page=page).status_code == 422
    run_jobs(demo)
    assert not [m for m in outbox(demo) if m["Subject"] == "Incident de sécurité concernant vos données"]
    # Her home and the incidents list say the decision, not « personnes à prévenir » (a dpo walk, 08/12/2026).
    for listed in ("/dpo", "/dpo/incidents"):
        text = unescape(dpo.get(listed).get_data(as_text=True)).replace("\u00a0", " ")
        assert "personnes à prévenir" not in text and "décision motivée (article 34.3)" in text, listed


def test_the_quarterly_report_gathers_every_section(demo):
    with demo.app_context():
        staff = Account.get(Account.role == "staff")
        learner = Account.get(Account.display_name == "Antoine")
        audit.record(audit.Actor(staff.id, "staff"), learner.id, "lecture", ["email"], reason="appel")
        events.record("login_failed", learner.id)
        open_request(learner.id, "access")
        BackupRun.create(kind="backup", ok=True, detail="test")
        BackupRun.create(kind="restore_test", ok=True, detail="test")
        quarter = report.quarter_of(paris_today())
        body = report.build(quarter)
    assert body["security_events"]["login_failed"] == 1
    assert body["vault_reads"] == [{"who": "Gaëlle", "role": "staff", "entries": 1}]
    assert body["data_requests"]["received"] == 1 and body["backups"] == {
        "made": 1, "failed": 0, "restore_tests": 1, "last_restore_test": body["backups"]["last_restore_test"]}
    page = unescape(signed_in(demo, "dpo@petale.test").get(f"/dpo/rapport?trimestre={quarter}").get_data(as_text=True))
    assert "Gaëlle (gestion) : 1" in page and "Réussies : 1" in page
    assert "Connexion refusée : 1" in page and "login_failed" not in page, "events in words"
    assert f"Rapport de sécurité — {report.quarter_label(quarter)}" in page and "trimestre " in page
    assert "aucune demande close : pas encore de délai à mesurer" in page and "— j" not in page
    shown = re.sub(r"\?trimestre=[0-9T-]+\"", "\"", page)  # the PDF link carries the code in its address
    assert f'<option selected value="{quarter}">' in page and quarter not in shown.replace(f'"{quarter}"', "")
    bad = signed_in(demo, "dpo@petale.test").get("/dpo/rapport?trimestre=2026-T9")
    assert bad.status_code == 422 and "Choisissez un trimestre dans la liste." in unescape(bad.get_data(as_text=True))
    assert signed_in(demo, "dpo@petale.test").get("/dpo/rapport").status_code == 200


def test_the_job_keeps_the_last_quarter_once_and_mails_the_dpo(demo):
    with demo.app_context():
        report.quarterly_report()
        report.quarterly_report()
        [kept] = SecurityReport.select()
        assert kept.quarter == report.previous_quarter(paris_today())
        assert json.loads(kept.body)["quarter"] == kept.quarter
    run_jobs(demo)
    assert [m["Subject"] for m in outbox(demo)].count(f"Rapport de sécurité {kept.quarter}") == 1


def test_quarter_bounds():
    assert report.bounds("2026-T4") == (date(2026, 10, 1), date(2027, 1, 1))
    assert report.previous_quarter(date(2027, 1, 5)) == "2026-T4"
    assert report.quarter_of(datetime(2026, 5, 1).date()) == "2026-T2"


def test_the_report_says_numbers_and_dates_the_french_way_and_downloads_as_a_pdf(demo):
    from tests.support.helpers import pdf_text

    dpo = signed_in(demo, "dpo@petale.test")
    submit(dpo, "/dpo/incidents", INCIDENT)
    with demo.app_context():
        account = Account.get(Account.display_name == "Antoine").id
        first = open_request(account, "access")
        second = open_request(account, "rectification")
        close_request(first, "Réponse.")
        close_request(second, "Réponse.")
        DataRequest.update(received_at=utcnow() - timedelta(days=3)).where(DataRequest.id == first.id).execute()
    quarter = report.quarter_of(paris_today())
    page = unescape(dpo.get("/dpo/rapport", query_string={"trimestre": quarter}).get_data(as_text=True))
    assert "délai moyen : 1,5 j" in page and "20 novembre 2026" in page and "2026-11-20" not in page
    pdf = dpo.get("/dpo/rapport.pdf", query_string={"trimestre": quarter})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    assert "Rapport de sécurité" in text and "1,5 j" in text and "20 novembre 2026" in text


def test_an_incident_touching_no_account_is_recorded_and_cannot_be_mailed(demo):
    """A paper sign-in sheet lost: the people have no account to be mailed at; the incident is recorded
    all the same (a dpo walk could not record it), and « Notifier » says how to tell them instead."""
    dpo = signed_in(demo, "dpo@petale.test")
    created = submit(dpo, "/dpo/incidents", {**INCIDENT, "emails": ""})
    assert created.status_code == 302
    with demo.app_context():
        incident = Incident.get()
        assert IncidentAccount.select().where(IncidentAccount.incident == incident.id).count() == 0
    page = created.headers["Location"]
    refused = submit(dpo, f"{page}/notifier", {}, page=page)
    assert refused.status_code == 422 and "Aucun compte n'est touché" in unescape(refused.get_data(as_text=True))


def test_the_notice_advises_a_new_password_only_when_her_account_or_its_identifiers_were_touched(demo):
    """A leak of names and addresses does not call for a new password; a leak touching her account does."""
    with demo.app_context(), demo.test_request_context():
        row = Incident(occurred_on=datetime(2026, 11, 20).date(), nature="Clé USB perdue", categories="identity",
                  measures="Mots de passe réinitialisés", consequences="")
        assert notice_context(row)["identifiers"] is False
        assert "changez votre mot de passe" not in preview(row) and "identifiants" in preview(row)
        row.categories = "identity,account"
        assert "changez votre mot de passe" in preview(row)
