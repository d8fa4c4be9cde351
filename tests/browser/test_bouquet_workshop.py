"""The bouquet workshop on a 390 px phone, JavaScript on and off, by clicking only what the pages show:
a learner composes a bouquet from the palette (never the old drop-down), filters it by name, reads the
simulator's analysis, submits two tries and compares them."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.bouquets.models import Submission
from portal.vault.service import account_id_for_email
from tests.browser.support import click, phone_page, settle

LEARNER = "apprenant@petale.test"
BRIEF = "Fête d'automne contrastée"  # the customer wants complementary colours


def tap(page, name: str) -> None:
    """Tap a stem of the palette by what its button says (name and colour in words), and wait for the
    bouquet to be drawn again."""
    with page.expect_response(lambda r: "/ajouter" in r.url or "/atelier/" in r.url):
        page.get_by_role("button", name=re.compile(name)).first.click()
    settle(page)


def open_section(page, title: str) -> None:
    page.locator("details.palette summary", has_text=title).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_learner_composes_a_bouquet_from_the_palette_and_compares_her_tries(live, browser, javascript, tmp_path):
    context, page, errors = phone_page(browser, live, javascript)
    shots = Path(os.environ.get("PETALE_SCREENSHOTS", tmp_path)) / ("atelier-js" if javascript else "atelier-no-js")
    shots.mkdir(parents=True, exist_ok=True)

    page.goto(live.base + "/")
    settle(page)
    click(page, "link", "Se connecter")
    page.fill("#email", LEARNER)
    page.fill("#password", "petale-demo")
    click(page, "button", "Se connecter")
    click(page, "link", "Reprendre « Le cercle chromatique »")
    click(page, "link", "Exercice : un bouquet en camaïeu →")
    click(page, "link", BRIEF)
    expect(page.locator("h1")).to_have_text(BRIEF)
    expect(page.locator("select#choice")).to_have_count(0)  # no drop-down of 116 lines any more
    palette = page.locator("#palette")
    expect(palette).not_to_contain_text("#")  # colours in words, never as hex codes
    expect(palette.get_by_role("button", name=re.compile("^Rose standard rouge vif"))).to_be_visible()

    # Flowers of value first, then line flowers, then foliage at the edge, found by searching its name.
    page.fill("#count", "3")
    open_section(page, "Fleurs de masse")
    tap(page, "^Renoncule orange vif")
    expect(page.locator("#atelier")).to_contain_text("3 × Renoncule orange vif")
    if javascript:  # the palette stays where she tapped, and says what it added
        expect(page.locator("#ajout")).to_contain_text("Ajouté : 3 × Renoncule orange vif, 40 cm, au milieu.")
        assert page.get_by_role("button", name=re.compile("^Renoncule orange vif")).first.is_visible()
    open_section(page, "Fleurs en ligne")
    tap(page, "^Delphinium bleu ")
    page.fill("#q", "eucal")
    click(page, "button", "Filtrer")
    expect(page.locator("#palette .palette button")).to_have_count(1)
    page.select_option("#ring", "2")
    tap(page, "^Eucalyptus cinerea")
    atelier = page.locator("#atelier")
    expect(atelier).to_contain_text("3 × Eucalyptus cinerea vert")
    expect(page.locator("#bouquet-view svg.bouquet-svg")).to_have_count(1)  # drawn beside, or above on a phone
    expect(atelier).to_contain_text("Analyse automatique")
    expect(atelier).to_contain_text("pas par votre formatrice")
    expect(atelier).not_to_contain_text("Conseils de la formatrice")
    page.locator("#atelier details summary", has_text="Critère par critère").click()
    expect(atelier).to_contain_text("Harmonie des couleurs")
    expect(atelier).to_contain_text("bouquet en complémentaires")  # orange against blue, as a florist says
    expect(atelier).not_to_contain_text("r = ")
    # The touch targets of the palette and of the stems list are at least 44 px high.
    for button in (page.locator("#palette .palette button").first, atelier.get_by_role("button", name="Retirer").first):
        assert button.bounding_box()["height"] >= 44
    page.screenshot(path=str(shots / "atelier.png"), full_page=True)

    click(page, "button", "Soumettre")
    expect(page.locator("main")).to_contain_text("Bouquet soumis")
    click(page, "link", "Atelier")
    page.select_option("#ring", "0")
    page.fill("#count", "1")
    tap(page, "^Rose standard rouge vif")  # a flower of value at the heart
    click(page, "button", "Soumettre")
    click(page, "link", "Mes essais")
    expect(page.locator("main")).to_contain_text("Ce qui a changé")
    expect(page.locator(".tries svg.bouquet-svg")).to_have_count(2)
    expect(page.locator("main")).to_contain_text("+ 1 × Rose standard rouge vif")
    page.screenshot(path=str(shots / "essais.png"), full_page=True)

    with live.app_context():
        assert Submission.select().where(Submission.account_id == account_id_for_email(LEARNER)).count() >= 2
    assert errors == [], errors
    context.close()


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_the_drawing_stays_in_view_while_she_chooses_in_the_palette(live, browser, javascript, tmp_path):
    """At 390 px the drawing used to sit 1,500 px below the palette: she could not see the bouquet while
    choosing. It now comes first and stays at the top as she scrolls the palette; at 1280 px it sits
    beside the palette."""
    context, page, errors = phone_page(browser, live, javascript)
    shots = Path(os.environ.get("PETALE_SCREENSHOTS", tmp_path)) / "atelier-dessin"
    shots.mkdir(parents=True, exist_ok=True)
    page.goto(live.base + "/connexion")
    page.fill("#email", LEARNER)
    page.fill("#password", "petale-demo")
    click(page, "button", "Se connecter")
    click(page, "link", "Reprendre « Le cercle chromatique »")
    click(page, "link", "Exercice : un bouquet en camaïeu →")
    click(page, "link", BRIEF)
    drawing = page.locator("figure.workbench-view")
    expect(drawing).to_be_hidden()  # nothing drawn yet: no empty frame
    tap(page, "^Rose standard rouge vif")
    expect(drawing.locator("svg.bouquet-svg")).to_have_count(1)
    open_section(page, "Feuillage")
    far_down = page.get_by_role("button", name=re.compile("^Eucalyptus cinerea")).first
    far_down.scroll_into_view_if_needed()
    assert in_view(page, far_down) and in_view(page, drawing), drawing.bounding_box()
    page.screenshot(path=str(shots / "palette-390.png"))
    tap(page, "^Eucalyptus cinerea")
    expect(drawing.locator("svg.bouquet-svg")).to_contain_text("2 variétés")  # the drawing follows each tap
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.url.split("#")[0])
    palette, view = page.locator("#palette").bounding_box(), drawing.bounding_box()
    assert view["x"] >= palette["x"] + palette["width"] and view["y"] < palette["y"] + 200, (palette, view)
    page.screenshot(path=str(shots / "atelier-1280.png"))
    assert errors == [], errors
    context.close()
