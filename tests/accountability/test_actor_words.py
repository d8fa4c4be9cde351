"""Who did it, in the access journal and the dpo's report, worded once (portal.vault.wording.actor): a person by
her name and role, the portal's own jobs as such (a dpo walk found « système (délégué à la protection des
données) » for the export a job built for a request the dpo carried out)."""
from __future__ import annotations

import json

from portal.accountability import report
from portal.accountability.models import SecurityReport
from portal.accounts.models import Account
from portal.schema import router
from portal.timeutil import paris_today
from portal.vault import audit
from tests.support.helpers import readable
from tests.support.learning_fixtures import signed_in
from tests.support.report_pages import same_on_page_and_pdf

JOB = "Le portail (tâche automatique)"
JOB_FOR_DPO = "Le portail (tâche automatique, pour le délégué à la protection des données)"


def entries(demo) -> tuple[str, str]:
    """One entry by a job, one by a job working for the dpo, one by the dpo herself; (dpo's name, quarter)."""
    with demo.app_context():
        dpo = Account.get(Account.role == "dpo")
        learner = Account.get(Account.display_name == "Antoine")
        audit.record(audit.SYSTEM, learner.id, "lecture", ["email"], workflow="rappel de fin de formation")
        audit.record(audit.Actor(None, "dpo"), learner.id, "export", ["archive"],
                     workflow="export préparé par le délégué (demande hors du portail)")
        audit.record(audit.Actor(dpo.id, "dpo"), learner.id, "lecture", ["email"], reason="lettre reçue")
        return dpo.display_name, report.quarter_of(paris_today())


def test_the_journal_says_the_portals_own_jobs_as_such(demo):
    name, _ = entries(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    page = readable(dpo.get("/dpo/journal").get_data(as_text=True))
    whos = [cell.split("</td>")[0] for cell in page.split('data-label="Qui">')[1:]]
    assert JOB in whos and JOB_FOR_DPO in whos and f"{name} (délégué à la protection des données)" in whos
    assert not any("système" in who for who in whos)


def test_the_report_says_them_the_same_on_its_page_and_in_its_pdf(demo):
    name, quarter = entries(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    lines, text = same_on_page_and_pdf(dpo, quarter)
    assert f"{JOB} : 1" in lines and f"{JOB_FOR_DPO} : 1" in lines
    assert any(line.startswith(f"{name} (délégué à la protection des données) : ") for line in lines)
    assert "système" not in " ".join(lines) and "système" not in text


def test_a_report_kept_with_the_old_word_is_reworded_by_the_migration(demo):
    _, quarter = entries(demo)
    with demo.app_context():
        body = report.build(quarter)
        assert None in [read["who"] for read in body["vault_reads"]], "no account: no name kept"
        old = json.loads(json.dumps(body))
        for read in old["vault_reads"]:
            read["who"] = read["who"] or "système"
        SecurityReport.create(quarter=quarter, body=json.dumps(old, ensure_ascii=False))
        main = router("main")
        main.run_one("080_report_reader_without_account", main.migrator, fake=False, downgrade=False)
        kept = json.loads(SecurityReport.get(SecurityReport.quarter == quarter).body)
        assert kept["vault_reads"] == body["vault_reads"]
    dpo = signed_in(demo, "dpo@petale.test")
    lines, _ = same_on_page_and_pdf(dpo, quarter)
    assert f"{JOB} : 1" in lines and not any("système" in line for line in lines)
    with demo.app_context():
        main.run_one("080_report_reader_without_account", main.migrator, fake=False, downgrade=True)
        assert json.loads(SecurityReport.get(SecurityReport.quarter == quarter).body) == old
