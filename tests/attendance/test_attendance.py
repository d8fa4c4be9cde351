"""Relevé de réalisation (page, CSV, PDF) and certificat de réalisation, from the learner's real activity."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from html import unescape

from portal.accounts.models import Account
from portal.learning import xapi
from portal.learning.models import Enrollment, LearningEvent, Lesson, Module, TimeOnTask, TrainingSession
from portal.timeutil import paris_today
from portal.vault.models import AuditEntry, FundingIdentity
from tests.support.helpers import pdf_text
from tests.support.learning_fixtures import signed_in


def antoine_enrollment(app):
    with app.app_context():
        learner = Account.get(Account.display_name == "Antoine")
        enrollment = Enrollment.get(Enrollment.account_id == learner.id)
        session = TrainingSession.get_by_id(enrollment.session_id)
        return enrollment.id, session, learner.id


def total_hours(app) -> str:
    """Every second of the demo learner's time on task, in decimal hours (the seed's own figures)."""
    with app.app_context():
        seconds = sum(t.seconds for t in TimeOnTask.select().join(Account, on=(TimeOnTask.account_id == Account.id))
                      .where(Account.display_name == "Antoine"))
    minutes = Decimal((seconds + 30) // 60)  # to the nearest minute, as her file says it
    return str((minutes / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")  # the French way


def test_the_statement_page_and_csv_add_up_the_real_activity(demo):
    enrollment_id, session, _ = antoine_enrollment(demo)
    expected_hours = total_hours(demo)
    staff = signed_in(demo, "gestion@petale.test")
    period = f"du={session.starts_on.isoformat()}&au={session.ends_on.isoformat()}"
    html = unescape(staff.get(f"/gestion/releves/{enrollment_id}?{period}").get_data(as_text=True))
    assert f"{expected_hours} h" in html and "Préparer les tiges" in html and "100\u00a0%" in html
    csv_text = staff.get(f"/gestion/releves/{enrollment_id}/releve.csv?{period}").get_data(as_text=True)
    lines = csv_text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Module;Activité;Type;Début;Fin;Durée (h)")
    quiz = next(line for line in lines if line.startswith("Les outils et le végétal;Quiz"))
    assert quiz.split(";")[5] == "0,23" and quiz.split(";")[7] == "100" and quiz.endswith("oui")
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split(";")[5] == expected_hours and total.split(";")[8] == ""
    # The progression is a number, on its own row: nothing but numbers in a numeric column.
    assert "Progression (%);57;" in csv_text  # 4 of 7 lessons
    plain = staff.get(f"/gestion/releves/{enrollment_id}/releve.csv?{period}&format=simple").get_data(as_text=True)
    assert plain.startswith("Module,Activité,Type,") and ",0.23," in plain, "the tools' variant: commas, a point"


def test_the_pdfs_carry_the_name_from_the_vault_and_each_download_is_audited(demo):
    enrollment_id, session, learner_id = antoine_enrollment(demo)
    expected_hours = total_hours(demo)
    with demo.app_context():
        FundingIdentity.create(account_id=learner_id, professional_status="employee", employer="Fleurs du Marais SARL")
    staff = signed_in(demo, "gestion@petale.test")
    period = f"du={session.starts_on.isoformat()}&au={session.ends_on.isoformat()}"
    statement = staff.get(f"/gestion/releves/{enrollment_id}/releve.pdf?{period}")
    assert statement.mimetype == "application/pdf"
    text = pdf_text(statement.data)
    assert "Relevé de réalisation" in text and "Antoine Apprenant" in text and f"{expected_hours} h" in text
    certificate = pdf_text(staff.get(f"/gestion/releves/{enrollment_id}/certificat-de-realisation.pdf?{period}").data)
    for expected in ("Certificat de réalisation", "Antoine Apprenant", "Fleurs du Marais SARL",
                     "Art floral", "action de formation", "à distance", f"{expected_hours} heures",
                     "Déclaration d'activité enregistrée sous le numéro", "SIRET", "Fait à Paris",
                     f"{demo.config['PROVIDER_REPRESENTATIVE']}, représentant(e) légal(e) de",  # who signs
                     f"du {session.starts_on:%d/%m/%Y} au {min(session.ends_on, paris_today()):%d/%m/%Y}"):
        assert expected in " ".join(certificate.split()), expected
    with demo.app_context():
        workflows = [e.workflow for e in AuditEntry.select().order_by(AuditEntry.id)]
        assert workflows == ["relevé de réalisation", "certificat de réalisation"]


def test_the_certificate_of_a_running_session_certifies_only_days_that_have_passed(demo):
    """Asked on the session's whole period while it runs, the certificat stops at the day it is issued; a
    period that has not begun is refused in words, before anyone's identity is read."""
    enrollment_id, session, _ = antoine_enrollment(demo)
    today = paris_today()
    with demo.app_context():
        TrainingSession.update(starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=20)).where(
            TrainingSession.id == session.id).execute()
    staff = signed_in(demo, "gestion@petale.test")
    address = f"/gestion/releves/{enrollment_id}/certificat-de-realisation.pdf"
    whole = f"du={(today - timedelta(days=10)).isoformat()}&au={(today + timedelta(days=20)).isoformat()}"
    text = " ".join(pdf_text(staff.get(f"{address}?{whole}").data).split())
    assert f"du {today - timedelta(days=10):%d/%m/%Y} au {today:%d/%m/%Y}" in text
    assert f"{today + timedelta(days=20):%d/%m/%Y}" not in text
    with demo.app_context():
        reads = AuditEntry.select().count()
    ahead = f"du={(today + timedelta(days=1)).isoformat()}&au={(today + timedelta(days=20)).isoformat()}"
    refused = staff.get(f"{address}?{ahead}")
    assert refused.status_code == 422 and refused.mimetype == "text/html"
    assert "ne peut porter que sur des jours passés" in unescape(refused.get_data(as_text=True))
    with demo.app_context():
        assert AuditEntry.select().count() == reads


