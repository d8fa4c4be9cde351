"""Staff enrol, withdraw and transfer people: a learner who phoned (her account, or a new one that gets its
activation mail), a company's group (several people at once, one employer), someone leaving a session or
moving to another session of the same course.

Each operation is one transaction, and its preview runs the very same code in a transaction that is
rolled back: what the confirmation page says would happen (or why it would be refused) is what the
confirmed operation does. The rules of joining a session (dates, seats, one session of a course at a
time, not twice) are the learner's own, written once in portal.learning.catalogue.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from blinker import Namespace
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.accounts.models import Account
from portal.accounts.names import display_names
from portal.funding import service as funding
from portal.funding.models import FundingFile
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.learners import roster
from portal.learners.service import active_learner_or_none as learner_or_none
from portal.learning import catalogue, membership
from portal.learning.models import FUNDING_TYPES, Course, Enrollment, TrainingSession
from portal.links import external_url
from portal.refusals import Refused
from portal.signin import service as signin
from portal.standing import service as standing
from portal.timeutil import paris_today, to_paris, utcnow
from portal.vault import audit
from portal.vault import service as vault

STAFF = catalogue.STAFF
# Sent inside a transfer's transaction, with old_id, new_id and today: what hangs on an enrolment and belongs
# to a capability above this one (her training contract and its payment schedule) follows her there.
transferred = Namespace().signal("enrolment-transferred")
# Sent inside a staff enrolment's transaction, with the new enrolment's id: a person paying it herself is
# asked to sign its training contract, a rule of a capability above this one (portal.contracts).
enrolled_by_staff = Namespace().signal("enrolment-by-staff")
GROUP_MAX = 30  # people in one group enrolment
NOTE_MAX = 500


class EnrolmentRefused(Refused):
    pass


@dataclass(frozen=True)
class Newcomer:
    """A person to enrol, as staff typed her: the address finds her account; name and phone are used only
    to open an account for someone who has none."""
    email: str = ""
    full_name: str = ""
    phone: str = ""
    account_id: uuid.UUID | None = None  # from her file: her account, whatever her address


@dataclass(frozen=True)
class Arrival:
    email: str
    name: str  # her display name (an account she has) or the name typed (a new account)
    new: bool
    account_id: uuid.UUID
    enrollment_id: int
    # The sessions of this course she followed before (oldest first): this enrolment is a new training action,
    # counting only what she does from today (membership's `since`), said before it is confirmed.
    before: tuple[TrainingSession, ...] = ()


@dataclass(frozen=True)
class Enrolled:
    session: TrainingSession
    funding: str
    employer: str
    arrivals: list[Arrival]
    seats_left: int | None  # after the enrolment; None: the session has no limit

    @property
    def newcomers(self) -> int:
        return sum(1 for a in self.arrivals if a.new)


class _RolledBack(Exception):
    def __init__(self, result):
        super().__init__("preview")
        self.result = result


def _preview(operation: Callable, *args, **kwargs):
    """The operation run whole, then rolled back: its result (or its refusal) without a trace left."""
    try:
        with db.atomic(with_vault=True):
            raise _RolledBack(operation(*args, **kwargs))
    except _RolledBack as done:
        return done.result


def _seats_left(session: TrainingSession) -> int | None:
    return None if session.seats is None else session.seats - membership.seats_taken(session.id)


def _dates(session: TrainingSession) -> dict[str, str]:
    return {"course": session.course.title, "session": session.title,
            "starts_on": session.starts_on.isoformat(), "ends_on": session.ends_on.isoformat(),
            "space_url": external_url("learner_home.space")}


def _display_name(full_name: str) -> str:
    """The name a new account shows on the forum until she changes it: her first name."""
    return (full_name.split() or ["Apprenant"])[0][:40]


def _learner_for(email: str) -> Account | None:
    """The active learner account of an address; None when the address has no account; refused when it is
    someone else's kind of account (a trainer, staff) or a closed one."""
    account_id = vault.account_id_for_email(email)
    if account_id is None:
        return None
    account = learner_or_none(account_id)
    if account is None:
        raise EnrolmentRefused(_l("L'adresse %(e)s appartient à un compte qui n'est pas celui d'un apprenant "
                                  "actif : on ne l'inscrit pas.", e=email))
    return account


def _learner_with_id(account_id: uuid.UUID) -> Account:
    account = learner_or_none(account_id)
    if account is None:
        raise EnrolmentRefused(_l("Ce compte n'est pas celui d'un apprenant actif : on ne l'inscrit pas."))
    return account


