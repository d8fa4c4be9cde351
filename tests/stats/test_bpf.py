"""BPF statistics: counts and hours by type, objective and speciality; income; certification rate; no
personal data; cells under three people suppressed in the shared version; restricted accounts counted.
The form's lines and codes themselves: tests/stats/test_bpf_form_lines.py."""
from __future__ import annotations

from datetime import date, datetime
from html import unescape

from portal.accounts.models import Account
from portal.db import main_db
from portal.learning.models import Enrollment, TimeOnTask, TrainingSession
from portal.stats import bpf
from tests.support.bpf_cohort import YEAR, cohort
from tests.support.learning_fixtures import signed_in


def rows(app, shared: bool = False) -> dict[tuple[str, str], list[str]]:
    """(frame, line code) -> [trainees, hours] as the form's row gives them."""
    with app.app_context():
        report = bpf.report(YEAR)
        return {(cell.frame, cell.code): [str(v) for v in report.row(cell, shared)[3:]] for cell in report.cells}


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
    assert ("Taux de stagiaires ayant obtenu l'attestation de réussite (une attestation, non une certification RNCP "
            "ou RS) : 0,0 % · 0 sur 8 stagiaires ayant terminé leur formation") in exact.replace("\u00a0", " ")
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


def test_a_masked_cell_cannot_be_computed_back_from_the_total_and_the_lines_shown(demo):
    """Line d alone under three beside line a and the total: a is masked too (secondary suppression), so
    that d is no longer the total minus a; the hours as well."""
    cohort(demo, ["employee"] * 3 + ["individual"] * 2)
    shared = rows(demo, shared=True)
    assert shared[("F-1", "d")] == ["<3", "masqué"]
    assert shared[("F-1", "a")] == ["masqué", "masqué"], "the next smallest line is masked with it"
    assert shared[("F-1", "total")] == ["5", "5.00"] and shared[("F-1", "c")] == ["0", "0.00"]
    assert shared[("F-3", "d")] == ["5", "5.00"], "a frame with no small cell is shown whole"
    assert rows(demo)[("F-1", "a")] == ["3", "3.00"], "the exact figures are unchanged"
    staff = signed_in(demo, "gestion@petale.test")
    csv = staff.get(f"/gestion/statistiques/bpf.csv?annee={YEAR}&diffusion=externe")
    assert "F-1;a;Salariés d'employeurs privés hors apprentis;masqué;masqué;" in csv.get_data(as_text=True)
    names = {staff.get(f"/gestion/statistiques/bpf.csv?annee={YEAR}{query}").headers["Content-Disposition"]
             for query in ("", "&format=simple", "&diffusion=externe", "&diffusion=externe&format=simple")}
    assert names == {f'attachment; filename="bpf-{YEAR}-{name}.csv"' for name in (
        "chiffres-exacts", "chiffres-exacts-simple", "diffusion-externe", "diffusion-externe-simple")}, \
        "each version downloads under its own name"
    with demo.app_context():
        only = bpf.masks([bpf.Cell(line, trainees, 3600 * trainees) for line, trainees in
                          zip(bpf.cerfa.TRAINEE_LINES, (0, 0, 0, 1, 0, 1, 1), strict=True)])
    assert only == {("F-1", "d"): "<3", ("F-1", "total"): "<3", ("F-1", "distance"): "<3"}, \
        "a total under three is masked itself, and its « dont » with it"


def transferred_in(app, funding_after: str = "opco") -> None:
    """Stagiaire 0 of the cohort: 1 h in Session 2031 on 1 March, transferred on 10 March to a second session
    of the course (its funding then `funding_after`), 30 min there on 20 March."""
    with app.app_context():
        account = Account.get(Account.display_name == "Stagiaire 0")
        old = Enrollment.get(Enrollment.account_id == account.id)
        second = TrainingSession.create(course=old.session.course, title="Session 2031 bis",
                                        starts_on=date(YEAR, 3, 5), ends_on=date(YEAR, 6, 1))
        new = Enrollment.create(account_id=account.id, session=second, funding=funding_after)
        Enrollment.update(status="transferred", transferred_to=new.id, ended_at=datetime(YEAR, 3, 10, 12)).where(
            Enrollment.id == old.id).execute()
        lesson = TimeOnTask.get(TimeOnTask.account_id == account.id).lesson
        TimeOnTask.create(account_id=account.id, lesson=lesson, day=date(YEAR, 3, 20), seconds=1800)


def test_a_transfer_is_one_training_path_counted_once_with_its_hours_once(demo):
    """The walk: Antoine, moved from Session A to B, was two trainees with his whole time each."""
    cohort(demo, ["employee"] * 3)
    transferred_in(demo)
    figures = rows(demo)
    assert figures[("F-1", "a")] == ["3", "3.50"], "3 people, not 4; 1 h + 30 min counted once"
    assert figures[("F-1", "total")] == figures[("F-3", "d")] == figures[("F-4", "211")] == ["3", "3.50"]
    with demo.app_context():
        assert bpf.report(YEAR).finished == 3, "the path left is not a training finished"


