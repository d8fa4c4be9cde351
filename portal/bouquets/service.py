"""The workshop: drafts saved at every change, evaluation, immutable submissions, trainers' reviews."""
from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import lru_cache

import peewee
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.accounts.models import Account
from portal.accounts.names import display_names
from portal.bouquets import engine
from portal.bouquets.engine.builder import Group, place
from portal.bouquets.engine.catalogue import slug
from portal.bouquets.engine.colour import family
from portal.bouquets.engine.forms import form_of
from portal.bouquets.engine.svg import caption
from portal.bouquets.models import Brief, Comment, Draft, Submission
from portal.bouquets.wording import said, spoken
from portal.i18n import reader_language
from portal.learning import events, membership, xapi
from portal.learning.models import Enrollment, Lesson, Module, TrainingSession
from portal.links import external_url
from portal.prepared import Prepared, Slot
from portal.refusals import Refused
from portal.timeutil import utcnow

MAX_GROUP = 25


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
    _save(account_id, brief, [*groups_of(draft), group], draft.tie_height_cm)


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
    if not 5 <= tie_height_cm <= 100:
        raise WorkshopRefused(_l("Le point de liage doit être entre 5 et 100 cm du pied des tiges."))
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


@dataclass(frozen=True)
class Comparison:
    """What changed from one try to the next: stems by species and colour, the tie, the criteria."""

    before: Submission
    after: Submission
    added: list[tuple[str, str, int]]  # (species id, colour, stems)
    removed: list[tuple[str, str, int]]
    tie: tuple[float, float] | None
    better: list[str]  # criteria labels (French, translated by the page)
    worse: list[str]

    @property
    def score_change(self) -> int:
        return self.after.total - self.before.total


def _stems_by_kind(data: dict) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for group in data["groups"]:
        key = (group["species_id"], group["colour"])
        counts[key] = counts.get(key, 0) + group["count"]
    return counts


def compare(before: Submission, after: Submission) -> Comparison:
    old, new = json.loads(before.snapshot), json.loads(after.snapshot)
    old_stems, new_stems = _stems_by_kind(old), _stems_by_kind(new)
    kinds = sorted(set(old_stems) | set(new_stems))
    added = [(*kind, new_stems.get(kind, 0) - old_stems.get(kind, 0)) for kind in kinds
             if new_stems.get(kind, 0) > old_stems.get(kind, 0)]
    removed = [(*kind, old_stems.get(kind, 0) - new_stems.get(kind, 0)) for kind in kinds
               if old_stems.get(kind, 0) > new_stems.get(kind, 0)]
    tie = (old["tie_height_cm"], new["tie_height_cm"]) if old["tie_height_cm"] != new["tie_height_cm"] else None
    old_scores = {c["code"]: c["score"] for c in old["evaluation"]["criteria"]}
    better, worse = [], []
    for criterion in new["evaluation"]["criteria"]:
        was, now = old_scores.get(criterion["code"]), criterion["score"]
        if was is None or now is None or was == now:
            continue
        (better if now > was else worse).append(criterion["label"])
    return Comparison(before, after, added, removed, tie, better, worse)


# --- palette ----------------------------------------------------------------------------------

ROLE_LABELS = {"focale": _l("fleur focale"), "masse": _l("fleur de masse"), "remplissage": _l("remplissage"),
               "ligne": _l("fleur en ligne"), "feuillage": _l("feuillage")}
# The palette's sections, in the order a florist builds: the flower of value first, foliage last.
ROLE_SECTIONS = {"focale": _l("Fleurs focales"), "masse": _l("Fleurs de masse"), "remplissage": _l("Remplissage"),
                 "ligne": _l("Fleurs en ligne"), "feuillage": _l("Feuillage")}


@dataclass(frozen=True)
class PaletteItem:
    species: engine.Species
    colour: str
    family: str
    form: str

    @property
    def value(self) -> str:
        return f"{self.species.id}|{self.colour}"


def searchable(text: str) -> str:
    """A name or a query reduced to what a search compares: no case, accents or ligature."""
    return slug((text or "").replace("œ", "oe").replace("Œ", "Oe"))


@lru_cache(maxsize=512)  # the catalogue never changes while the process runs; filters are few
def palette(role: str | None, colour_family: str | None, month: int | None,
            query: str = "") -> tuple[PaletteItem, ...]:
    wanted = searchable(query)
    items = []
    for species in engine.load_catalogue().species:
        if role and species.role != role:
            continue
        if month and month not in species.months:
            continue
        if wanted and wanted not in f"{searchable(species.name)} {searchable(species.latin)}":
            continue
        for hex_colour in species.colours:
            fam = family(hex_colour)
            if colour_family and fam != colour_family:
                continue
            items.append(PaletteItem(species, hex_colour, fam, form_of(species)))
    return tuple(items)


