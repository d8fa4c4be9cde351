"""BPF statistics: counts and hours by type, objective and speciality; income; certification rate; no
personal data; cells under three people suppressed in the shared version; restricted accounts counted.
The form's lines and codes themselves: tests/stats/test_bpf_form_lines.py."""
from __future__ import annotations

from datetime import date
from html import unescape

from portal.accounts.models import Account
from portal.learning.models import Enrollment, TimeOnTask, TrainingSession
from portal.stats import bpf
from tests.support.bpf_cohort import YEAR, cohort
from tests.support.learning_fixtures import signed_in


def rows(app, shared: bool = False) -> dict[tuple[str, str], list[str]]:
    """(frame, line code) -> [trainees, hours] as the form's row gives them."""
    with app.app_context():
        return {(cell.frame, cell.code): [str(v) for v in cell.row(shared)[3:]] for cell in bpf.report(YEAR).cells}


def test_counts_and_hours_by_type_objective_and_speciality(demo):
    cohort(demo, ["employee"] * 4 + ["jobseeker"] * 3 + ["individual"])
    figures = rows(demo)
    assert figures[("F-1", "a")] == ["4", "4.00"]
    assert figures[("F-1", "c")] == ["3", "3.00"]
    assert figures[("F-1", "d")] == ["1", "1.00"], "the form asks for exact figures"
    assert figures[("F-1", "b")] == ["0", "0.00"], "every line of the form is there, empty ones too"
    assert rows(demo, shared=True)[("F-1", "d")] == ["<3", "masqué"], \
        "one person: suppressed in the breakdown shared outside (hours in a word, not read as < 3 h)"
    assert rows(demo, shared=True)[("F-1", "a")] == ["4", "4.00"]
    assert figures[("F-1", "total")] == figures[("F-1", "distance")] == ["8", "8.00"]
    assert figures[("F-3", "d")] == ["8", "8.00"]
    assert figures[("F-4", "211")] == ["8", "8.00"]
    with demo.app_context():
        report = bpf.report(YEAR)
        assert report.amount("1") == report.amount("total") == 89000, "an employer paid: line 1"
        assert report.certification_rate == "0,0 %"  # 8 finished in 2031, none certified
    staff = signed_in(demo, "gestion@petale.test")
    exact = unescape(staff.get(f"/gestion/statistiques?annee={YEAR}").get_data(as_text=True))
    assert "Taux de stagiaires certifiés : 0,0 % · 0 sur 8 stagiaires ayant terminé leur formation" in exact
    shared = unescape(staff.get(f"/gestion/statistiques?annee={YEAR}&diffusion=externe").get_data(as_text=True))
    assert '<td class="num"><3</td><td class="num">masqué</td>' in shared and "ayant terminé" not in shared


def test_restricted_trainees_are_counted_the_statement_is_a_legal_obligation(demo):
    cohort(demo, ["employee"] * 5, restricted=2)
    assert rows(demo)[("F-1", "a")] == ["5", "5.00"]


def test_an_erased_trainee_still_counts_and_a_closed_year_reads_its_facts_only(demo):
    """Her line and her invoice stay in the statement of an open year when she erases her account; once
    the year is closed (January's sweep), its figures come from the anonymous facts alone."""
    from portal.privacy.erasure import delete_account
    from portal.stats.models import IncomeFact, TraineeFact

    cohort(demo, ["employee"] * 3 + ["cpf"] * 0)
    before = rows(demo)
    with demo.app_context():
        before_income = bpf.report(YEAR).income
        erased = Account.get(Account.display_name == "Stagiaire 0")  # the one whose employer was invoiced
        delete_account(erased, notify=False)
        assert TraineeFact.select().where(TraineeFact.year == YEAR).count() == 1
        assert IncomeFact.select().where(IncomeFact.year == YEAR).count() == 1
        assert bpf.report(YEAR).income == before_income
    assert rows(demo) == before, "3 → 3: the erased trainee still counts"
    with demo.app_context():
        assert bpf.close_years(date(YEAR + 1, 1, 5)) >= 1
        assert bpf.is_closed(YEAR) and bpf.close_years(date(YEAR + 1, 1, 6)) == 0
        TimeOnTask.delete().execute()  # whatever happens to the working data now, the closed year holds
        Enrollment.delete().where(Enrollment.session.in_(
            TrainingSession.select(TrainingSession.id).where(TrainingSession.title == "Session 2031"))).execute()
        assert bpf.report(YEAR).income == before_income
        facts = TraineeFact.select().where(TraineeFact.year == YEAR)
        assert all(not hasattr(f, "account_id") for f in facts) and facts.count() == 3
    assert rows(demo) == before


def test_the_csv_holds_no_personal_data_and_the_cli_prints_it(demo):
    cohort(demo, ["employee"] * 3)
    staff = signed_in(demo, "gestion@petale.test")
    csv_text = staff.get(f"/gestion/statistiques/bpf.csv?annee={YEAR}").get_data(as_text=True)
    assert csv_text.startswith("\ufeffCadre;Ligne;Libellé;Nombre;Heures;Montant HT (€)")
    income = "C;1;des entreprises pour la formation de leurs salariés;;;890,00"
    assert "F-1;Total;Total (1);3;3,00;" in csv_text and income in csv_text, "semicolons, decimal commas"
    plain = staff.get(f"/gestion/statistiques/bpf.csv?annee={YEAR}&format=simple").get_data(as_text=True)
    assert plain.startswith("Cadre,Ligne,") and "F-1,Total,Total (1),3,3.00," in plain
    assert "C,1,des entreprises pour la formation de leurs salariés,,,890.00" in plain
    for personal in ("Stagiaire 0", "Maison Florale", "Antoine", "@", "Lyon"):
        assert personal not in csv_text, personal
    result = demo.test_cli_runner().invoke(args=["stats", "bpf", "--year", str(YEAR)])
    assert result.exit_code == 0 and "F-1;Total;Total (1);3;3,00" in result.output
    bad = demo.test_cli_runner().invoke(args=["stats", "bpf", "--year", "deux-mille"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output
    page = unescape(staff.get(f"/gestion/statistiques?annee={YEAR}").get_data(as_text=True))
    assert "Bilan pédagogique et financier 2031" in page and "Total (1)" in page
    wrong = staff.get("/gestion/statistiques?annee=31")
    assert wrong.status_code == 422 and "quatre chiffres" in unescape(wrong.get_data(as_text=True))
    assert signed_in(demo, "apprenant@petale.test").get("/gestion/statistiques").status_code == 403
