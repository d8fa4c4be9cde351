"""The calendar a learner subscribes to: a private address that names no one, fetched signed out by her
calendar app, which she can replace or remove; each event leads back to its page."""
from __future__ import annotations

import re
from html import unescape

from icalendar import Calendar
from peewee_migrate import Migrator

from portal.accounts.models import Account
from portal.db import main_db
from portal.learning.models import CalendarFeed
from portal.privacy.erasure import delete_account
from portal.schema import router
from portal.vault.service import account_id_for_email
from tests.support.helpers import csrf_token
from tests.support.learning_fixtures import signed_in

PAGE = "/mon-espace/calendrier"


def subscription_address(client) -> str | None:
    html = unescape(client.get(PAGE).get_data(as_text=True))
    match = re.search(r'id="feed-url"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else None


def press(client, action: str):
    token = csrf_token(client.get(PAGE).get_data(as_text=True))
    return client.post(f"{PAGE}/{action}", data={"csrf_token": token})


def test_a_subscription_address_serves_her_calendar_signed_out_until_she_replaces_or_removes_it(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    assert subscription_address(learner) is None
    assert press(learner, "abonnement").status_code == 302
    address = subscription_address(learner)
    path = address.removeprefix("http://petale.test")
    assert re.fullmatch(r"/calendrier/[A-Za-z0-9_-]{32}\.ics", path), address
    assert "antoine" not in address.lower() and "apprenant" not in address.lower()
    with demo.app_context():
        assert str(account_id_for_email("apprenant@petale.test")) not in address
    fetched = demo.test_client().get(path)  # the calendar app: no session
    assert fetched.status_code == 200 and fetched.mimetype == "text/calendar"
    events = list(Calendar.from_ical(fetched.data).walk("VEVENT"))
    assert len(events) == 5 and any("Le bouquet rond" in str(e["SUMMARY"]) for e in events)
    # Each event leads back to its page: the programme, at the module that opens.
    urls = [str(e["URL"]) for e in events]
    assert all(u.startswith("http://petale.test/cours/art-floral-les-fondamentaux#") for u in urls)
    assert sum("#module-" in u for u in urls) == 3
    course = learner.get("/cours/art-floral-les-fondamentaux").get_data(as_text=True)
    for url in urls:
        assert f'id="{url.split("#")[1]}"' in course
    # Replaced: the old address stops at once, the new one serves.
    press(learner, "abonnement")
    renewed = subscription_address(learner)
    assert renewed != address
    assert demo.test_client().get(path).status_code == 404
    assert demo.test_client().get(renewed.removeprefix("http://petale.test")).status_code == 200
    # Removed: nothing serves any more.
    press(learner, "abonnement/supprimer")
    assert subscription_address(learner) is None
    assert demo.test_client().get(renewed.removeprefix("http://petale.test")).status_code == 404


def test_the_page_offers_the_subscription_and_its_events_link_to_their_pages(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    html = unescape(learner.get(PAGE).get_data(as_text=True))
    assert "Créer mon adresse d'abonnement" in html and "Télécharger une fois (.ics)" in html
    assert re.search(r'<a href="/cours/art-floral-les-fondamentaux#module-\d+">Ouverture du module', html)
    events = list(Calendar.from_ical(learner.get("/mon-espace/calendrier.ics").data).walk("VEVENT"))
    assert all(str(e["URL"]).startswith("http://petale.test/cours/") for e in events)


def test_the_address_is_erased_with_the_account_and_shown_on_the_privacy_center(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    press(learner, "abonnement")
    assert "Adresse d'abonnement au calendrier" in unescape(learner.get("/mes-donnees").get_data(as_text=True))
    path = subscription_address(learner).removeprefix("http://petale.test")
    with demo.app_context():
        delete_account(Account.get_by_id(account_id_for_email("apprenant@petale.test")), notify=False)
        assert CalendarFeed.select().count() == 0
    assert demo.test_client().get(path).status_code == 404


def test_migration_056_creates_the_table_and_rolls_back(demo):
    with demo.app_context():
        migrate, rollback = router("main").read("056_calendar_feed")
        for step in (rollback, migrate):
            migrator = Migrator(main_db.obj)
            step(migrator, main_db.obj)
            migrator()
            assert ("calendar_feed" in main_db.obj.get_tables()) == (step is migrate)
