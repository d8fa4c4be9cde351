"""/gestion/financements holds every enrolment of a provider's history: a page at a time, filtered by the
file's status, the funder, the course, a session and the sessions' start."""
from __future__ import annotations

from html import unescape

from portal.funding import service as funding
from portal.vault.service import account_id_for_email
from tests.support.billing import amelie
from tests.support.crowd import add_crowd
from tests.support.helpers import readable, submit
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries


def test_funding_files_are_paged_and_filtered_by_status_and_period(demo):
    add_crowd(demo, 110)
    staff = signed_in(demo, "gestion@petale.test")
    first = unescape(staff.get("/gestion/financements").get_data(as_text=True))
    assert "Page 1 sur 3" in first and first.count('href="/gestion/releves/') == 50
    assert 'href="/gestion/financements?page=2"' in first
    submitted = unescape(staff.get("/gestion/financements?statut=submitted").get_data(as_text=True))
    assert "22 résultats" in submitted and "brouillon" not in submitted.split("<tbody>")[1]
    none = unescape(staff.get("/gestion/financements?au=2000-01-01").get_data(as_text=True))
    assert "0 résultat" in none and "Aucune inscription." in none
    refused = staff.get("/gestion/financements?du=demain&statut=perdu")
    assert refused.status_code == 422 and "Page 1 sur 3" in refused.get_data(as_text=True)


def test_a_deep_page_reads_whole_only_its_own_rows(demo):
    """Page 200 of 10,000 enrolments walked 9,950 joined rows before its 50: the rows before a page are now
    skipped by their id alone, in the same two statements (count, page) as the first page. (The demo and
    the crowd make 112 enrolments: pages of 50, 50 and 12.)"""
    add_crowd(demo, 110)
    staff = signed_in(demo, "gestion@petale.test")
    shown = {}
    for page in ("1", "3"):
        staff.get(f"/gestion/financements?page={page}")
        with demo.app_context(), count_queries() as statements:
            shown[page] = unescape(staff.get(f"/gestion/financements?page={page}").get_data(as_text=True))
        listed = [sql for sql in statements if 'FROM "enrollment"' in sql and "OFFSET" in sql]
        assert len(listed) == 1 and 'IN (SELECT "t1"."id" FROM "enrollment"' in listed[0], listed
        counted = [sql for sql in statements if 'FROM "enrollment"' in sql and "COUNT(1)" in sql]
        assert len(counted) == 1 and '"t2"."title"' not in counted[0], "counted by id, not by whole rows"
    assert shown["1"].count('href="/gestion/releves/') == 50 and shown["3"].count('href="/gestion/releves/') == 12


def test_moving_a_file_says_the_step_it_reached(demo):
    """A walk read « Dossier enregistré. » after « Passer à « déposé » »: the flash now names the step."""
    with demo.app_context():
        file = funding.open_file(amelie(demo), account_id_for_email("gestion@petale.test"))
        funding.save_details(file, funding.FileDetails("opco", "OPCO EP", "EP-2026-0077", "employee", ""))
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/financements/{file.id}"
    moved = submit(staff, f"{page}/statut", {"status": "submitted"}, page=page, follow_redirects=True)
    assert "Dossier passé à « déposé »." in readable(moved.get_data(as_text=True))
