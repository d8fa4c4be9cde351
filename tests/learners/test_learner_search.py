"""Staff find a learner by name or address when she calls: a vault search, each person found written in
the access log with the reason, or with the screen's purpose when searched from a workflow."""
from __future__ import annotations

from html import unescape

from portal.vault.models import AuditEntry, Identity
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in


def entries(app):
    with app.app_context():
        return list(AuditEntry.select().where(AuditEntry.action == "recherche").order_by(AuditEntry.id))


def test_a_search_by_name_or_address_finds_the_learner_and_logs_the_reason(demo):
    staff = signed_in(demo, "gestion@petale.test")
    page = unescape(staff.get("/gestion/apprenants").get_data(as_text=True))
    assert "Trouver un apprenant" in page
    found = submit(staff, "/gestion/apprenants/recherche", {"text": "apprenant", "reason": "appel téléphonique"},
                   page="/gestion/apprenants", follow_redirects=True)
    text = unescape(found.get_data(as_text=True))
    assert found.status_code == 200 and "Antoine Apprenant" in text and "apprenant@petale.test" in text
    assert "Amélie Apprenante" in text and "Fanny Fleuriste" not in text, "learners only"
    logged = entries(demo)
    assert len(logged) == 2 and {e.reason for e in logged} == {"appel téléphonique"}
    assert all(e.subject_id for e in logged)
    assert not any("apprenant" in f"{e.fields} {e.reason} {e.workflow}".casefold() for e in logged), \
        "the searched text (a name) is not kept in the log"
    by_address = submit(staff, "/gestion/apprenants/recherche",
                        {"text": "  APPRENANTE2@petale.test ", "reason": "courriel reçu"}, page="/gestion/apprenants",
                        follow_redirects=True)
    assert "Amélie Apprenante" in unescape(by_address.get_data(as_text=True))
    nobody = submit(staff, "/gestion/apprenants/recherche", {"text": "Zorglub", "reason": "appel"},
                    page="/gestion/apprenants", follow_redirects=True)
    assert "Personne ne correspond." in unescape(nobody.get_data(as_text=True))
    assert entries(demo)[-1].subject_id is None, "a search that finds no one is logged too"


def test_without_a_reason_or_with_a_name_in_it_nothing_is_read(demo):
    staff = signed_in(demo, "gestion@petale.test")
    before = len(entries(demo))
    bare = submit(staff, "/gestion/apprenants/recherche", {"text": "Antoine"}, page="/gestion/apprenants")
    assert bare.status_code == 422 and "Indiquez pourquoi" in unescape(bare.get_data(as_text=True))
    assert "apprenant@petale.test" not in bare.get_data(as_text=True)
    forged = submit(staff, "/gestion/apprenants/recherche", {"text": "Antoine", "purpose": "n'importe"},
                    page="/gestion/apprenants", follow_redirects=True)
    assert forged.status_code == 422, "an unknown purpose is no purpose"
    naming = submit(staff, "/gestion/apprenants/recherche", {"text": "Antoine", "reason": "appel de M. Apprenant"},
                    page="/gestion/apprenants", follow_redirects=True)
    assert naming.status_code == 422 and "journal d'accès" in unescape(naming.get_data(as_text=True))
    short = submit(staff, "/gestion/apprenants/recherche", {"text": "a", "reason": "appel"}, page="/gestion/apprenants")
    assert short.status_code == 422
    assert len(entries(demo)) == before


def test_from_the_funding_files_a_search_asks_its_reason_too_and_keeps_the_screen(demo):
    """A funding file's screen searches every learner's name and address: the screen is not a reason."""
    staff = signed_in(demo, "gestion@petale.test")
    assert 'name="purpose" value="financement"' in staff.get("/gestion/financements").get_data(as_text=True)
    bare = submit(staff, "/gestion/apprenants/recherche", {"text": "Antoine", "purpose": "financement"},
                  page="/gestion/financements", follow_redirects=True)
    assert bare.status_code == 422 and entries(demo) == []
    found = submit(staff, "/gestion/apprenants/recherche", {"text": "Antoine", "purpose": "financement",
                                                            "reason": "accord de prise en charge reçu"},
                   page="/gestion/financements", follow_redirects=True)
    text = unescape(found.get_data(as_text=True))
    assert found.status_code == 200 and "Antoine Apprenant" in text and "Recherche faite depuis" in text
    [entry] = entries(demo)
    assert entry.workflow == "dossiers de financement" and entry.reason == "accord de prise en charge reçu"
    assert signed_in(demo, "apprenant@petale.test").post("/gestion/apprenants/recherche").status_code in (400, 403)


def test_a_name_is_found_without_its_accents_case_or_order(demo):
    staff = signed_in(demo, "gestion@petale.test")
    found = submit(staff, "/gestion/apprenants/recherche", {"text": "apprenante AMELIE", "reason": "appel"},
                   page="/gestion/apprenants", follow_redirects=True)
    assert found.status_code == 200 and "Amélie Apprenante" in unescape(found.get_data(as_text=True))
    by_phone = submit(staff, "/gestion/apprenants/recherche", {"text": "06 12 00 00 05", "reason": "appel"},
                      page="/gestion/apprenants", follow_redirects=True)
    assert "Antoine Apprenant" in unescape(by_phone.get_data(as_text=True))


def test_part_of_an_address_finds_the_learner(demo):
    """« apprenante2 » is in no name, only in Amélie's address; « petale.test » in every demo address."""
    staff = signed_in(demo, "gestion@petale.test")
    for part, found, not_found in (("apprenante2", {"Amélie Apprenante"}, {"Antoine Apprenant"}),
                                   ("PETALE.test", {"Amélie Apprenante", "Antoine Apprenant"}, {"Fanny Fleuriste"})):
        page = unescape(submit(staff, "/gestion/apprenants/recherche", {"text": part, "reason": "courriel reçu"},
                               page="/gestion/apprenants", follow_redirects=True).get_data(as_text=True))
        assert all(name in page for name in found), (part, found)
        assert not any(name in page for name in not_found), (part, not_found)


def test_a_phone_kept_as_e164_is_shown_as_french_people_write_it(demo):
    with demo.app_context():
        Identity.update(phone="+33612000005").where(Identity.email_key == "apprenant@petale.test").execute()
    staff = signed_in(demo, "gestion@petale.test")
    page = unescape(submit(staff, "/gestion/apprenants/recherche", {"text": "Antoine", "reason": "appel"},
                           page="/gestion/apprenants", follow_redirects=True).get_data(as_text=True))
    assert "06 12 00 00 05" in page and "+33612000005" not in page
    with demo.app_context():
        antoine = Identity.get(Identity.email_key == "apprenant@petale.test").account_id
    file = unescape(submit(staff, f"/gestion/apprenants/{antoine}", {"reason": "appel"}).get_data(as_text=True))
    assert "06 12 00 00 05" in file and "+33612000005" not in file, "her file too"
