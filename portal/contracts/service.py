"""Concluding, reading and withdrawing from a training contract.

A person paying her training herself signs its contract before she is enrolled (L6353-3): signing enrols
her, in the same transaction, through the learner's own enrolment rule (portal.learning.catalogue). A
learner whose employer or funder pays only part signs one for her share, once staff have set it. The
text she read is kept as signed, with its version and fingerprint; she has ten days to withdraw, which
ends the enrolment, and no invoice may be addressed to her before those days have run out.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

import peewee
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.contracts import schedule, text
from portal.contracts.models import Instalment, TrainingContract
from portal.contracts.wording import STEP_WORDS
from portal.documents import french
from portal.documents.issuer import Provider
from portal.documents.issuer import provider as provider_of_documents
from portal.formatting import long_date
from portal.invoicing import service as invoicing
from portal.invoicing.models import BillingShare
from portal.jobs import job
from portal.learners import enrolments
from portal.learning import catalogue, membership
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.links import external_url
from portal.refusals import Refused
from portal.timeutil import paris_day, paris_today, to_paris
from portal.vault import service as vault
from portal.vault.service import Party

SELF_FUNDED = catalogue.SELF_FUNDED
WITHDRAWAL_NOTE = "Rétractation dans le délai de dix jours (article L6353-5 du Code du travail)"


class ContractRefused(Refused):
    pass


@dataclass(frozen=True)
class Draft:
    """A contract as it would be signed today."""
    session: TrainingSession
    terms: text.Terms
    sections: list[dict]
    fingerprint: str
    enrollment_id: int | None  # her enrolment, when the contract covers her share of a funded one
    party: Party  # she, as the vault knows her today (no address yet: she gives it when she signs)
    provider: Provider

    @property
    def address_needed(self) -> bool:
        return not self.party.address.strip()

    @property
    def withdrawal_ends_on(self) -> date:
        return schedule.withdrawal_ends_on(self.terms.signed_on)


def _terms(price_cents: int, share_cents: int, funding: str, session: TrainingSession, today: date) -> text.Terms:
    config = current_app.config
    steps = schedule.steps(share_cents, today, session.starts_on, session.ends_on,
                           config["CONTRACT_DEPOSIT_PERCENT"], config["CONTRACT_INSTALMENTS"])
    return text.Terms(price_cents, share_cents, funding, today, tuple(steps), config["CONTRACT_DEPOSIT_PERCENT"],
                      config["CONTRACT_TRAINER_QUALIFICATIONS"], holds_lessons=funding == SELF_FUNDED,
                      early_start_allowed=bool(config["CONTRACT_EARLY_START"]))


def _draft(session: TrainingSession, share_cents: int, funding: str, today: date,
           enrollment_id: int | None, account_id: uuid.UUID) -> Draft:
    terms = _terms(session.course.price_cents, share_cents, funding, session, today)
    sections = text.sections(session, terms)
    return Draft(session, terms, sections, text.fingerprint(sections), enrollment_id,
                 vault.learner_as_party(account_id) or Party("", ""), provider_of_documents())


ADDRESS_NEEDED = _l("Indiquez votre adresse postale : le contrat et vos factures la portent.")


def offer(account_id: uuid.UUID, session_id: int, today: date) -> Draft:
    """The contract of a session she pays herself, before she enrols: refused as enrolling would be."""
    session = catalogue.open_session(session_id, today)
    if Enrollment.select().where(membership.active_enrollment(account_id)
                                 & (Enrollment.session == session.id)).exists():
        raise catalogue.refusal("already")
    catalogue.check_seats(session, lock=False)
    return _draft(session, session.course.price_cents, SELF_FUNDED, today, None, account_id)


def learner_share(enrollment: Enrollment) -> int:
    """What she pays herself of her enrolment: her « prise en charge » as staff set it; with no split set,
    the whole price when she pays it herself (staff enrolled her as « particulier »), else nothing. to_sign
    says the same in one query."""
    current = invoicing.plan(enrollment.id)
    if "learner" in current.shares:
        return current.shares["learner"]
    if enrollment.funding == SELF_FUNDED and not current.shares:
        return current.price_cents
    return 0


def _funded_enrollment(account_id: uuid.UUID, enrollment_id: int) -> Enrollment:
    enrollment = (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                  .where((Enrollment.id == enrollment_id) & membership.active_enrollment(account_id)).first())
    if enrollment is None:
        raise ContractRefused(_l("Cette inscription n'est pas la vôtre ou n'est plus active."), 404)
    if current_of(enrollment.id) is not None:
        raise ContractRefused(_l("Le contrat de cette inscription est déjà signé."), 409)
    if learner_share(enrollment) <= 0:
        raise ContractRefused(_l("Aucune part de cette formation n'est à votre charge : il n'y a pas de contrat à "
                                 "signer."), 404)
    return enrollment


def offer_for_share(account_id: uuid.UUID, enrollment_id: int, today: date) -> Draft:
    """The contract of her share of a training her employer or a funder pays in part."""
    enrollment = _funded_enrollment(account_id, enrollment_id)
    return _draft(enrollment.session, learner_share(enrollment), enrollment.funding, today, enrollment.id,
                  account_id)


def sign(account_id: uuid.UUID, session_id: int | None, enrollment_id: int | None, fingerprint: str,
         now: datetime, early_start: bool = False, postal_address: str = "") -> TrainingContract:
    """She accepts the text she read (its fingerprint): enrolled at once if she pays the training herself,
    her lessons opening the day after her withdrawal period unless she asked to start at once (and the
    provider allows it); the schedule is set; the contract is mailed to her. A text changed since she read
    it is refused."""
    today = to_paris(now).date()
    postal_address = postal_address.strip()
    with db.atomic(with_vault=True):
        if enrollment_id is not None:
            db.person_lock(account_id, "contract")
            draft = offer_for_share(account_id, enrollment_id, today)
        else:
            draft = offer(account_id, session_id or 0, today)
        if fingerprint != draft.fingerprint:
            raise ContractRefused(_l("Le contrat a changé depuis que vous l'avez ouvert (un jour a passé, ou la "
                                     "formation a été mise à jour) : relisez-le avant de le signer."), 409)
        if draft.address_needed:
            if not postal_address:
                raise ContractRefused(ADDRESS_NEEDED, 422)
            if len(postal_address) > 500:
                raise ContractRefused(_l("Votre adresse postale tient en 500 caractères au plus."), 422)
            vault.set_postal_address(account_id, postal_address)
        early_start = early_start and draft.terms.holds_lessons and draft.terms.early_start_allowed
        if enrollment_id is None:
            enrollment = catalogue.enroll(account_id, draft.session.id, SELF_FUNDED, today)
        else:
            enrollment = Enrollment.get_by_id(enrollment_id)
        if draft.terms.holds_lessons and not early_start:
            # Her contract says so, whether she enrolled by signing it or staff enrolled her first.
            catalogue.hold_lessons_until(enrollment.id, schedule.first_billing_day(today))
        contract = TrainingContract.create(
            account_id=account_id, enrollment=enrollment.id, session=draft.session.id,
            price_cents=draft.terms.price_cents, share_cents=draft.terms.share_cents, funding=draft.terms.funding,
            text=text.as_json(draft.sections), terms_version=text.TERMS_VERSION, text_sha256=draft.fingerprint,
            signed_at=now, withdrawal_ends_on=draft.withdrawal_ends_on, early_start=early_start)
        for position, step in enumerate(draft.terms.steps):
            Instalment.create(contract=contract.id, position=position, kind=step.kind, bills_on=step.bills_on,
                              amount_cents=step.amount_cents)
        mail.send(account_id, "contract_signed", course=draft.session.course.title, session=draft.session.title,
                  signed_at=now.isoformat(), amount_cents=draft.terms.share_cents,
                  withdrawal_ends_on=draft.withdrawal_ends_on.isoformat(),
                  contract_url=external_url("contracts.mine", contract_id=contract.id),
                  pdf_url=external_url("contracts.my_pdf", contract_id=contract.id))
    return contract


def current_of(enrollment_id: int) -> TrainingContract | None:
    """The enrolment's latest contract (a learner enrolled again after a withdrawal signs a new one)."""
    return (TrainingContract.select().where(TrainingContract.enrollment == enrollment_id)
            .order_by(TrainingContract.id.desc()).first())


