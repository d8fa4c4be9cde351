"""A complaint filed from the public page by someone without an account has a declared retention: five years
after its answer, or, never answered, five years after the day its answer was due (the register of
requests' clock, the nearest line: the policy's table has none for complaints); then the complaint and the
name and address she gave in the vault go, by the daily retention sweep."""
from __future__ import annotations

from datetime import date, timedelta

from portal.archive.service import years_after
from portal.improvement import complaints
from portal.improvement.models import Complaint
from portal.personal_data.registry import declarations
from portal.retention import sweep
from portal.timeutil import paris_today
from portal.vault import service as vault
from tests.support.helpers import readable, submit
from tests.support.learning_fixtures import signed_in

FILED_ON = date(2026, 1, 12)  # a Monday; her answer was due 30 days later, on 11 February 2026


def public(subject: str, today: date) -> Complaint:
    return complaints.file_public(complaints.PublicComplaint(
        "Odile Financeur", "odile@opco.example", "funder", subject, "Nous attendons trois attestations.", None), today)


def left(complaint: Complaint) -> tuple[bool, bool]:
    """(the complaint is still in the register, her name and address are still in the vault)"""
    return (Complaint.select().where(Complaint.id == complaint.id).exists(),
            vault.requester_mail_contact(complaint.requester_id) is not None)


def test_the_public_complaint_is_declared_with_the_registers_clock(app):
    with app.app_context():
        [declared] = [d for d in declarations() if d.key == "improvement.public_complaints"]
    assert declared.retention.key == "requests" and declared.expire is not None
    assert declared.roles == (), "she has no account, hence no privacy center"


def test_never_answered_she_is_forgotten_five_years_after_the_answer_was_due(demo):
    page = readable(demo.test_client().get("/reclamation").get_data(as_text=True))
    assert "effacés avec votre réclamation cinq ans après notre réponse, ou, faute de réponse, cinq ans après la " \
           "date où elle vous était due" in page, "the public page says the clock she will meet"
    with demo.app_context():
        unanswered = public("Attestations en retard", FILED_ON)
        assert unanswered.due_on == date(2026, 2, 11)
        sweep.sweep(date(2030, 6, 1))
        assert left(unanswered) == (True, True)
        sweep.sweep(date(2031, 2, 11))
        assert left(unanswered) == (True, True), "five years to the day are not yet past"
        sweep.sweep(date(2031, 2, 12))
        assert left(unanswered) == (False, False)


def test_answered_she_is_forgotten_five_years_after_the_answer(demo):
    with demo.app_context():
        answered = public("Convocation reçue tard", FILED_ON)
    staff = signed_in(demo, "gestion@petale.test")
    assert submit(staff, f"/gestion/reclamations/{answered.id}", {
        "answer": "Nous avons changé l'envoi des convocations.", "action": ""}).status_code == 302
    five_years = years_after(paris_today(), 5)
    with demo.app_context():
        sweep.sweep(date(2031, 2, 12))
        assert left(answered) == (True, True), "her answer runs the clock, not its due date"
        sweep.sweep(five_years)
        assert left(answered) == (True, True)
        sweep.sweep(five_years + timedelta(days=1))
        assert left(answered) == (False, False)


def test_a_learners_own_complaint_follows_her_account_not_this_clock(demo):
    antoine = signed_in(demo, "apprenant@petale.test")
    submit(antoine, "/mon-espace/reclamations", {"subject": "Retard", "course": "", "body": "Convocation reçue tard."})
    with demo.app_context():
        [declared] = [d for d in declarations() if d.key == "improvement.public_complaints"]
        assert declared.expire(date(2040, 1, 1), frozenset()) == 0
        assert Complaint.select().where(Complaint.subject == "Retard").exists()
