"""A trainer's reply to a question notification becomes her answer in the thread.

Accepted only when it is sent to a reply address this portal issued (authentic, unused), from the
current address of the trainer it was issued to, who still runs the question's session, and written by
her: an automatic reply from her own mailbox (her out-of-office, a bounce) is not her answer. Anything else
is refused without using the address up — a forged sender or a robot must not take away her one reply —
with a security event, and a short mail to the sender saying why (never to an automatic sender, so two
robots cannot answer each other forever).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

from flask import current_app
from markupsafe import Markup

from portal import db, mail
from portal.accounts.models import Account
from portal.forum import reply_address
from portal.forum.models import Thread
from portal.forum.reply_text import strip_reply
from portal.forum.threads import ForumRefused
from portal.forum.writing import answer_as_trainer
from portal.i18n import language
from portal.learning import membership
from portal.links import external_url
from portal.security import events
from portal.vault.service import mail_contact_for

log = logging.getLogger("petale.mail.inbound")

# Why a reply was refused, in the words of the mail sent back.
UNKNOWN_ADDRESS = "adresse"
ALREADY_USED = "deja_utilisee"
WRONG_SENDER = "expediteur"
EMPTY = "vide"
NOT_ANSWERABLE = "question"
AUTOMATIC = "automatique"

# RFC 3834's Auto-Submitted, and what older responders write instead (Precedence, X-Autoreply…).
_AUTOMATIC_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}
_AUTOMATIC_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder")


@dataclass(frozen=True)
class Outcome:
    accepted: bool
    reason: str | None = None
    post_id: int | None = None


class _Refused(Exception):
    """account_id: the trainer the address was issued to; her_text: what she wrote, sent back to her
    so it is not lost — only when the mail came from her own address."""

    def __init__(self, reason: str, account_id=None, her_text: str | None = None):
        super().__init__(reason)
        self.reason, self.account_id, self.her_text = reason, account_id, her_text


def receive(raw: bytes, recipients: list[str], envelope_sender: str | None = None) -> Outcome:
    """envelope_sender: the SMTP MAIL FROM, "" for the null sender of a bounce, None when unknown."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    sender = parseaddr(str(message.get("From", "")))[1].strip().lower()
    try:
        post_id = _accept(message, recipients, sender, envelope_sender)
    except _Refused as refusal:
        # The sender as a keyed hash: the main zone keeps no address, yet repeated senders still show.
        events.record("mail_reply_refused", refusal.account_id,
                      f"{refusal.reason} (expéditeur {events.keyed_hash('sender', sender.casefold())})")
        log.info("mail reply refused (%s)", refusal.reason)
        _tell_sender(message, sender, envelope_sender, refusal)
        return Outcome(False, refusal.reason)
    log.info("mail reply posted as message %s", post_id)
    return Outcome(True, post_id=post_id)


def _automatic(message: EmailMessage, envelope_sender: str | None) -> bool:
    """Sent by a program, not written by a person: an out-of-office reply, a bounce (null sender)."""
    return (str(message.get("Auto-Submitted", "no")).strip().lower() != "no"
            or str(message.get("Precedence", "")).strip().lower() in _AUTOMATIC_PRECEDENCE
            or any(message.get(header) is not None for header in _AUTOMATIC_HEADERS)
            or envelope_sender == "")


def _accept(message: EmailMessage, recipients: list[str], sender: str, envelope_sender: str | None) -> int:
    addressed = recipients + [address for _, address in getaddresses(message.get_all("To", []))]
    token = next((token for token in map(reply_address.token_of, addressed) if token), None)
    if token is None:
        raise _Refused(UNKNOWN_ADDRESS)
    issued = reply_address.lookup(token)
    if issued is None:
        raise _Refused(UNKNOWN_ADDRESS)
    if _automatic(message, envelope_sender):
        # Her out-of-office answers the notification from her own address: it must neither be published
        # as her answer nor use up the address she will reply from when she is back.
        raise _Refused(AUTOMATIC, issued.account_id)
    trainer = Account.get_or_none(Account.id == issued.account_id)
    contact = mail_contact_for(issued.account_id, "current") if trainer else None
    if trainer is None or contact is None or contact.email.strip().lower() != sender:
        # Not spent: anyone can write a From line, and a forged mail must not take away the trainer's
        # one reply. The address stays secret-and-signed; the refusal is recorded as a security event.
        raise _Refused(WRONG_SENDER, issued.account_id)
    text = strip_reply(_text_of(message))
    if not text:
        raise _Refused(EMPTY, trainer.id, "")  # "": nothing to give back, but the way to her desk
    with db.atomic():
        if reply_address.spend(token) is None:
            raise _Refused(ALREADY_USED, trainer.id, text)
        thread = Thread.get_or_none(Thread.id == issued.thread_id)
        runs_it = (thread is not None and trainer.role == "trainer" and trainer.is_active
                   and membership.teaches(trainer.id, thread.session_id))
        if not runs_it:
            raise _Refused(NOT_ANSWERABLE, trainer.id, text)
        try:
            return answer_as_trainer(trainer, thread, text).id
        except ForumRefused:
            raise _Refused(EMPTY, trainer.id, text[:20_000]) from None  # too long: the only other refusal


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_subtype() == "html":
        # Line breaks survive striptags() only where the markup had them: keep paragraphs apart.
        for closing in ("</p>", "<br>", "<br/>", "<br />", "</div>", "</blockquote>"):
            content = content.replace(closing, closing + "\n")
        content = "\n".join(Markup(line).striptags() for line in content.split("\n"))
    return content


def _tell_sender(message: EmailMessage, sender: str, envelope_sender: str | None, refusal: _Refused) -> None:
    ours = "@" + (current_app.config.get("MAIL_INBOUND_DOMAIN") or "-")
    if not sender or _automatic(message, envelope_sender) or sender.endswith(ours):
        return
    # Sent at once rather than queued: the address is a stranger's, and the main zone keeps no address.
    # In the language of the trainer the reply address was issued to (whoever answers it was sent the
    # notification by her, most likely herself from another mailbox); French when no one is known.
    with language(_language_of(refusal.account_id)):
        notice = _notice(sender, refusal)
    try:
        mail.transmit(notice)
    except OSError:
        log.warning("could not send the refusal notice for a mail reply")


def _language_of(account_id) -> str:
    account = Account.get_or_none(Account.id == account_id) if account_id is not None else None
    return account.language if account is not None else "fr"


def _notice(sender: str, refusal: _Refused) -> EmailMessage:
    return mail.compose("forum_reply_refused", to=sender, context={
        "reason": refusal.reason, "her_text": refusal.her_text,
        "url": external_url("trainer.space") if refusal.her_text is not None else None},
                        headers={"Auto-Submitted": "auto-replied"})
