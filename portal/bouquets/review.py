"""Trainers' reviews: the submissions of their sessions' learners waiting for a comment, and the comments."""
from __future__ import annotations

import uuid

import peewee

from portal import db, mail
from portal.accounts.models import Account
from portal.accounts.names import display_names
from portal.bouquets.models import Brief, Comment, Submission
from portal.learning import membership
from portal.links import external_url


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