def test_the_certificate_starts_no_earlier_than_the_day_she_joined_the_course(demo):
    """Enrolled five days ago in a session that began ten days ago: the certificat de réalisation does not
    attest the five days before she was there (a staff walk found one dated from the session's start)."""
    enrollment_id, session, _ = antoine_enrollment(demo)
    today = paris_today()
    joined = datetime.combine(today - timedelta(days=5), datetime.min.time()).replace(hour=12)
    with demo.app_context():
        TrainingSession.update(starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=20)).where(
            TrainingSession.id == session.id).execute()
        Enrollment.update(enrolled_at=joined).where(Enrollment.id == enrollment_id).execute()
    staff = signed_in(demo, "gestion@petale.test")
    whole = f"du={(today - timedelta(days=10)).isoformat()}&au={today.isoformat()}"
    pdf = staff.get(f"/gestion/releves/{enrollment_id}/certificat-de-realisation.pdf?{whole}")
    text = " ".join(pdf_text(pdf.data).split())
    assert f"du {today - timedelta(days=5):%d/%m/%Y} au {today:%d/%m/%Y}" in text


def noon(day):
    return datetime.combine(day, datetime.min.time()).replace(hour=12)


def certificate_words(staff, enrollment_id: int) -> str:
    return " ".join(pdf_text(staff.get(f"/gestion/releves/{enrollment_id}/certificat-de-realisation.pdf").data).split())