@dataclass(frozen=True)
class Signature:
    """Where an enrolment's training contract stands, as other desks show it (a funding file's pieces)."""
    signed_at: datetime
    withdrawn_at: datetime | None
    stopped_on: date | None


def signature_of(enrollment_id: int) -> Signature | None:
    """Her latest contract for this enrolment, signed online (None: she signed none)."""
    contract = current_of(enrollment_id)
    if contract is None:
        return None
    return Signature(contract.signed_at, contract.withdrawn_at, contract.stopped_on)


def follow_transfer(old_id: int, *, new_id: int, today: date) -> None:
    """Her contract follows her to the session staff moved her to: the price and the text she signed stay,
    the steps not yet invoiced move by as many days as the start did (never before the first day anything
    may be billed), and she is told the new dates. Without this the daily billing, which bills active
    enrolments, would never have invoiced them."""
    contract = current_of(old_id)
    if contract is None or contract.withdrawn_at or contract.stopped_on:
        return
    old_session, new = contract.session, Enrollment.get_by_id(new_id)
    shift = new.session.starts_on - old_session.starts_on
    TrainingContract.update(enrollment=new_id, session=new.session_id).where(
        TrainingContract.id == contract.id).execute()
    first = schedule.first_billing_day(paris_day(contract.signed_at))
    steps = list(Instalment.select().where((Instalment.contract == contract.id) & Instalment.invoice_number.is_null()
                                           & ~Instalment.cancelled).order_by(Instalment.position))
    if not steps:
        return
    bills_on = {step.id: max(step.bills_on + shift, first) for step in steps}
    # One UPDATE for all the steps (each its own day), not one per step.
    Instalment.update(bills_on=peewee.Case(Instalment.id, list(bills_on.items()))).where(
        Instalment.id.in_(list(bills_on))).execute()
    mail.send(contract.account_id, "contract_rescheduled", course=new.session.course.title,
              session=new.session.title,
              steps=[(bills_on[step.id].isoformat(), step.amount_cents) for step in steps],
              contract_url=external_url("contracts.mine", contract_id=contract.id))



