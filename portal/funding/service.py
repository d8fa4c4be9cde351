"""Funding files: open one for an enrolment, keep its funder details, move its status one step at a
time, and record the documents it holds."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

import peewee
from flask_babel import lazy_gettext as _l

from portal import db
from portal.funding import agreement, uploads
from portal.funding.models import (
    ACCEPTED,
    BILLABLE,
    BILLED_AS,
    DOCUMENT_KINDS,
    DRAFT,
    FUNDER_TYPES,
    NEXT,
    PAID,
    STATUSES,
    SUBMITTED,
    FundingDocument,
    FundingFile,
    FundingStatusChange,
)
from portal.funding.wording import FUNDER_LABELS, WAITING, label
from portal.invoicing import payer
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.learning import membership
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.paging import Page, paginate_narrow
from portal.refusals import Refused
from portal.standing import service as standing
from portal.timeutil import to_paris, utcnow
from portal.vault import audit
from portal.vault import service as vault

PROFESSIONAL_STATUSES = ("employee", "jobseeker", "self_employed", "individual", "apprentice")
WORKFLOW = "dossier de financement"


class FundingRefused(Refused):
    pass


class ContractSignature(Protocol):
    """Where the learner's training contract stands (portal.contracts.service.Signature)."""
    signed_at: datetime
    withdrawn_at: datetime | None
    stopped_on: date | None


# The training contract she signed online is the file's agreement. Contracts own whether and when she signed;
# funding may not import them (contracts bill through learners, which open funding files), so create_app
# installs their lookup here (portal.declared.install).
_contract_signature: Callable[[int], ContractSignature | None] | None = None


def install_contract_signature(lookup: Callable[[int], ContractSignature | None]) -> None:
    global _contract_signature
    _contract_signature = lookup


def contract_signature(enrollment_id: int) -> ContractSignature | None:
    """The enrolment's training contract as signed online (None: she signed none)."""
    if _contract_signature is None:
        raise RuntimeError("portal.declared.install() installs the contracts' signature lookup")
    return _contract_signature(enrollment_id)


@dataclass(frozen=True)
class FileDetails:
    funder_type: str
    funder_name: str
    case_number: str
    professional_status: str
    employer: str
    payer_address: str = ""  # the billing address of whoever its invoices go to, in postal lines
    payer_siren: str = ""


def open_file(enrollment_id: int, by: uuid.UUID) -> FundingFile:
    enrollment = Enrollment.get_or_none(Enrollment.id == enrollment_id)
    if enrollment is None:
        raise FundingRefused(_l("Cette inscription n'existe pas."))
    try:
        with db.atomic():
            # The funding chosen at enrolment is the first guess of the funder type.
            funder = enrollment.funding if enrollment.funding in FUNDER_TYPES else "other"
            file = FundingFile.create(enrollment=enrollment, funder_type=funder)
            FundingStatusChange.create(file=file, from_status=None, to_status=DRAFT, by=by)
    except peewee.IntegrityError:
        raise FundingRefused(_l("Cette inscription a déjà son dossier de financement.")) from None
    return file


def open_file_by_staff(enrollment_id: int, actor: audit.Actor, ground: str) -> FundingFile:
    """Staff opening her funding file: a use of her data beyond keeping it, so for a restricted person only
    with its legal ground (standing.GroundRequired otherwise, nothing written), which the access journal
    keeps."""
    enrollment = Enrollment.get_or_none(Enrollment.id == enrollment_id)
    if enrollment is None:
        raise FundingRefused(_l("Cette inscription n'existe pas."))
    given = standing.ground_for_use(enrollment.account_id, ground)
    file = open_file(enrollment.id, actor.id)
    if given:
        audit.record(actor, enrollment.account_id, "ouverture du dossier", ["full_name", "professional_status"],
                     reason=standing.ground_words(given), workflow=WORKFLOW)
    return file


def file_of(enrollment_id: int) -> FundingFile | None:
    return FundingFile.get_or_none(FundingFile.enrollment == enrollment_id)


