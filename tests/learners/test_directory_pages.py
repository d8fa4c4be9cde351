"""The learners' directory holds a provider's whole history: a page at a time, filtered by the address; and an
identity search redirects (post/redirect/get), so that reloading its page shows the same people again, never
« Méthode non autorisée », while the searched name stays out of the address."""
from __future__ import annotations

import base64
import re
import zlib
from html import unescape

from portal.accounts.models import Account
from portal.learning.models import TrainingSession
from portal.vault.models import AuditEntry
from portal.vault.service import account_id_for_email
from tests.support.crowd import add_crowd
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in


def rows(html: str) -> int:
    return html.count('href="/gestion/apprenants/') - html.count('href="/gestion/apprenants/recherche')


def test_the_directory_is_paged_and_its_links_keep_the_filters(demo):
    add_crowd(demo, 120)
    staff = signed_in(demo, "gestion@petale.test")
    first = unescape(staff.get("/gestion/apprenants").get_data(as_text=True))
    assert "Page 1 sur 3" in first and rows(first) == 50
    assert 'href="/gestion/apprenants?page=2"' in first, "the next page is a plain link: no JavaScript needed"
    last = unescape(staff.get("/gestion/apprenants?page=3").get_data(as_text=True))
    assert "Page 3 sur 3" in last and 0 < rows(last) < 50
    assert "Page 3 sur 3" in staff.get("/gestion/apprenants?page=999").get_data(as_text=True), "past the end: the last"
    assert staff.get("/gestion/apprenants?page=abc").status_code == 200

    named = unescape(staff.get("/gestion/apprenants?nom=Foule+0001").get_data(as_text=True))
    assert "Foule 00010" in named and "Foule 00020" not in named
    with demo.app_context():
        other = TrainingSession.select().where(TrainingSession.title != "Session A").first()
    empty = unescape(staff.get(f"/gestion/apprenants?session={other.id}&nom=Foule").get_data(as_text=True))
    assert "Aucun apprenant." in empty and f'name="session" value="{other.id}"' in empty
    paged = unescape(staff.get("/gestion/apprenants?inscrit=yes&nom=Foule").get_data(as_text=True))
    assert "page=2" in staff.get(
        "/gestion/apprenants?inscrit=yes&nom=Foule").get_data(as_text=True) and "Page 1 sur 3" in paged
    refused = staff.get("/gestion/apprenants?inscrit=peut-etre&session=0")
    assert refused.status_code == 422 and "Page 1 sur" in refused.get_data(as_text=True), "bad filters: said, not 500"


def test_a_search_by_phone_redirects_and_a_reload_shows_the_same_people_without_a_new_read(demo):
    add_crowd(demo, 3)
    staff = signed_in(demo, "gestion@petale.test")
    posted = submit(staff, "/gestion/apprenants/recherche", {"text": "06 12 00 00 05", "reason": "appel"},
                    page="/gestion/apprenants")
    assert posted.status_code == 303 and posted.headers["Location"].startswith("/gestion/apprenants")
    assert "06" not in posted.headers["Location"] and "appel" not in posted.headers["Location"]
    with demo.app_context():
        logged = AuditEntry.select().where(AuditEntry.action == "recherche").count()
    shown = unescape(staff.get(posted.headers["Location"]).get_data(as_text=True))
    again = unescape(staff.get(posted.headers["Location"]).get_data(as_text=True))
    assert "Antoine Apprenant" in shown and "Antoine Apprenant" in again, "a reload shows the same people"
    with demo.app_context():
        assert AuditEntry.select().where(AuditEntry.action == "recherche").count() == logged, \
            "the page shown again is the read the search journaled, not a new one"
    by_order = submit(staff, "/gestion/apprenants/recherche", {"text": "dupont NOEL", "reason": "appel"},
                      page="/gestion/apprenants", follow_redirects=True)
    assert "Noël Dupont" in unescape(by_order.get_data(as_text=True)), "any order, no accents, no case"
    for writing in ("+33612000005", "06.12.00.00.05", "0033 6 12 00 00 05", "+33 (0)6 12 00 00 05", "0612000005"):
        found = submit(staff, "/gestion/apprenants/recherche", {"text": writing, "reason": "appel"},
                       page="/gestion/apprenants", follow_redirects=True)
        assert "Antoine Apprenant" in unescape(found.get_data(as_text=True)), writing


