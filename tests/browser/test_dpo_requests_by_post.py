"""The dpo carries out two requests that came by post, by clicking and typing only what the pages show: an
access request from a letter naming Antoine (found by his name, typed without capitals), and an erasure
from a letter giving Amélie's phone number; then a letter from someone without an account, recorded with her
address and answered by post. On a phone with JavaScript, on a desktop without."""
from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.accounts.models import DELETED, Account
from portal.privacy.models import DataRequest
from portal.privacy.requests import months_after
from portal.timeutil import paris_today
from tests.browser.dpo_steps import carry_out, confirm_told, latest, record_letter
from tests.browser.outbox import link_from, mails
from tests.browser.support import click, phone_page, sign_in
from tests.support.helpers import run_jobs


@pytest.mark.parametrize(("javascript", "width"), [(True, 390), (False, 1280)], ids=["phone-js", "desktop-no-js"])
def test_the_dpo_carries_out_an_access_and_an_erasure_received_by_post(live, browser, javascript, width, tmp_path):
    context, page, errors = phone_page(browser, live, javascript)
    page.set_viewport_size({"width": width, "height": 900})
    shots = Path(os.environ.get("PETALE_SCREENSHOTS", tmp_path)) / f"dpo-post-{width}"
    shots.mkdir(parents=True, exist_ok=True)
    letter_day = (paris_today() - timedelta(days=3)).isoformat()

    sign_in(page, live.base, "dpo@petale.test")
    click(page, "link", "Demandes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes sur les données")

    record_letter(page, "Son nom complet", "antoine apprenant", "Droit d'accès", letter_day, shots)
    expect(page.locator("main")).to_contain_text("Demande enregistrée pour Antoine Apprenant")
    page.screenshot(path=str(shots / "01-access-recorded.png"), full_page=True)
    with live.app_context():
        access = latest(DataRequest.kind == "access")
        assert access.channel == "courrier"
        assert access.due_on == paris_today() - timedelta(days=3) + timedelta(days=15), "its clock: the letter's day"
    # Extended, then the extension corrected, from the request's page: both stay in its history.
    expect(page).to_have_url(re.compile(f"/dpo/demandes/{access.id}$"))  # recorded: on the request's page
    extend = page.get_by_role("region", name="Reporter l'échéance")
    longest = months_after(paris_today() - timedelta(days=3), 3)  # GDPR art. 12(3): three months from receipt
    expect(extend).to_contain_text(f"au plus tard le {longest.strftime('%d/%m/%Y')}")
    expect(extend.get_by_label("Reporter au")).to_have_attribute("max", longest.isoformat())
    for days, reason in ((30, "Archives papier à consulter"), (20, "Erreur de date")):
        extend.get_by_label("Reporter au").fill((access.due_on + timedelta(days=days)).isoformat())
        extend.get_by_label("raison").fill(reason)
        click(page, "button", "Reporter", within=extend)
        # What she will receive is read first (a dpo walk found no way to see it before it went).
        expect(page.get_by_role("region", name="Le courriel qu'elle recevra")).to_contain_text(reason)
        click(page, "button", "Confirmer et envoyer")
        expect(page.locator("main")).to_contain_text("Report enregistré")
        extend = page.get_by_role("region", name="Reporter l'échéance")
    steps = page.get_by_role("region", name="Historique")
    expect(steps).to_contain_text(f"échéance initiale fixée au {access.due_on.strftime('%d/%m/%Y')}")
    expect(steps).to_contain_text("Archives papier à consulter")
    expect(steps).to_contain_text("report corrigé : échéance ramenée au "
                                  f"{(access.due_on + timedelta(days=20)).strftime('%d/%m/%Y')}")
    page.screenshot(path=str(shots / "01a-access-history.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the request's page fits the screen"
    carry_out(page, access.id, "Copie d'une pièce d'identité comparée au compte",
              "nom identique, pièce jointe à la lettre", "Préparer et envoyer l'export", held="apprenant@petale.test")
    page.screenshot(path=str(shots / "01b-access-carried-out.png"), full_page=True)
    expect(page.locator("main")).to_contain_text("Export en préparation")
    run_jobs(live)
    run_jobs(live)
    assert "/mes-donnees/export" in link_from(live, "Votre export de données est prêt", "/mes-donnees/export")
    click(page, "link", "Demandes")
    expect(page.locator(f"#demande-{access.id}")).to_contain_text("close le")
    arrived = (paris_today() - timedelta(days=3)).strftime("%d/%m/%Y")
    # a day, no time
    expect(page.locator(f"#demande-{access.id}")).to_contain_text(f"(n° {access.id}, par courrier, {arrived})")
    page.screenshot(path=str(shots / "02-access-done.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the register fits the screen's width"

    record_letter(page, "Son téléphone", "06 12 00 00 06", "Effacement", letter_day)
    with live.app_context():
        erasure = latest(DataRequest.kind == "erasure")
    signature = "Signature comparée à un document signé (contrat, émargement)"
    carry_out(page, erasure.id, signature, "signature comparée au contrat", "Effacer le compte", confirmation="oui",
              held="Amélie")
    expect(page.locator("main")).to_contain_text("Tapez EFFACER pour confirmer : l'effacement est définitif.")
    page.screenshot(path=str(shots / "02b-erasure-refused.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the request's page fits the screen"
    carry_out(page, erasure.id, signature, "signature comparée au contrat", "Effacer le compte", confirmation="EFFACER")
    confirm_told(page)
    expect(page.locator("main")).to_contain_text("Compte effacé")
    page.screenshot(path=str(shots / "03-erasure-done.png"), full_page=True)
    run_jobs(live)
    with live.app_context():
        amelie = Account.get(Account.id == DataRequest.get(DataRequest.kind == "erasure").account_id)
        assert amelie.status == DELETED
        assert DataRequest.get(DataRequest.kind == "erasure").closed_at is not None
    # Her farewell, from the dpo, is in the outbox (a dpo walk found none: the erasure used to clear it with the
    # other mails to her); it is the only mail left that names her.
    [farewell] = [m for m in mails(live) if "apprenante2@petale.test" in str(m["To"])]
    assert farewell["Subject"] == "Votre compte Pétale est supprimé" and "dpo@petale.test" in farewell["From"]

    # The letter is answered: she is no longer anyone the dpo can find.
    page.get_by_label("Son nom complet").fill("Amélie Apprenante")
    page.get_by_label("Reçue le").fill(letter_day)
    click(page, "button", "Enregistrer")
    expect(page.locator("main")).to_contain_text("Aucun compte ne correspond")

    # A letter from someone who never had an account: recorded with what it gives, answered by post.
    page.get_by_label("Type").select_option(label="Droit d'accès")
    page.get_by_label("Reçue", exact=True).select_option(label="par courrier")
    page.get_by_label("Reçue le").fill(letter_day)
    page.get_by_role("checkbox", name=re.compile("Sans compte")).check()
    page.get_by_label("Son nom complet").fill("Capucine Ancolie")
    page.get_by_label("Son adresse postale").fill("12 rue des Glycines\n69004 Lyon")
    click(page, "button", "Enregistrer")
    # She already wrote (the demo's letter waiting in the register): her second letter is attached to her.
    expect(page.get_by_role("heading", level=1)).to_have_text("Cette personne a déjà écrit")
    page.screenshot(path=str(shots / "03b-she-already-wrote.png"), full_page=True)
    click(page, "button", "C'est bien cette personne : rattacher la demande à ses coordonnées")
    expect(page.locator("main")).to_contain_text("Demande enregistrée")
    with live.app_context():
        letter = latest(DataRequest.requester_id.is_null(False))
    click(page, "link", "Demandes")  # answered from the register's row
    row = page.locator(f"#demande-{letter.id}")
    expect(row).to_contain_text("Capucine Ancolie")
    expect(row).to_contain_text("69004 Lyon")
    expect(row.get_by_label("Réponse envoyée par courrier")).to_be_checked()  # she gave no e-mail address
    row.get_by_label("Réponse", exact=True).fill("Nous ne détenons aucune donnée vous concernant.")
    click(page, "button", "Clore", within=row)
    to_post = page.get_by_role("region", name="La lettre à lui envoyer")
    expect(to_post).to_contain_text("Bonjour Capucine Ancolie")
    expect(to_post).to_contain_text("Nous ne détenons aucune donnée vous concernant.")
    expect(to_post).not_to_contain_text("répondez à ce courriel")
    page.screenshot(path=str(shots / "04a-letter-to-post.png"), full_page=True)
    click(page, "button", "Confirmer : je poste la lettre, clore la demande")
    expect(page.locator("main")).to_contain_text("Demande close")
    expect(page.locator(f"#demande-{letter.id}")).to_contain_text("Réponse envoyée par courrier")
    page.screenshot(path=str(shots / "04-letter-without-account-answered.png"), full_page=True)

    # The access journal: an inverted period is refused beside its field; the erased account is found from its
    # request, someone without an account by her name.
    click(page, "link", "Journal d'accès")
    page.get_by_label("Du").fill(paris_today().isoformat())
    page.get_by_label("Au").fill((paris_today() - timedelta(days=9)).isoformat())
    click(page, "button", "Filtrer")
    expect(page.locator("#au-error")).to_contain_text("précède son début")
    page.screenshot(path=str(shots / "05-journal-inverted-period.png"), full_page=True)
    click(page, "link", "Demandes")
    click(page, "link", "Effacement", within=page.locator(f"#demande-{erasure.id}"))
    click(page, "link", "Voir qui a consulté ses données")
    expect(page.locator("tbody")).to_contain_text("Compte supprimé")
    page.get_by_label("Données de (nom, adresse électronique ou référence)").fill("capucine ancolie")
    page.get_by_label("Du").fill("")
    page.get_by_label("Au").fill("")
    click(page, "button", "Filtrer")
    expect(page.locator("tbody")).to_contain_text("personne sans compte")
    page.screenshot(path=str(shots / "06-journal-without-account.png"), full_page=True)
    # Her reference on a line is the link that filters by it; its start, typed loosely, finds her too.
    reference = page.locator("tbody a.ref").first
    short = reference.inner_text().split()[-1]
    reference.click()
    box = page.get_by_label("Données de (nom, adresse électronique ou référence)")
    expect(box).to_have_value(f"Personne sans compte (réf. {short})")
    box.fill(f"{short[:4].upper()} {short[4:6]}")
    click(page, "button", "Filtrer")
    expect(box).to_have_value(f"Personne sans compte (réf. {short})")
    expect(page.locator("tbody")).to_contain_text("personne sans compte")
    page.screenshot(path=str(shots / "07-journal-by-the-start-of-a-reference.png"), full_page=True)
    assert [e for e in errors if not re.match(r"422 (POST .*/dpo/demandes|GET .*/dpo/journal)", e)] == []
    context.close()


@pytest.mark.parametrize(("javascript", "width"), [(True, 390), (False, 1280)], ids=["phone-js", "desktop-no-js"])
def test_an_objection_by_post_applies_only_what_the_letter_refuses_read_before_it_goes(live, browser, javascript,
                                                                                       width, tmp_path):
    """Antoine's letter asks only to stop the news mails (a dpo walk found the form objected to the analytics for
    him, with no choice, and the mail quoting the dpo's identity-check note)."""
    from portal.standing.objection import objected_since
    from portal.standing.service import granted
    from portal.vault.service import account_id_for_email

    context, page, errors = phone_page(browser, live, javascript)
    page.set_viewport_size({"width": width, "height": 900})
    shots = Path(os.environ.get("PETALE_SCREENSHOTS", tmp_path)) / f"dpo-objection-{width}"
    shots.mkdir(parents=True, exist_ok=True)
    sign_in(page, live.base, "dpo@petale.test")
    click(page, "link", "Demandes")
    record_letter(page, "Son nom complet", "Antoine Apprenant", "Opposition", paris_today().isoformat())
    with live.app_context():
        objection = latest(DataRequest.kind == "objection")
        antoine = account_id_for_email("apprenant@petale.test")
    expect(page).to_have_url(re.compile(f"/dpo/demandes/{objection.id}$"))  # recorded: on the request's page
    form = page.get_by_role("region", name="Exécuter la demande")
    form.get_by_label("Identité vérifiée comment ?").select_option(label="Signature comparée à un document signé "
                                                                         "(contrat, émargement)")
    form.get_by_label("Ce que vous avez comparé").fill("signature identique au contrat")
    form.get_by_label("Courriels sur nos nouveautés (formations, événements)").check()
    expect(form).to_contain_text("comme par le lien de désinscription")
    page.screenshot(path=str(shots / "01-objection-chosen.png"), full_page=True)
    click(page, "button", "Appliquer l'opposition", within=form)
    told = page.get_by_role("region", name="Le courriel qu'elle recevra")
    expect(told).to_contain_text("vous ne recevrez plus de courriels sur nos nouveautés")
    expect(told).not_to_contain_text("signature identique")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page to read fits the screen"
    page.screenshot(path=str(shots / "02-read-before-it-goes.png"), full_page=True)
    click(page, "button", "Confirmer et envoyer")
    expect(page.locator("main")).to_contain_text("Opposition prise en compte")
    with live.app_context():
        assert not granted(antoine) and objected_since(antoine) is None
    assert [e for e in errors if not re.match(r"422 (POST .*/dpo/demandes)", e)] == []
    context.close()
