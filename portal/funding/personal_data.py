"""What funding holds about a person: the funding file of each enrolment (funder, case number, the billing
address and SIREN of whoever pays — a company's, or a sole trader's own —, steps, the documents received),
kept while the training runs, then in the legal archive for 10 years."""
from __future__ import annotations

import base64
from datetime import date

from flask_babel import lazy_gettext as _l

from portal import db
from portal.archive import service as archive
from portal.funding import service as funding
from portal.funding.models import FundingDocument, FundingFile, FundingStatusChange
from portal.funding.wording import FUNDER_LABELS, professional_label
from portal.i18n import FrenchWithin
from portal.learning import membership
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.learning.personal_data import enrollments_of, training_facts
from portal.personal_data.registry import LEGAL, Archived, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.vault import service as vault


def _files_of(enrollment_ids: list[int]) -> list[FundingFile]:
    return list(FundingFile.select().where(FundingFile.enrollment.in_(enrollment_ids or [0])))


def _held(person: Person) -> list[tuple[str, str]]:
    enrollments = {e.id: e for e in enrollments_of(person.account_id)}
    situation = vault.own_funding_identity(person.account_id)
    status = situation["professional_status"]
    mine = [(str(_l("Situation professionnelle")), professional_label(status)),
            (str(_l("Employeur")), situation["employer"] or "—")] if status else []
    return mine + [(FrenchWithin(_l("Dossier de financement : %(c)s"),
                                 c=enrollments[f.enrollment_id].session.course.title),
             f"{FUNDER_LABELS.get(f.funder_type, f.funder_type)} · {funding.label(f.status)}")
            for f in _files_of(list(enrollments))]


def _exported(person: Person) -> dict:
    enrollments = {e.id: e for e in enrollments_of(person.account_id)}
    files = _files_of(list(enrollments))
    ids = [f.id for f in files] or [0]
    steps = list(FundingStatusChange.select().where(FundingStatusChange.file.in_(ids)).order_by(FundingStatusChange.at))
    documents = list(FundingDocument.select().where(FundingDocument.file.in_(ids)))
    situation = vault.own_funding_identity(person.account_id)
    return {"administrative": {"funding_files": [
        {"course": enrollments[f.enrollment_id].session.course.title,
         "session": enrollments[f.enrollment_id].session.title, "funder_type": f.funder_type,
         "funder_name": f.funder_name, "case_number": f.case_number, "payer_address": f.payer_address,
         "payer_siren": f.payer_siren, "status": f.status,
         "steps": [{"from": s.from_status, "to": s.to_status, "at": iso(s.at), "note": s.note}
                   for s in steps if s.file_id == f.id],
         "documents": [{"kind": d.kind, "reference": d.reference, "uploaded_copy": bool(d.stored),
                        "added_at": iso(d.added_at)} for d in documents if d.file_id == f.id],
         **situation}
        for f in files]}}


def _payload(file: FundingFile | None) -> dict:
    if file is None:
        return {}
    return {"funder_type": file.funder_type, "funder_name": file.funder_name, "case_number": file.case_number,
            "payer_address": file.payer_address, "payer_siren": file.payer_siren, "status": file.status,
            "documents": {d.kind: d.reference for d in file.documents}}


def archive_contract(enrollment: Enrollment, holder: str) -> None:
    """The contract of one enrolment: its funding file as it stands and the copies received (signed
    agreement, funder's approval), 10 years after the training. Archiving again changes nothing."""
    base = training_facts(enrollment, holder)
    until = archive.years_after(enrollment.session.ends_on, BY_KEY["contracts"].archive_years)
    file = FundingFile.get_or_none(FundingFile.enrollment == enrollment.id)
    with archive.archive_transaction():
        archive.keep(enrollment.account_id, "funding_proof", f"funding_proof-{enrollment.id}",
                     {**base, **_payload(file)}, until)
        for document in funding.stored_documents([enrollment.id]):
            content = vault.document_for_archive(document.stored)
            if content is not None:
                archive.keep(enrollment.account_id, "contract", f"contract-{enrollment.id}-{document.kind}",
                             {**base, "document": document.kind, "content_type": document.content_type,
                              "content_base64": base64.b64encode(content).decode("ascii")}, until)


def _forget(enrollment_ids: list[int]) -> None:
    """Once archived: the vault's copies first (a crash in between leaves rows to find them again, never
    a file nothing points to), then the rows."""
    vault.forget_documents([d.stored for d in funding.stored_documents(enrollment_ids)])
    files = FundingFile.select(FundingFile.id).where(FundingFile.enrollment.in_(enrollment_ids or [0]))
    FundingDocument.delete().where(FundingDocument.file.in_(files)).execute()
    FundingStatusChange.delete().where(FundingStatusChange.file.in_(files)).execute()
    FundingFile.delete().where(FundingFile.enrollment.in_(enrollment_ids or [0])).execute()


def _archive(person: Person) -> None:
    for enrollment in enrollments_of(person.account_id):
        archive_contract(enrollment, person.full_name)


def _erase(person: Person) -> None:
    _forget([e.id for e in enrollments_of(person.account_id)])


def move_ended_trainings(as_of: date) -> int:
    """The contract's clock ("Documents contractuels : durée de la formation"): when a session has ended,
    each of its funding files goes to the archive, whatever its step; a funder's payment is then followed
    on its invoice."""
    due = list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
               .switch(Enrollment).join(FundingFile, on=(FundingFile.enrollment == Enrollment.id))
               .where(TrainingSession.ends_on < as_of))
    holders = vault.legal_names([e.account_id for e in due])
    moved = 0
    for enrollment in due:
        holder = holders.get(enrollment.account_id)
        if holder is None:
            continue  # an account being erased: its erasure archives its records
        archive_contract(enrollment, holder)
        file = FundingFile.get(FundingFile.enrollment == enrollment.id)
        with db.atomic():
            # The enrolment keeps who funded it (the statistics count by funder), not the file.
            membership.record_funding(enrollment.id, file.funder_type)
            _forget([enrollment.id])
        moved += 1
    return moved


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="funding.files", topic="administrative", label=_l("Dossiers de financement"),
        models=(FundingFile, FundingStatusChange, FundingDocument, "funding_identity"),
        retention=BY_KEY["contracts"], basis=LEGAL,
        purpose=_l("Constituer les dossiers de prise en charge financière demandés par votre financeur."),
        while_restricted=_l("Conservés ; la gestion ne les utilise que pour une obligation envers le financeur, "
                            "et en note la raison."),
        held=_held, export=_exported, archive=_archive, erase=_erase, clock=move_ended_trainings, order=10,
        archived=Archived("funding_proof", BY_KEY["contracts"])),
)