def test_the_certificate_starts_at_the_first_enrolment_of_her_path_not_at_one_she_withdrew_from(demo):
    """One course-start rule, the transfer chain's: she withdrew from Session A long ago and enrolled again in
    Session B five days ago, so B's certificat starts five days ago (the earliest enrolment ever in the course
    made it start with B's first day). Moved by a transfer instead, her path starts in A, the day she enrolled
    there."""
    enrollment_id, session_a, learner_id = antoine_enrollment(demo)
    today = paris_today()
    with demo.app_context():
        session_b = TrainingSession.get((TrainingSession.course == session_a.course_id)
                                        & (TrainingSession.title == "Session B"))
        for session, starts in ((session_a, 20), (session_b, 10)):
            TrainingSession.update(starts_on=today - timedelta(days=starts), ends_on=today + timedelta(days=20)).where(
                TrainingSession.id == session.id).execute()
        lesson = Lesson.select().join(Module).where(Module.course == session_a.course_id).first()
        TimeOnTask.create(account_id=learner_id, lesson=lesson, day=today - timedelta(days=1), seconds=600)
        Enrollment.update(status="withdrawn", enrolled_at=noon(today - timedelta(days=400)),
                          ended_at=noon(today - timedelta(days=300))).where(Enrollment.id == enrollment_id).execute()
        again = Enrollment.create(account_id=learner_id, session=session_b.id, funding="opco",
                                  enrolled_at=noon(today - timedelta(days=5)))
    staff = signed_in(demo, "gestion@petale.test")
    assert f"du {today - timedelta(days=5):%d/%m/%Y} au {today:%d/%m/%Y}" in certificate_words(staff, again.id)

    with demo.app_context():  # the same two enrolments, joined by a transfer from A (enrolled 15 days ago) to B
        Enrollment.update(status="transferred", enrolled_at=noon(today - timedelta(days=15)), transferred_to=again.id,
                          ended_at=noon(today - timedelta(days=5))).where(Enrollment.id == enrollment_id).execute()
    assert f"du {today - timedelta(days=15):%d/%m/%Y} au {today:%d/%m/%Y}" in certificate_words(staff, again.id)


def test_the_statement_gives_the_trainings_planned_duration_as_the_attestation_does(demo):
    """One planned duration per training (the course's, « 21 heures prévues » on the attestation too), the
    lessons' planned minutes said to be its guided online part, never a second « prévu »."""
    enrollment_id, session, _ = antoine_enrollment(demo)
    with demo.app_context():
        lessons_hours = sum(lesson.expected_minutes for lesson in Lesson.select().join(Module)
                            .where(Module.course == session.course_id)) / 60
    staff = signed_in(demo, "gestion@petale.test")
    page = " ".join(unescape(staff.get(f"/gestion/releves/{enrollment_id}").get_data(as_text=True)).split())
    pdf = " ".join(pdf_text(staff.get(f"/gestion/releves/{enrollment_id}/releve.pdf").data).split())
    for text in (page, pdf):
        online = re.search(r"21 heures prévues, dont ([\d,]+) h d'activités en ligne guidées", text)
        assert online and float(online.group(1).replace(",", ".")) == lessons_hours
        assert "prévu :" not in text


def test_a_bad_period_is_refused_in_french(demo):
    enrollment_id, _, _ = antoine_enrollment(demo)
    staff = signed_in(demo, "gestion@petale.test")
    page = staff.get(f"/gestion/releves/{enrollment_id}?du=hier&au=demain")
    assert page.status_code == 422 and "AAAA-MM-JJ" in unescape(page.get_data(as_text=True))
    backwards = staff.get(f"/gestion/releves/{enrollment_id}/releve.pdf?du=2026-12-01&au=2026-11-01")
    assert backwards.status_code == 400 and "doit suivre" in unescape(backwards.get_data(as_text=True))
    assert staff.get("/gestion/releves/999999").status_code == 404
    assert signed_in(demo, "apprenant@petale.test").get(f"/gestion/releves/{enrollment_id}").status_code == 403
    with demo.app_context():
        assert AuditEntry.select().count() == 0


