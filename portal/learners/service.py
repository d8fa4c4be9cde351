"""Reads for /gestion/apprenants: the active learners and what they are enrolled in."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l

from portal.accounts.models import Account
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.vault import service as vault
from portal.vault.audit import Actor

# Screens a search may come from: the access log keeps the screen with the reason every search asks for.
WORKFLOWS = {"financement": "dossiers de financement", "facturation": "facturation"}
WORKFLOW_WORDS = {"financement": _l("Dossiers de financement"), "facturation": _l("Factures")}


def active_learner_or_none(account_id: uuid.UUID) -> Account | None:
    return Account.get_or_none((Account.id == account_id) & (Account.role == "learner") & (Account.status == "active"))


def active_learners() -> list[Account]:
    """By display name."""
    return list(Account.select().where((Account.role == "learner") & (Account.status == "active"))
                .order_by(Account.display_name))


def enrollments_of_learners(account_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Enrollment]]:
    """account id -> its enrolments with session and course, in one query (an empty list still asks)."""
    found: dict[uuid.UUID, list[Enrollment]] = {}
    for e in (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
              .where(Enrollment.account_id.in_(account_ids or [None]))):
        found.setdefault(e.account_id, []).append(e)
    return found


def active_learner_ids() -> set[uuid.UUID]:
    return {row.id for row in Account.select(Account.id).where((Account.role == "learner")
                                                               & (Account.status == "active"))}


def search(text: str, actor: Actor, *, reason: str = "", purpose: str | None = None) -> list[vault.Found]:
    """Active learners by name or address, each one found written in the access log."""
    return vault.search_identities(text, actor, active_learner_ids(), reason=reason,
                                   workflow=WORKFLOWS.get(purpose or ""))
