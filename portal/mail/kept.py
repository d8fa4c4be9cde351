"""Copies of the mails a sender must be able to prove it sent (portal.mail.models.KeptMail): an answer about a
person's request on her data. The copy is opened when the mail is queued; the delivery job says how it ended
(accepted by the relay, waiting for it, or never to go, and why) and, once accepted, writes the text as it went
out, her name and address masked. Until then the words are the outbox's: a waiting copy is read from its job."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from flask import current_app, render_template
from peewee import chunked

from portal.jobs import GiveUp
from portal.jobs.models import DONE, FAILED, JobRecord
from portal.mail.models import KeptMail
from portal.mail.signing import signature
from portal.redaction import scrub
from portal.timeutil import utcnow

KEPT = "kept_copy"  # the context key that carries the copy's id through the job
NAME_MASK = "[nom de la personne]"
ADDRESS_MASK = "[adresse électronique]"

ACCEPTED, WAITING, FAILED_STATE, NOT_SENT = "accepted", "waiting", "failed", "not_sent"


def subject_of(template: str, context: dict) -> str:
    """A mail's subject, as its text template sets it."""
    text_template = current_app.jinja_env.get_template(f"mail/{template}.txt")
    return str(text_template.make_module(context).subject).strip()


def open_copy(about: str, template: str) -> int:
    """A copy for a mail about to be queued; its id travels with the job (KEPT)."""
    return KeptMail.create(about=about, template=template).id


def queued_as(kept_id: int, job_id: int) -> None:
    KeptMail.update(job_id=job_id).where(KeptMail.id == kept_id).execute()


def masked(text: str, hidden: tuple[str, ...]) -> str:
    """Her name and address replaced by words that say what stood there (the longest first: an address may
    hold her name)."""
    masks = {value: (ADDRESS_MASK if "@" in value else NAME_MASK) for value in hidden if value and value.strip()}
    for value in sorted(masks, key=len, reverse=True):
        text = text.replace(value, masks[value])
    return text


def plain_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


def accepted(context: dict, message: EmailMessage, hidden: tuple[str, ...]) -> None:
    """The relay took the mail: when, and its text as it went out."""
    if context.get(KEPT) is None:
        return
    KeptMail.update(accepted_at=utcnow(), subject=masked(str(message["Subject"]), hidden),
                    text=masked(plain_text(message), hidden), last_failure=None).where(
        KeptMail.id == context[KEPT]).execute()


def not_sent(context: dict, why: str) -> None:
    """The mail will never go (her account erased meanwhile, no address to write to, a final refusal)."""
    if context.get(KEPT) is not None:
        KeptMail.update(not_sent=why).where(KeptMail.id == context[KEPT]).execute()


def relay_failed(context: dict, outcome: Exception) -> None:
    """The relay did not take it: its answer kept for the copy (the job's row goes within a month), final or not."""
    if context.get(KEPT) is None:
        return
    reason = scrub(getattr(outcome, "reason", str(outcome)))  # a refusal may quote her address
    changes = {"last_failure": reason}
    if isinstance(outcome, GiveUp):
        changes["not_sent"] = reason
    KeptMail.update(**changes).where(KeptMail.id == context[KEPT]).execute()


def keep_sent_now(about: str, template: str, message: EmailMessage, hidden: tuple[str, ...],
                  failure: str | None) -> None:
    """A mail sent at once, without the outbox (an erasure's farewell, written while her address still
    exists): its copy, accepted or not, with its text."""
    KeptMail.create(about=about, template=template, accepted_at=None if failure else utcnow(), not_sent=failure,
                    subject=masked(str(message["Subject"]), hidden), text=masked(plain_text(message), hidden))


def forget(abouts: list[str]) -> int:
    """The copies about what leaves its register (in batches: a sweep may remove many)."""
    removed = 0
    for batch in chunked(abouts, 500):
        removed += KeptMail.delete().where(KeptMail.about.in_(batch)).execute()
    return removed


@dataclass(frozen=True)
class KeptCopy:
    """A mail as its sender proves it: when it was queued, how it ended, and what it said."""

    id: int
    about: str
    template: str
    queued_at: datetime
    state: str  # accepted, waiting, failed (given up), not_sent (never to go)
    accepted_at: datetime | None
    reason: str  # why it waits or did not go, in words ("" when accepted)
    subject: str
    text: str  # as sent; while it waits, as the outbox holds it


def _waiting_words(template: str, job: JobRecord) -> tuple[str, str]:
    """The subject and text a queued mail will have, from its job's words (its last argument), her name masked."""
    context = next((arg for arg in reversed(json.loads(job.args)) if isinstance(arg, dict)), {})
    context = {**context, "full_name": NAME_MASK, "display_name": NAME_MASK,
               "signature": signature(bool(context.get("from_dpo")))}
    return subject_of(template, context), render_template(f"mail/{template}.txt", **context)


def _copy(row: KeptMail, job: JobRecord | None) -> KeptCopy:
    subject, text = row.subject or "", row.text or ""
    if row.accepted_at is not None:
        return KeptCopy(row.id, row.about, row.template, row.queued_at, ACCEPTED, row.accepted_at, "", subject, text)
    if row.not_sent:
        return KeptCopy(row.id, row.about, row.template, row.queued_at, NOT_SENT, None, row.not_sent, subject, text)
    if job is None or job.status in (FAILED, DONE):
        why = (job.last_error if job is not None else None) or row.last_failure or ""
        return KeptCopy(row.id, row.about, row.template, row.queued_at, FAILED_STATE, None, why, subject, text)
    subject, text = _waiting_words(row.template, job)
    return KeptCopy(row.id, row.about, row.template, row.queued_at, WAITING, None,
                    job.last_error or row.last_failure or "", subject, text)


def copies_about(abouts: list[str]) -> dict[str, list[KeptCopy]]:
    """The copies about each key, oldest first, in two queries whatever their number."""
    rows = list(KeptMail.select().where(KeptMail.about.in_(abouts or [""])).order_by(KeptMail.queued_at,
                                                                                     KeptMail.id))
    pending = [row.job_id for row in rows if row.accepted_at is None and row.job_id is not None]
    jobs = {job.id: job for job in JobRecord.select().where(JobRecord.id.in_(pending))} if pending else {}
    found: dict[str, list[KeptCopy]] = {about: [] for about in abouts}
    for row in rows:
        found[row.about].append(_copy(row, jobs.get(row.job_id)))
    return found
