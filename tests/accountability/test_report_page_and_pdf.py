"""The dpo's security report says the same on the page and in its PDF: each line of the page is in the
PDF's text, an empty section says so in both (the PDF once printed « — : 0 » and left the vault reads
blank where the page said « Aucun. »)."""
from __future__ import annotations

import io
import re
from datetime import datetime, time, timedelta

from pypdf import PdfReader

from portal.accountability import report
from portal.accounts.models import Account
from portal.backup.models import BackupRun
from portal.privacy.models import DataRequest
from portal.privacy.requests import close_request, open_request
from portal.security import events
from portal.timeutil import paris_today, utcnow
from portal.vault import audit
from tests.support.helpers import pdf_text, readable
from tests.support.learning_fixtures import signed_in
from tests.support.report_pages import flat, same_on_page_and_pdf


def test_an_empty_quarter_says_none_in_both(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    lines, text = same_on_page_and_pdf(dpo, "2025-T1")
    assert "Aucun." in lines and "Aucune." in lines
    assert "— : 0" not in text and "—:0" not in text and "Aucune." in text


def test_a_busy_quarter_gives_the_same_figures_on_the_page_and_in_the_pdf(demo):
    with demo.app_context():
        staff = Account.get(Account.role == "staff")
        learner = Account.get(Account.display_name == "Antoine")
        for _ in range(3):
            audit.record(audit.Actor(staff.id, "staff"), learner.id, "lecture", ["email"], reason="appel")
        events.record("login_failed", learner.id)
        events.record("login_failed", learner.id)
        first = open_request(learner.id, "access")
        close_request(first, "Réponse.")
        open_request(learner.id, "rectification")
        BackupRun.create(kind="backup", ok=True, detail="test")
        BackupRun.create(kind="restore_test", ok=True, detail="test", at=utcnow() - timedelta(hours=2))
    dpo = signed_in(demo, "dpo@petale.test")
    lines, text = same_on_page_and_pdf(dpo, report.quarter_of(paris_today()))
    assert "Gaëlle (gestion) : 3" in lines and "Gaëlle (gestion) : 3" in text
    assert "Connexion refusée : 2" in text and "login_failed" not in text
    assert any(line.startswith("Reçues : 2 · closes : 1 · en retard : 0 · délai moyen : 0,0 j") for line in lines)
    assert "Réussies : 1 · en échec : 0 · restaurations d'essai : 1 · dernière le" in text


def test_the_page_opens_on_the_current_quarter_when_the_last_one_is_empty(demo):
    """A dpo walk landed on last quarter's report, all zeros, on a portal opened this quarter."""
    from datetime import datetime

    from portal.security.models import SecurityEvent
    from portal.vault.models import AuditEntry

    today = paris_today()
    this_quarter, last_quarter = report.quarter_of(today), report.previous_quarter(today)
    with demo.test_request_context():
        this_label, last_label = str(report.quarter_label(this_quarter)), str(report.quarter_label(last_quarter))
    dpo = signed_in(demo, "dpo@petale.test")

    def opened_on() -> str:
        return readable(dpo.get("/dpo/rapport").get_data(as_text=True)).split("<h1>")[1].split("</h1>")[0]

    with demo.app_context():
        # Whatever the demo seeded before this quarter began is moved into it: last quarter is empty.
        begins = datetime.combine(report.bounds(this_quarter)[0], datetime.min.time()) + timedelta(hours=12)
        AuditEntry.update(at=begins).where(AuditEntry.at < begins).execute()
        SecurityEvent.update(at=begins).where(SecurityEvent.at < begins).execute()
        assert report.is_empty(report.build(last_quarter))
    assert this_label in opened_on()
    html = readable(dpo.get("/dpo/rapport", query_string={"trimestre": "2025-T1"}).get_data(as_text=True))
    assert "Aucun événement ce trimestre." in html, "an empty quarter says so"
    text = flat(pdf_text(dpo.get("/dpo/rapport.pdf", query_string={"trimestre": "2025-T1"}).data))
    assert "Aucun événement ce trimestre." in text
    with demo.app_context():
        last_began = datetime.combine(report.bounds(last_quarter)[0], datetime.min.time()) + timedelta(hours=12)
        SecurityEvent.create(kind="login_failed", at=last_began)
    assert last_label in opened_on(), "something happened last quarter: it opens there"


def test_the_report_answers_the_supervisory_authority_request_by_request(demo):
    """A CNIL inquiry asks how many requests of each type, by which channel, and for each one when it came, was
    due, was extended and why, and was answered: the report once gave only counts."""
    from portal.privacy import requests as register

    today = paris_today()
    with demo.app_context():
        learner = Account.get(Account.display_name == "Antoine")
        answered = open_request(learner.id, "erasure")
        close_request(answered, "Effacé.")
        late = open_request(learner.id, "objection", channel="courrier", received_on=report.bounds(
            report.quarter_of(today))[0])
        extended = open_request(learner.id, "portability")
        register.extend(extended, extended.due_on + timedelta(days=20), "Archives à rassembler")
    dpo = signed_in(demo, "dpo@petale.test")
    lines, text = same_on_page_and_pdf(dpo, report.quarter_of(today))
    assert any(line.startswith("Rapport établi le ") for line in lines), "the date it was established, even on demand"
    by_kind = next(line for line in lines if line.startswith("Par type"))
    assert "Effacement : 1" in by_kind and "Opposition : 1" in by_kind and "Portabilité : 1" in by_kind \
        and "Rectification : 0" in by_kind
    by_channel = next(line for line in lines if line.startswith("Par canal"))
    assert "par courrier : 1" in by_channel and "depuis son espace : 2" in by_channel
    d = "%d/%m/%Y"
    cells = text.replace(" ", "")  # a table cell wraps its words where the page does not
    due = (today + timedelta(days=15)).strftime(d)
    for row in (f"n°{answered.id}Effacementdepuissonespace{today.strftime(d)}{due}{today.strftime(d)}oui",
                f"n°{extended.id}Portabilitédepuissonespace{today.strftime(d)}{due}"
                f"{(today + timedelta(days=35)).strftime(d)}:Archivesàrassemblerpasencoreencours",
                f"n°{late.id}Oppositionparcourrier"):
        assert row in cells, row
    if (today - report.bounds(report.quarter_of(today))[0]).days > 15:
        assert "jderetard(toujoursouverte)" in cells, "a request left unanswered past its due date is late"
    html = dpo.get("/dpo/rapport").get_data(as_text=True)
    assert f"n° {extended.id}" in html and "Archives à rassembler" in html


def test_hundreds_of_requests_are_summed_up_with_the_late_ones_and_listed_whole_in_the_annex_and_spreadsheet(demo):
    """A quarter of 300 requests made a report of ten pages, one line each: the report sums them up (type,
    channel, month), lists the late ones, and keeps every one in the PDF's annex and in a spreadsheet."""
    quarter = report.previous_quarter(paris_today())
    start, end = report.bounds(quarter)
    days = (end - start).days
    with demo.app_context():
        learner = Account.get(Account.display_name == "Antoine")
        rows = []
        for n in range(300):
            day = start + timedelta(days=n * days // 300)
            received = datetime.combine(day, time(10, 0))
            late = n % 43 == 0  # 7 of them, answered after their due date
            rows.append({"account_id": learner.id, "kind": ("access", "erasure", "objection")[n % 3],
                         "channel": ("courrier", "courriel", "espace")[n % 3], "received_at": received,
                         "due_on": day + timedelta(days=15), "answer": "Réponse.",
                         "closed_at": received + timedelta(days=20 if late else 5)})
        DataRequest.insert_many(rows).execute()
        ours = [r for r in DataRequest.select() if start <= r.received_at.date() < end]
        late_ids = [r.id for r in ours if r.closed_at - r.received_at > timedelta(days=10)]
    dpo = signed_in(demo, "dpo@petale.test")
    lines, _ = same_on_page_and_pdf(dpo, quarter)
    assert any(line.startswith("Reçues : 300 · closes : 300 · en retard : 7") for line in lines)
    assert any(line.startswith("Par mois de réception :") for line in lines)
    assert "Les 300 demandes du trimestre, une par ligne, sont en annexe du PDF et dans le tableur" in " ".join(lines)
    html = dpo.get("/dpo/rapport", query_string={"trimestre": quarter}).get_data(as_text=True)
    listed = re.findall(r'<th scope="row" class="when">n° (\d+)</th>', html)
    assert sorted(map(int, listed)) == sorted(late_ids) and len(listed) == 7, "the late ones only, on the page"
    assert "/dpo/rapport-demandes.csv?trimestre=" in html
    data = dpo.get("/dpo/rapport.pdf", query_string={"trimestre": quarter}).data
    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]
    annex = next(i for i, page in enumerate(pages) if "Annexe" in page)
    assert annex <= 2, "the report itself holds on two pages"
    whole = " ".join(pages[annex:])
    assert len(ours) == 300 and all(f"n° {r.id} " in whole for r in ours), "every request in the annex"
    sheet = dpo.get("/dpo/rapport-demandes.csv", query_string={"trimestre": quarter})
    assert sheet.status_code == 200 and "attachment" in sheet.headers["Content-Disposition"]
    body = sheet.get_data(as_text=True).lstrip("\ufeff").strip().splitlines()
    assert body[0].startswith("Réf.;Type;Canal;Reçue") and len(body) == 301
