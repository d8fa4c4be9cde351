"""What contracts hold about a person: each training contract she signed (the text as signed, its version
and fingerprint, the day and hour, a withdrawal or an early stop) and its payment schedule. Contractual
documents: kept while the training runs, then in the legal archive for 10 years after its end."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from portal import db
from portal.archive import service as archive
from portal.contracts.models import Instalment, TrainingContract
from portal.formatting import money, paris_datetime
from portal.i18n import FrenchWithin
from portal.learning.models import Course, TrainingSession
from portal.personal_data.registry import CONTRACT, Archived, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.vault import service as vault


def _contracts_of(account_id) -> list[TrainingContract]:
    return list(TrainingContract.select(TrainingContract, TrainingSession, Course).join(TrainingSession).join(Course)
                .where(TrainingContract.account_id == account_id).order_by(TrainingContract.signed_at))


def _record(contract: TrainingContract) -> dict:
    instalments = Instalment.select().where(Instalment.contract == contract.id).order_by(Instalment.position)
    return {"course": contract.session.course.title, "session": contract.session.title,
            "starts_on": contract.session.starts_on.isoformat(), "ends_on": contract.session.ends_on.isoformat(),
            "price_cents": contract.price_cents, "share_cents": contract.share_cents, "funding": contract.funding,
            "terms_version": contract.terms_version, "text_sha256": contract.text_sha256,
            "signed_at": iso(contract.signed_at), "withdrawal_ends_on": contract.withdrawal_ends_on.isoformat(),
            "withdrawn_at": iso(contract.withdrawn_at) if contract.withdrawn_at else None,
            "withdrawal_channel": contract.withdrawal_channel,
            "letter_sent_on": contract.letter_sent_on.isoformat() if contract.letter_sent_on else None,
            "stopped_on": contract.stopped_on.isoformat() if contract.stopped_on else None,
            "stop_reason": contract.stop_reason, "early_start": contract.early_start, "text": contract.text,
            "schedule": [{"kind": i.kind, "bills_on": i.bills_on.isoformat(), "amount_cents": i.amount_cents,
                          "invoice": i.invoice_number, "cancelled": i.cancelled} for i in instalments]}


def _held(person: Person) -> list[tuple[str, str]]:
    return [(FrenchWithin(_l("Contrat de formation : %(c)s"), c=c.session.course.title),
             str(_l("signé le %(d)s, %(a)s à votre charge", d=paris_datetime(c.signed_at), a=money(c.share_cents))))
            for c in _contracts_of(person.account_id)]


def _exported(person: Person) -> dict:
    return {"administrative": {"training_contracts": [_record(c) for c in _contracts_of(person.account_id)]}}


def _keep(contract: TrainingContract, holder: str) -> None:
    until = archive.years_after(contract.session.ends_on, BY_KEY["contracts"].archive_years)
    with archive.archive_transaction():
        archive.keep(contract.account_id, "contract", f"training_contract-{contract.id}",
                     {"holder": holder, **_record(contract)}, until)


def _archive(person: Person) -> None:
    for contract in _contracts_of(person.account_id):
        _keep(contract, person.full_name)


def _forget(ids: list[int]) -> None:
    Instalment.delete().where(Instalment.contract.in_(ids or [0])).execute()
    TrainingContract.delete().where(TrainingContract.id.in_(ids or [0])).execute()


def _erase(person: Person) -> None:
    _forget([c.id for c in _contracts_of(person.account_id)])


def move_ended_trainings(as_of: date) -> int:
    """The table's clock ("Documents contractuels : durée de la formation"): once a session has ended, its
    contracts go to the legal archive with the name they were signed under, and leave the working database.
    An instalment still to invoice keeps its contract here until it is billed."""
    due = list(TrainingContract.select(TrainingContract, TrainingSession, Course).join(TrainingSession).join(Course)
               .where((TrainingSession.ends_on < as_of)
                      & TrainingContract.id.not_in(Instalment.select(Instalment.contract).where(
                          Instalment.invoice_number.is_null() & ~Instalment.cancelled))))
    holders = vault.legal_names([c.account_id for c in due])
    moved = 0
    for contract in due:
        holder = holders.get(contract.account_id)
        if holder is None:
            continue  # an account being erased: its erasure archives its records
        _keep(contract, holder)
        with db.atomic():
            _forget([contract.id])
        moved += 1
    return moved


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="contracts.training", topic="administrative", label=_l("Contrats de formation"),
        models=(TrainingContract, Instalment), retention=BY_KEY["contracts"], basis=CONTRACT,
        purpose=_l("Conclure le contrat de formation que vous financez vous-même, en garder la preuve et "
                   "facturer son échéancier."),
        while_restricted=_l("Conservés comme preuve du contrat ; ses échéances ne sont plus facturées d'office : "
                            "la gestion les facture elle-même en notant le motif légal."),
        held=_held, export=_exported, archive=_archive, erase=_erase, clock=move_ended_trainings, order=10,
        archived=Archived("contract", BY_KEY["contracts"])),
)
