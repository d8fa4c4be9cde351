"""Her export says what is true when she reads it (a dpo walk found naive times, the first due date after an
extension, the export listed as « en préparation » inside itself, and a postal answer promising a link), and
« Mes données » tells her about her requests and hands her a ready export."""
from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta
from html import unescape

from portal.accounts.models import Account
from portal.privacy import requests as register
from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from tests.support.busy_learner import post
from tests.support.helpers import csrf_token, pdf_text, run_jobs
from tests.support.learning_fixtures import signed_in
from tests.support.letters import record_letter

NAIVE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")
ZONED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def times(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from times(item)
    elif isinstance(value, list):
        for item in value:
            yield from times(item)
    elif isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        yield value


def test_her_own_export_tells_the_truth_and_her_page_gives_its_link(demo):
    with demo.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        asked = register.open_request(antoine.id, "rectification", received_on=paris_today() - timedelta(days=3))
        first_due = asked.due_on
        register.extend(asked, first_due + timedelta(days=20), "Pièces à vérifier")
        refused = register.open_request(antoine.id, "erasure")
        register.close_request(refused, "Refusée : les attestations sont gardées 5 ans (obligation légale).")
    learner = signed_in(demo, "apprenant@petale.test")
    token = csrf_token(learner.get("/mes-donnees").get_data(as_text=True))
    assert learner.post("/mes-donnees/export", data={"csrf_token": token}).status_code == 302
    run_jobs(demo)
    run_jobs(demo)

    page = unescape(learner.get("/mes-donnees").get_data(as_text=True))
    link = re.search(r'href="(/mes-donnees/export/\d+/telecharger\?jeton=[^"]+)"', page)
    assert link, "a ready export has its download link on « Mes données »"
    assert f"échéance reportée du {first_due:%d/%m/%Y} au {first_due + timedelta(days=20):%d/%m/%Y} : " \
           "Pièces à vérifier" in page
    assert "Refusée : les attestations sont gardées 5 ans" in page, "the outcome, with why"
    # Her export's mail went out, yet no mark of it is kept: the page does not call the count « mails sent ».
    assert "Courriels envoyés dont nous gardons la trace" not in page
    assert "nous ne gardons pas de copie des autres courriels" in page
    download = learner.get(link.group(1).replace("&amp;", "&"))
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    download.close()
    data = json.loads(archive.read("data.json"))
    found = list(times(data))
    assert found and [t for t in found if not ZONED.match(t)] == [], "every time carries its zone"
    assert not [t for t in found if NAIVE.match(t)]
    rectification = next(r for r in data["data_requests"] if r["kind"] == "rectification")
    assert rectification["due_on"] == (first_due + timedelta(days=20)).isoformat()
    assert rectification["first_due_on"] == first_due.isoformat()
    portability = next(r for r in data["data_requests"] if r["kind"] == "portability")
    assert portability["answered_by_this_export"] is True
    assert [e["status"] for e in data["exports"]] == ["this_export"], "the export does not list itself as pending"
    summary = " ".join(pdf_text(archive.read("vos-donnees.pdf")).split())
    assert "en préparation" not in summary and "cet export-ci" in summary and "répondue par cet export" in summary
    assert "Pièces à vérifier" in summary
    with demo.app_context():
        assert DataRequest.get(DataRequest.kind == "portability").closed_at is not None, "done once it is ready"


def test_an_export_sent_by_post_says_so_and_promises_no_link(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": "access", "channel": "courrier",
                               "received_on": paris_today().isoformat()}).status_code == 302
    with demo.app_context():
        request = DataRequest.get(DataRequest.kind == "access")
    assert post(dpo, f"/dpo/demandes/{request.id}/execution", {
        "identity_method": "piece", "identity_check": "copie de pièce d'identité", "by_post": "y"},
        "/dpo/demandes").status_code == 302
    run_jobs(demo)
    run_jobs(demo)
    download = dpo.get(f"/dpo/demandes/{request.id}/export.zip")
    sent = zipfile.ZipFile(io.BytesIO(download.data))
    download.close()
    letter = " ".join(pdf_text(sent.read("vos-donnees.pdf")).split())
    assert "lien valable 7 jours" not in letter and "par un lien" not in letter
    assert "envoyé par courrier" in letter and "cet export-ci, envoyé par courrier" in letter
    page = unescape(signed_in(demo, "apprenant@petale.test").get("/mes-donnees").get_data(as_text=True))
    assert "préparé par le délégué et envoyé par courrier" in page
    assert not re.search(r'/mes-donnees/export/\d+/telecharger', page), "no link to an export sent by post"