def test_a_form_s_address_opened_or_reloaded_leads_back_to_its_page(demo):
    staff = signed_in(demo, "gestion@petale.test")
    for address, page in (("/gestion/apprenants/recherche", "/gestion/apprenants"),
                          ("/gestion/encaissements/FAC-2026-000001/relance", "/gestion/encaissements")):
        response = staff.get(address)
        assert response.status_code == 303 and response.headers["Location"].split("#")[0] == page, address
        assert "Méthode non autorisée" not in staff.get(address, follow_redirects=True).get_data(as_text=True)
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
    assert dpo.get(f"/gestion/apprenants/{antoine}/identite").headers["Location"] == "/gestion/apprenants"
    assert staff.get(f"/gestion/apprenants/{antoine}/identite").headers["Location"] == f"/gestion/apprenants/{antoine}"
    refused = submit(staff, "/gestion/apprenants/recherche", {"text": "a", "reason": "appel"},
                     page="/gestion/apprenants")
    assert refused.status_code == 422
    reloaded = staff.get("/gestion/apprenants/recherche", follow_redirects=True)
    assert reloaded.status_code == 200 and "Trouver un apprenant" in reloaded.get_data(as_text=True)


def test_another_staff_member_does_not_see_someone_else_s_search(demo):
    staff = signed_in(demo, "gestion@petale.test")
    submit(staff, "/gestion/apprenants/recherche", {"text": "apprenant", "reason": "appel"}, page="/gestion/apprenants")
    dpo = signed_in(demo, "dpo@petale.test")
    assert "Antoine Apprenant" not in unescape(dpo.get("/gestion/apprenants").get_data(as_text=True))


def test_the_name_filter_ignores_case_and_accents_whoever_wrote_the_name(demo):
    staff = signed_in(demo, "gestion@petale.test")
    for typed in ("amelie", "AMÉLIE", "Amé", "mel"):
        page = unescape(staff.get(f"/gestion/apprenants?nom={typed}").get_data(as_text=True))
        assert 'Amélie</a>' in page and "1 résultat" in page, typed
    with demo.app_context():
        amelie = Account.get(Account.id == account_id_for_email("apprenante2@petale.test"))
        Account.update(display_name="Émilie-Noëlle").where(Account.id == amelie.id).execute()
    renamed = unescape(staff.get("/gestion/apprenants?nom=emilie noelle").get_data(as_text=True))
    assert "1 résultat" not in renamed, "a hyphen is not a space"
    renamed = unescape(staff.get("/gestion/apprenants?nom=emilie-noe").get_data(as_text=True))
    assert "Émilie-Noëlle</a>" in renamed and "1 résultat" in renamed, "a name renamed by update() is found folded"


def test_a_search_shows_what_was_typed_again_sealed_out_of_the_address_and_the_cookie(demo):
    staff = signed_in(demo, "gestion@petale.test")
    page = unescape(staff.get("/gestion/apprenants").get_data(as_text=True))
    assert "Nom, adresse électronique ou téléphone" in page, "a phone number finds someone too: the label says so"
    posted = submit(staff, "/gestion/apprenants/recherche", {"text": "Amélie Apprenante", "reason": "appel"},
                    page="/gestion/apprenants")
    assert posted.status_code == 303 and "Am" not in posted.headers["Location"]
    cookie = staff.get_cookie(demo.config["SESSION_COOKIE_NAME"]).value
    payload = cookie.lstrip(".").split(".")[0]
    readable = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cookie.startswith("."):  # compressed by itsdangerous
        readable = zlib.decompress(readable)
    assert b"ids" in readable and b"Apprenante" not in readable and "Amélie".encode() not in readable, \
        "the cookie does not carry the searched text readable"
    shown = unescape(staff.get(posted.headers["Location"]).get_data(as_text=True))
    assert re.search(r'<input[^>]*name="text"[^>]*value="Amélie Apprenante"', shown), "the search box keeps it"
    assert "apprenante2@petale.test" in shown


def test_a_search_from_the_funding_files_says_where_its_results_are_and_leads_back(demo):
    staff = signed_in(demo, "gestion@petale.test")
    files = unescape(staff.get("/gestion/financements").get_data(as_text=True))
    assert "s'affichent sur la page Apprenants" in files and "nom, adresse électronique ou téléphone" in files
    shown = submit(staff, "/gestion/apprenants/recherche", {"text": "antoine", "reason": "dossier OPCO",
                                                            "purpose": "financement"},
                   page="/gestion/financements", follow_redirects=True)
    page = unescape(shown.get_data(as_text=True))
    assert "Antoine Apprenant" in page
    assert '<a href="/gestion/financements">Retour à « Dossiers de financement »' in page


def test_a_name_saved_field_by_field_keeps_its_folded_key(demo):
    with demo.app_context():
        amelie = Account.get(Account.id == account_id_for_email("apprenante2@petale.test"))
        amelie.display_name = "Zoé"
        amelie.save(only=[Account.display_name])
        assert Account.get_by_id(amelie.id).name_key == "zoe"
