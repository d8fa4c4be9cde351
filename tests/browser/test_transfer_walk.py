"""Staff move Antoine from Session A to Session B by clicking, at 390 px with JavaScript and at 1280 px
without: a full session is not offered, only said full; once it has a seat, what follows is said before it
is done, and her row among B's participants then says her time as her file does, with where it was spent."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal.learning import membership
from portal.learning.models import TrainingSession
from tests.browser.support import click, phone_page, sign_in


@pytest.mark.parametrize(("javascript", "width"), [(True, 390), (False, 1280)], ids=["phone-js", "desktop-no-js"])
def test_staff_transfer_her_into_a_session_with_a_seat_and_her_time_follows_her(live, browser, javascript, width):
    with live.app_context():
        session_b = TrainingSession.get(TrainingSession.title == "Session B")
        TrainingSession.update(seats=membership.seats_taken(session_b.id)).where(
            TrainingSession.id == session_b.id).execute()
    context, page, errors = phone_page(browser, live, javascript)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live.base, "gestion@petale.test")
    click(page, "link", re.compile("^Apprenants"))
    click(page, "link", "Antoine", within=page.locator("main table"))
    click(page, "link", "Transférer")
    main = page.locator("main")
    expect(main).to_contain_text("L'autre session ouverte de cette formation est complète\u00a0: « Session B »")
    expect(page.get_by_role("button", name="Voir ce qui va se passer")).to_have_count(0)

    with live.app_context():
        TrainingSession.update(seats=session_b.seats + 1).where(TrainingSession.id == session_b.id).execute()
    page.reload()
    page.get_by_label("Nouvelle session").select_option(str(session_b.id))
    click(page, "button", "Voir ce qui va se passer")
    expect(main).to_contain_text(re.compile(r"\d+,\d\d\sh\sde\sformation\spendant\sla\ssession\."))
    click(page, "button", "Confirmer le transfert")
    expect(page.locator("h1")).to_contain_text("Participants de « Session B »")
    row = page.locator("main table tbody tr", has_text="Antoine")
    expect(row).to_contain_text(re.compile(r"dont\s\d+,\d\d\sh\sdans\s«\sSession\sA\s»\sjusqu'à\sson\stransfert\sle"))
    expect(row).to_contain_text("rien encore dans cette session")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the list fits the screen"
    assert not errors, errors
    context.close()