def files_of(enrollment_ids: list[int]) -> dict[int, FundingFile]:
    """enrolment id -> its funding file, for those that have one (one query)."""
    return {f.enrollment_id: f for f in FundingFile.select().where(FundingFile.enrollment.in_(enrollment_ids or [0]))}


def follow_transfer(old_enrollment_id: int, new_enrollment_id: int, by: uuid.UUID, note: str) -> FundingFile | None:
    """Inside the transfer's transaction: the file is the training's, so it follows the person to her new
    session with its funder, status and documents; its history says when and why."""
    file = file_of(old_enrollment_id)
    if file is None:
        return None
    with db.atomic():
        FundingFile.update(enrollment=new_enrollment_id, updated_at=utcnow()).where(FundingFile.id == file.id).execute()
        FundingStatusChange.create(file=file.id, from_status=file.status, to_status=file.status, by=by,
                                   note=note.strip()[:500])
    return FundingFile.get_by_id(file.id)


def save_details(file: FundingFile, details: FileDetails) -> None:
    if details.funder_type not in FUNDER_TYPES:
        raise FundingRefused(_l("Choisissez le type de financeur dans la liste."))
    if details.professional_status not in PROFESSIONAL_STATUSES:
        raise FundingRefused(_l("Choisissez la situation professionnelle dans la liste."))
    if len(details.funder_name) > 160 or len(details.case_number) > 64 or len(details.employer) > 160:
        raise FundingRefused(_l("Un des champs est trop long."))
    if details.funder_type in ("opco", "france_travail", "region") and not details.funder_name.strip():
        raise FundingRefused(_l("Indiquez le nom du financeur."))
    _keep_type_of_billed_funder(file, details.funder_type)
    try:
        address, siren = payer.postal_address(details.payer_address), payer.siren(details.payer_siren)
    except payer.PayerRefused as refusal:
        raise FundingRefused(refusal.message, field=refusal.field) from None
    with db.atomic(with_vault=True):
        FundingFile.update(funder_type=details.funder_type, funder_name=details.funder_name.strip(),
                           case_number=details.case_number.strip(), payer_address=address, payer_siren=siren,
                           updated_at=utcnow()).where(FundingFile.id == file.id).execute()
        membership.record_funding(file.enrollment_id, details.funder_type)
        vault.set_funding_identity(file.enrollment.account_id, details.professional_status,
                                   details.employer.strip() or None)


def _keep_type_of_billed_funder(file: FundingFile, funder_type: str) -> None:
    """Once a funder is billed, its type stays what the invoice was issued under: the BPF counts what it pays
    on the line of the file's type, and another type would move money already billed to another line."""
    current = FundingFile.get_by_id(file.id)
    if funder_type == current.funder_type:
        return
    billed = [i.number for i in invoicing.of_enrollment(current.enrollment_id) if i.payer_type == "funder"]
    if billed:
        raise FundingRefused(_l(
            "Le financeur de ce dossier est déjà facturé (%(numbers)s) comme « %(type)s » : son type ne change plus. "
            "Annulez d'abord la facture par un avoir, puis corrigez le dossier et facturez le bon financeur.",
            numbers=", ".join(billed), type=FUNDER_LABELS.get(current.funder_type, current.funder_type)))


def move(file: FundingFile, to_status: str, by: uuid.UUID, note: str = "") -> None:
    """One step along NEXT; a skipped step, or a submission without a case number, is refused."""
    if to_status not in STATUSES:
        raise FundingRefused(_l("Ce statut n'existe pas."))
    with db.atomic():
        current = FundingFile.get_by_id(file.id)
        if to_status not in NEXT[current.status]:
            raise FundingRefused(_l(
                "Un dossier « %(a)s » ne peut pas passer à « %(b)s » : il va de brouillon à déposé, puis accepté "
                "ou refusé, puis payé, sans sauter d'étape.", a=label(current.status), b=label(to_status)))
        if to_status == SUBMITTED and not current.case_number:
            raise FundingRefused(_l("Indiquez le numéro de dossier du financeur avant de le déclarer déposé."))
        if to_status == PAID and not note.strip() and not _funder_settled(current.enrollment_id):
            raise FundingRefused(_l(
                "Le portail n'a pas reçu toute la part du financeur : enregistrez son paiement dans « Encaissements » "
                "(le dossier passera alors à « payé » de lui-même), ou, s'il a réglé hors du portail, dites comment "
                "dans la note."))
        changed = FundingFile.update(status=to_status, updated_at=utcnow()).where(
            (FundingFile.id == file.id) & (FundingFile.status == current.status)).execute()
        if not changed:  # someone moved it meanwhile
            raise FundingRefused(_l("Le dossier vient d'être modifié : rechargez la page."))
        FundingStatusChange.create(file=file.id, from_status=current.status, to_status=to_status, by=by,
                                   note=note.strip()[:500])


