"""The access journal as the dpo reads it: filtered by whose data (a name, an e-mail address, or the reference
of an erased account or of someone without an account), by who read it and by period, with the state of its
hash chain."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from portal.accounts.names import display_names
from portal.documents import spreadsheet
from portal.paging import Page
from portal.privacy.requests import who_wrote
from portal.refusals import Refused
from portal.timeutil import paris_day_start, to_paris
from portal.vault import audit, wording
from portal.vault import service as vault

WORKFLOW = "journal des accès"
LATEST_CHECKED = 1000  # entries of the chain every journal page verifies
MIN_REFERENCE = 4  # characters of a reference typed: fewer would match half the journal
# « Compte supprimé (réf. 5cce43ee) », as the journal's rows and its filter show a person.
SHORT_REFERENCE = re.compile(r"r[ée]f\.?\s*([0-9a-fA-F]{8})\b")
# A reference as the dpo types it from a letter or a page: « 5cce43ee », « 5CCE 43EE », « réf. 5cce-43 »…
TYPED_REFERENCE = re.compile(r"(r[ée]f\.?\s*)?([0-9a-f][0-9a-f\s-]*)", re.IGNORECASE)


class JournalRefused(Refused):
    """A filter that cannot be applied; `field` is the filter the sentence goes beside."""

    def __init__(self, message: object, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Filters:
    person: str = ""  # a name, an e-mail address or a reference (an id, as the journal's links give it)
    actor: str = ""  # the id of who read, as the list of readers gives it
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Journal:
    listed: Page
    names: dict[uuid.UUID, str]  # account id -> display name (an erased account's placeholder included)
    requesters: set[uuid.UUID]  # subjects who are people without an account
    check: audit.Verification
    total: int
    person_words: str = ""  # whom a filter by reference shows, in words, for the filter's box
    wrote: frozenset[uuid.UUID] = frozenset()  # subjects with a request in the register, account or not

    def who(self, actor_id: uuid.UUID | None, actor_role: str) -> str:
        """Who wrote an entry, in the journal's words (the portal's own jobs said as such)."""
        return wording.actor(wording.reader_name(actor_id, self.names), actor_role)


def short_reference(subject_id: uuid.UUID) -> str:
    """What tells apart two people of the same name in the journal: her reference's first characters."""
    return str(subject_id)[:8]


def _in_words(subject_id: uuid.UUID) -> str:
    name = display_names([subject_id]).get(subject_id)
    if name is None:
        name = str(_l("Personne sans compte")) if vault.known_requesters({subject_id}) else str(_l("Référence"))
    return str(_l("%(name)s (réf. %(ref)s)", name=name, ref=short_reference(subject_id)))


def readers() -> dict[uuid.UUID, str]:
    """Everyone who has written in the journal, by name, to filter by."""
    return display_names(audit.actors())


