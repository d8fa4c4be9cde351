"""What a newcomer's walk of the learner side found at 390 px (issue 37): « Mes factures » cut at the right edge,
« Mes essais » breaking its headings inside words and its scores in two, its choices of tries cut before the
score, the calendar's subscription address out of sight. Screenshots go to $PETALE_SCREENSHOTS when it is set."""
from __future__ import annotations

import os
from pathlib import Path

from tests.browser.support import phone_page, settle, sign_in, until

# Whatever sticks out of the screen (a table scrolled sideways hides it from scrollWidth).
OUTSIDE = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > innerWidth + 1)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""

# Texts that must stay on one line: a heading's single word, a score « 100 / 100 » (one box per line of text).
BROKEN = """selector => [...document.querySelectorAll(selector)].filter(e => {
  const range = document.createRange(); range.selectNodeContents(e);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return lines.size > 1;
}).map(e => e.textContent.trim())"""

DAY_BROKEN = """[...document.querySelectorAll('table.attempts td a')].filter(a => {
  const text = a.firstChild, range = document.createRange();
  range.setStart(text, 0); range.setEnd(text, text.data.search(/\\s/));
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
}).map(a => a.textContent)"""

# A choice of a select is never wrapped: the chosen one's text must fit the box, its arrow aside.
CUT_CHOICES = """() => [...document.querySelectorAll('main select')].filter(s => {
  const style = getComputedStyle(s), canvas = document.createElement('canvas').getContext('2d');
  canvas.font = style.font;
  const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
  return [...s.options].some(o => canvas.measureText(o.text).width > room);
}).map(s => s.name)"""


def shots_dir(tmp_path) -> Path:
    shots = Path(os.environ.get("PETALE_SCREENSHOTS", tmp_path)) / "learner-narrow"
    shots.mkdir(parents=True, exist_ok=True)
    return shots


def test_mes_factures_shows_every_column_as_a_card_on_a_phone(browser, live, tmp_path):
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live.base, "berenice@petale.test")
    page.goto(live.base + "/mes-factures")
    settle(page)
    page.screenshot(path=str(shots_dir(tmp_path) / "factures-390.png"), full_page=True)
    assert page.locator("main table").count() >= 1
    assert page.evaluate(OUTSIDE) == []
    assert page.locator("main table.card-rows").count() == page.locator("main table").count()
    assert errors == []
    context.close()


def test_mes_essais_keeps_words_and_scores_whole_on_a_phone(browser, live, tmp_path):
    from portal.bouquets.models import Submission

    with live.app_context():
        brief_id = Submission.select(Submission.brief).first().brief_id
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live.base, "apprenant@petale.test")
    page.goto(f"{live.base}/atelier/{brief_id}/essais")
    settle(page)
    page.screenshot(path=str(shots_dir(tmp_path) / "essais-390.png"), full_page=True)
    assert page.locator("table.attempts.card-rows").count() == 1
    assert page.evaluate(BROKEN, "table.attempts tbody th, table.attempts td.nowrap, figcaption strong") == []
    # The date breaks at its space if it must, never inside « 05/12/2026 ».
    assert page.evaluate(DAY_BROKEN) == []
    assert page.evaluate(CUT_CHOICES) == []
    assert page.evaluate(OUTSIDE) == []
    assert errors == []
    context.close()


def test_the_calendar_subscription_address_can_be_copied_on_a_phone(browser, live, tmp_path):
    context, page, errors = phone_page(browser, live, True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live.base)
    sign_in(page, live.base, "apprenant@petale.test")
    page.goto(live.base + "/mon-espace/calendrier")
    page.get_by_role("button", name="Créer mon adresse d'abonnement").click()
    settle(page)
    copy = page.get_by_role("button", name="Copier")
    until(page, "!document.querySelector('button[data-copy]').hidden")
    copy.click()
    until(page, "document.querySelector('button[data-copy]').textContent === 'Adresse copiée'")
    address = page.locator("#feed-url").input_value()
    assert page.evaluate("navigator.clipboard.readText()") == address
    page.screenshot(path=str(shots_dir(tmp_path) / "calendrier-390.png"), full_page=True)
    assert page.evaluate(OUTSIDE) == []
    assert errors == []
    context.close()
