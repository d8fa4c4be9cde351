"""Issuing, reissuing and verifying attestations de fin de formation.

A certificate is issued (by a job) when a learner has completed every lesson of the course and passed
every quiz. The code printed on it is a random part signed with the secret key: a forged or altered
code is rejected before any lookup. Issued certificates never change; after a name rectification
staff issue a new version, and the old one says it was superseded.
"""
from __future__ import annotations

import io
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import peewee
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, Signer

from portal import db, mail
from portal.certificates import public_check, short_code
from portal.certificates.models import Certificate, CertificateCheck
from portal.documents import french, pdf_document
from portal.formatting import file_name
from portal.jobs import enqueue, job
from portal.learning.models import (
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
    QuizAttempt,
    TimeOnTask,
    TrainingSession,
)
from portal.learning.wording import planned_duration
from portal.links import external_url
from portal.paging import Page, paginate
from portal.refusals import Refused
from portal.standing import service as standing
from portal.timeutil import decimal_hours, paris_day, paris_day_start, paris_today, utcnow
from portal.vault import audit
from portal.vault import service as vault


class CertificateRefused(Refused):
    pass


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt="petale-certificate")


def new_code() -> str:
    return _signer().sign(secrets.token_hex(5).upper()).decode()


def valid_code(code: str) -> bool:
    try:
        _signer().unsign(code)
        return True
    except BadSignature:
        return False


def after_lesson_completed(account_id: uuid.UUID, lesson: Lesson) -> None:
    """Call inside the completing transaction."""
    enqueue(consider, str(account_id), lesson.module.course_id)


def course_passed(account_id: uuid.UUID, course_id: int) -> bool:
    lessons = list(Lesson.select(Lesson.id, Lesson.kind, Lesson.pass_mark).join(Module)
                   .where(Module.course == course_id))
    if not lessons:
        return False
    ids = [lesson.id for lesson in lessons]
    done = LessonProgress.select().where((LessonProgress.account_id == account_id) & LessonProgress.lesson.in_(ids)
                                         & LessonProgress.completed_at.is_null(False)).count()
    quizzes = [lesson.id for lesson in lessons if lesson.kind == "quiz"]
    passed = (QuizAttempt.select(QuizAttempt.lesson).distinct()
              .where((QuizAttempt.account_id == account_id) & QuizAttempt.lesson.in_(quizzes or [0])
                     & QuizAttempt.passed).count()) if quizzes else 0
    return done == len(ids) and passed == len(quizzes)


@job(_l("Vérifier si une attestation est due"))
def consider(account_id: str, course_id: int) -> None:
    me = uuid.UUID(account_id)
    if not course_passed(me, course_id):
        return
    try:
        certificate = issue(me, course_id)
    except CertificateRefused:
        return  # already issued for this version of the course
    mail.send(me, "certificate_issued", once_key=f"certificate:{certificate.code}", course=certificate.course.title,
              url=external_url("certificates.mine"))


def _assessments(account_id: uuid.UUID, course_id: int) -> dict[str, int]:
    rows = (QuizAttempt.select(Lesson.title, peewee.fn.MAX(QuizAttempt.score)).join(Lesson).join(Module)
            .where((QuizAttempt.account_id == account_id) & (Module.course == course_id))
            .group_by(Lesson.title).tuples())
    return {title: int(score) for title, score in rows}


