"""What the dpo's register of requests shows: every request, due ones first, with whom each is about (an
account's display name, or the contact details of someone without an account, read from the vault and
journaled, for the requests still to answer), and which exports wait to be sent by post."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from portal.accounts.service import AccountRow, accounts_by_id
from portal.paging import Page, page_of
from portal.privacy import identity_check
from portal.privacy.carry_out import answer_without_account
from portal.privacy.export import ready_for_post
from portal.privacy.letters_kept import letters_of
from portal.privacy.models import DataRequest, RequestExtension, RequestStep
from portal.privacy.requests import (
    EXPORT_ASKED,
    exports_asked,
    extensions_of,
    her_other_requests,
    mails_of,
    queue,
    request_or_none,
    steps_of,
)
from portal.textfold import fold
from portal.vault import audit
from portal.vault import service as vault


@dataclass(frozen=True)
class Register:
    rows: list[DataRequest]  # the page shown
    listed: Page
    accounts: dict  # account id -> account (display name, restriction)
    requesters: dict[uuid.UUID, vault.RequesterContact]  # those of open requests only
    postal_exports: set[int]  # open requests answered by post whose export is ready to be taken
    carried_out: set[int]  # open access or portability requests whose export was asked: nothing left to carry out
    names: dict[uuid.UUID, str]  # who wrote, without an account, for answered requests: the proof of the answer


STATES = ("ouvertes", "closes")  # the register's filter, as the address writes it
PER_PAGE = 20  # each request carries its forms


REFERENCE = re.compile(r"^(n°\s*)?(\d+)$|^([0-9a-f-]{6,36})$", re.IGNORECASE)


def designation(wanted: str) -> tuple[int | None, str | None]:
    """The request number and the reference prefix a typed text may be. A reference is hexadecimal: one in
    twenty-odd is digits only (« 29885752 »), so bare digits long enough for a reference are both."""
    found = REFERENCE.match(wanted.strip())
    if found is None:
        return None, None
    written_number, digits, prefix = found.groups()
    if digits is None:
        return None, prefix.casefold()
    return int(digits), (digits if not written_number and len(digits) >= 6 else None)


def _matching(rows: list[DataRequest], wanted: str, actor: audit.Actor) -> list[DataRequest]:
    """The requests a name or a reference designates: a request's number (« n° 12 »), the person's reference
    (the first characters of her id, as the register and the journal show it), or each word of her name
    (an account's display name, or what someone without an account gave: finding her is a journaled read)."""
    number, prefix = designation(wanted)
    if number is not None or prefix is not None:
        return [r for r in rows if r.id == number
                or (prefix is not None and str(r.account_id or r.requester_id).startswith(prefix))]
    words = fold(wanted).split()
    accounts = accounts_by_id([r.account_id for r in rows if r.account_id is not None])
    named = {account_id for account_id, account in accounts.items()
             if all(word in fold(account.display_name).split() for word in words)}
    found = set(vault.find_requesters(wanted, actor, vault.REQUESTERS_WORKFLOW)) if words else set()
    return [r for r in rows if r.account_id in named or r.requester_id in found]


def register(actor: audit.Actor, state: str = "", page: int = 1, wanted: str = "") -> Register:
    """state: "ouvertes", "closes" or "" for every request; wanted: a name or a reference, or "" for all; only
    the page shown is read from the vault."""
    rows = queue()
    if state in STATES:
        rows = [r for r in rows if (r.closed_at is None) == (state == "ouvertes")]
    if wanted.strip():
        rows = _matching(rows, wanted, actor)
    listed = page_of(rows, page, PER_PAGE)
    rows = listed.rows
    accounts = accounts_by_id([r.account_id for r in rows if r.account_id is not None])
    waiting = [r.requester_id for r in rows if r.requester_id is not None and r.closed_at is None]
    by_post = [r.id for r in rows if r.answer_by_post and r.closed_at is None]
    exports = [r.id for r in rows if r.kind in ("access", "portability") and r.closed_at is None]
    answered = [r.requester_id for r in rows if r.requester_id is not None and r.closed_at is not None]
    return Register(rows, listed, accounts, vault.requester_contacts(waiting, actor), ready_for_post(by_post),
                    exports_asked(exports), vault.requester_names(answered, actor))


@dataclass(frozen=True)
class RequestFile:
    """One request on its own page: whom it is about, what the portal holds to check who wrote, and what to
    do next."""

    request: DataRequest
    account: AccountRow | None  # the account (display name, restriction) while it exists
    requester: vault.RequesterContact | None  # someone without an account, while her request is open
    to_compare: identity_check.ToCompare | None
    postal_export: bool  # answered by post, its export ready to be taken
    extensions: list[RequestExtension]  # every extension and correction of its due date, oldest first
    steps: list[RequestStep]  # what was done to carry it out, oldest first
    letter_address: str | None  # the postal address her letter gave, while the request is open
    name: str | None = None  # who wrote, without an account, once her request is answered (as long as it is kept)
    mails: tuple = ()  # the mails sent to her about it, as their copies prove them (portal.mail.kept.KeptCopy)
    others: tuple = ()  # her other requests, which an open one may be a duplicate of
    offered_answer: str = ""  # someone without an account: the answer offered for the dpo to read and send
    letters: tuple = ()  # the letters printed for her (portal.privacy.models.RequestLetterMade), oldest first

    @property
    def carried_out(self) -> RequestStep | None:
        return _carried_out(self.request, self.steps)

    @property
    def history(self) -> list[Event]:
        """Everything that happened to the request, in the order it happened (the first due date was set on
        arrival); an extension made before its date was kept comes right after the arrival."""
        request = self.request
        events = [Event(request.received_at, "received"), Event(request.received_at, "due")]
        events += [Event(e.extended_at or request.received_at, "extension", e) for e in self.extensions]
        events += [Event(step.at, "step", step) for step in self.steps]
        events += [Event(sent.queued_at, "mail", sent) for sent in self.mails]
        events += [Event(letter.made_at, "letter", letter) for letter in self.letters]
        if request.closed_at is not None:
            events.append(Event(request.closed_at, "closed"))
        return sorted(events, key=lambda event: event.at)  # stable: arrival before its due date


@dataclass(frozen=True)
class Event:
    """One line of a request's history: when, and what (received, due, extension, step, mail, letter or closed)."""

    at: datetime
    kind: str
    item: object = None  # the extension, the step or the mail's copy


def _carried_out(request: DataRequest, steps: list[RequestStep]) -> RequestStep | None:
    """An access or portability request whose export was asked for is carried out: only its answer remains
    (the export's link, or the file to send by post, then closing it)."""
    if request.kind not in ("access", "portability"):
        return None
    return next((step for step in steps if step.what.startswith(EXPORT_ASKED)), None)


def request_file(request_id: int, actor: audit.Actor) -> RequestFile | None:
    """The request's page; reading the account's identity to compare with the letter is journaled."""
    request = request_or_none(request_id)
    if request is None:
        return None
    account = accounts_by_id([request.account_id]).get(request.account_id) if request.account_id else None
    requester = None
    if request.requester_id is not None and request.closed_at is None:
        requester = vault.requester_contacts([request.requester_id], actor).get(request.requester_id)
    waiting = [request.id] if request.answer_by_post and request.closed_at is None else []
    steps = steps_of(request)
    # Once carried out, nothing is left to compare: her identity is not read again (nor journaled).
    to_compare = None if _carried_out(request, steps) else identity_check.to_compare(request, actor)
    return RequestFile(request, account, requester, to_compare,
                       request.id in ready_for_post(waiting), extensions_of(request), steps,
                       vault.letter_address(request.letter_id, actor) if request.letter_id else None,
                       _answered_name(request, actor), tuple(mails_of(request)),
                       tuple(her_other_requests(request)) if request.closed_at is None else (),
                       answer_without_account(request), tuple(letters_of(request)))


def _answered_name(request: DataRequest, actor: audit.Actor) -> str | None:
    if request.requester_id is None or request.closed_at is None:
        return None
    return vault.requester_names([request.requester_id], actor).get(request.requester_id)