def enrol(session_id: int, people: list[Newcomer], funding_code: str, by: uuid.UUID, today: date, *,
          employer: str = "", ground: str = "") -> Enrolled:
    """Enrol each person (a group when `employer` is given: all employees of that company) in the session,
    all or none: her account or a new one, her enrolment, a funding file opened for it, her mail. ground: the
    legal ground of this use of a restricted person's data (standing.GroundRequired without it, nothing
    written), which the access journal keeps."""
    if not people:
        raise EnrolmentRefused(_l("Indiquez au moins une personne à inscrire."))
    if len(people) > GROUP_MAX:
        raise EnrolmentRefused(_l("%(n)s personnes au plus par inscription groupée.", n=GROUP_MAX))
    if funding_code not in FUNDING_TYPES:
        raise catalogue.refusal("funding", STAFF)
    seen: set[str] = set()
    for person in people:
        key = str(person.account_id) if person.account_id else vault.email_key(person.email)
        if key in seen:
            raise EnrolmentRefused(_l("L'adresse %(e)s figure deux fois.", e=person.email))
        seen.add(key)
    employer = employer.strip()[:160]
    session = catalogue.open_session(session_id, today, STAFF)
    arrivals = []
    with db.atomic(with_vault=True):
        catalogue.check_seats(session, len(people), STAFF)
        for person in people:
            arrivals.append(_arrive(session, person, funding_code, by, today, employer, ground))
    return Enrolled(session, funding_code, employer, arrivals, _seats_left(session))


def _arrive(session: TrainingSession, person: Newcomer, funding_code: str, by: uuid.UUID, today: date,
            employer: str, ground: str) -> Arrival:
    account = _learner_with_id(person.account_id) if person.account_id else _learner_for(person.email)
    given = standing.ground_for_use(account.id, ground) if account is not None else ""
    link = None
    if account is None:
        if not person.full_name:
            raise EnrolmentRefused(_l("L'adresse %(e)s n'a pas de compte : indiquez le nom complet de la personne "
                                      "pour lui en ouvrir un.", e=person.email))
        try:
            account, link = signin.create_invited_account(person.full_name, person.email, person.phone,
                                                          _display_name(person.full_name))
        except vault.EmailTaken:
            raise EnrolmentRefused(_l("L'adresse %(e)s vient d'être enregistrée par ailleurs : recommencez.",
                                      e=person.email)) from None
    label = person.full_name if link else account.display_name
    before = () if link else tuple(e.session for e in membership.trained_before(account.id, session.course_id))
    try:
        enrollment = catalogue.join(account.id, session, funding_code, today, speaker=STAFF, by=by)
    except catalogue.EnrollmentRefused as refusal:
        raise EnrolmentRefused(f"{label} ({person.email}) : {refusal.message}" if person.email
                               else refusal.message) from None
    if employer:
        vault.set_funding_identity(account.id, "employee", employer)
    if funding.file_of(enrollment.id) is None:
        funding.open_file(enrollment.id, by)
    if link:
        mail.send(account.id, "enrolment_new_account", activate_url=link, **_dates(session))
    else:
        mail.send(account.id, "enrolment_by_staff", **_dates(session))
    enrolled_by_staff.send(enrollment.id)
    if given:
        audit.record(audit.Actor(by, "staff"), account.id, "inscription", ["email"],
                     reason=standing.ground_words(given), workflow="inscription")
    return Arrival(person.email, label, link is not None, account.id, enrollment.id, before)


def preview_enrol(session_id: int, people: list[Newcomer], funding_code: str, by: uuid.UUID, today: date, *,
                  employer: str = "", ground: str = "") -> Enrolled:
    return _preview(enrol, session_id, people, funding_code, by, today, employer=employer, ground=ground)


# --- leaving a session: withdrawal and transfer ---------------------------------------------------------

def _active(enrollment_id: int) -> Enrollment:
    enrollment = (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                  .where(Enrollment.id == enrollment_id).first())
    if enrollment is None:
        raise EnrolmentRefused(_l("Cette inscription n'existe pas."), 404)
    if enrollment.status != membership.ACTIVE:
        raise EnrolmentRefused(_l("Cette inscription n'est plus active : rien à faire."))
    return enrollment


def _note(note: str) -> str:
    return " ".join((note or "").split())[:NOTE_MAX]