def issue(account_id: uuid.UUID, course_id: int, *, supersedes: Certificate | None = None) -> Certificate:
    """One certificate per learner and course version; a new version only to supersede one."""
    course = Course.get_by_id(course_id)
    enrollment = (Enrollment.select(Enrollment, TrainingSession).join(TrainingSession)
                  .where((Enrollment.account_id == account_id) & (TrainingSession.course == course_id))
                  .order_by(TrainingSession.starts_on.desc()).first())
    if enrollment is None:
        raise CertificateRefused(_l("Cette personne n'est inscrite à aucune session de cette formation."))
    seconds = (TimeOnTask.select(peewee.fn.COALESCE(peewee.fn.SUM(TimeOnTask.seconds), 0)).join(Lesson).join(Module)
               .where((TimeOnTask.account_id == account_id) & (Module.course == course_id)).scalar() or 0)
    code = new_code()
    try:
        with db.atomic(with_vault=True):
            if supersedes is None and Certificate.select().where(
                    (Certificate.account_id == account_id) & (Certificate.course == course_id)
                    & (Certificate.course_version == course.version)).exists():
                raise CertificateRefused(_l("Une attestation a déjà été délivrée pour cette version de la formation."))
            certificate = Certificate.create(
                code=code, short_code=short_code.new(), account_id=account_id, course=course,
                course_version=course.version,
                session=enrollment.session, version=(supersedes.version + 1) if supersedes else 1,
                completed_on=paris_today(), hours=str(decimal_hours(seconds)),
                results=json.dumps(_assessments(account_id, course_id), ensure_ascii=False))
            holder = vault.record_certificate_holder(code, account_id)
            public_check.record(certificate, holder)
            if supersedes is not None:
                if not Certificate.update(superseded_at=utcnow(), superseded_by=code).where(
                        (Certificate.id == supersedes.id) & Certificate.superseded_at.is_null()).execute():
                    raise CertificateRefused(_l("Cette attestation a déjà été remplacée."))
                public_check.superseded(supersedes.code, code, paris_today())
    except peewee.IntegrityError:
        raise CertificateRefused(
            _l("Une attestation a déjà été délivrée pour cette version de la formation.")) from None
    return certificate


def reissue(code: str, actor: audit.Actor) -> Certificate:
    """After a name rectification: a new version with the current name; the old one stays, superseded."""
    old = Certificate.get_or_none(Certificate.code == code)
    if old is None:
        raise CertificateRefused(_l("Cette attestation n'existe pas."))
    if old.superseded_at is not None:
        raise CertificateRefused(_l("Cette attestation a déjà été remplacée."))
    audit.record(actor, old.account_id, "lecture", ["full_name"], workflow="nouvelle version d'attestation")
    return issue(old.account_id, old.course_id, supersedes=old)


@dataclass(frozen=True)
class Verification:
    """What the public page says of a code: the certificate's public facts, and the one replacing it."""
    certificate: CertificateCheck
    replacement: CertificateCheck | None


def verify(code: str) -> Verification | None:
    """None for a forged, altered or unknown code. Read from the public check's own table: the same
    answer whether the holder still has an account or not."""
    if not valid_code(code):
        return None
    check = public_check.find(code)
    if check is None:
        return None
    return Verification(check, public_check.find(check.superseded_by) if check.superseded_by else None)


def name_matches(code: str, typed: str) -> bool | None:
    """Whether the name a verifier typed is the one printed; None for an unknown code."""
    check = public_check.find(code) if valid_code(code) else None
    return None if check is None else public_check.name_matches(check, typed)


def code_for_typed(typed: str) -> str | None:
    """The signed code of the certificate whose short code was typed; None for a code that cannot be one
    (refused before any lookup) or that no certificate has."""
    code = short_code.normalise(typed)
    return None if code is None else public_check.code_for_short(code)


def of_account(account_id: uuid.UUID) -> list[Certificate]:
    return list(Certificate.select(Certificate, Course).join(Course).where(Certificate.account_id == account_id)
                .order_by(Certificate.issued_at.desc()))


