"""What improving the offer does with a person's data: lesson analytics store nothing of their own (they
are counted from her learning history when a page asks, never about fewer than five people); survey
invitations are hers, and her answers too until the round closes. She is counted, and asked, only while
she has neither objected nor had her processing restricted."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from portal.improvement.complaints import public_past_their_time
from portal.improvement.models import (
    Complaint,
    ImprovementAction,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from portal.learning.models import Course, TrainingSession
from portal.personal_data.registry import CONTRACT, INTEREST, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.standing.objection import objected_since
from portal.standing.service import is_restricted


def _held(person: Person) -> list[tuple[str, str]]:
    if objected_since(person.account_id):
        counted = _l("non\u00a0: vous vous y êtes opposé")
    elif is_restricted(person.account_id):
        counted = _l("non\u00a0: le traitement de vos données est limité")
    else:
        counted = _l("oui, sans que personne ne puisse vous y reconnaître")
    return [(str(_l("Compté dans les chiffres d'ensemble")), str(counted))]


def _surveys_held(person: Person) -> list[tuple[str, str]]:
    invitations = SurveyInvitation.select().where(SurveyInvitation.account_id == person.account_id)
    linked = SurveyResponse.select().where(SurveyResponse.invitation.in_(invitations)).count()
    return [(str(_l("Questionnaires de satisfaction reçus")), str(invitations.count())),
            (str(_l("Réponses encore reliées à votre compte")), str(linked))]


def _surveys_exported(person: Person) -> dict:
    invitations = list(SurveyInvitation.select(SurveyInvitation, TrainingSession, Course)
                       .join(TrainingSession).join(Course)
                       .where(SurveyInvitation.account_id == person.account_id))
    responses = {r.invitation_id: r for r in SurveyResponse.select().where(
        SurveyResponse.invitation.in_([i.id for i in invitations]))}
    answers: dict[int, list[dict]] = {}
    for answer in (SurveyAnswer.select(SurveyAnswer, SurveyQuestion).join(SurveyQuestion)
                   .where(SurveyAnswer.response.in_([r.id for r in responses.values()]))):
        answers.setdefault(answer.response_id, []).append(
            {"question": answer.question.prompt, "scale": answer.scale, "text": answer.text})
    return {"surveys": [
        {"kind": i.kind, "course": i.session.course.title, "session": i.session.title, "sent_on": iso(i.sent_on),
         "closed": i.closed,
         "answers": answers.get(responses[i.id].id, []) if i.id in responses else None}
        for i in invitations]}


def _surveys_erased(person: Person) -> None:
    invitations = SurveyInvitation.select(SurveyInvitation.id).where(SurveyInvitation.account_id == person.account_id)
    SurveyResponse.delete().where(SurveyResponse.invitation.in_(invitations)).execute()
    SurveyInvitation.delete().where(SurveyInvitation.account_id == person.account_id).execute()


def _complaints_held(person: Person) -> list[tuple[str, str]]:
    return [(str(_l("Réclamations")), str(Complaint.select().where(Complaint.account_id == person.account_id).count()))]


def _complaints_exported(person: Person) -> dict:
    return {"complaints": [
        {"subject": c.subject, "body": c.body, "received_on": iso(c.received_on), "answer": c.answer,
         "answered_on": iso(c.answered_on)}
        for c in Complaint.select().where(Complaint.account_id == person.account_id).order_by(Complaint.id)]}


def _complaints_written(person: Person) -> list[tuple[str, str]]:
    """Each complaint she wrote, and the answer she received."""
    written = []
    for c in Complaint.select().where(Complaint.account_id == person.account_id).order_by(Complaint.id):
        written.append((str(_l("Votre réclamation « %(s)s », le %(d)s", s=c.subject,
                                d=c.received_on.strftime("%d/%m/%Y"))), c.body))
        if c.answer and c.answered_on:
            written.append((str(_l("Notre réponse, le %(d)s", d=c.answered_on.strftime("%d/%m/%Y"))), c.answer))
    return written


def _complaints_erased(person: Person) -> None:
    Complaint.delete().where(Complaint.account_id == person.account_id).execute()
    Complaint.update(answered_by=None).where(Complaint.answered_by == person.account_id).execute()


def _expire_public_complaints(as_of: date, held_back: frozenset) -> int:
    """A complaint from the public page, by someone without an account: five years after its answer (the
    register of requests' clock, the nearest line), or, never answered, five years after the day its answer
    was due, the complaint leaves. The name and address she gave leave the vault before it, with the
    register's people without an account (privacy.requesters, which runs first: she may have written to the
    dpo too, and a crash in between leaves a complaint to find them again, never a contact nothing points to)."""
    going = [row.id for row in Complaint.select(Complaint.id).where(public_past_their_time(as_of))]
    return Complaint.delete().where(Complaint.id.in_(going)).execute() if going else 0


def _actions_held(person: Person) -> list[tuple[str, str]]:
    written = ImprovementAction.select().where(ImprovementAction.created_by == person.account_id).count()
    return [(str(_l("Actions d'amélioration inscrites")), str(written))] if written else []


DECLARATIONS = (
    Declaration(
        key="improvement.analytics", topic="improvement", label=_l("Analyses pour améliorer nos formations"),
        models=(), retention=BY_KEY["pedagogical"], basis=INTEREST, roles=("learner",),
        purpose=_l("Améliorer nos formations à partir de chiffres d'ensemble : combien commencent et terminent "
                   "chaque leçon, le temps passé, où l'on s'arrête, les questions qui font trébucher. Aucun "
                   "chiffre ne porte sur moins de 5 personnes ni ne vous nomme, et vous pouvez vous y opposer "
                   "à tout moment."),
        while_restricted=_l("Vous n'êtes compté dans aucun chiffre pendant la limitation."),
        held=_held),
    Declaration(
        key="improvement.surveys", topic="improvement", label=_l("Questionnaires de satisfaction"),
        models=(SurveyInvitation, SurveyResponse), retention=BY_KEY["pedagogical"], basis=INTEREST,
        roles=("learner",),
        purpose=_l("Vous demander votre avis à la fin de la session et trois mois après, avec une relance. Vos "
                   "réponses restent reliées à votre compte le temps de la relance (deux semaines), puis ne le "
                   "sont plus : elles deviennent anonymes et ne figurent plus dans vos données."),
        while_restricted=_l("Aucun questionnaire pendant la limitation ; vos réponses déjà données restent "
                            "reliées à votre compte et ne comptent dans aucun résultat."),
        held=_surveys_held, export=_surveys_exported, erase=_surveys_erased, order=-1),
    Declaration(
        key="improvement.complaints", topic="requests", label=_l("Réclamations"), models=(Complaint,),
        retention=BY_KEY["pedagogical"], basis=CONTRACT, roles=("learner",),
        purpose=_l("Traiter vos réclamations, vous répondre et en tirer des améliorations de nos formations."),
        while_restricted=_l("Vos réclamations sont conservées et reçoivent une réponse."),
        held=_complaints_held, export=_complaints_exported, writings=_complaints_written,
        erase=_complaints_erased),
    Declaration(
        roles=(),  # she has no account: the answer goes to the address she gave on the public page
        key="improvement.public_complaints", topic="requests", label=_l("Réclamations déposées sans compte"),
        # The rows are the complaint table's (declared above, account_id empty) and the vault's requester
        # table (privacy.requesters): each table is declared once; this declares their clock when she has no
        # account, which the line above (the account's) cannot give.
        models=(), retention=BY_KEY["requests"], basis=INTEREST,
        purpose=_l("Répondre à la réclamation d'une personne sans compte (un financeur, un employeur, un "
                   "visiteur), déposée sur la page publique : son nom et son adresse électronique, gardés à part "
                   "dans le coffre, servent à lui envoyer la réponse. La réclamation et ces coordonnées sont "
                   "effacées 5 ans après la réponse, ou, faute de réponse, 5 ans après la date où elle était due."),
        while_restricted=_l("Conservée ; elle reçoit une réponse."), expire=_expire_public_complaints),
    Declaration(
        key="improvement.actions", topic="work", label=_l("Actions d'amélioration inscrites"),
        models=(ImprovementAction,), retention=BY_KEY["authorship"], basis=INTEREST, roles=("staff",),
        purpose=_l("Savoir qui, dans l'équipe, a inscrit chaque action d'amélioration."),
        while_restricted=_l("Conservées telles quelles."), held=_actions_held),
)
