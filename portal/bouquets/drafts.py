"""The workshop's drafts: the bouquet saved at every change, its evaluation, and the immutable submissions."""
from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from functools import lru_cache

from flask_babel import lazy_gettext as _l

from portal import db
from portal.bouquets import engine
from portal.bouquets.engine.builder import Group, place
from portal.bouquets.engine.svg import caption
from portal.bouquets.models import Brief, Draft, Submission
from portal.bouquets.wording import said, spoken
from portal.i18n import reader_language
from portal.learning import events, membership, xapi
from portal.learning.models import Enrollment, Lesson, Module, TrainingSession
from portal.prepared import Prepared, Slot
from portal.refusals import Refused
from portal.timeutil import utcnow

MAX_GROUP = 25  # stems added in one tap
TIE_HEIGHT_CM = (5, 100)  # where the hand may tie, from the foot of the stems
TIE_HEIGHT_OUT_OF_RANGE = _l("Le point de liage doit être entre %(low)s et %(high)s cm du pied des tiges.",
                             low=TIE_HEIGHT_CM[0], high=TIE_HEIGHT_CM[1])


class WorkshopRefused(Refused):
    """A change refused as a whole; carries the French reason."""


@dataclass(frozen=True)
class Workshop:
    brief: Brief
    draft: Draft
    groups: list[Group]
    evaluation: engine.Evaluation | None
    svg: str | None
    stems: int


def brief_or_none(brief_id: int) -> Brief | None:
    return _BRIEF.first(brief=brief_id)


# Every workshop request reads its brief: prepared once (portal.prepared).
_BRIEF = Prepared(lambda: Brief.select().where(Brief.id == Slot("brief")).limit(1))


def engine_brief(brief: Brief) -> engine.Brief:
    return engine.Brief(
        occasion=brief.occasion, budget_ttc=Decimal(brief.budget_cents) / 100, harmony=brief.harmony,
        month=brief.month, style=brief.style,
        vase_height_cm=float(brief.vase_height_cm) if brief.vase_height_cm else None, local_season=brief.local_season,
    )


def draft_for(account_id: uuid.UUID, brief: Brief) -> Draft:
    draft = _DRAFT.first(account=account_id, brief=brief.id)
    return draft or Draft(account_id=account_id, brief=brief.id, groups="[]", tie_height_cm=25)


# Every workshop request reads the draft: prepared once (portal.prepared).
_DRAFT = Prepared(lambda: Draft.select().where((Draft.account_id == Slot("account")) & (Draft.brief == Slot("brief")))
                  .limit(1))


def groups_of(draft: Draft) -> list[Group]:
    return [Group(**item) for item in json.loads(draft.groups)]


def assemble(brief: Brief, groups: list[Group], tie_height_cm: float) -> engine.Bouquet:
    return engine.Bouquet(place(groups), engine_brief(brief), tie_height_cm=tie_height_cm)


def workshop(account_id: uuid.UUID, brief: Brief) -> Workshop:
    draft = draft_for(account_id, brief)
    groups = groups_of(draft)
    if not groups:
        return Workshop(brief, draft, groups, None, None, 0)
    evaluation, svg, stems = _assessed(engine_brief(brief), tuple(groups), draft.tie_height_cm, brief.title,
                                       reader_language())
    return Workshop(brief, draft, groups, evaluation, svg, stems)


@lru_cache(maxsize=256)
def _assessed(brief: engine.Brief, groups: tuple[Group, ...], tie_height_cm: float,
              title: str, language: str) -> tuple[engine.Evaluation, str, int]:
    """The evaluation and drawing depend on the composition (and the caption on the reader's language) only:
    no account in the key, nothing personal kept; every htmx swap of the workshop re-reads the same draft,
    so they are computed once per change."""
    bouquet = engine.Bouquet(place(list(groups)), brief, tie_height_cm=tie_height_cm)
    return engine.evaluate(bouquet), _drawing(bouquet, title), len(bouquet.stems)


def _drawing(bouquet: engine.Bouquet, title: str, ident: str = "bq", side_view: bool = True) -> str:
    return engine.render_svg(bouquet, title=title, ident=ident, side_view=side_view,
                             description=spoken(caption(bouquet, side_view)))


def _save(account_id: uuid.UUID, brief: Brief, groups: list[Group], tie_height_cm: float) -> None:
    """Check the whole bouquet first: an impossible change leaves the saved draft untouched."""
    if groups:
        try:
            assemble(brief, groups, tie_height_cm).validate(engine.load_catalogue(), engine.EngineConfig())
        except engine.BouquetError as error:
            raise WorkshopRefused(str(error)) from None
    now = utcnow()
    payload = json.dumps([asdict(g) for g in groups], ensure_ascii=False)
    with db.atomic():
        Draft.insert(account_id=account_id, brief=brief.id, groups=payload, tie_height_cm=tie_height_cm,
                     updated_at=now).on_conflict(
            conflict_target=[Draft.account_id, Draft.brief],
            update={Draft.groups: payload, Draft.tie_height_cm: tie_height_cm, Draft.updated_at: now},
        ).execute()


def add_group(account_id: uuid.UUID, brief: Brief, group: Group) -> None:
    if not 1 <= group.count <= MAX_GROUP:
        raise WorkshopRefused(_l("Ajoutez entre 1 et %(n)s tiges à la fois.", n=MAX_GROUP))
    draft = draft_for(account_id, brief)
    _save(account_id, brief, merged(groups_of(draft), group), draft.tie_height_cm)