def withdraw(enrollment_id: int, by: uuid.UUID, note: str, today: date, *, retracted: bool = False) -> Enrollment:
    """She leaves the session: no more lessons or forum; what she did, her file and invoices stay.
    retracted: she used her ten days to withdraw (the mail says so, and that nothing is owed)."""
    with db.atomic():
        enrollment = _active(enrollment_id)
        changed = Enrollment.update(status=membership.WITHDRAWN, ended_at=utcnow(), ended_by=by,
                                    end_note=_note(note)).where(
            (Enrollment.id == enrollment.id) & (Enrollment.status == membership.ACTIVE)).execute()
        if not changed:
            raise EnrolmentRefused(_l("Cette inscription vient d'être modifiée : rechargez la page."))
        mail.send(enrollment.account_id, "enrolment_withdrawn", on=today.isoformat(), retracted=retracted,
                  **_dates(enrollment.session))
    return Enrollment.get_by_id(enrollment.id)


def transfer(enrollment_id: int, target_session_id: int, by: uuid.UUID, note: str, today: date) -> Enrollment:
    """She moves to another session of the same course: a new active enrolment there, the old one says where
    she went, her funding file follows; progress and time spent belong to the course and stay hers."""
    with db.atomic():
        old = _active(enrollment_id)
        target = TrainingSession.get_or_none(TrainingSession.id == target_session_id)
        if target is None:
            raise catalogue.refusal("missing", STAFF)
        if target.id == old.session_id:
            raise EnrolmentRefused(_l("Choisissez une autre session que la sienne."))
        if target.course_id != old.session.course_id:
            raise EnrolmentRefused(_l("La session « %(s)s » est celle d'une autre formation (« %(c)s ») : un transfert "
                                      "se fait entre sessions de la même formation ; pour une autre formation, "
                                      "retirez l'inscription puis inscrivez la personne.",
                                      s=target.title, c=target.course.title))
        target = catalogue.open_session(target.id, today, STAFF)
        catalogue.check_seats(target, 1, STAFF)
        new = catalogue.join(old.account_id, target, old.funding, today, speaker=STAFF, by=by, leaving=old)
        words = _note(note)
        # Her time of today so far stays in the session she leaves; the rest of the day goes to the new one.
        now = utcnow()
        kept = membership.as_kept(membership.time_spent_on(old.account_id, old.session.course_id,
                                                           to_paris(now).date()))
        if not Enrollment.update(status=membership.TRANSFERRED, ended_at=now, ended_by=by, end_note=words,
                                 transferred_to=new.id, last_day_seconds=kept).where(
                (Enrollment.id == old.id) & (Enrollment.status == membership.ACTIVE)).execute():
            raise EnrolmentRefused(_l("Cette inscription vient d'être modifiée : rechargez la page."))
        funding.follow_transfer(old.id, new.id, by, f"Transfert de la session « {old.session.title} » vers « "
                                                    f"{target.title} »" + (f" : {words}" if words else ""))
        invoicing.follow_transfer(old.id, new.id)
        transferred.send(old.id, new_id=new.id, today=today)
        mail.send(old.account_id, "enrolment_transferred", old_session=old.session.title, **_dates(target))
    return new


def preview_transfer(enrollment_id: int, target_session_id: int, by: uuid.UUID, today: date) -> Enrollment:
    return _preview(transfer, enrollment_id, target_session_id, by, "", today)


def transfer_targets(enrollment: Enrollment, today: date) -> list[catalogue.Offer]:
    """The other open sessions of her course, soonest first, each with what would refuse her there (a full
    one): the rules of joining read beforehand, so that no session is offered to be refused on confirming."""
    return [offer for offer in catalogue.offers_to(enrollment.account_id, today, leaving=enrollment)
            if offer.session.course_id == enrollment.session.course_id and offer.session.id != enrollment.session_id]


@dataclass(frozen=True)
class Consequences:
    """What follows a withdrawal or a transfer, said before it happens."""
    enrollment: Enrollment
    progress: roster.Progress
    file: FundingFile | None  # the funding file, if one was opened
    invoices: list[Invoice]  # not cancelled by a credit note
    invoice_states: dict[str, str]
    name: str  # her display name: who is about to be withdrawn or moved, said before the confirmation


def consequences(enrollment_id: int) -> Consequences:
    enrollment = _active(enrollment_id)
    invoices = invoicing.of_enrollment(enrollment.id)
    name = display_names([enrollment.account_id]).get(enrollment.account_id, "—")
    return Consequences(enrollment, roster.progress_of(enrollment, paris_today()), funding.file_of(enrollment.id),
                        invoices, invoicing.states(invoices) if invoices else {}, name)