def test_a_path_whose_lines_differ_splits_its_hours_at_the_transfer_and_counts_its_trainee_once(demo):
    """She paid herself in the first session (line d), her employer's OPCO in the second (line a): the hours
    up to the day of the transfer on d, those after on a, the trainee on the line of the session she is in."""
    cohort(demo, ["employee"] * 3)
    with demo.app_context():
        Enrollment.update(funding="self").execute()
    transferred_in(demo, funding_after="opco")
    figures = rows(demo)
    assert figures[("F-1", "d")] == ["2", "3.00"], "two who paid themselves, and the hour spent before moving"
    assert figures[("F-1", "a")] == ["1", "0.50"], "she is counted where she went, with her time there"
    assert figures[("F-1", "total")] == ["3", "3.50"]


def test_the_facts_of_a_transfer_count_it_once_and_migration_086_mends_those_written_twice(demo):
    """Facts written when she is erased (then when the year closes) count the path once; facts written
    before 086, one per enrolment with all her time each, are mended by it."""
    from portal.privacy.erasure import delete_account
    from portal.schema import router
    from portal.stats.models import TraineeFact

    cohort(demo, ["employee"] * 3)
    transferred_in(demo)
    before = rows(demo)
    with demo.app_context():
        facts = bpf.live_lines(YEAR)
        TraineeFact.insert_many([{  # as written before 086: both enrolments counted, each with all her time
            "reference": line.reference, "year": YEAR, "trainee_type": line.trainee_type, "funder": line.funder,
            "objective": line.objective, "nsf_code": line.nsf_code, "finished": True, "certified": False,
            "seconds": 5400 if not line.counted or line.seconds == 1800 else line.seconds, "counted": True}
            for line in facts]).execute()
        migrations = router("main")
        migrate, _ = migrations.read("086_bpf_transfer_paths")
        migrator = migrations.migrator
        migrator.orm["bpf_trainee_fact"]._meta.remove_field("counted")
        migrator.sql("ALTER TABLE bpf_trainee_fact DROP COLUMN counted")
        migrator()
        migrate(migrator, main_db.obj)
        migrator()
        kept = list(TraineeFact.select().where(TraineeFact.year == YEAR))
        assert sorted((f.counted, f.seconds, f.finished) for f in kept) == \
            [(False, 0, False), (True, 3600, True), (True, 3600, True), (True, 5400, True)]
        assert bpf.close_years(date(YEAR + 1, 1, 5)) >= 1
    assert rows(demo) == before, "the closed year reads the mended facts: 3 trainees, 3,50 h"
    with demo.app_context():
        TraineeFact.delete().execute()
        bpf.ClosedYear.delete().execute()
        delete_account(Account.get(Account.display_name == "Stagiaire 0"), notify=False)
        assert sorted((f.counted, f.seconds) for f in TraineeFact.select()) == [(False, 3600), (True, 1800)]
    assert rows(demo) == before, "erased, she still counts once, with her hours once"


def test_her_hours_count_once_when_she_enrolled_twice_in_the_course_without_a_transfer(demo):
    """Withdrawn from the course's session, she enrolled in another of the same course: two enrolments, not a
    transfer path. Each took her whole year's time on the course, so her hour was counted twice (a staff
    walk found 4,8 h for 2,9 h of relevés, 08/12/2026)."""
    cohort(demo, ["employee"] * 3)
    with demo.app_context():
        account = Account.get(Account.display_name == "Stagiaire 0")
        old = Enrollment.get(Enrollment.account_id == account.id)
        Enrollment.update(status="withdrawn", ended_at=datetime(YEAR, 3, 2, 12)).where(
            Enrollment.id == old.id).execute()
        second = TrainingSession.create(course=old.session.course, title="Session 2031 ter",
                                        starts_on=date(YEAR, 4, 1), ends_on=date(YEAR, 6, 1))
        Enrollment.create(account_id=account.id, session=second, funding="opco")
    figures = rows(demo)
    assert figures[("F-1", "a")][1] == "3.00", "three hours in all: hers once"


def test_a_trainee_is_counted_once_per_action_followed_in_the_year_not_for_enrolments_with_no_time(demo):
    """The walk: Bérénice, paying herself, counted three times on line d — her finished session, and two
    enrolments with no hour in the year (one made today, one in a session not begun). One trainee, one hour."""
    cohort(demo, ["individual"])
    with demo.app_context():
        account = Account.get(Account.display_name == "Stagiaire 0")
        first = Enrollment.get(Enrollment.account_id == account.id)
        Enrollment.update(funding="self").where(Enrollment.id == first.id).execute()
        for title, starts_on in (("Session 2031 automne", date(YEAR, 10, 1)), ("Session 2032", date(YEAR, 12, 20))):
            later = TrainingSession.create(course=first.session.course, title=title, starts_on=starts_on,
                                           ends_on=date(YEAR + 1, 3, 1))
            Enrollment.create(account_id=account.id, session=later, funding="self")
    figures = rows(demo)
    assert figures[("F-1", "d")] == ["1", "1.00"]
    assert figures[("F-1", "total")] == figures[("F-3", "d")] == figures[("F-4", "211")] == ["1", "1.00"]