def follow_funder_payment(invoice: Invoice, *, by: uuid.UUID | None, paid_at: datetime) -> None:
    """An accepted file becomes « payé » once its funder has paid all it takes of the price: the last of its
    invoices settled, nothing of its share left to bill. Staff recording the payment no longer have to move
    the file by hand (it kept saying « en attente du paiement du financeur »)."""
    if invoice.payer_type != "funder" or invoice.kind != "invoice" or by is None or invoice.enrollment_id is None:
        return
    file = file_of(invoice.enrollment_id)
    if file is None or file.status != ACCEPTED:
        return
    if not _funder_settled(invoice.enrollment_id):
        return
    move(file, PAID, by, f"Facture {invoice.number} réglée le {to_paris(paid_at):%d/%m/%Y}")


def _funder_settled(enrollment_id: int) -> bool:
    """The funder has paid, through the portal, all it takes of the price: each of its invoices settled and
    nothing of its share left to bill (nothing billed to it is not settled)."""
    billing = invoicing.plan(enrollment_id)  # its standing invoices too: they are read once
    funder = [i for i in billing.standing if i.payer_type == "funder"]
    return bool(funder) and not any(i.paid_cents < i.total_cents for i in funder) \
        and not billing.left_for("funder")



def add_document(file: FundingFile, kind: str, reference: str, by: uuid.UUID) -> None:
    reference = (reference or "").strip()
    if kind not in DOCUMENT_KINDS:
        raise FundingRefused(_l("Choisissez le type de pièce dans la liste."))
    if not reference or len(reference) > 200:
        raise FundingRefused(_l("Décrivez la pièce (200 caractères au plus)."))
    with db.atomic():
        FundingDocument.insert(file=file.id, kind=kind, reference=reference, added_by=by).on_conflict(
            conflict_target=[FundingDocument.file, FundingDocument.kind],
            update={FundingDocument.reference: reference, FundingDocument.added_by: by,
                    FundingDocument.added_at: utcnow()}).execute()


def attach_document(file: FundingFile, kind: str, content: bytes, max_bytes: int, actor: audit.Actor) -> None:
    """A document from outside (a signed agreement, the funder's approval), checked by its content, kept
    in the vault zone's files, its deposit audited; it replaces the kind's previous copy."""
    if kind not in DOCUMENT_KINDS:
        raise FundingRefused(_l("Choisissez le type de pièce dans la liste."))
    try:
        content_type = uploads.content_type(content, max_bytes)
    except uploads.NotADocument as refusal:
        raise FundingRefused(str(refusal)) from None
    token = vault.store_document(file.enrollment.account_id, actor, content, WORKFLOW)
    previous = FundingDocument.get_or_none((FundingDocument.file == file.id) & (FundingDocument.kind == kind))
    reference = f"fichier joint le {to_paris(utcnow()):%d/%m/%Y}"
    try:
        with db.atomic():
            FundingDocument.insert(file=file.id, kind=kind, reference=reference, added_by=actor.id, stored=token,
                                   content_type=content_type, size=len(content)).on_conflict(
                conflict_target=[FundingDocument.file, FundingDocument.kind],
                update={FundingDocument.reference: reference, FundingDocument.added_by: actor.id,
                        FundingDocument.added_at: utcnow(), FundingDocument.stored: token,
                        FundingDocument.content_type: content_type, FundingDocument.size: len(content)}).execute()
    except Exception:
        vault.forget_documents([token])  # the row was not written: the file goes too
        raise
    if previous is not None and previous.stored:
        vault.forget_documents([previous.stored])


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str


