"""The dpo's path walked once as a new dpo would (issue #33), by clicking and typing only what the pages show: a
postal access request from someone without an account, recorded, answered by a letter printed for a window
envelope; an erasure for Antoine received by post, carried out, its farewell mail in the request's history. At
390 and 1280 px, with JavaScript and without. Screenshots and the letter go to PETALE_SCREENSHOTS when set."""
from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.accounts.models import DELETED, Account
from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from tests.browser.dpo_steps import carry_out, confirm_told, latest, record_letter
from tests.browser.support import click, phone_page, sign_in
from tests.support.helpers import pdf_text

WALKS = [(True, 390), (False, 390), (True, 1280), (False, 1280)]


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize(("javascript", "width"), WALKS, ids=[f"{'js' if j else 'no-js'}-{w}" for j, w in WALKS])
def test_the_dpo_answers_a_letter_without_account_by_post_and_erases_antoine(live, browser, javascript, width,
                                                                             tmp_path):
    context, page, errors = phone_page(browser, live, javascript)
    page.set_viewport_size({"width": width, "height": 900})
    shots = Path(os.environ.get("PETALE_SCREENSHOTS", tmp_path)) / f"dpo-walk-{'js' if javascript else 'nojs'}-{width}"
    shots.mkdir(parents=True, exist_ok=True)
    letter_day = (paris_today() - timedelta(days=4)).isoformat()

    sign_in(page, live.base, "dpo@petale.test")
    click(page, "link", "Demandes")
    page.get_by_label("Type").select_option(label="Droit d'accès")
    page.get_by_label("Reçue", exact=True).select_option(label="par courrier")
    page.get_by_label("Reçue le").fill(letter_day)
    page.get_by_label("Son nom complet").fill("Rose Pivoine")
    page.get_by_label("Son adresse postale").fill("Résidence Les Lilas, bâtiment C\n5 allée des Tulipes\n"
                                                  "33000 Bordeaux")
    page.get_by_role("checkbox", name=re.compile("Sans compte")).check()
    click(page, "button", "Enregistrer")
    expect(page.locator("main")).to_contain_text("Demande enregistrée")
    with live.app_context():
        access = latest(DataRequest.requester_id.is_null(False))
    page.screenshot(path=str(shots / "01-recorded.png"), full_page=True)
    fits(page, width)

    # Recorded, the request's own page opens, where it is answered.
    expect(page).to_have_url(re.compile(f"/dpo/demandes/{access.id}$"))
    expect(page.locator("main")).to_contain_text("Rose Pivoine")
    expect(page.locator("main")).to_contain_text("répondez-lui par courrier")
    page.screenshot(path=str(shots / "02-request-page.png"), full_page=True)
    fits(page, width)
    close = page.get_by_role("region", name="Répondre et clore")
    expect(close.get_by_label(re.compile("Réponse envoyée par courrier"))).to_be_checked()
    expect(close.get_by_label("Réponse", exact=True)).to_have_value(re.compile("Nous ne détenons aucune donnée"))
    close.get_by_label("Réponse", exact=True).fill(
        "Nous ne détenons aucune donnée vous concernant, en dehors de votre lettre et de l'adresse qu'elle donne, "
        "gardées pour vous répondre.")
    click(page, "button", "Relire la réponse", within=close)
    letter = page.get_by_role("region", name="La lettre à lui envoyer")
    expect(letter).to_contain_text("Bonjour Rose Pivoine")
    page.screenshot(path=str(shots / "03-letter-to-read.png"), full_page=True)
    fits(page, width)
    # The letter, as the « Imprimer la lettre (PDF) » button posts the form.
    form = page.locator("form", has=page.get_by_role("button", name="Imprimer la lettre (PDF)"))
    fields = dict(form.evaluate("f => Array.from(new FormData(f).entries())"))
    action = form.get_by_role("button", name="Imprimer la lettre (PDF)").get_attribute("formaction")
    printed = context.request.post(live.base + action, form=fields)
    assert printed.ok and printed.headers["content-type"] == "application/pdf"
    (shots / "letter.pdf").write_bytes(printed.body())
    words = " ".join(pdf_text(printed.body()).split())
    assert "Rose Pivoine" in words and "33000 Bordeaux" in words and "en dehors de votre lettre" in words
    click(page, "button", "Confirmer : je poste la lettre, clore la demande")
    expect(page.locator("main")).to_contain_text("Demande close")
    page.screenshot(path=str(shots / "04-closed.png"), full_page=True)
    fits(page, width)

    click(page, "link", "Demandes")
    record_letter(page, "Son nom complet", "Antoine Apprenant", "Effacement", letter_day, shots)
    with live.app_context():
        erasure = latest(DataRequest.kind == "erasure")
    carry_out(page, erasure.id, "Copie d'une pièce d'identité comparée au compte",
              "nom et adresse identiques, pièce jointe à la lettre", "Effacer le compte", confirmation="EFFACER",
              held="apprenant@petale.test")
    confirm_told(page, shots, "05a-erasure-read-first.png")
    expect(page.locator("main")).to_contain_text("Compte effacé")
    page.screenshot(path=str(shots / "05-erased.png"), full_page=True)
    fits(page, width)
    click(page, "link", "Effacement", within=page.locator(f"#demande-{erasure.id}"))
    history = page.get_by_role("region", name="Historique")
    expect(history).to_contain_text("Votre compte Pétale est supprimé")
    expect(history).to_contain_text("remis au relais de courrier le")
    said = history.inner_text()
    assert said.index("Compte effacé") < said.index("— close"), "what was done reads before the closing"
    page.screenshot(path=str(shots / "06-erasure-history.png"), full_page=True)
    fits(page, width)
    history.get_by_text("Relire le texte envoyé").click()  # a <details>: opens with JavaScript or without
    expect(history.locator("pre")).to_contain_text("Bonjour [nom de la personne],")
    expect(history.locator("pre")).to_contain_text("votre compte Pétale est supprimé")
    history.screenshot(path=str(shots / "07-farewell-read-again.png"))
    fits(page, width)
    with live.app_context():
        assert Account.get_by_id(erasure.account_id).status == DELETED
    assert [e for e in errors if not re.match(r"422 POST .*/dpo/demandes", e)] == []
    context.close()
