"""The mail facade: send() queues a message for an account; a job renders and delivers it.

Only the account UUID travels in the job; the address is read from the vault at delivery
time, so a message for an account erased in between is simply dropped.
"""
from __future__ import annotations

import hashlib
import hmac
import smtplib
import uuid
from contextlib import suppress
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from peewee import chunked

from portal.accounts.models import Account
from portal.i18n import language
from portal.jobs import enqueue, enqueue_many, job
from portal.links import external_url
from portal.mail import kept
from portal.mail.models import SentNotification
from portal.mail.relay import verdict
from portal.mail.signing import signature
from portal.standing.service import marketing_allowed, unsubscribe_token
from portal.timeutil import utcnow
from portal.vault.service import forget_previous_email, mail_contact_for, requester_mail_contact

ABOUT_HEADER = "X-Petale-Concerne"
OPERATIONAL = "operational"
MARKETING = "marketing"


def send(account_id: uuid.UUID | str, template: str, kind: str = OPERATIONAL, *, once_key: str | None = None,
         keep: str | None = None, **context) -> int | None:
    """Queue mail `template` (templates/mail/<template>.txt and .html) for an account.

    With once_key, a notification already queued under that key is not queued again (None is
    returned); the key is written in the caller's transaction, with the job. With keep (the sender's key, e.g.
    "demande:12"), a copy proves it: when it was queued and accepted, and its text (portal.mail.kept).
    """
    if once_key is not None and not SentNotification.insert(key=once_key).on_conflict_ignore().as_rowcount().execute():
        return None
    if kind not in (OPERATIONAL, MARKETING):
        raise ValueError(f"unknown mail kind {kind!r}")
    if kind == MARKETING and not marketing_allowed(uuid.UUID(str(account_id))):
        return None
    return _queue_kept(keep, template, lambda extra: enqueue(deliver, str(account_id), template, kind,
                                                             {**context, **extra}))


def _queue_kept(keep: str | None, template: str, queue) -> int:
    """Queues the mail (queue: given the context to add, returns the job's id), with its copy when one is kept."""
    if keep is None:
        return queue({})
    copy_id = kept.open_copy(keep, template)
    job_id = queue({kept.KEPT: copy_id})
    kept.queued_as(copy_id, job_id)
    return job_id


def send_many(template: str, recipients: list[tuple[uuid.UUID, dict]], kind: str = OPERATIONAL) -> int:
    """Mail to many accounts in one insert; call inside portal.db.atomic(). Marketing mail is checked
    again for consent and restriction when each is delivered."""
    return enqueue_many(deliver, [(str(account_id), template, kind, context)
                                  for account_id, context in recipients])


def send_once_many(template: str, items: list[tuple[str, uuid.UUID, dict]], kind: str = OPERATIONAL) -> int:
    """Mail, each under its own once-key: keys already used are skipped, the rest are
    recorded and queued together. Call inside portal.db.atomic(). Returns how many were queued."""
    if not items:
        return 0
    used = keys_used([key for key, _, _ in items])
    fresh = [(key, account_id, context) for key, account_id, context in items if key not in used]
    if fresh:
        SentNotification.insert_many([{"key": key} for key, _, _ in fresh]).on_conflict_ignore().execute()
        send_many(template, [(account_id, context) for _, account_id, context in fresh], kind)
    return len(fresh)


def keys_used(keys: list[str]) -> set[str]:
    """Those of these once-keys a notification was already queued under (a caller may skip the work of
    preparing one that would not be sent)."""
    used: set[str] = set()
    for batch in chunked(keys, 500):
        used |= {row.key for row in SentNotification.select(SentNotification.key)
                 .where(SentNotification.key.in_(batch))}
    return used


