"""The personal-data registry, after Moodle's privacy providers: each capability declares, in its own
personal_data.py, what it stores about a person and performs the operations on its own rows; /mes-donnees,
the export, the erasure, the restriction and the retention sweep iterate the declarations and never
import another capability's models.

The factory installs the declarations (portal/declared.py) when it builds an application; every job,
command and request runs inside one, so an empty registry is a bug, refused loudly rather than
taken as "nothing to erase".
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from portal.personal_data.table import RetentionRule
from portal.personal_data.topics import BY_KEY as TOPICS

CONTRACT = _l("Exécution du contrat de formation")
LEGAL = _l("Obligation légale")
INTEREST = _l("Intérêt légitime")
CONSENT = _l("Consentement")

Held = list[tuple[str, str]]


@dataclass(frozen=True)
class Person:
    """Whom an operation is about. full_name and email are the vault's as they stood when the operation
    began (legal records keep the name they were issued under; an erasure finds her mails by address);
    empty once the vault no longer has them."""

    account_id: uuid.UUID
    role: str = "learner"
    full_name: str = ""
    email: str = ""
    # Who asked for the operation: "" when she did herself, "dpo" for a request carried out by the dpo (an
    # export built for a letter is the dpo's reading, never hers in the access journal).
    asked_by: str = ""
    # The export being built, when the operation is one: what it holds says so of itself (never "pending").
    export_id: int | None = None


def _nothing_held(person: Person) -> Held:
    return []


def _nothing_exported(person: Person) -> dict:
    return {}


def _no_files(person: Person) -> list:
    return []


# A text she wrote or was written to (a question and its answers, a complaint), for the copy of her data the right
# of access gives in words (the PDF beside data.json): what it is, and its words as they stand.
Writing = tuple[str, str]


def _no_writings(person: Person) -> list[Writing]:
    return []


@dataclass(frozen=True)
class Archived:
    """What a declaration's `archive` keeps in the legal archive: the archive's kind of record, and the line of
    the retention table (the policy's) that keeps it there, how long and for what. A person told her account is
    erased reads, from these, which of her records stay and why."""

    kind: str  # a kind of portal.archive (certificate, attendance_proof, funding_proof, contract, invoice)
    rule: RetentionRule


# A file of the export ZIP: its name, and its bytes or a function that streams them into the archive.
ExportFile = tuple[str, bytes | Callable[[BinaryIO], None]]


@dataclass(frozen=True)
class Declaration:
    """What one capability holds about a person in some of its models, and what it does with it.

    held: the lines /mes-donnees shows; export: the keys it adds to data.json; files: the files it adds
    to the export ZIP (the documents issued to her, the xAPI statements); archive: legal records
    copied into the archive zone before an erasure (idempotent: the archive keeps a reference once);
    erase: its rows removed or overwritten (run inside the erasure's transaction, in order);
    clock: the records whose active period (the table's first column) ended as of a day moved to the
    archive and out of the working database, by the daily sweep (returns how many);
    expire: rows past the declared period removed by the daily sweep, except those of the people held
    back (restricted to establish a legal claim) (returns how many);
    while_restricted: what the capability still does with a restricted person's rows, in words."""

    key: str
    topic: str
    label: str
    # Model classes, or table names for the vault's tables (only portal.vault imports their models).
    models: tuple[type | str, ...]
    retention: RetentionRule
    purpose: str
    basis: str
    while_restricted: str
    # Whose data this can be: /mes-donnees shows a declaration to these roles only (a learner has written no
    # workshop exercise; a trainer has no invoice).
    roles: tuple[str, ...] = ("learner", "trainer", "staff", "dpo")
    held: Callable[[Person], Held] = _nothing_held
    export: Callable[[Person], dict] = _nothing_exported
    files: Callable[[Person], Iterable[ExportFile]] = _no_files
    # The texts themselves, where held counts them (« Messages : 3 »): article 15(3) gives her a copy, not a count.
    writings: Callable[[Person], list[Writing]] = _no_writings
    archive: Callable[[Person], None] | None = None
    archived: Archived | None = None  # what `archive` keeps, for a legal record (not the anonymous statistics)
    erase: Callable[[Person], None] | None = None
    clock: Callable[[date], int] | None = None
    expire: Callable[[date, frozenset[uuid.UUID]], int] | None = None
    after_erase: Callable[[], None] | None = None  # once the erasure has committed (an index to compact)
    # What an authority's requisition may be given of these rows, by the field the dpo ticks.
    answers: Mapping[str, Callable[[Person], object]] = field(default_factory=dict)
    order: int = 0  # erase, clock and expire run in this order, lower first

    def __post_init__(self) -> None:
        if self.topic not in TOPICS:
            raise ValueError(f"{self.key}: unknown topic {self.topic!r}; use one of {sorted(TOPICS)}")

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(model if isinstance(model, str) else model._meta.table_name for model in self.models)


_installed: list[Declaration] = []


def install(declarations: Iterable[Declaration]) -> None:
    """Called by the factory; installing again (a second app in one process) replaces the list."""
    every = list(declarations)
    keys = [d.key for d in every]
    duplicated = {key for key in keys if keys.count(key) > 1}
    if duplicated:
        raise ValueError(f"declared twice: {sorted(duplicated)}")
    _installed[:] = every


def declarations() -> tuple[Declaration, ...]:
    if not _installed:
        raise RuntimeError("No personal-data declaration is installed: build the application with create_app() "
                           "before reading, exporting or erasing a person's data.")
    return tuple(_installed)


def in_topic(topic: str, role: str | None = None) -> list[Declaration]:
    return [d for d in declarations() if d.topic == topic and (role is None or role in d.roles)]


def archive_all(person: Person) -> None:
    for declaration in declarations():
        if declaration.archive is not None:
            declaration.archive(person)


def archived_kinds() -> dict[str, Archived]:
    """Every kind of legal record the declarations keep in the archive, by kind."""
    return {d.archived.kind: d.archived for d in declarations() if d.archived is not None}


def declared(key: str) -> Declaration:
    return next(d for d in declarations() if d.key == key)


def erase_all(person: Person) -> None:
    for declaration in sorted(declarations(), key=lambda d: d.order):
        if declaration.erase is not None:
            declaration.erase(person)


# A time as every capability writes it: the naive UTC every database stores (portal.timeutil.utcnow).
NAIVE_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?")


def zoned(value: object) -> object:
    """Every time of the export marked as the UTC it is (« …Z »): a reader in another zone, or a program,
    would otherwise take it for her local time."""
    if isinstance(value, dict):
        return {key: zoned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [zoned(item) for item in value]
    if isinstance(value, str) and NAIVE_UTC.fullmatch(value):
        return value + "Z"
    return value


def export_all(person: Person) -> dict:
    document: dict = {}
    for declaration in declarations():
        merge(document, declaration.export(person), declaration.key)
    return zoned(document)


def answer_for(field_name: str, person: Person) -> object:
    """One field of a requisition's answer, from the declaration that gives it."""
    for declaration in declarations():
        if field_name in declaration.answers:
            return declaration.answers[field_name](person)
    raise KeyError(f"no declaration answers {field_name!r}")


def after_erase_all() -> None:
    for declaration in declarations():
        if declaration.after_erase is not None:
            declaration.after_erase()


def export_files(person: Person) -> Iterable[ExportFile]:
    for declaration in declarations():
        yield from declaration.files(person)


def run_clocks(as_of: date) -> dict[str, int]:
    return {d.key: d.clock(as_of) for d in sorted(declarations(), key=lambda d: d.order) if d.clock is not None}


def expire_all(as_of: date, held_back: frozenset[uuid.UUID] = frozenset()) -> dict[str, int]:
    return {d.key: d.expire(as_of, held_back) for d in sorted(declarations(), key=lambda d: d.order)
            if d.expire is not None}


def iso(value) -> str | None:
    """Dates and times as the export writes them."""
    return value.isoformat() if value else None


def merge(document: dict, part: dict, owner: str) -> None:
    """One level of nesting is shared ("administrative"): its keys, like the top level's, belong to one
    declaration each."""
    for key, value in part.items():
        if isinstance(value, dict) and isinstance(document.get(key), dict):
            merge(document[key], value, owner)
        elif key in document:
            raise ValueError(f"{owner} exports a key another declaration wrote: {key}")
        else:
            document[key] = value