def read_document(file: FundingFile, kind: str, actor: audit.Actor) -> Download | None:
    row = FundingDocument.get_or_none((FundingDocument.file == file.id) & (FundingDocument.kind == kind)
                                      & FundingDocument.stored.is_null(False))
    if row is None:
        return None
    content = vault.read_document(row.stored, file.enrollment.account_id, actor, WORKFLOW)
    if content is None:
        return None
    return Download(content, row.content_type, f"{kind}-{file.id}.{uploads.EXTENSIONS.get(row.content_type, 'bin')}")


def stored_documents(enrollment_ids: list[int]) -> list[FundingDocument]:
    """Uploaded copies of the files of these enrolments (for the archive, and for erasure)."""
    return list(FundingDocument.select(FundingDocument, FundingFile).join(FundingFile)
                .where(FundingFile.enrollment.in_(enrollment_ids or [0]) & FundingDocument.stored.is_null(False)))


def billed_as(funder_type: str) -> str:
    """Which payer an invoice of this funding goes to: "learner", "employer" or "funder"."""
    return BILLED_AS.get(funder_type, "funder")


def funder_on_file(enrollment_id: int) -> invoicing.FunderOnFile | None:
    """The funder the enrolment's funding file names, as its invoices read it (none without a file)."""
    file = FundingFile.get_or_none(FundingFile.enrollment == enrollment_id)
    if file is None:
        return None
    return invoicing.FunderOnFile(file.id, file.funder_type, str(FUNDER_LABELS.get(file.funder_type, file.funder_type)),
                                  file.funder_name.strip(), file.case_number.strip(), billed_as(file.funder_type),
                                  file.payer_address, file.payer_siren, file.status in BILLABLE,
                                  str(label(file.status)))


@dataclass(frozen=True)
class Granted:
    """What the file's funder takes of the price (« montant pris en charge »): its share in the enrolment's
    billing, the one split its invoices and the learner's contract follow (None: the price is not split)."""
    payer_type: str  # invoicing's payer the funding bills: "funder", "employer" or "learner"
    share_cents: int | None
    price_cents: int
    billed_cents: int
    paid_cents: int
    others_cents: int  # what the other payers (the learner's « reste à charge ») take of it

    @property
    def left_to_pay_cents(self) -> int:
        return max((self.share_cents or 0) - self.paid_cents, 0)


def granted(file: FundingFile) -> Granted:
    payer = billed_as(file.funder_type)
    billing = invoicing.plan(file.enrollment_id)
    share = billing.shares.get(payer, 0) if billing.shares else None
    mine = [i for i in billing.standing if i.payer_type == payer]
    return Granted(payer, share, billing.price_cents, billing.billed.get(payer, 0),
                   sum(i.paid_cents for i in mine), billing.shared_cents - (share or 0) if billing.shares else 0)


def file_with_enrollment(file_id: int) -> FundingFile | None:
    return (FundingFile.select(FundingFile, Enrollment, TrainingSession, Course)
            .join(Enrollment).join(TrainingSession).join(Course)
            .where(FundingFile.id == file_id).first())


def status_changes_of(file: FundingFile) -> list[FundingStatusChange]:
    """The file's history of statuses, oldest first."""
    return list(FundingStatusChange.select().where(FundingStatusChange.file == file.id)
                .order_by(FundingStatusChange.at))


def documents_by_kind(file: FundingFile) -> dict[str, FundingDocument]:
    """The pieces of the file, by kind (one of each at most)."""
    return {d.kind: d for d in FundingDocument.select().where(FundingDocument.file == file.id)}


def holder(file: FundingFile, actor: audit.Actor, ground: str = "") -> dict[str, str | None]:
    """The person behind the file, read from the vault within the funding workflow (audited); for a
    restricted person, only with the legal ground given (standing.GroundRequired otherwise)."""
    given = standing.ground_for_use(file.enrollment.account_id, ground)
    return vault.read_for_staff(file.enrollment.account_id, actor,
                                ("full_name", "email", "professional_status", "employer"), workflow=WORKFLOW,
                                reason=standing.ground_words(given) if given else "")