@job(_l("Envoi d'un courriel"))
def deliver(account_id: str, template: str, kind: str, context: dict) -> None:
    account = Account.get_or_none(Account.id == uuid.UUID(account_id))
    if account is None:
        kept.not_sent(context, "Compte effacé avant l'envoi : le courriel n'est pas parti.")
        return  # the account was erased after the mail was queued
    # "current" normally; "pending" and "previous" during an address change.
    recipient = context.get("recipient", "current")
    contact = mail_contact_for(account.id, recipient)
    if contact is None:
        if recipient == "current":
            # An account row without its identity is a write still in flight: try again later.
            raise LookupError(f"no vault identity yet for account {account_id}")
        return  # the address change was confirmed, cancelled or the account erased meanwhile
    headers = {}
    if context.get("about"):
        headers[ABOUT_HEADER] = about_tag(context["about"])
    if context.get("reply_to"):
        headers["Reply-To"] = context["reply_to"]  # a single-use address whose replies the portal reads
        # Asks her out-of-office not to answer it (RFC 3834; Exchange reads the second): the portal would
        # refuse such a reply anyway, and she would get nothing but noise.
        headers |= {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "OOF, AutoReply"}
    if kind == MARKETING:
        if not marketing_allowed(account.id):
            return  # consent withdrawn (or processing restricted) after the mail was queued
        headers |= unsubscribe_headers(account.id)
        context = {**context, "unsubscribe_url": headers["List-Unsubscribe"][1:-1]}
    with language(account.language):
        message = compose(template, to=formataddr((contact.full_name, contact.email)), context={
            **context, "display_name": account.display_name, "full_name": contact.full_name,
        }, headers=headers, from_dpo=bool(context.get("from_dpo")))
    _transmit_kept(message, context, (contact.full_name, contact.email))
    if recipient == "previous":
        forget_previous_email(account.id)  # told: the old address is no longer needed


def send_to_requester(requester_id: uuid.UUID, template: str, from_dpo: bool = True, keep: str | None = None,
                      **context) -> int | None:
    """An answer to someone without an account — the dpo's (from the dpo), or staff's to a complaint: only
    her UUID travels in the job, her address is read from the vault when the mail goes out. keep: as send()'s."""
    return _queue_kept(keep, template, lambda extra: enqueue(deliver_to_requester, str(requester_id), template,
                                                             {**context, "from_dpo": from_dpo, **extra}))


@job(_l("Envoi d'un courriel à une personne sans compte"))
def deliver_to_requester(requester_id: str, template: str, context: dict) -> None:
    contact = requester_mail_contact(uuid.UUID(requester_id))
    if contact is None or not contact.email:
        kept.not_sent(context, "Aucune adresse électronique à laquelle l'envoyer : le courriel n'est pas parti.")
        return  # her record left the vault meanwhile, or she gave no address
    message = compose(template, to=formataddr((contact.full_name, contact.email)),
                      context={**context, "display_name": contact.full_name, "full_name": contact.full_name},
                      from_dpo=context.get("from_dpo", True))
    _transmit_kept(message, context, (contact.full_name, contact.email))


def _transmit_kept(message: EmailMessage, context: dict, hidden: tuple[str, ...]) -> None:
    """Hands the mail to the relay; a kept copy learns how it went (and its text, once accepted)."""
    try:
        transmit(message)
    except OSError as failure:  # smtplib's errors are OSErrors too
        outcome = verdict(failure)
        kept.relay_failed(context, outcome)
        raise outcome from failure
    kept.accepted(context, message, hidden)


def keep_sent_now(about: str, template: str, message: EmailMessage, hidden: tuple[str, ...],
                  failure: str | None = None) -> None:
    """The copy of a mail sent at once rather than queued (an erasure's farewell): see portal.mail.kept."""
    kept.keep_sent_now(about, template, message, hidden, failure)


def kept_copies(abouts: list[str]) -> dict[str, list[kept.KeptCopy]]:
    """The copies of the mails kept about each key, oldest first."""
    return kept.copies_about(abouts)


def forget_kept(abouts: list[str]) -> int:
    """The copies about what leaves its register."""
    return kept.forget(abouts)


def dpo_sender() -> dict[str, str]:
    """A mail about a person's rights comes from the data-protection officer, and her answers reach him."""
    address = current_app.config["DPO_EMAIL"]
    return {"From": formataddr((str(_l("Délégué à la protection des données de Pétale")), address)),
            "Reply-To": address}


