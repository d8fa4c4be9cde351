"""What the workshop holds about a person: her bouquets in progress, those she submitted, and the
trainers' comments on them."""
from __future__ import annotations

import json

from flask_babel import lazy_gettext as _l

from portal.bouquets.models import Brief, Comment, Draft, Submission
from portal.personal_data.registry import CONTRACT, INTEREST, Declaration, Person
from portal.personal_data.table import BY_KEY
from portal.timeutil import to_paris


def _held(person: Person) -> list[tuple[str, str]]:
    me = person.account_id
    return [(str(_l("Bouquets soumis")), str(Submission.select().where(Submission.account_id == me).count())),
            (str(_l("Bouquets en cours")), str(Draft.select().where(Draft.account_id == me).count()))]


def _exported(person: Person) -> dict:
    me = person.account_id
    return {
        "bouquet_submissions": [
            {"brief": s.brief.title, "submitted_at": s.submitted_at.isoformat(), "total": s.total,
             "snapshot": json.loads(s.snapshot),
             "comments": [{"body": c.body, "created_at": c.created_at.isoformat()} for c in s.comments]}
            for s in Submission.select(Submission, Brief).join(Brief).where(Submission.account_id == me)],
        "bouquet_drafts": [{"brief": d.brief.title, "updated_at": d.updated_at.isoformat(),
                            "tie_height_cm": d.tie_height_cm, "groups": json.loads(d.groups)}
                           for d in Draft.select(Draft, Brief).join(Brief).where(Draft.account_id == me)],
    }


def _comments_written(person: Person) -> list[tuple[str, str]]:
    """The trainers' comments on her bouquets (her exchanges with them, as the policy's export promises)."""
    rows = (Comment.select(Comment, Submission, Brief).join(Submission).join(Brief)
            .where(Submission.account_id == person.account_id).order_by(Comment.created_at, Comment.id))
    return [(str(_l("Commentaire d'un formateur, le %(d)s, sur votre bouquet « %(b)s »",
                    d=to_paris(c.created_at).strftime("%d/%m/%Y"), b=c.submission.brief.title)), c.body)
            for c in rows]


def _erase(person: Person) -> None:
    """Her bouquets and the comments written on them; a trainer's own comments on others' bouquets stay
    (her work for the provider)."""
    mine = Submission.select(Submission.id).where(Submission.account_id == person.account_id)
    Comment.delete().where(Comment.submission.in_(mine)).execute()
    Submission.delete().where(Submission.account_id == person.account_id).execute()
    Draft.delete().where(Draft.account_id == person.account_id).execute()


def _briefs_held(person: Person) -> list[tuple[str, str]]:
    written = Brief.select().where(Brief.created_by == person.account_id).count()
    return [(str(_l("Exercices de l'atelier rédigés")), str(written))] if written else []


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="bouquets.workshop", topic="bouquets", label=_l("Bouquets composés dans l'atelier"),
        models=(Draft, Submission, Comment), retention=BY_KEY["pedagogical"], basis=CONTRACT,
        purpose=_l("Évaluer vos exercices pratiques et permettre les commentaires des formateurs."),
        while_restricted=_l("Conservés et visibles par vous et les formateurs de votre session."),
        held=_held, export=_exported, writings=_comments_written, erase=_erase),
    Declaration(
        roles=("trainer", "staff", "dpo"),
        key="bouquets.briefs", topic="work", label=_l("Exercices rédigés pour l'atelier"), models=(Brief,),
        retention=BY_KEY["authorship"], basis=INTEREST,
        purpose=_l("Savoir qui a rédigé chaque exercice de l'atelier."),
        while_restricted=_l("Conservés tels quels."), held=_briefs_held),
)