def _reference(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        return None


def _typed_reference(text: str) -> str | None:
    """The start of a reference the dpo typed, as hexadecimal characters (spaces and dashes left out), or None
    for a name: without « réf. » before it, it must hold a digit (« Ada », « Bède » are names)."""
    typed = TYPED_REFERENCE.fullmatch(text.strip())
    if typed is None:
        return None
    characters = re.sub(r"[\s-]", "", typed.group(2)).casefold()
    if not typed.group(1) and not any(char.isdigit() for char in characters):
        return None
    return characters


def _by_reference(person: str) -> bool:
    """The person was given by her reference (whole or its start), not by her name or her address."""
    return _reference(person) is not None or _typed_reference(person) is not None


def _subjects(person: str, actor: audit.Actor) -> list[uuid.UUID]:
    """Whose entries: the reference given, whole or its start, or the accounts and the people without an account
    the name or the address designates (looking them up is itself a read of the vault: the journal keeps it)."""
    reference = _reference(person)
    if reference is not None:
        return [reference]
    short = SHORT_REFERENCE.search(person)
    if short:  # the words a reference's link left in the box: that person only, whatever her name
        return audit.subjects_referenced(short.group(1))
    typed = _typed_reference(person)
    if typed is not None:
        if len(typed) < MIN_REFERENCE:
            raise JournalRefused(_l("Tapez au moins %(n)s caractères de la référence.", n=MIN_REFERENCE),
                                 "personne")
        return audit.subjects_referenced(typed)
    if "@" in person:
        account = vault.account_id_for_email(person)
        if not audit.read_just_now(actor, account, "recherche", ["email"], "", WORKFLOW):  # paged, reloaded
            audit.record(actor, account, "recherche", ["email"], workflow=WORKFLOW)
        found = [account] if account else []
    else:
        found = [f.account_id for f in vault.search_identities(person, actor, workflow=WORKFLOW, limit=50,
                                                               once_a_while=True)]
    return found + vault.find_requesters(person, actor, WORKFLOW)


@dataclass(frozen=True)
class _Selection:
    subjects: list[uuid.UUID] | None
    person: str
    actor_id: uuid.UUID | None
    since: datetime | None
    until: datetime | None

    def page(self, page: int, per_page: int = 50) -> Page:
        return audit.entries(page, per_page, subject_ids=self.subjects, actor_id=self.actor_id, since=self.since,
                             until=self.until)


def _selection(filters: Filters, actor: audit.Actor) -> _Selection:
    """What the filters designate; refused in words when one cannot be applied."""
    if filters.since and filters.until and filters.since > filters.until:
        raise JournalRefused(_l("La fin de la période (%(au)s) précède son début (%(du)s) : inversez les dates.",
                                au=filters.until.strftime("%d/%m/%Y"), du=filters.since.strftime("%d/%m/%Y")),
                             "au")
    subjects = None
    person = " ".join(filters.person.split())
    if person:
        if len(person) < 2:
            raise JournalRefused(_l("Tapez au moins deux caractères du nom, ou l'adresse électronique."), "personne")
        subjects = _subjects(person, actor)
        if not subjects:
            raise JournalRefused(_l("Personne ne correspond à ce nom, cette adresse ou cette référence (un compte "
                                    "effacé ou une personne sans compte se retrouve par sa référence : tapez-en le "
                                    "début, ou suivez le lien de sa référence sur une ligne du journal ou sa "
                                    "demande)."), "personne")
    return _Selection(subjects, person, _reference(filters.actor) if filters.actor else None,
                      paris_day_start(filters.since) if filters.since else None,
                      paris_day_start(filters.until + timedelta(days=1)) if filters.until else None)


def journal(filters: Filters, actor: audit.Actor, page: int = 1, whole_chain: bool = False) -> Journal:
    """One page of the journal, newest first; refused in words when a filter cannot be applied."""
    selected = _selection(filters, actor)
    subjects, person = selected.subjects, selected.person
    listed = selected.page(page)
    rows = listed.rows
    # Every page checks the latest entries; the whole chain, which grows without end, when asked (and by
    # `flask audit verify`).
    check = audit.verify() if whole_chain else audit.verify_latest(LATEST_CHECKED)
    subject_ids = {row.subject_id for row in rows}
    return Journal(listed, display_names({row.actor_id for row in rows} | subject_ids),
                   vault.known_requesters(subject_ids), check, audit.entry_count(),
                   _in_words(subjects[0]) if subjects and len(subjects) == 1 and _by_reference(person) else "",
                   frozenset(who_wrote(subject_ids)))


CSV_LIMIT = 20_000  # entries in one download: a filtered period or person, never the whole journal's history


def journal_csv(filters: Filters, actor: audit.Actor, dialect: spreadsheet.Dialect = spreadsheet.FRENCH) -> str:
    """The entries the filters select, oldest first, to file with an answer or give to an auditor: who read whose
    data, when (Paris time, with its offset), what and why; the last line says when more entries were left out."""
    listed = _selection(filters, actor).page(1, CSV_LIMIT)
    rows = list(reversed(listed.rows))
    names = display_names({row.actor_id for row in rows} | {row.subject_id for row in rows})
    requesters = vault.known_requesters({row.subject_id for row in rows})
    table: list[list] = [[str(_l("N°")), str(_l("Quand")), str(_l("Qui")), str(_l("Données de")),
                          str(_l("Référence")), str(_l("Quoi")), str(_l("Champs")), str(_l("Pourquoi"))]]
    for row in rows:
        whose = names.get(row.subject_id) or (str(_l("personne sans compte")) if row.subject_id in requesters
                                              else "")
        why = " — ".join(part for part in (row.workflow or "", row.reason or "") if part)
        table.append([row.id, to_paris(row.at).isoformat(timespec="seconds"),
                      wording.actor(wording.reader_name(row.actor_id, names), row.actor_role), whose,
                      str(row.subject_id) if row.subject_id else "", wording.action(row.action),
                      wording.fields(row.fields), spreadsheet.typed_text(why)])
    if listed.total > len(rows):
        table.append(["", "", str(_l("%(n)s entrées plus anciennes non reprises : resserrez la période.",
                                     n=listed.total - len(rows))), "", "", "", "", ""])
    return spreadsheet.write(table, dialect)
