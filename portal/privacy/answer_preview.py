"""What the person will receive about her request, shown to the dpo before anything is done or sent: the mail's
text as she will read it, or, when she is answered by post, the same text as a letter for the dpo to print and
post (her name and the address her letter gave, read from the vault, the read journaled). Nothing of how her
identity was checked is in it: that stays in the register."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _

from portal import mail
from portal.documents import pdf_document
from portal.privacy import carry_out
from portal.privacy import requests as register
from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from portal.vault import audit
from portal.vault import service as vault

UNNAMED = "[nom de la personne]"  # an account's name is read by the mail job only, when it goes out


@dataclass(frozen=True)
class Addressee:
    full_name: str
    postal_address: str


@dataclass(frozen=True)
class ToBeTold:
    template: str
    context: dict
    by_post: bool  # no mail: the dpo's letter tells her
    to: Addressee | None = None  # someone without an account, read once for the text and the letter alike

    @property
    def named(self) -> str:
        return self.to.full_name if self.to else UNNAMED

    def text(self) -> str:
        """The words she reads: a letter says where to write back instead of "reply to this mail"."""
        return mail.preview(self.template, full_name=self.named, letter=self.by_post,
                            dpo_email=current_app.config["DPO_EMAIL"], **self.context).strip()


def _by_post(request: DataRequest, by_post: bool) -> bool:
    """Someone without an account answered by a letter: ticked, or she gave no e-mail address."""
    return request.requester_id is not None and (by_post or not register.can_be_mailed(request))


def extension(request: DataRequest, new_due: date | None, reason: str, by_post: bool,
              actor: audit.Actor) -> ToBeTold:
    """The extension's mail or letter, checked as the extension will be."""
    reason, _correcting = register.check_extension(request, new_due, reason)
    return ToBeTold(register.EXTENDED, register.extension_told(request, new_due, reason), _by_post(request, by_post),
                    addressee(request, actor))


def closing(request: DataRequest, answer: str, by_post: bool, actor: audit.Actor) -> ToBeTold:
    """The answer's mail or letter, checked as closing will be."""
    answer = register.check_closing(request, answer, by_post)
    return ToBeTold(register.CLOSED, register.closing_told(request, answer), _by_post(request, by_post),
                    addressee(request, actor))


def carrying_out(request: DataRequest, given: carry_out.Execution) -> ToBeTold:
    """The answer an objection or a rectification closes with, checked as carrying it out will be."""
    answer = carry_out.answer_before(request, given)
    return ToBeTold(register.CLOSED, register.closing_told(request, answer), False)


def addressee(request: DataRequest, actor: audit.Actor) -> Addressee | None:
    """Whom a letter goes to: someone without an account (a journaled read, once in a short while); None for an
    account, answered by mail."""
    if request.requester_id is None:
        return None
    contact = vault.requester_contacts([request.requester_id], actor).get(request.requester_id)
    return Addressee(contact.full_name, contact.postal_address) if contact else None


def letter_pdf(told: ToBeTold) -> bytes | None:
    """The letter to print and post: her name and address, the day, then the same words as the mail."""
    to = told.to
    if to is None or not to.postal_address:
        return None
    doc = pdf_document(_("Votre demande sur vos données"))
    for line in (to.full_name, *to.postal_address.splitlines()):
        doc.line(line)
    doc.ln(4)
    doc.line(_("Le %(d)s", d=paris_today().strftime("%d/%m/%Y")))
    doc.ln(4)
    for paragraph in told.text().split("\n\n"):
        doc.line(paragraph)
        doc.ln(2)
    return doc.bytes()


def letter_name(request: DataRequest) -> str:
    return f"petale-lettre-demande-{request.id}.pdf"