def pdf(certificate: Certificate) -> bytes:
    course = certificate.course
    name = vault.certificate_holder(certificate.code) or ""
    url = external_url("certificates.verify_page", code=certificate.code)
    doc = pdf_document("Attestation de fin de formation")
    issuer = doc.issuer
    doc.line(f"{issuer.name}, organisme de formation ({issuer.nda_sentence}), atteste que")
    doc.field("Stagiaire", name)
    doc.line("a suivi la formation suivante :")
    doc.field("Intitulé", course.title)
    doc.field("Nature de l'action", course.nature)
    doc.field("Modalité", "à distance")
    done = french.decimal(Decimal(certificate.hours))
    doc.field("Durée", f"{planned_duration(course)} ; {done} heures réalisées")
    doc.field("Session", f"{certificate.session.title} ({certificate.session.starts_on:%d/%m/%Y} - "
                         f"{certificate.session.ends_on:%d/%m/%Y})")
    doc.heading("Objectifs")
    for line in course.objectives.splitlines():
        if line.strip():
            doc.line(line.strip().lstrip("-* ").strip())
    doc.heading("Résultats de l'évaluation des acquis")
    for title, score in json.loads(certificate.results).items():
        doc.line(f"{title} : {score} %")
    doc.ln(3)
    doc.line(f"Fait à {issuer.city}, le {paris_day(certificate.issued_at):%d/%m/%Y}, "
             f"pour {issuer.name} : {issuer.representative}")
    if certificate.version > 1:
        doc.line(f"Version {certificate.version} : remplace l'attestation précédente (rectification du nom).")
    doc.ln(3)
    if certificate.short_code:
        doc.line(f"Code de vérification : {short_code.printed(certificate.short_code)} (à saisir sur "
                 f"{external_url('certificates.check_form')})", bold=True)
    doc.line(url, size=8)
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="png", scale=4, border=2)
    image.seek(0)
    doc.image(image, w=32)
    return doc.bytes()


def staff_copy(code: str, actor: audit.Actor, ground: str = "") -> Certificate | None:
    """A certificate printed again by staff, the read of its holder's name in the access journal; for a
    restricted person, only with the legal ground of this use (standing.GroundRequired otherwise, nothing
    read). None: no such certificate."""
    certificate = certificate_or_none(code)
    if certificate is None:
        return None
    given = standing.ground_for_use(certificate.account_id, ground)
    audit.record(actor, certificate.account_id, "lecture", ["certificate_holder"],
                 workflow="attestation de fin de formation", reason=standing.ground_words(given) if given else None)
    return certificate


def certificate_or_none(code: str) -> Certificate | None:
    return Certificate.get_or_none(Certificate.code == code)


def certificate_exists(code: str) -> bool:
    return Certificate.select().where(Certificate.code == code).exists()


@dataclass(frozen=True)
class IssuedFilters:
    """What /gestion/attestations is narrowed to: a course, a session, valid or replaced, an issue period."""

    course_id: int | None = None
    session_id: int | None = None
    state: str = ""  # "", "valid", "superseded"
    issued_from: date | None = None
    issued_until: date | None = None


def issued_newest_first(filters: IssuedFilters, page: int) -> Page:
    """Certificates issued, with their course, the latest first, a page of them."""
    query = (Certificate.select(Certificate, Course).join(Course)
             .order_by(Certificate.issued_at.desc(), Certificate.id.desc()))
    if filters.course_id is not None:
        query = query.where(Certificate.course == filters.course_id)
    if filters.session_id is not None:
        query = query.where(Certificate.session == filters.session_id)
    if filters.state == "valid":
        query = query.where(Certificate.superseded_at.is_null())
    elif filters.state == "superseded":
        query = query.where(Certificate.superseded_at.is_null(False))
    if filters.issued_from is not None:
        query = query.where(Certificate.issued_at >= paris_day_start(filters.issued_from))
    if filters.issued_until is not None:
        query = query.where(Certificate.issued_at < paris_day_start(filters.issued_until + timedelta(days=1)))
    return paginate(query, page)


def download_name(certificate: Certificate, kind: str = "attestation", extension: str = "pdf") -> str:
    """The file's name as its holder keeps it: the course and the day it was completed, never the
    verification code."""
    return file_name(kind, certificate.course.slug, certificate.completed_on, extension)


def for_download(account_id: uuid.UUID, code: str) -> Certificate | None:
    return (Certificate.select(Certificate, Course, TrainingSession).join(Course)
            .switch(Certificate).join(TrainingSession)
            .where((Certificate.code == code) & (Certificate.account_id == account_id)).first())

