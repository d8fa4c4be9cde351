"""Rectification at /profil, and changing the email address in two confirmed steps."""
from __future__ import annotations

from html import unescape

from portal.accounts.models import Account
from portal.vault.models import Identity
from tests.support.helpers import csrf_token, link_in, login, outbox, run_jobs, text_of
from tests.support.learning_fixtures import signed_in

PROFILE = {"full_name": "Antoine Apprenant-Martin", "phone": "07 81 22 33 44", "display_name": "Toni",
           "language": "fr"}


def post(client, url, data, page, **headers):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, headers=headers)


def test_profile_rectifies_name_phone_display_name_and_language(demo):
    client = signed_in(demo, "apprenant@petale.test")
    page = client.get("/profil").get_data(as_text=True)
    assert 'value="Antoine Apprenant"' in page and 'autocomplete="street-address"' in page
    response = post(client, "/profil", PROFILE, "/profil", **{"HX-Request": "true"})
    fragment = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "Modifications enregistrées" in fragment
    assert "gardent le nom" in fragment, "the name changed: documents already issued keep the old one"
    assert 'id="who" data-hx-swap-oob="true">Toni<' in fragment, "the navigation shows the new name at once"
    plain = post(client, "/profil", PROFILE, "/profil")
    assert plain.status_code == 302, "without JavaScript: post, redirect, get"
    assert 'id="who">Toni<' in client.get("/profil").get_data(as_text=True)
    with demo.app_context():
        row = Identity.get(Identity.email == "apprenant@petale.test")
        assert row.full_name == "Antoine Apprenant-Martin" and row.phone == "+33781223344"
        assert row.postal_address is None
        assert Account.get(Account.display_name == "Toni")


def test_a_new_phone_alone_says_nothing_of_names_on_documents(demo):
    client = signed_in(demo, "apprenant@petale.test")
    same_name = {**PROFILE, "full_name": "Antoine Apprenant"}
    fragment = unescape(post(client, "/profil", same_name, "/profil", **{"HX-Request": "true"}).get_data(as_text=True))
    assert "Modifications enregistrées." in fragment and "gardent le nom" not in fragment
    post(client, "/profil", {**same_name, "phone": "06 12 00 00 99"}, "/profil")
    page = unescape(client.get("/profil").get_data(as_text=True))
    assert "Modifications enregistrées." in page and "gardent le nom" not in page


def test_the_postal_address_is_asked_only_for_paper_documents(demo):
    client = signed_in(demo, "apprenant@petale.test")
    missing = post(client, "/profil", {**PROFILE, "paper_documents": "y"}, "/profil")
    assert missing.status_code == 422
    assert "Indiquez l'adresse où envoyer vos documents." in unescape(missing.get_data(as_text=True))
    ok = post(client, "/profil", {**PROFILE, "paper_documents": "y", "postal_address": "3 rue des Lilas, 69001 Lyon"},
              "/profil")
    assert ok.status_code == 302
    with demo.app_context():
        assert Identity.get(Identity.email == "apprenant@petale.test").postal_address == "3 rue des Lilas, 69001 Lyon"
    post(client, "/profil", PROFILE, "/profil")
    with demo.app_context():
        assert Identity.get(Identity.email == "apprenant@petale.test").postal_address is None, "emptied, dropped"


def test_an_address_left_in_the_field_is_kept_without_paper_documents(demo):
    """The address a self-funded learner gave when signing her contract is on her profile; saving the profile
    with paper documents off used to drop it, and her later invoices were then refused for want of one."""
    client = signed_in(demo, "apprenant@petale.test")
    address = "3 rue des Lilas, 69001 Lyon"
    with demo.app_context():
        Identity.update(postal_address=address).where(Identity.email == "apprenant@petale.test").execute()
    page = unescape(client.get("/profil").get_data(as_text=True))
    assert address in page and "Videz le champ pour la retirer" in page
    assert post(client, "/profil", {**PROFILE, "postal_address": address}, "/profil").status_code == 302
    with demo.app_context():
        row = Identity.get(Identity.email == "apprenant@petale.test")
        assert row.postal_address == address and row.paper_documents is False


def test_bad_profile_input_changes_nothing(demo):
    client = signed_in(demo, "apprenant@petale.test")
    response = post(client, "/profil", {**PROFILE, "phone": "12", "full_name": ""}, "/profil", **{"HX-Request": "true"})
    assert response.status_code == 422 and response.get_data(as_text=True).lstrip().startswith('<section id="profil"')
    with demo.app_context():
        row = Identity.get(Identity.email == "apprenant@petale.test")
        assert row.full_name == "Antoine Apprenant" and row.phone == "+33612000005"


