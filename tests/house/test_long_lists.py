"""Lists that hold a provider's whole history: every back-office list is paged, so that a page costs the same
number of SQL statements and stays within the page budget however many rows the list holds, and no page
offers a <select> over all learners or all enrolments."""
from __future__ import annotations

import gzip
import re

import pytest

from portal.learning.models import TrainingSession
from tests.support.crowd import add_crowd
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries

PAGE_BUDGET = 14 * 1024
SELECT_MAX = 100
STAFF_LISTS = ["/gestion/apprenants", "/gestion/apprenants?formation=1&inscrit=yes", "/gestion/financements",
               "/gestion/financements?statut=submitted", "/gestion/factures", "/gestion/factures?etat=open",
               "/gestion/factures?etat=paid&payeur=learner", "/gestion/encaissements",
               "/gestion/encaissements?etat=overdue", "/gestion/encaissements/nouveau",
               "/gestion/encaissements/nouveau?payeur=OPCO", "/gestion/statistiques", "/gestion/sessions",
               "/gestion/attestations", "/gestion"]
DPO_LISTS = ["/dpo/journal", "/gestion/apprenants", "/dpo/demandes"]
SELECT = re.compile(r"<select\b.*?</select>", re.S)


@pytest.fixture
def crowded(demo):
    add_crowd(demo, 60)
    with demo.app_context():
        session = TrainingSession.get(TrainingSession.title == "Session A")
    demo.staff_lists = [*STAFF_LISTS, f"/gestion/sessions/{session.id}/participants",
                        f"/gestion/apprenants?session={session.id}"]
    return demo


def statements(app, client, url: str) -> int:
    client.get(url)  # warm: the first request of a client loads what later ones find cached
    with app.app_context(), count_queries() as run:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(run)


def test_a_page_of_any_list_costs_the_same_statements_with_60_or_260_more_rows(crowded):
    staff, dpo = signed_in(crowded, "gestion@petale.test"), signed_in(crowded, "dpo@petale.test")
    lists = (("staff", staff, crowded.staff_lists), ("dpo", dpo, DPO_LISTS))
    before = {(who, url): statements(crowded, client, url) for who, client, urls in lists for url in urls}
    add_crowd(crowded, 200)
    after = {(who, url): statements(crowded, client, url) for who, client, urls in lists for url in urls}
    grown = {key: (before[key], after[key]) for key in before if after[key] != before[key]}
    assert not grown, f"statements grow with the rows: {grown}"


def test_with_many_rows_every_list_fits_the_budget_and_offers_no_long_select(crowded):
    add_crowd(crowded, 200)
    for email, urls in (("gestion@petale.test", crowded.staff_lists), ("dpo@petale.test", DPO_LISTS)):
        client = signed_in(crowded, email)
        for url in urls:
            response = client.get(url, headers={"Accept-Encoding": "gzip"})
            assert response.status_code == 200, url
            assert len(response.data) <= PAGE_BUDGET, f"{url}: {len(response.data)} bytes compressed"
            html = gzip.decompress(response.data).decode()
            for select in SELECT.findall(html):
                options = select.count("<option")
                assert options <= SELECT_MAX, f"{url}: a select of {options} options"
            assert "Foule 00" not in html or html.count("Foule ") <= 120, f"{url} lists more than a page of people"