def of_learner(account_id: uuid.UUID) -> list[TrainingContract]:
    return list(TrainingContract.select(TrainingContract, TrainingSession, Course).join(TrainingSession).join(Course)
                .where(TrainingContract.account_id == account_id).order_by(TrainingContract.signed_at.desc()))


def mine_or_none(account_id: uuid.UUID, contract_id: int) -> TrainingContract | None:
    return TrainingContract.get_or_none((TrainingContract.id == contract_id)
                                        & (TrainingContract.account_id == account_id))


def _awaiting_signature(today: date) -> peewee.Expression:
    """The condition "an active enrolment with a share of her own (learner_share) and no contract yet", on
    Enrollment joined to its session and course: what her space asks her to sign, what staff see as « contrat
    non signé », what the daily offer mails."""
    # A contract whose enrolment is gone keeps NULL there, which NOT IN would turn into "nothing awaits".
    signed = TrainingContract.select(TrainingContract.enrollment).where(TrainingContract.enrollment.is_null(False))
    hers = BillingShare.select(BillingShare.enrollment).where((BillingShare.payer_type == "learner")
                                                              & (BillingShare.amount_cents > 0))
    split = BillingShare.select(BillingShare.enrollment)
    paying_herself = (Enrollment.funding == SELF_FUNDED) & Enrollment.id.not_in(split) & (Course.price_cents > 0)
    return (membership.active() & (TrainingSession.ends_on >= today) & Enrollment.id.not_in(signed)
            & (Enrollment.id.in_(hers) | paying_herself))


def _with_course() -> peewee.ModelSelect:
    return Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)


def to_sign(account_id: uuid.UUID, today: date) -> list[Enrollment]:
    """Her active enrolments with a share of her own and no contract yet: what her space asks her to sign.
    One query (her space counts them)."""
    return list(_with_course().where(membership.active_enrollment(account_id) & _awaiting_signature(today))
                .order_by(Enrollment.id))


def unsigned_among(enrollment_ids: list[int], today: date) -> set[int]:
    """Those of these enrolments whose contract awaits her signature (one query): « contrat non signé »."""
    if not enrollment_ids:
        return set()
    return {e.id for e in _with_course().where(Enrollment.id.in_(enrollment_ids) & _awaiting_signature(today))}


def _offer_key(enrollment_id: int) -> str:
    """The contract of an enrolment is offered to her once, by whichever comes first: staff enrolling her, or
    the daily offer."""
    return f"contract-offer:{enrollment_id}"


def _offer(enrollment: Enrollment, share_cents: int) -> dict:
    return {"course": enrollment.session.course.title, "session": enrollment.session.title,
            "amount_cents": share_cents,
            "sign_url": external_url("contracts.share_offer", enrollment_id=enrollment.id)}


