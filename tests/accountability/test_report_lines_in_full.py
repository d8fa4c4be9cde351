"""The quarterly report says all an auditor asks: its page links the spreadsheet of the quarter's requests
(even when they fit on the page), each incident's line says when the CNIL was notified and under which reference
and whether the people were told or the dpo decided not to (article 34(3)), and the extension column keeps every
extension with its reason, not only the last (a dpo walk found all three missing)."""
from __future__ import annotations

from datetime import timedelta

from portal.accountability import report
from portal.accounts.models import Account
from portal.privacy import requests as register
from portal.security import incidents
from portal.timeutil import paris_today, to_paris, utcnow
from portal.vault.audit import Actor
from tests.support.helpers import pdf_text, readable
from tests.support.learning_fixtures import signed_in

DISCOVERED = (to_paris(utcnow()) - timedelta(hours=30)).replace(tzinfo=None, second=0, microsecond=0)


def _incident(nature: str):
    dpo = Account.get(Account.role == "dpo")
    return incidents.record(DISCOVERED.date(), nature, ["identity"], "Mots de passe changés.",
                            ["apprenant@petale.test"], Actor(dpo.id, "dpo"), discovered_at=DISCOVERED,
                            consequences="Courriels trompeurs possibles.")


def test_the_report_lists_requests_extensions_and_incidents_in_full(demo):
    with demo.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        request = register.open_request(antoine.id, "access")
        register.extend(request, request.due_on + timedelta(days=20), "Archives papier à consulter")
        register.extend(register.request_or_none(request.id), request.due_on + timedelta(days=10),
                        "Date saisie par erreur")
        notified = _incident("Clé USB perdue")
        incidents.record_authority_notice(notified, "CNIL-2026-0042")
        silent = _incident("Courriel mal adressé")
        incidents.decide_not_to_notify(silent, "chiffrement", "La pièce jointe était chiffrée.")
        quarter = report.quarter_of(paris_today())
    dpo = signed_in(demo, "dpo@petale.test")
    page = readable(dpo.get("/dpo/rapport", query_string={"trimestre": quarter}).get_data(as_text=True))
    assert f'/dpo/rapport-demandes.csv?trimestre={quarter}' in page, "one request: the spreadsheet all the same"
    first, corrected = (request.due_on + timedelta(days=20)), (request.due_on + timedelta(days=10))
    assert (f"{first:%d/%m/%Y} : Archives papier à consulter ; ramenée au {corrected:%d/%m/%Y} : Date saisie par "
            "erreur") in page
    line = page.split("Clé USB perdue")[1].split("</li>")[0]
    assert "CNIL notifiée le" in line and "(réf. CNIL-2026-0042)" in line and "risque à évaluer" in line
    line = page.split("Courriel mal adressé")[1].split("</li>")[0]
    assert "CNIL pas encore notifiée" in line and "décision motivée (article 34.3) : " in line and "chiffrée" in line
    csv = dpo.get("/dpo/rapport-demandes.csv", query_string={"trimestre": quarter}).get_data(as_text=True)
    assert "Archives papier à consulter" in csv and "Date saisie par erreur" in csv
    text = " ".join(pdf_text(dpo.get("/dpo/rapport.pdf", query_string={"trimestre": quarter}).data).split())
    assert "CNIL-2026-0042" in text and "article 34.3" in text and "Archives papier" in text