def test_a_period_in_days_is_counted_in_paris_days(demo):
    """"Au 15 janvier" ends at midnight in Paris (23:00 UTC): what Antoine did at 23:30 that evening is in the
    statement, what he did at 00:30 the next morning (still the 15th in UTC) is not."""
    enrollment_id, session, learner_id = antoine_enrollment(demo)
    with demo.app_context():
        lesson = (Lesson.select().join(Module).where(Module.course == session.course_id)
                  .order_by(Module.position, Lesson.position).first())
        LearningEvent.delete().where((LearningEvent.account_id == learner_id)
                                     & (LearningEvent.lesson == lesson.id)).execute()
        for moment in (datetime(2026, 1, 15, 22, 30), datetime(2026, 1, 15, 23, 30)):
            LearningEvent.create(account_id=learner_id, verb=xapi.EXPERIENCED, object_iri="x", lesson=lesson.id,
                                 course=session.course_id, timestamp=moment)
    staff = signed_in(demo, "gestion@petale.test")
    csv_text = staff.get(f"/gestion/releves/{enrollment_id}/releve.csv?du=2026-01-01&au=2026-01-15").get_data(
        as_text=True)
    row = next(line for line in csv_text.splitlines() if f";{lesson.title};" in line).split(";")
    assert row[3:5] == ["15/01/2026 23:30", "15/01/2026 23:30"], row
    csv_text = staff.get(f"/gestion/releves/{enrollment_id}/releve.csv?du=2026-01-16&au=2026-01-16").get_data(
        as_text=True)
    row = next(line for line in csv_text.splitlines() if f";{lesson.title};" in line).split(";")
    assert row[3:5] == ["16/01/2026 00:30", "16/01/2026 00:30"], row


def test_the_statements_hours_are_the_same_rounded_figures_on_the_page_the_csv_and_the_pdfs(demo):
    """14 min 30 s is said « 15 min » on her file: 0,25 h everywhere (a walk found 0,24 h), and 90 minutes
    is 1,50 h on the page as on the PDF (the page wrote 1,5)."""
    enrollment_id, session, learner_id = antoine_enrollment(demo)
    with demo.app_context():
        first, second = [lesson.id for lesson in Lesson.select().join(Module).where(Module.course == session.course_id)
                         .order_by(Module.position, Lesson.position)][:2]
        TimeOnTask.delete().where(TimeOnTask.account_id == learner_id).execute()
        TimeOnTask.create(account_id=learner_id, lesson=first, day=session.starts_on, seconds=870)
        TimeOnTask.create(account_id=learner_id, lesson=second, day=session.starts_on, seconds=5400)
    staff = signed_in(demo, "gestion@petale.test")
    period = f"du={session.starts_on.isoformat()}&au={session.ends_on.isoformat()}"
    page = " ".join(unescape(staff.get(f"/gestion/releves/{enrollment_id}?{period}").get_data(as_text=True)).split())
    rows = re.findall(r'data-label="Durée \(h\)">([^<]*)<', page)
    assert rows[:2] == ["0,25", "1,50"] and "1,75 h (activités en ligne)" in page
    csv_text = staff.get(f"/gestion/releves/{enrollment_id}/releve.csv?{period}").get_data(as_text=True)
    assert [line.split(";")[5] for line in csv_text.lstrip("\ufeff").splitlines()[1:3]] == ["0,25", "1,50"]
    pdf = " ".join(pdf_text(staff.get(f"/gestion/releves/{enrollment_id}/releve.pdf?{period}").data).split())
    assert "0,25 h" in pdf and "1,50 h" in pdf and "1,75 h (activités en ligne)" in pdf
    certificate = pdf_text(staff.get(f"/gestion/releves/{enrollment_id}/certificat-de-realisation.pdf?{period}").data)
    assert "1,75 heures" in " ".join(certificate.split())
    her_file = unescape(staff.get(f"/gestion/apprenants/{learner_id}").get_data(as_text=True))
    assert "1,75 h" in her_file, "her file says the same time, as the documents count it"


def test_the_statement_of_a_session_not_begun_opens_without_an_error_and_says_so(demo):
    """Before her session begins there is nothing to relate: the page says when it begins, never that « the
    end of the period must follow its start » (dates nobody typed)."""
    enrollment_id, session, _ = antoine_enrollment(demo)
    with demo.app_context():
        starts = paris_today() + timedelta(days=30)
        TrainingSession.update(starts_on=starts, ends_on=starts + timedelta(days=90)).where(
            TrainingSession.id == session.id).execute()
    staff = signed_in(demo, "gestion@petale.test")
    page = staff.get(f"/gestion/releves/{enrollment_id}")
    text = unescape(page.get_data(as_text=True)).replace("\u00a0", " ").replace("\u202f", " ")
    assert page.status_code == 200 and "doit suivre" not in text
    assert "La session commence le" in text and "rien n'est encore à relever" in text