def ask_signature(enrollment_id: int, **_: object) -> None:
    """Staff enrolled her: if she pays part or all of it herself, she is mailed to read and sign its contract
    (L6353-3), as her space then asks her to."""
    enrollment = _with_course().where(Enrollment.id == enrollment_id).first()
    if enrollment is None or current_of(enrollment.id) is not None:
        return
    share = learner_share(enrollment)
    if share <= 0:
        return
    mail.send(enrollment.account_id, "contract_to_sign", once_key=_offer_key(enrollment.id),
              **_offer(enrollment, share))


def offer_unsigned(today: date) -> int:
    """Each active enrolment of a session not yet over whose contract awaits her signature and was never
    offered to her (enrolled before contracts existed, or by staff before they mailed it) gets the contract's
    mail, once: her space already shows it; nobody told her. How many were mailed."""
    awaiting = list(_with_course().where(_awaiting_signature(today))
                    .order_by(Enrollment.id))
    offered = mail.keys_used([_offer_key(e.id) for e in awaiting])
    items = []
    for enrollment in awaiting:
        key = _offer_key(enrollment.id)
        share = learner_share(enrollment) if key not in offered else 0
        if share > 0:
            items.append((key, enrollment.account_id, _offer(enrollment, share)))
    with db.atomic():
        return mail.send_once_many("contract_to_sign", items)


@job(_l("Contrat de formation proposé à qui paie elle-même et ne l'a jamais reçu"))
def daily_contract_offers() -> None:
    offer_unsigned(paris_today())


def sections_of(contract: TrainingContract) -> list[dict]:
    return json.loads(contract.text)


def can_withdraw(contract: TrainingContract, today: date) -> bool:
    return contract.withdrawn_at is None and contract.stopped_on is None and today <= contract.withdrawal_ends_on


def _end(contract: TrainingContract, channel: str, now: datetime, by: uuid.UUID, letter_sent_on: date | None,
         today: date) -> TrainingContract:
    changed = TrainingContract.update(withdrawn_at=now, withdrawal_channel=channel, letter_sent_on=letter_sent_on,
                                      recorded_by=by if channel == "letter" else None).where(
        (TrainingContract.id == contract.id) & TrainingContract.withdrawn_at.is_null()).execute()
    if not changed:
        raise ContractRefused(_l("Cette rétractation est déjà enregistrée."), 409)
    Instalment.update(cancelled=True).where((Instalment.contract == contract.id)
                                            & Instalment.invoice_number.is_null()).execute()
    enrollment = Enrollment.get_or_none(Enrollment.id == contract.enrollment_id)
    if enrollment is not None and enrollment.status == membership.ACTIVE:
        enrolments.withdraw(enrollment.id, by, WITHDRAWAL_NOTE, today, retracted=True)
    return TrainingContract.get_by_id(contract.id)


def withdraw(account_id: uuid.UUID, contract_id: int, now: datetime) -> TrainingContract:
    """« Je me rétracte »: until the tenth day after signing, the enrolment ends and nothing is due."""
    today = to_paris(now).date()
    with db.atomic():
        contract = mine_or_none(account_id, contract_id)
        if contract is None:
            raise ContractRefused(_l("Ce contrat n'existe pas."), 404)
        if not can_withdraw(contract, today):
            raise ContractRefused(_l(
                "Le délai de rétractation a pris fin le %(d)s : pour arrêter la formation, écrivez au service de "
                "gestion, qui appliquera la clause de cessation anticipée du contrat.",
                d=long_date(contract.withdrawal_ends_on)), 409)
        return _end(contract, "online", now, account_id, None, today)


def record_letter(enrollment_id: int, sent_on: date, by: uuid.UUID, now: datetime) -> TrainingContract:
    """Staff record her registered letter of withdrawal: its postmark, not the day it arrived, must fall
    within the ten days."""
    today = to_paris(now).date()
    with db.atomic():
        contract = current_of(enrollment_id)
        if contract is None:
            raise ContractRefused(_l("Cette inscription n'a pas de contrat signé."), 404)
        if sent_on > contract.withdrawal_ends_on:
            raise ContractRefused(_l("Cette lettre est partie après la fin du délai de rétractation (%(d)s) : elle "
                                     "vaut demande d'arrêt, à traiter par la clause de cessation anticipée.",
                                     d=f"{contract.withdrawal_ends_on:%d/%m/%Y}"))
        if sent_on < to_paris(contract.signed_at).date() or sent_on > today:
            raise ContractRefused(_l("La date d'envoi de la lettre se situe entre la signature du contrat (%(s)s) et "
                                     "aujourd'hui.", s=f"{to_paris(contract.signed_at):%d/%m/%Y}"))
        if contract.withdrawn_at is not None or contract.stopped_on is not None:
            raise ContractRefused(_l("Ce contrat a déjà pris fin."), 409)
        return _end(contract, "letter", now, by, sent_on, today)