def merged(groups: list[Group], added: Group) -> list[Group]:
    """The same flower, colour, length and placement tapped again joins its row ("6 × Dahlia", not two rows of
    3): the list then counts a variety as the evaluation does."""
    for index, group in enumerate(groups):
        if replace(group, count=added.count) == added:
            return [*groups[:index], replace(group, count=group.count + added.count), *groups[index + 1:]]
    return [*groups, added]


def remove_group(account_id: uuid.UUID, brief: Brief, index: int) -> None:
    draft = draft_for(account_id, brief)
    groups = groups_of(draft)
    if not 0 <= index < len(groups):
        raise WorkshopRefused(_l("Ce groupe de tiges n'existe plus."))
    del groups[index]
    _save(account_id, brief, groups, draft.tie_height_cm)


def move_group(account_id: uuid.UUID, brief: Brief, index: int, delta: int) -> None:
    """Change the insertion order: the first group is the one placed first in the hand."""
    draft = draft_for(account_id, brief)
    groups = groups_of(draft)
    target = index + delta
    if not (0 <= index < len(groups) and 0 <= target < len(groups)):
        raise WorkshopRefused(_l("Ce groupe ne peut pas aller plus loin."))
    groups[index], groups[target] = groups[target], groups[index]
    _save(account_id, brief, groups, draft.tie_height_cm)


def clear(account_id: uuid.UUID, brief: Brief) -> None:
    """Start again from an empty bouquet (the tie point stays where she set it)."""
    _save(account_id, brief, [], draft_for(account_id, brief).tie_height_cm)


def set_tie_height(account_id: uuid.UUID, brief: Brief, tie_height_cm: int) -> None:
    if not TIE_HEIGHT_CM[0] <= tie_height_cm <= TIE_HEIGHT_CM[1]:
        raise WorkshopRefused(TIE_HEIGHT_OUT_OF_RANGE)
    draft = draft_for(account_id, brief)
    _save(account_id, brief, groups_of(draft), tie_height_cm)


def submit(account_id: uuid.UUID, brief: Brief) -> Submission:
    state = workshop(account_id, brief)
    if state.evaluation is None:
        raise WorkshopRefused(_l("Le bouquet est vide : ajoutez des tiges avant de soumettre."))
    snapshot = {
        "groups": [asdict(g) for g in state.groups], "tie_height_cm": state.draft.tie_height_cm,
        "brief": {"title": brief.title, "occasion": brief.occasion, "budget_cents": brief.budget_cents,
                  "harmony": brief.harmony, "month": brief.month, "style": brief.style,
                  "vase_height_cm": brief.vase_height_cm, "local_season": brief.local_season},
        "evaluation": evaluation_summary(state.evaluation),
    }
    lesson = Lesson.select(Lesson, Module).join(Module).where(Lesson.id == brief.lesson_id).get()
    session = (TrainingSession.select(TrainingSession.id).join(Enrollment)
               .where(membership.active_enrollment(account_id)
                      & (TrainingSession.course == lesson.module.course_id))
               .order_by(TrainingSession.starts_on.desc()).first())
    with db.atomic():
        submission = Submission.create(account_id=account_id, brief=brief.id, total=state.evaluation.total,
                                       session=session.id if session else None,
                                       snapshot=json.dumps(snapshot, ensure_ascii=False))
        events.record(account_id, xapi.SUBMITTED, lesson, course_id=lesson.module.course_id, result={
            "score": {"scaled": state.evaluation.total / 100, "raw": state.evaluation.total, "min": 0, "max": 100},
            "completion": True, "extensions": {xapi.extension_iri(xapi.BOUQUET_SUBMISSION): submission.id},
        })
    return submission


def evaluation_summary(evaluation: engine.Evaluation) -> dict:
    return {
        "total": evaluation.total, "harmony": evaluation.harmony, "feedback": list(evaluation.feedback),
        # what each text was made from, so a reader in another language gets it in theirs
        "said": [said(s) for s in evaluation.feedback if isinstance(s, engine.Sentence)],
        "criteria": [{"code": c.code, "label": c.label, "score": c.score, "measure": c.measure,
                      **({"measured": said(c.measure)} if isinstance(c.measure, engine.Measure) else {}),
                      "advice": list(c.advice), "advised": [said(text) for text in c.advice]}
                     for c in evaluation.criteria],
        "price_ttc": str(evaluation.price.total_ttc),
    }


def history(account_id: uuid.UUID, brief: Brief | None = None) -> list[Submission]:
    query = Submission.select(Submission, Brief).join(Brief).where(Submission.account_id == account_id)
    if brief is not None:
        query = query.where(Submission.brief == brief.id)
    return list(query.order_by(Submission.submitted_at.desc()))


def own_submission_or_none(account_id: uuid.UUID, submission_id: int) -> Submission | None:
    """The attempt with its brief, only when it is this learner's."""
    return Submission.select(Submission, Brief).join(Brief).where(
        (Submission.id == submission_id) & (Submission.account_id == account_id)).first()


def submission_exists(submission_id: int) -> bool:
    return Submission.select().where(Submission.id == submission_id).exists()


def snapshot_svg(submission: Submission, ident: str = "bq", side_view: bool = True) -> str:
    data = json.loads(submission.snapshot)
    brief = Brief(**{k: v for k, v in data["brief"].items() if k != "title"}, title=data["brief"]["title"])
    bouquet = assemble(brief, [Group(**g) for g in data["groups"]], data["tie_height_cm"])
    return _drawing(bouquet, data["brief"]["title"], ident, side_view)


def snapshot_price(submission: Submission) -> Decimal:
    return Decimal(json.loads(submission.snapshot)["evaluation"]["price_ttc"])