def about_tag(account_id: uuid.UUID | str) -> str:
    """Marks a mail to someone else that carries a person's words (a question sent to her trainer), so
    that erasing her account finds the copies kept as files; keyed, so it names no one outside."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"about:{account_id}".encode(), hashlib.sha256).hexdigest()[:32]


def unsubscribe_headers(account_id: uuid.UUID) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: the link works logged out, and mail clients may POST it."""
    url = external_url("privacy.unsubscribe", token=unsubscribe_token(account_id))
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


class MailPolicy(EmailPolicy):
    """The default policy, except for the list headers of RFC 2369/8058: a mail client reads them only as
    plain ASCII. The default policy turns a line it cannot fold (a long URL has no space to fold at) into
    an RFC 2047 encoded word, which no client reads as a link; these are written as they are, within the
    998 characters a line may hold."""

    PLAIN = frozenset({"list-unsubscribe", "list-unsubscribe-post"})

    def _plain(self, name: str, value: str) -> str:
        line = f"{name}: {value}"
        if len(line) > 998 or not line.isascii():
            raise ValueError(f"{name} must be ASCII and shorter than 998 characters")
        return line + self.linesep

    def fold(self, name: str, value: str) -> str:
        if name.lower() in self.PLAIN:
            return self._plain(name, str(value))
        return super().fold(name, value)

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() in self.PLAIN:
            return self._plain(name, str(value)).encode("ascii")
        return super().fold_binary(name, value)


MAIL_POLICY = MailPolicy()


def compose(template: str, *, to: str, context: dict, headers: dict[str, str] | None = None,
            from_dpo: bool = False) -> EmailMessage:
    """from_dpo: a mail about her rights, from the dpo (From and Reply-To his address) and signed by him."""
    context = {**context, "signature": signature(from_dpo)}
    subject = kept.subject_of(template, context)
    message = EmailMessage(policy=MAIL_POLICY)
    headers = dict(headers or {}) | (dpo_sender() if from_dpo else {})
    message["From"] = headers.pop("From", None) or current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=urlparse(current_app.config["BASE_URL"]).hostname or "petale")
    for name, value in headers.items():
        message[name] = value
    message.set_content(render_template(f"mail/{template}.txt", **context))
    message.add_alternative(render_template(f"mail/{template}.html", **context), subtype="html")
    return message


def preview(template: str, from_dpo: bool = False, **context) -> str:
    """A mail's text as it will be sent, for a person to read before anything goes out (signed as compose signs)."""
    return render_template(f"mail/{template}.txt", **context, signature=signature(from_dpo))


def writes_files() -> bool:
    """Whether mail goes to files (the outbox of a portal without a relay, as `make run` has it) rather than
    to an SMTP relay."""
    url = current_app.config.get("MAIL_URL")
    return not url or url.startswith("file:")


def transmit(message: EmailMessage) -> None:
    url = current_app.config.get("MAIL_URL")
    if writes_files():
        write_to_outbox(message, Path(urlparse(url).path) if url else Path(current_app.instance_path) / "outbox")
        return
    send_smtp(message, url)


def write_to_outbox(message: EmailMessage, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    return path


def send_smtp(message: EmailMessage, url: str) -> None:
    """smtp://[user:password@]host[:port][?starttls=1] or smtps://... (implicit TLS)."""
    parsed = urlparse(url)
    options = parse_qs(parsed.query)
    implicit_tls = parsed.scheme == "smtps"
    port = parsed.port or (465 if implicit_tls else 25)
    client_class = smtplib.SMTP_SSL if implicit_tls else smtplib.SMTP
    client = client_class(parsed.hostname, port, timeout=30)
    try:
        if not implicit_tls and options.get("starttls", ["0"])[0] in {"1", "true", "yes"}:
            client.starttls()
        if parsed.username:
            client.login(unquote(parsed.username), unquote(parsed.password or ""))
        client.send_message(message)
        # Accepted: the mail is the relay's now. A failed goodbye must not make it look unsent (it would be
        # sent again).
        with suppress(OSError):
            client.quit()
    finally:
        client.close()