def test_a_new_address_is_confirmed_from_its_mailbox_and_the_old_one_is_told(demo):
    client = signed_in(demo, "apprenant@petale.test")
    assert post(client, "/profil/adresse", {"email": "antoine@nouveau.example"}, "/profil").status_code == 302
    run_jobs(demo)
    [confirm] = [m for m in outbox(demo) if m["Subject"] == "Confirmez votre nouvelle adresse"]
    assert "antoine@nouveau.example" in confirm["To"]
    with demo.app_context():
        assert Identity.get(Identity.pending_email == "antoine@nouveau.example").email == "apprenant@petale.test"
    path = link_in(confirm, "/profil/adresse/")
    assert post(client, path, {}, path).status_code == 302
    run_jobs(demo)
    [notice] = [m for m in outbox(demo) if m["Subject"] == "L'adresse de votre compte Pétale a changé"]
    assert "apprenant@petale.test" in notice["To"] and "http://petale.test/mot-de-passe-oublie" in text_of(notice)
    with demo.app_context():
        row = Identity.get(Identity.email == "antoine@nouveau.example")
        assert row.pending_email is None and row.previous_email is None, "the old address is forgotten once told"
    assert login(demo.test_client(), "antoine@nouveau.example", "petale-demo").status_code == 302
    assert login(demo.test_client(), "apprenant@petale.test", "petale-demo").status_code == 401
    assert client.get(path).status_code == 400, "single use"


def test_an_address_of_another_account_is_not_taken_and_not_revealed(demo):
    from portal.signin.service import Signup, create_confirmed_account

    with demo.app_context():
        taken = Signup("Déjà Pris", "deja.pris@example.org", "+33612345678", "Déjà", "mot-de-passe-x1")
        create_confirmed_account(taken, "learner")
    client = signed_in(demo, "apprenant@petale.test")
    response = post(client, "/profil/adresse", {"email": "Deja.Pris@example.org"}, "/profil")
    assert response.status_code == 302
    run_jobs(demo)
    assert not [m for m in outbox(demo) if m["Subject"] == "Confirmez votre nouvelle adresse"]
    bad = post(client, "/profil/adresse", {"email": "pas-une-adresse"}, "/profil")
    assert bad.status_code == 422


def test_the_phone_is_shown_and_prefilled_as_a_person_writes_it_and_stored_in_e164(demo):
    """Its hint says « 06 12 34 56 78 »: the box said « +33612345678 », the stored E.164, before and after saving."""
    client = signed_in(demo, "apprenant@petale.test")
    with demo.app_context():
        Identity.update(phone="+33612345678").where(Identity.email == "apprenant@petale.test").execute()
    assert 'value="06 12 34 56 78"' in client.get("/profil").get_data(as_text=True)
    saved = post(client, "/profil", {**PROFILE, "phone": "+32470123456"}, "/profil", **{"HX-Request": "true"})
    assert saved.status_code == 200 and 'value="+32 470 12 34 56"' in saved.get_data(as_text=True)
    refused = post(client, "/profil", {**PROFILE, "phone": "0781223344", "display_name": "T"}, "/profil")
    assert refused.status_code == 422 and 'value="07 81 22 33 44"' in refused.get_data(as_text=True), \
        "re-shown after another field's refusal as she wrote it"
    mistyped = post(client, "/profil", {**PROFILE, "phone": "06 12 3"}, "/profil")
    assert mistyped.status_code == 422 and 'value="06 12 3"' in mistyped.get_data(as_text=True), "a wrong one as typed"
    with demo.app_context():
        assert Identity.get(Identity.email == "apprenant@petale.test").phone == "+32470123456"


def test_after_a_change_of_language_the_whole_page_comes_back_in_it(demo):
    client = signed_in(demo, "apprenant@petale.test")
    english = post(client, "/profil", {**PROFILE, "language": "en"}, "/profil", **{"HX-Request": "true"})
    assert english.status_code == 200 and english.headers["HX-Redirect"] == "/profil", "htmx loads the whole page"
    page = unescape(client.get("/profil").get_data(as_text=True))
    assert 'lang="en"' in page and "Changes saved." in page
    french = post(client, "/profil", PROFILE, "/profil", **{"HX-Request": "true"})
    assert french.headers["HX-Redirect"] == "/profil"
    page = unescape(client.get("/profil").get_data(as_text=True))
    assert 'lang="fr"' in page and "Modifications enregistrées." in page
    plain = post(client, "/profil", {**PROFILE, "language": "en"}, "/profil")
    assert plain.status_code == 302 and "Changes saved." in client.get("/profil").get_data(as_text=True), \
        "without JavaScript too, the confirmation is in the new language"