def palette_sections(items: tuple[PaletteItem, ...]) -> list[tuple[str, list[PaletteItem]]]:
    """The palette grouped by role, in ROLE_SECTIONS' order; empty roles left out."""
    by_role: dict[str, list[PaletteItem]] = {}
    for item in items:
        by_role.setdefault(item.species.role, []).append(item)
    return [(role, by_role[role]) for role in ROLE_SECTIONS if role in by_role]


def parse_choice(value: str) -> tuple[str, str]:
    species_id, _, hex_colour = (value or "").partition("|")
    catalogue = engine.load_catalogue()
    if species_id not in catalogue:
        raise WorkshopRefused(_l("Espèce inconnue du catalogue."))
    if hex_colour.upper() not in catalogue[species_id].colours:
        raise WorkshopRefused(_l("Cette couleur n'existe pas pour cette fleur."))
    return species_id, hex_colour.upper()


# --- trainers ---------------------------------------------------------------------------------


def reviewable(trainer_id: uuid.UUID) -> peewee.ModelSelect:
    """Submissions made in the sessions this trainer runs (the session recorded with each: a learner
    who moved to another session keeps her earlier work with its own trainers)."""
    sessions = membership.sessions_taught_by(trainer_id)
    return (
        Submission.select(Submission, Brief, Account)
        .join(Brief)
        .switch(Submission)
        .join(Account, on=(Account.id == Submission.account_id))
        .where(Submission.session.in_(sessions))
    )


def review_queue(trainer_id: uuid.UUID) -> list[Submission]:
    commented = Comment.select(Comment.submission)
    return list(reviewable(trainer_id).where(Submission.id.not_in(commented)).order_by(Submission.submitted_at))


def pending_review_count(trainer_id: uuid.UUID) -> int:
    commented = Comment.select(Comment.submission)
    return reviewable(trainer_id).where(Submission.id.not_in(commented)).count()


def submission_for_trainer(trainer_id: uuid.UUID, submission_id: int) -> Submission | None:
    return reviewable(trainer_id).where(Submission.id == submission_id).first()


def comment(trainer_id: uuid.UUID, submission: Submission, body: str) -> Comment:
    with db.atomic():
        note = Comment.create(submission=submission.id, trainer_id=trainer_id, body=body)
        mail.send(submission.account_id, "bouquet_comment",
                  brief_title=submission.brief.title,
                  url=external_url("bouquets.attempt", submission_id=submission.id))
    return note


def comments_of(submission_ids: list[int]) -> dict[int, list[Comment]]:
    """Trainers' comments by submission, each with `trainer_name`: a learner reads who wrote it."""
    found: dict[int, list[Comment]] = {}
    if submission_ids:
        notes = list(Comment.select().where(Comment.submission.in_(submission_ids)).order_by(Comment.created_at))
        names = display_names(note.trainer_id for note in notes)
        for note in notes:
            note.trainer_name = names.get(note.trainer_id, "")
            found.setdefault(note.submission_id, []).append(note)
    return found



# --- briefs -----------------------------------------------------------------------------------


def create_brief(lesson: Lesson, data: dict, created_by: uuid.UUID) -> Brief:
    if lesson.kind != "bouquet":
        raise WorkshopRefused(_l("Une commande s'attache à une leçon « exercice de bouquet »."))
    with db.atomic():
        return Brief.create(
            lesson=lesson.id, title=data["title"], occasion=data["occasion"], budget_cents=data["budget_euros"] * 100,
            harmony=data["harmony"], month=data["month"], style=data["style"],
            vase_height_cm=data["vase_height_cm"] or None, local_season=bool(data["local_season"]),
            created_by=created_by,
        )


def trainer_lessons(trainer_id: uuid.UUID) -> list[Lesson]:
    """Bouquet exercises of the courses whose sessions this trainer runs."""
    return list(
        Lesson.select(Lesson, Module).join(Module)
        .join(TrainingSession, on=(TrainingSession.course == Module.course))
        .where(TrainingSession.id.in_(membership.sessions_taught_by(trainer_id)) & (Lesson.kind == "bouquet"))
        .distinct().order_by(Lesson.id)
    )


def briefs_of(lesson: Lesson) -> list[Brief]:
    """The customer orders of a bouquet exercise, in the order they were written."""
    return list(Brief.select().where(Brief.lesson == lesson.id).order_by(Brief.id))
