"""The dpo's steps every walk of the register shares: recording a letter for the account it matches, carrying
out a request from its page, and the request just recorded."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from portal.privacy.models import DataRequest
from tests.browser.support import click


def record_letter(page, field: str, value: str, kind: str, received_on: str, shots: Path | None = None) -> None:
    """The letter's fields, then the account it matched, confirmed once seen."""
    page.get_by_label(field).fill(value)
    page.get_by_label("Type").select_option(label=kind)
    page.get_by_label("Reçue", exact=True).select_option(label="par courrier")
    page.get_by_label("Reçue le").fill(received_on)
    click(page, "button", "Enregistrer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer le compte que désigne sa lettre")
    if shots:
        page.screenshot(path=str(shots / "00-letter-matched.png"), full_page=True)
    click(page, "button", "C'est bien cette personne : enregistrer la demande pour ce compte")
    expect(page.locator("main")).to_contain_text("Demande enregistrée")


def carry_out(page, request_id: int, method: str, check: str, button: str, confirmation: str | None = None,
              held: str = "") -> None:
    """From the register's row to the request's page, where what the portal holds is set beside the check."""
    row = page.locator(f"#demande-{request_id}")
    if row.count():
        click(page, "link", "Vérifier son identité et exécuter la demande", within=row)
    compare = page.get_by_role("region", name="À comparer avec sa lettre")
    expect(compare).to_contain_text("Compte créé le")
    if held:
        expect(compare).to_contain_text(held)
    form = page.get_by_role("region", name="Exécuter la demande")
    form.get_by_label("Identité vérifiée comment ?").select_option(label=method)
    form.get_by_label("Ce que vous avez comparé").fill(check)
    if confirmation:
        form.get_by_label("Tapez EFFACER pour confirmer").fill(confirmation)
    click(page, "button", button, within=form)


def confirm_told(page, shots: Path | None = None, name: str = "") -> None:
    """The page that shows what she will receive, read before the action is done: confirmed."""
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Relire avant d.envoyer"))
    if shots:
        page.screenshot(path=str(shots / name), full_page=True)
    click(page, "button", "Confirmer et envoyer")


def latest(condition) -> DataRequest:
    """The request just recorded (the demo's letters wait in the register too)."""
    return DataRequest.select().where(condition).order_by(DataRequest.id.desc()).first()