def charge_refusal(enrollment_id: int, issued_on: date, from_contract: bool = False) -> str | None:
    """Why an invoice to the learner of this enrolment may not be dated `issued_on`, if it may not: inside
    her ten days to withdraw (L6353-6), or after she withdrew. Once signed, the contract's schedule is what
    she is invoiced (from_contract: an invoice of a step, or of what its early-stop clause leaves due): an
    invoice of her share written by hand is refused, the next step may be issued early instead (as Digiforma
    and Dendreo do), so that she is never billed beyond what she signed. None when it may."""
    contract = current_of(enrollment_id)
    if contract is None:
        return _unsigned_refusal(enrollment_id)
    if contract.withdrawn_at is not None:
        return str(_l("Cette personne s'est rétractée : aucune somme ne lui est due pour cette inscription."))
    if issued_on <= contract.withdrawal_ends_on:
        return str(_l("Aucune facture ne peut être adressée à cette personne avant la fin de son délai de "
                      "rétractation (le %(d)s) : sa première facture peut être datée du %(first)s au plus tôt "
                      "(article L6353-6 du Code du travail).", d=f"{contract.withdrawal_ends_on:%d/%m/%Y}",
                      first=f"{schedule.first_billing_day(to_paris(contract.signed_at).date()):%d/%m/%Y}"))
    if from_contract:
        return None
    return _schedule_words(contract)


def next_step(contract: TrainingContract) -> Instalment | None:
    """The first step of the schedule not yet invoiced (none cancelled), or None."""
    return (Instalment.select().where((Instalment.contract == contract.id) & Instalment.invoice_number.is_null()
                                      & ~Instalment.cancelled)
            .order_by(Instalment.position).first())


def _schedule_words(contract: TrainingContract) -> str:
    signed = f"{to_paris(contract.signed_at):%d/%m/%Y}"
    if contract.stopped_on is not None:
        return str(_l("Son contrat de formation a pris fin le %(d)s : ce qui lui reste dû suit la clause d'arrêt du "
                      "contrat, pas une facture écrite à la main.", d=f"{contract.stopped_on:%d/%m/%Y}"))
    step = next_step(contract)
    if step is None:
        return str(_l("Son contrat de formation, signé le %(s)s, est entièrement facturé selon son échéancier "
                      "(%(a)s à sa charge) : rien d'autre ne lui est facturé pour cette inscription.", s=signed,
                      a=french.amount(contract.share_cents)))
    return str(_l("Ses factures sont les échéances de son contrat de formation, signé le %(s)s (%(a)s à sa "
                  "charge) : la prochaine, %(step)s de %(n)s, est prévue le %(on)s. Pour la facturer plus tôt, "
                  "émettez-la depuis « Contrat et échéancier » ; une facture de sa part écrite à la main n'est "
                  "pas possible.", s=signed, a=french.amount(contract.share_cents),
                  step=str(STEP_WORDS[step.kind]).lower(), n=french.amount(step.amount_cents),
                  on=f"{step.bills_on:%d/%m/%Y}"))


def _unsigned_refusal(enrollment_id: int) -> str | None:
    """A share of her own awaits her signature (her space asks her to sign, as to_sign says): nothing may be
    invoiced to her before she signs (L6353-3), then before her ten days to withdraw have run out."""
    enrollment = Enrollment.get_or_none(Enrollment.id == enrollment_id)
    if enrollment is None or enrollment.status != membership.ACTIVE or learner_share(enrollment) <= 0:
        return None
    return str(_l("Son contrat de formation n'est pas encore signé : rien ne peut lui être facturé avant sa "
                  "signature, puis avant la fin de ses dix jours de rétractation (articles L6353-3 à L6353-6 du "
                  "Code du travail). Ses factures seront alors émises selon l'échéancier de son contrat, au plus "
                  "tôt le onzième jour après sa signature."))


def upcoming_of(account_id: uuid.UUID) -> list[Instalment]:
    """The steps of her contracts still to be invoiced, soonest first: what "Mes factures" announces."""
    return list(Instalment.select(Instalment, TrainingContract, TrainingSession, Course)
                .join(TrainingContract).join(TrainingSession).join(Course)
                .where((TrainingContract.account_id == account_id) & Instalment.invoice_number.is_null()
                       & ~Instalment.cancelled & TrainingContract.withdrawn_at.is_null())
                .order_by(Instalment.bills_on, Instalment.id))
