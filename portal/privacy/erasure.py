"""Account deletion: erase identity, credentials, preferences, consents and generated content at
once; move legal records to the archive zone with their purge dates; leave no trace in the files
the application writes (databases and their WAL, outbox, exports, job payloads).
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from email.message import EmailMessage
from email.utils import formataddr

from flask_babel import gettext as _

from portal import db, mail
from portal.accounts import lifecycle
from portal.accounts.service import AccountRow
from portal.archive import service as archive
from portal.archive import wording as archive_words
from portal.backup import ledger
from portal.db import ZONES, is_postgres
from portal.i18n import language
from portal.personal_data import registry
from portal.personal_data.registry import Person
from portal.privacy.models import DataRequest
from portal.privacy.requests import close_request, compose_told, mails_about, note_step, open_request
from portal.redaction import summary
from portal.vault import service as vault

log = logging.getLogger("petale.privacy")


RESUMED = "Effacement repris et mené à son terme après une interruption."


SELF_SERVICE = "Compte supprimé à la demande de la personne, depuis son espace."
FAREWELL = "account_deleted"  # the mail that tells her it is done


def delete_account(account: AccountRow, *, reason: str = SELF_SERVICE, notify: bool = True,
                   step: str | None = None) -> None:
    """Erase an account across the three zones. The first step is durable (the account marked
    "erasing" with its request in the register, in one transaction); every step after it can run again,
    so an erasure killed half-way is finished by resume_erasures() (the daily sweep,
    `flask --app app privacy resume`) instead of leaving an identity in the vault. Her farewell comes from the dpo,
    as every answer to a request about her data, whoever carried it out; step: what the request's history says was
    done, written with its closing (so that it reads before it)."""
    ledger.record(account.id)  # before anything commits: a restore must never miss an erasure
    request = _begin(account.id)
    contact = vault.mail_contact(account.id)
    person = _person(account, contact)
    registry.archive_all(person)  # first: her farewell says what the archive keeps of her, and why
    farewell = _farewell(account, contact) if notify and contact is not None else None
    if farewell is not None and not mail.writes_files():
        _send_farewell(farewell, request, contact)  # with the relay now, even if the erasure is resumed later
    _carry_out(account, request, reason, contact, step, archived=True)
    if farewell is not None and mail.writes_files():
        # Without a relay, mail is a file of the outbox, which the erasure clears of every mail to her: her
        # farewell, written before, would go with them and never reach her (a dpo walk found none). Written
        # after, it is the one file left that names her, as the relay would hold it.
        _send_farewell(farewell, request, contact)


def resume_erasures() -> int:
    """Finish every erasure that was interrupted; returns how many."""
    unfinished = lifecycle.being_erased()
    for account in unfinished:
        _carry_out(account, _begin(account.id), RESUMED, vault.mail_contact(account.id))
        log.info("erasure of an account finished after an interruption")
    return len(unfinished)


REPLAYED = "Effacement rejoué après la restauration d'une sauvegarde antérieure à la suppression."


def replay_ledger(erased: Iterable[uuid.UUID]) -> int:
    """After a restore: erase again every account of the ledger (read before the restore, so a missing
    ledger stops it before anything is written) that the restored backup brought back."""
    back = [account for account in map(lifecycle.not_erased, erased) if account is not None]
    for account in back:
        _carry_out(account, _begin(account.id), REPLAYED, vault.mail_contact(account.id))
    return len(back)


def _begin(account_id: uuid.UUID) -> DataRequest:
    """Mark the account and open its request together; asked again (a resumed or repeated erasure), the
    open request is the one already there: the register never gets a second."""
    with db.atomic():
        db.person_lock(account_id, "erasure")
        lifecycle.begin_erasing(account_id)
        request = (DataRequest.select().where((DataRequest.account_id == account_id) & (DataRequest.kind == "erasure")
                                              & DataRequest.closed_at.is_null())
                   .order_by(DataRequest.id).first())
        return request or open_request(account_id, "erasure")


def _person(account: AccountRow, contact: vault.MailContact | None) -> Person:
    return Person(account.id, account.role, contact.full_name if contact else "", contact.email if contact else "")


def _carry_out(account: AccountRow, request: DataRequest, reason: str, contact: vault.MailContact | None,
               step: str | None = None, archived: bool = False) -> None:
    """Each capability archives its legal records (inserted once by their reference; archived: done already),
    then erases its own rows in one transaction of the main zone and the vault; the account is "deleted" only
    when all are done, so any step may run again."""
    person = _person(account, contact)
    if not archived:
        registry.archive_all(person)
    with db.atomic(with_vault=True):
        registry.erase_all(person)
    with db.atomic():
        if step:
            note_step(request, step)
        close_request(request, reason)
        lifecycle.finish_erasing(account.id)
    registry.after_erase_all()
    compact_databases()


def _farewell(account: AccountRow, contact: vault.MailContact) -> EmailMessage | None:
    """Composed while her address is still in the vault (after the erasure there is none to write to), once her
    legal records are archived: it says which are kept, until when and why."""
    try:
        with language(account.language):
            return compose_told(FAREWELL, formataddr((contact.full_name, contact.email)),
                                full_name=contact.full_name, **archive_kept(account.id))
    except Exception as failure:  # the erasure must not wait for a mail
        log.warning("farewell mail for a deleted account could not be written: %s", summary(failure))
        return None


def _send_farewell(message: EmailMessage, request: DataRequest, contact: vault.MailContact) -> None:
    """Sent at once; its copy (her name and address masked) goes with the request it answers."""
    failure = None
    try:
        mail.transmit(message)
    except Exception as error:  # the erasure must not wait for a mail server
        # Scrubbed, without the traceback: an SMTP refusal quotes the address being erased.
        failure = summary(error)
        log.warning("farewell mail for a deleted account could not be sent: %s", failure)
    mail.keep_sent_now(mails_about(request), FAREWELL, message, (contact.full_name, contact.email),
                       f"Le relais de courrier ne l'a pas pris : {failure}" if failure else None)


def archive_kept(account_id) -> dict:
    """What the archive keeps of her, for her farewell: each kind of record with how many, for what (its line of
    the retention table, from the declaration that archives it) and the day the last goes; and why the archive is
    kept at all (its own declaration's purpose)."""
    kinds = registry.archived_kinds()
    kept = []
    for kind, (count, last) in sorted(archive.purge_dates_for(account_id).items()):
        kept_how = _(kinds[kind].rule.archive) if kind in kinds else ""
        kept.append(_("%(what)s (%(n)s) : %(rule)s, détruits au plus tard le %(d)s",
                      what=archive_words.kind(kind).capitalize(), n=count, rule=kept_how[:1].lower() + kept_how[1:],
                      d=last.strftime("%d/%m/%Y")))
    purpose = str(registry.declared(ARCHIVE_DECLARATION).purpose)
    return {"kept": kept, "kept_for": purpose[:1].lower() + purpose[1:].rstrip(".")}


ARCHIVE_DECLARATION = "archive.records"  # the legal archive's own declaration: why it is kept


def compact_databases() -> None:
    """SQLite keeps old page images in the WAL until a checkpoint: fold and truncate it."""
    for zone, proxy in ZONES.items():
        if zone == "archive" or is_postgres(proxy):
            continue
        proxy.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")

