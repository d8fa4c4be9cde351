"""The questionnaires the provider edits: for each kind (hot, cold), its questions in order, each a scale
from 1 to 5 or free text. A question with answers is retired rather than deleted, so results keep it."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal import db
from portal.improvement.models import COLD, HOT, SCALE, TEXT, SurveyAnswer, SurveyQuestion
from portal.improvement.wording import ANSWER_WORDS, KIND_WORDS
from portal.refusals import Refused

# Asked until the provider writes its own (Qualiopi indicators 30 and 2: satisfaction, then results).
DEFAULTS = {
    HOT: [(SCALE, "Dans l'ensemble, êtes-vous satisfait de cette formation ?"),
          (SCALE, "Les leçons vous ont-elles permis d'atteindre les objectifs annoncés ?"),
          (SCALE, "Les réponses des formateurs vous ont-elles aidé ?"),
          (TEXT, "Que devrions-nous améliorer ?")],
    COLD: [(SCALE, "Trois mois après, vous servez-vous de ce que vous avez appris ?"),
           (SCALE, "Recommanderiez-vous cette formation ?"),
           (TEXT, "Qu'est-ce qui a changé dans votre pratique ?")],
}


class SurveyRefused(Refused):
    pass


def ensure_defaults(kind: str) -> None:
    """Call inside a transaction: a questionnaire never asked yet gets the default questions."""
    if not SurveyQuestion.select().where(SurveyQuestion.kind == kind).exists():
        SurveyQuestion.insert_many([{"kind": kind, "position": n, "prompt": prompt, "answer_kind": answer_kind}
                                    for n, (answer_kind, prompt) in enumerate(DEFAULTS[kind], start=1)]).execute()


def asked(kind: str) -> list[SurveyQuestion]:
    return list(SurveyQuestion.select().where((SurveyQuestion.kind == kind) & ~SurveyQuestion.retired)
                .order_by(SurveyQuestion.position, SurveyQuestion.id))


def every_question() -> dict[str, list[SurveyQuestion]]:
    """Both questionnaires for the provider's page (empty while the defaults are still asked: the page
    shows them, and they are written with the first question added or the first invitation sent)."""
    found: dict[str, list[SurveyQuestion]] = {HOT: [], COLD: []}
    for question in SurveyQuestion.select().order_by(SurveyQuestion.position, SurveyQuestion.id):
        found.setdefault(question.kind, []).append(question)
    return found


def add_question(kind: str, prompt: str, answer_kind: str) -> SurveyQuestion:
    if kind not in KIND_WORDS or answer_kind not in ANSWER_WORDS:
        raise SurveyRefused(_l("Choisissez un questionnaire et un type de réponse proposés."))
    with db.atomic():
        ensure_defaults(kind)
        last = max((q.position for q in SurveyQuestion.select().where(SurveyQuestion.kind == kind)), default=0)
        return SurveyQuestion.create(kind=kind, position=last + 1, prompt=prompt, answer_kind=answer_kind)


def retire(question_id: int) -> SurveyQuestion:
    """No longer asked; deleted outright when nobody has answered it yet."""
    question = SurveyQuestion.get_or_none(SurveyQuestion.id == question_id)
    if question is None:
        raise SurveyRefused(_l("Cette question n'existe pas."), 404)
    with db.atomic():
        if SurveyAnswer.select().where(SurveyAnswer.question == question.id).exists():
            SurveyQuestion.update(retired=True).where(SurveyQuestion.id == question.id).execute()
        else:
            question.delete_instance()
    return question
