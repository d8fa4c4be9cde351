"""Reads for /gestion/apprenants: the active learners and what they are enrolled in."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.accounts.models import Account, name_key
from portal.improvement.complaints import filed_without_account
from portal.learning import membership
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.paging import Page, paginate
from portal.privacy.requests import requests_of_people
from portal.vault import service as vault
from portal.vault.audit import Actor

# Screens a search may come from: the access log keeps the screen with the reason every search asks for.
WORKFLOWS = {"financement": "dossiers de financement", "facturation": "facturation"}
WORKFLOW_WORDS = {"financement": _l("Dossiers de financement"), "facturation": _l("Factures")}


def active_learner_or_none(account_id: uuid.UUID) -> Account | None:
    return Account.get_or_none((Account.id == account_id) & (Account.role == "learner") & (Account.status == "active"))


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory is narrowed to: part of the display name, a course, a session, whether enrolled."""

    name: str = ""
    course_id: int | None = None
    session_id: int | None = None
    enrolled: str = ""  # "" everyone, "yes" an active enrolment, "no" none


ENROLLED_WORDS = {"yes": _l("Inscrits en ce moment"), "no": _l("Sans inscription en cours")}


def directory(filters: DirectoryFilters, page: int) -> Page:
    """Active learners by display name (then id, so that pages never overlap), a page of them."""
    query = Account.select().where((Account.role == "learner") & (Account.status == "active"))
    if filters.name:
        query = query.where(Account.name_key.contains(name_key(filters.name)))
    enrolled = Enrollment.select(Enrollment.account_id).join(TrainingSession)
    if filters.session_id is not None:
        query = query.where(Account.id.in_(enrolled.where(Enrollment.session == filters.session_id)))
    if filters.course_id is not None:
        query = query.where(Account.id.in_(enrolled.where(TrainingSession.course == filters.course_id)))
    active = Enrollment.select(Enrollment.account_id).where(membership.active())
    if filters.enrolled == "yes":
        query = query.where(Account.id.in_(active))
    elif filters.enrolled == "no":
        query = query.where(Account.id.not_in(active))
    return paginate(query.order_by(Account.display_name, Account.id), page)


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


@dataclass(frozen=True)
class Searched:
    learners: list[vault.Found]
    without_account: list[uuid.UUID]  # people the portal holds without an account (the dpo's search only)


def search(text: str, actor: Actor, *, reason: str = "", purpose: str | None = None) -> Searched:
    """Active learners by name or address, each one found written in the access log; for the dpo, who
    registers letters from anyone, also the people without an account who wrote to her or filed a complaint
    (each one found journaled too)."""
    learners = vault.search_identities(text, actor, active_learner_ids(), reason=reason,
                                       workflow=WORKFLOWS.get(purpose or ""))
    others = vault.find_requesters(text, actor, vault.REQUESTERS_WORKFLOW, reason) if actor.role == "dpo" else []
    return Searched(learners, others)


@dataclass(frozen=True)
class WithoutAccount:
    """Someone without an account a search found: her name and what she is to the portal."""

    id: uuid.UUID
    full_name: str
    email: str
    requests: list  # her requests in the register, oldest first
    complaints: int  # complaints she filed on the public page


def without_account_again(ids: list[uuid.UUID], actor: Actor) -> list[WithoutAccount]:
    """Those a dpo's search just found without an account, shown again (reading them is journaled)."""
    if actor.role != "dpo" or not ids:
        return []
    contacts = vault.requester_contacts(ids, actor)
    requests = requests_of_people(list(contacts))
    complaints = filed_without_account(list(contacts))
    return [WithoutAccount(i, contact.full_name, contact.email, requests.get(i, []), complaints.get(i, 0))
            for i, contact in contacts.items()]


def requests_of_found(account_ids: list[uuid.UUID], actor: Actor) -> dict[uuid.UUID, list]:
    """For the dpo: the register's requests of each account a search found, as she sees those of people without
    an account (everyone who wrote to her, account or not)."""
    if actor.role != "dpo" or not account_ids:
        return {}
    return requests_of_people(account_ids)


def found_again(account_ids: list[uuid.UUID], actor: Actor, *, reason: str = "",
                purpose: str | None = None) -> list[vault.Found]:
    """Those a search just found, shown again on the page the search led to (journaled like the search)."""
    return vault.found_again(account_ids, actor, reason=reason, workflow=WORKFLOWS.get(purpose or ""))
