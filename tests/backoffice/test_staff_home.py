"""/gestion: the staff's home says what is waiting, in words, in a fixed number of queries."""
from __future__ import annotations

from datetime import date, timedelta
from html import unescape

from portal.accounts.models import Account
from portal.funding import service as funding
from portal.invoicing import service as invoicing
from portal.learners import enrolments
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.payments import settlements
from portal.timeutil import paris_today
from portal.vault import service as vault
from tests.support.invoices import HOME
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries


def busy_back_office(app, learners: int = 1) -> None:
    """A file to file, an invoice overdue, a session just ended, one starting next week."""
    today = paris_today()
    staff_id = vault.account_id_for_email("gestion@petale.test")
    with app.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        enrollment = Enrollment.get(Enrollment.account_id == antoine.id)
        funding.open_file(enrollment.id, staff_id)
        invoicing.issue_invoice(enrollment.id, "learner", HOME, None, today=today - timedelta(days=45))
        course = Course.get()
        ended = TrainingSession.create(course=course, title="Session d'automne", starts_on=today - timedelta(days=90),
                                       ends_on=today - timedelta(days=3))
        starting = TrainingSession.create(course=course, title="Session d'hiver", starts_on=today + timedelta(days=6),
                                          ends_on=today + timedelta(days=96))
        for n in range(learners):
            account = Account.create(display_name=f"Stagiaire {n}", role="learner")
            Enrollment.create(account_id=account.id, session=ended, funding="self")
            Enrollment.create(account_id=account.id, session=starting, funding="self")


def test_the_home_lists_what_waits_in_words_and_links_to_each_item(demo):
    busy_back_office(demo)
    staff = signed_in(demo, "gestion@petale.test")
    response = staff.get("/gestion")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "Ce qui attend aujourd'hui" in page
    assert "Antoine · Art floral" in page
    assert "brouillon : à compléter et déposer" in page, "the lists' word, then what waits"
    assert "en retard : échue le" in page and "890,00" in page
    assert "Session d'automne, jusqu'au" in page and "terminée le" not in page and "Stagiaire 0" in page
    assert "Session d'hiver" in page and "1 inscription" in page
    assert 'href="/gestion/financements/' in page and 'href="/gestion/releves/' in page
    home_link = 'href="/gestion"'
    assert home_link in unescape(staff.get("/gestion/factures").get_data(as_text=True)), "reachable from the nav"
    assert home_link in unescape(staff.get("/mon-profil").get_data(as_text=True)) or \
        home_link in unescape(staff.get("/mes-donnees").get_data(as_text=True))


def test_the_home_costs_the_same_queries_for_one_learner_or_twenty(demo):
    busy_back_office(demo, learners=1)
    staff = signed_in(demo, "gestion@petale.test")
    staff.get("/gestion")
    with demo.app_context(), count_queries() as few:
        staff.get("/gestion")
    with demo.app_context():
        session = TrainingSession.get(TrainingSession.title == "Session d'automne")
        for n in range(1, 20):
            account = Account.create(display_name=f"Stagiaire {n}", role="learner")
            Enrollment.create(account_id=account.id, session=session, funding="self")
    with demo.app_context(), count_queries() as many:
        staff.get("/gestion")
    assert len(many) == len(few)


def test_an_empty_day_says_so(app):
    from portal.demo.seed import seed

    with app.app_context():
        seed(backoffice=False)
        TrainingSession.update(starts_on=date(2020, 1, 1), ends_on=date(2020, 3, 1)).execute()
    page = unescape(signed_in(app, "gestion@petale.test").get("/gestion").get_data(as_text=True))
    assert "Aucun dossier en attente." in page and "Aucune session ne commence dans les 14 jours." in page


def test_back_office_pages_use_the_width_of_a_desktop_screen_and_learner_pages_stay_narrow(demo):
    """A 1280 px screen showed the invoices and the access journal in a 672 px column."""
    from tests.support.learning_fixtures import signed_in

    assert '<main id="contenu" class="wide">' in signed_in(demo, "gestion@petale.test").get("/gestion/factures") \
        .get_data(as_text=True)
    assert '<main id="contenu" class="wide">' in signed_in(demo, "dpo@petale.test").get("/dpo/journal") \
        .get_data(as_text=True)
    assert '<main id="contenu">' in signed_in(demo, "apprenant@petale.test").get("/mon-espace").get_data(as_text=True)


def test_the_staff_navigation_marks_the_section_one_is_in(demo):
    staff = signed_in(demo, "gestion@petale.test")
    invoices = staff.get("/gestion/factures").get_data(as_text=True)
    assert '<a href="/gestion/factures" aria-current="page">' in invoices
    assert invoices.count('aria-current="page"') == 1
    home = staff.get("/gestion").get_data(as_text=True)
    assert '<a href="/gestion" aria-current="page">' in home and home.count('aria-current="page"') == 1


def test_an_invoice_partly_paid_shows_what_is_left_and_every_unpaid_one_can_be_collected(demo):
    today = paris_today()
    with demo.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        enrollment = Enrollment.get(Enrollment.account_id == antoine.id)
        invoice = invoicing.issue_invoice(enrollment.id, "learner", HOME, None, today=today - timedelta(days=2))
        settlements.record(settlements.Received(today, "cheque", "Chèque 200", 20000),
                           [settlements.Allocation(invoice.number, 20000, 1)], None)
    page = unescape(signed_in(demo, "gestion@petale.test").get("/gestion").get_data(as_text=True))
    row = next(line for line in page.splitlines() if invoice.number in line)
    assert "payée en partie, reste 690,00" in row, "what is still due, as the billing page and the PDF say"
    assert "en retard" not in row and f"/gestion/encaissements/nouveau?facture={invoice.number}" in row


def test_a_learner_withdrawn_from_her_session_reads_as_withdrawn_not_as_a_draft_to_file(demo):
    busy_back_office(demo)
    staff_id = vault.account_id_for_email("gestion@petale.test")
    with demo.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        enrolments.withdraw(Enrollment.get(Enrollment.account_id == antoine.id).id, staff_id, "", paris_today())
    page = unescape(signed_in(demo, "gestion@petale.test").get("/gestion").get_data(as_text=True))
    line = page[page.index("Antoine · Art floral"):][:400]
    assert "retirée de la session le" in line and "dossier brouillon" in line
    assert "brouillon : à compléter et déposer" not in line
