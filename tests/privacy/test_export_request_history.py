"""A person who exercises her right of access sees her requests and their history in her own export (a dpo walk
found data.json listing her requests without what was done to them: her identity checked and how, the answer
postponed and why, the export prepared…), through the register's own declaration."""
from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import jsonschema

from portal.privacy.requests import open_request
from portal.vault.service import account_id_for_email
from tests.support.busy_learner import post
from tests.support.helpers import link_in, outbox, run_jobs
from tests.support.learning_fixtures import signed_in

PAGE = "/dpo/demandes"
SEEN = {"confirmed": "y"}  # the dpo read what the person will receive, and sends it
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "portal" / "privacy" / "export_schema.json").read_text())


def test_her_requests_come_with_their_steps_and_extensions_in_her_data_json(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        letter = open_request(antoine, "access", "courrier")
    later = letter.due_on + timedelta(days=10)
    assert post(dpo, f"{PAGE}/{letter.id}/report", {**SEEN, "new_due": later.isoformat(),
                                                    "reason": "Archives papier à consulter"}, PAGE).status_code == 302
    assert post(dpo, f"{PAGE}/{letter.id}/execution", {"identity_method": "piece",
                                                       "identity_check": "copie de pièce reçue avec la lettre"},
                PAGE).status_code == 302
    run_jobs(demo)
    run_jobs(demo)

    # The answer to her letter is her export, by the link the dpo's mail gives her.
    [mail] = [m for m in outbox(demo) if m["Subject"] == "Votre export de données est prêt"]
    antoine_client = signed_in(demo, "apprenant@petale.test")
    ready = antoine_client.get(link_in(mail, "/mes-donnees/export/")).get_data(as_text=True)
    link = re.search(r'href="(/mes-donnees/export/\d+/telecharger\?jeton=[^"]+)"', ready).group(1)
    response = antoine_client.get(link.replace("&amp;", "&"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("data.json"))
    response.close()
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    [by_post] = data["data_requests"]
    assert (by_post["kind"], by_post["channel"]) == ("access", "courrier")
    [extension] = by_post["extensions"]
    assert (extension["previous_due"], extension["new_due"], extension["reason"], extension["corrected"]) == (
        letter.due_on.isoformat(), later.isoformat(), "Archives papier à consulter", False)
    steps = [step["what"] for step in by_post["steps"]]
    assert steps[0].startswith("Identité vérifiée : Copie d'une pièce d'identité comparée au compte")
    assert steps[1].startswith("Export demandé : le lien partira"), steps
    assert all(step["at"] for step in by_post["steps"])
    assert "Antoine" not in json.dumps(by_post, ensure_ascii=False), "the steps name no one"