def convention(file: FundingFile, actor: audit.Actor, ground: str, today: date) -> agreement.Printed:
    """The file's convention de formation, her name and employer read within the funding workflow (audited;
    a restricted person's only with the legal ground). Refused in words when she pays it all herself: her
    agreement is then her training contract (L6353-3), not a convention with a buyer."""
    if file.funder_type == "self":
        raise FundingRefused(_l("Elle finance elle-même sa formation : l'accord est son contrat de formation "
                                "(article L6353-3 du Code du travail), pas une convention avec un client."))
    return agreement.convention_pdf(file, holder(file, actor, ground), today)


def programme(file: FundingFile) -> agreement.Printed:
    """The programme of the file's training and session (no one's name: nothing to read from the vault)."""
    return agreement.programme_pdf(file)


NO_FILE = "none"  # the status filter's word for an enrolment with no file opened yet


@dataclass(frozen=True)
class ListFilters:
    """What /gestion/financements is narrowed to: the file's status (or no file), its funder type, a course,
    a session, sessions starting within a period."""

    status: str = ""
    funder_type: str = ""
    course_id: int | None = None
    session_id: int | None = None
    starts_from: date | None = None
    starts_until: date | None = None


def overview(filters: ListFilters, page: int) -> Page:
    """Enrolments and their funding file (None when none is opened), newest sessions first, a page of them:
    rows of (enrolment with its session and course, file or None)."""
    # A transferred enrolment's file followed her (follow_transfer): its row says where, with that file.
    moved, moved_session, moved_file = Enrollment.alias(), TrainingSession.alias(), FundingFile.alias()
    query = (Enrollment.select(Enrollment, TrainingSession, Course, FundingFile, moved, moved_session, moved_file)
             .join(TrainingSession).join(Course).switch(Enrollment)
             .join(FundingFile, peewee.JOIN.LEFT_OUTER, on=(FundingFile.enrollment == Enrollment.id), attr="file")
             .switch(Enrollment)
             .join(moved, peewee.JOIN.LEFT_OUTER, on=(Enrollment.transferred_to == moved.id), attr="transferred_to")
             .join(moved_session, peewee.JOIN.LEFT_OUTER, on=(moved.session == moved_session.id), attr="session")
             .switch(moved)
             .join(moved_file, peewee.JOIN.LEFT_OUTER, on=(moved_file.enrollment == moved.id), attr="file"))
    if filters.status == NO_FILE:
        query = query.where(FundingFile.id.is_null() & (Enrollment.status != membership.TRANSFERRED))
    elif filters.status:
        query = query.where(FundingFile.status == filters.status)
    if filters.funder_type:
        query = query.where(FundingFile.funder_type == filters.funder_type)
    if filters.course_id is not None:
        query = query.where(TrainingSession.course == filters.course_id)
    if filters.session_id is not None:
        query = query.where(Enrollment.session == filters.session_id)
    if filters.starts_from is not None:
        query = query.where(TrainingSession.starts_on >= filters.starts_from)
    if filters.starts_until is not None:
        query = query.where(TrainingSession.starts_on <= filters.starts_until)
    # A deep page (page 200 of 10,000 enrolments) walks the ids before it, not every joined row.
    listed = paginate_narrow(query.order_by(TrainingSession.starts_on.desc(), Enrollment.id), Enrollment.id, page)
    return Page([(e, getattr(e, "file", None)) for e in listed.rows], listed.number, listed.size, listed.total)


def files_waiting(limit: int = 50) -> list[FundingFile]:
    """Files with a step to take, the longest untouched first, with enrolment, session and course."""
    return list(FundingFile.select(FundingFile, Enrollment, TrainingSession, Course)
                .join(Enrollment).join(TrainingSession).join(Course)
                .where(FundingFile.status.in_(list(WAITING)))
                .order_by(FundingFile.updated_at, FundingFile.id).limit(limit))
