"""Every participant's convocation, relevé de réalisation and certificat de réalisation at once, as one
ZIP, made by the builders of the single documents (portal.learning.convocation, portal.attendance); and one
participant's convocation alone, made the same way. A restricted participant's documents need the legal
ground, as one document of hers does: without it the whole batch is refused before anyone's identity is
read. Its sommaire.txt lists every document, and each one the single documents' rules leave out (a
certificat de réalisation with no time done), with the reason."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.accounts.names import display_names
from portal.attendance import service as attendance
from portal.learners import roster
from portal.learning import convocation, membership
from portal.learning.wording import enrolment_status
from portal.refusals import Refused
from portal.standing import service as standing
from portal.textfold import file_slug
from portal.vault import audit

WORKFLOW = "documents de la session (convocation, relevé, certificat)"
CONVOCATION_WORKFLOW = "convocation"
INDEX = "sommaire.txt"
FOLDERS = {"convocation": "convocations", "releve": "releves", "certificat": "certificats-de-realisation"}


class DocumentsRefused(Refused):
    pass


@dataclass(frozen=True)
class Bundle:
    filename: str
    content: bytes
    documents: dict[str, int]  # kind -> how many


def kinds_for(session, today: date) -> tuple[str, ...]:
    """What can be printed today: a session not begun has convocations only (no day done to attest)."""
    return ("convocation", "releve", "certificat") if session.starts_on <= today else ("convocation",)


def _slug(name: str) -> str:
    return file_slug(name, "stagiaire")


def session_documents(session_id: int, actor: audit.Actor, ground: str, today: date) -> Bundle:
    session = roster.session_with_course(session_id)
    if session is None:
        raise DocumentsRefused(_l("Cette session n'existe pas."), 404)
    enrollments = roster.every_participant(session.id)
    if not enrollments:
        raise DocumentsRefused(_l("Cette session n'a aucun participant : aucun document à préparer."))
    for enrollment in enrollments:  # refused as a whole, before any identity is read
        standing.ground_for_use(enrollment.account_id, ground)
    kinds = kinds_for(session, today)
    calendar = convocation.calendar_of(session)
    trainers = sorted(display_names(convocation.trainer_ids(session)).values())
    counts = dict.fromkeys(kinds, 0)
    index: list[str] = []  # every document of the ZIP, and each one left out with the reason
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for enrollment in enrollments:
            person = attendance.holder(enrollment, actor, WORKFLOW, ground)
            stem = f"{enrollment.id}-{_slug(person.get('full_name') or '')}.pdf"
            documents, left_out = _documents_of(enrollment, person, kinds, calendar, trainers, today)
            for kind, content in documents.items():
                bundle.writestr(f"{FOLDERS[kind]}/{kind}-{stem}", content)
                index.append(f"{FOLDERS[kind]}/{kind}-{stem}")
                counts[kind] += 1
            index += [f"{FOLDERS[kind]}/{kind}-{stem} : non délivré. {why}" for kind, why in left_out.items()]
        bundle.writestr(INDEX, "\n".join([f"Documents de la session « {session.title} » ({session.course.title}), "
                                          f"préparés le {today:%d/%m/%Y}", "", *sorted(index), ""]))
    return Bundle(f"documents-session-{session.id}-{today:%Y%m%d}.zip", buffer.getvalue(), counts)


def _documents_of(enrollment, person: dict, kinds: tuple[str, ...], calendar, trainers: list[str],
                  today: date) -> tuple[dict[str, bytes], dict[str, str]]:
    """One participant's documents of the batch, and those the single documents' rules leave out with the
    reason: no convocation once she has left the session (withdrawn or transferred elsewhere); her relevé up
    to the day she left; no certificat de réalisation with no time done, nor for an enrolment she was
    transferred out of (the session she moved to issues it)."""
    documents: dict[str, bytes] = {}
    left_out: dict[str, str] = {}
    if enrollment.status == membership.ACTIVE:
        documents["convocation"] = convocation.convocation_pdf(enrollment, person, calendar, trainers, today)
    if "releve" in kinds:
        days = membership.followed_days(enrollment, today)
        statement = attendance.statement(enrollment, days.start, days.end)
        if enrollment.status != membership.ACTIVE:
            left_out["convocation"] = f"Inscription {statement.closed} : plus convoquée à cette session."
        documents["releve"] = attendance.statement_pdf(statement, person)
        refused = attendance.certificate_refusal(statement, today)
        if refused is None:
            documents["certificat"] = attendance.completion_certificate_pdf(statement, person, today)
        else:
            left_out["certificat"] = str(refused)
    elif enrollment.status != membership.ACTIVE:
        left_out["convocation"] = f"Inscription {enrolment_status(enrollment.status)} : plus convoquée à cette session."
    return documents, left_out


def session_of(enrollment_id: int):
    """The session of an enrolment, with its course (None: no such enrolment)."""
    enrollment = attendance.enrollment_with_course(enrollment_id)
    return enrollment.session if enrollment is not None else None


def convocation_of(enrollment_id: int, actor: audit.Actor, ground: str, today: date) -> Bundle:
    """One participant's convocation, as the session's batch prints it; her name read in its own workflow
    (audited), with the legal ground when her processing is restricted (standing.GroundRequired otherwise)."""
    enrollment = attendance.enrollment_with_course(enrollment_id)
    if enrollment is None:
        raise DocumentsRefused(_l("Cette inscription n'existe pas."), 404)
    if enrollment.status != membership.ACTIVE:
        raise DocumentsRefused(_l("Cette personne ne suit plus la session (retirée ou transférée) : elle n'est "
                                  "plus convoquée à cette session."), 409)
    person = attendance.holder(enrollment, actor, CONVOCATION_WORKFLOW, ground)
    session = enrollment.session
    trainers = sorted(display_names(convocation.trainer_ids(session)).values())
    content = convocation.convocation_pdf(enrollment, person, convocation.calendar_of(session), trainers, today)
    return Bundle(f"convocation-{enrollment.id}-{_slug(person.get('full_name') or '')}.pdf", content,
                  {"convocation": 1})
