"""The BPF follows the cerfa 10443's own lines and codes: frame C by the origin of the income (1, 2 a to
2 h, 3 to 11, with the subtotal 2 and the total), F-1 by the trainee's type (a to e), F-3 by the general
objective (a to f), F-4 by the NSF speciality (the five main ones with their code and wording, then the
others); the portal's funding types and payers fall on the right lines, on the page, in the CSV, and in a
closed year read from its anonymous facts."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from html import unescape

from portal.accounts.models import Account
from portal.funding.models import FundingFile
from portal.invoicing import service as invoicing
from portal.learning.models import Course, Enrollment, Lesson, Module, TimeOnTask, TrainingSession
from portal.stats import bpf, cerfa
from portal.stats.models import IncomeFact
from portal.vault.models import FundingIdentity
from portal.vault.service import Party
from tests.support.learning_fixtures import signed_in

YEAR = 2032
FUNDER = Party("OPCO des entreprises de proximité", "Paris")


def course(nsf_code: str = "211", nature: str = "action de formation", certification: str | None = None) -> Course:
    made = Course.create(slug=f"c-{nsf_code}-{Course.select().count()}", title=f"Formation {nsf_code}",
                         objectives="- savoir", duration_hours=Decimal("7"), nsf_code=nsf_code, nature=nature,
                         rncp_code=certification, price_cents=50000)
    Lesson.create(module=Module.create(course=made, position=1, title="Module", theme="t"), position=1,
                  title="Leçon", kind="text", expected_minutes=10)
    return made


def trainee(of: Course, status: str, funding: str = "opco", hours: int = 1) -> Enrollment:
    session = TrainingSession.get_or_create(course=of, title="Session 2032", starts_on=date(YEAR, 2, 1),
                                            ends_on=date(YEAR, 6, 1))[0]
    account = Account.create(display_name="Stagiaire", role="learner", confirmed_at=datetime(YEAR, 1, 1))
    FundingIdentity.create(account_id=account.id, professional_status=status)
    enrollment = Enrollment.create(account_id=account.id, session=session, funding=funding)
    lesson = Lesson.select().join(Module).where(Module.course == of).get()
    TimeOnTask.create(account_id=account.id, lesson=lesson, day=date(YEAR, 3, 1), seconds=3600 * hours)
    return enrollment


def invoice(enrollment: Enrollment, payer: str) -> str:
    if payer == "funder":  # a funder's invoice goes to the funder its file names, with its case number
        file = FundingFile.get_or_create(enrollment=enrollment, defaults={"funder_type": enrollment.funding})[0]
        FundingFile.update(case_number=f"D-{enrollment.id}", funder_name=FUNDER.name, status="accepted").where(
            FundingFile.id == file.id).execute()
    return invoicing.issue_invoice(enrollment.id, payer, FUNDER, None, today=date(YEAR, 3, 2)).number


def test_income_falls_on_the_form_s_lines_by_payer_and_funder_and_a_closed_year_keeps_them(demo):
    with demo.app_context():
        training = course()
        invoice(trainee(training, "employee", "opco"), "funder")  # OPCO, its other schemes: 2 h
        invoice(trainee(training, "apprentice", "opco"), "funder")  # OPCO, an apprenticeship contract: 2 a
        cpf = invoice(trainee(training, "employee", "cpf"), "funder")  # Caisse des dépôts, CPF: 2 e
        invoice(trainee(training, "jobseeker", "france_travail"), "funder")  # 7
        regional = trainee(training, "jobseeker", "other")
        FundingFile.create(enrollment=regional, funder_type="region")  # the funding file says who funds: 6
        invoice(regional, "funder")
        invoice(trainee(training, "employee", "employer"), "employer")  # 1
        invoice(trainee(training, "self_employed", "other"), "funder")  # 11
        invoicing.issue_credit_note(cpf, "Formation annulée", None, today=date(YEAR, 4, 1))
        invoice(trainee(training, "employee", "cpf"), "funder")
        report = bpf.report(YEAR)
        amounts = {amount.line.code: amount.cents for amount in report.income}
        assert [code for code in amounts] == [line.code for line in cerfa.INCOME_LINES], "the form's order"
        assert amounts == {**{code: 0 for code in amounts}, "2a": 50000, "2e": 50000, "2h": 50000, "2": 150000,
                           "6": 50000, "7": 50000, "1": 50000, "11": 50000, "total": 350000}, \
            "a credit note takes its invoice off its own line"
        assert bpf.close_years(date(YEAR + 1, 1, 5)) >= 1
        assert {f.line for f in IncomeFact.select().where(IncomeFact.year == YEAR)} == \
            {"2a", "2e", "2h", "6", "7", "1", "11"}
        Enrollment.update(funding="self").execute()  # what happens to the working data no longer counts
        assert bpf.report(YEAR).income == report.income


def test_trainees_by_type_objective_and_nsf_speciality_with_the_form_s_codes_and_words(demo):
    with demo.app_context():
        for status, funding in (("employee", "opco"), ("employee", "self"), ("apprentice", "opco"),
                                ("jobseeker", "france_travail"), ("self_employed", "other"), ("", "cpf")):
            trainee(course("211"), status, funding)
        trainee(course("211", certification="RNCP38123"), "employee")
        trainee(course("312", certification="RS5678"), "employee", hours=4)
        trainee(course("315", nature="bilan de compétences"), "employee", hours=3)
        trainee(course("331", nature="VAE"), "employee", hours=2)
        trainee(course("133"), "employee", hours=5)
        trainee(course("214"), "employee", hours=1)
        report = bpf.report(YEAR)
    count = {(cell.frame, cell.code): cell.trainees for cell in report.cells}
    assert [count[("F-1", code)] for code in "abcde"] == [1 + 6, 1, 1, 1, 2], \
        "an employee paying herself is a private individual; a self-employed or unknown status is « autre »"
    assert count[("F-1", "total")] == count[("F-1", "distance")] == 12
    assert [count[("F-3", code)] for code in "abcdef"] == [1, 1, 0, 8, 1, 1] and count[("F-3", "total")] == 12
    specialities = [cell for cell in report.cells if cell.frame == "F-4"]
    assert [(c.code, c.line.label, c.trainees) for c in specialities[:5]] == [
        ("211", "Productions végétales, cultures spécialisées et protection des cultures", 7),
        ("133", "Musique, arts du spectacle", 1), ("312", "Commerce, vente", 1),
        ("315", "Ressources humaines, gestion du personnel, gestion de l'emploi", 1), ("331", "Santé", 1)], \
        "the five main ones by hours, with their NSF code and wording"
    assert [(c.code, c.trainees, c.seconds) for c in specialities[5:]] == [
        ("autres", 1, 3600), ("total", 12, 22 * 3600)]
    assert count[("F-2", "total")] == count[("G", "total")] == 0

    staff = signed_in(demo, "gestion@petale.test")
    page = unescape(staff.get(f"/gestion/statistiques?annee={YEAR}").get_data(as_text=True))
    for words in ("C. Bilan financier hors taxes",
                  '<td class="sub"><span class="code">2 e</span> du compte personnel de formation',
                  '<span class="code">a</span> Salariés d\'employeurs privés hors apprentis</td><td class="num">7</td>',
                  "F-4. Spécialités de formation (code NSF)", "<span class=\"code\">211</span> Productions végétales",
                  "Autres spécialités", "E. Personnes dispensant des heures de formation", "à compléter"):
        assert words in page, words
    csv_text = staff.get(f"/gestion/statistiques/bpf.csv?annee={YEAR}").get_data(as_text=True)
    for row in ("C;2 a;des organismes gestionnaires des fonds de la formation professionnelle",
                "C;Total;Total des produits réalisés au titre de la formation professionnelle (lignes 1 à 11);;;0,00",
                "E;1;Personnes de votre organisme dispensant des heures de formation;à compléter;à compléter;",
                "F-1;b;Apprentis;1;1,00;", "F-3;e;Bilans de compétences;1;3,00;",
                "F-4;211;Productions végétales, cultures spécialisées et protection des cultures;7;7,00;",
                "F-4;Autres;Autres spécialités;1;1,00;", "G;Total;"):
        assert row in csv_text, row


def test_each_funding_type_of_the_portal_has_its_line():
    from portal.funding.models import FUNDER_TYPES
    from portal.learning.models import FUNDING_TYPES

    codes = {line.code for line in cerfa.INCOME_LINES}
    for funder in {*FUNDER_TYPES, *FUNDING_TYPES}:
        assert cerfa.income_line("funder", funder) in codes, funder
    assert cerfa.income_line("learner", "opco") == "9" and cerfa.income_line("employer", "cpf") == "1"
    assert cerfa.income_line("funder", "opco", "apprentice") == "2a"
    assert {cerfa.trainee_line(status, "opco") for status in ("employee", "apprentice", "jobseeker",
                                                             "individual", "self_employed", "")} == set("abcde")
