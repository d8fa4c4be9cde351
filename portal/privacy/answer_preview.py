"""What the person will receive about her request, shown to the dpo before anything is done or sent: the mail's
text as she will read it, or, when she is answered by post, the same text as a letter for the dpo to print and
post (her name and the address her letter gave, read from the vault, the read journaled). An account holder's
mail greets her by her name as the mail job will, read from the vault for this request (journaled once in a short
while, however often the preview is asked). Nothing of how her identity was checked is in it: that stays in the
register."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _

from portal import mail
from portal.documents import letter_document
from portal.documents.issuer import provider
from portal.formatting import long_date
from portal.privacy import carry_out
from portal.privacy import requests as register
from portal.privacy.models import DataRequest
from portal.timeutil import paris_today, to_paris
from portal.vault import audit
from portal.vault import service as vault

UNNAMED = "[nom de la personne]"  # an erased account: no name left to read


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
    account_name: str | None = None  # an account holder's name, as her mail will greet her
    # An account holder whose request came by post: mailed as always, and sent the same words as a letter.
    postal: Addressee | None = None

    @property
    def named(self) -> str:
        if self.to:
            return self.to.full_name
        return self.account_name or UNNAMED

    @property
    def letter_to(self) -> Addressee | None:
        """Whom a letter goes to, when one is to be printed: someone without an account answered by post, or an
        account holder whose request came by post."""
        return self.to if self.by_post else self.postal

    def text(self, letter: bool | None = None) -> str:
        """The words she reads: a letter says where to write back instead of "reply to this mail"."""
        return mail.preview(self.template, from_dpo=True, full_name=self.named,
                            dpo_email=current_app.config["DPO_EMAIL"],
                            letter=self.by_post if letter is None else letter, **self.context).strip()


def _by_post(request: DataRequest, by_post: bool) -> bool:
    """Someone without an account answered by a letter: ticked, or she gave no e-mail address."""
    return request.requester_id is not None and (by_post or not register.can_be_mailed(request))


def extension(request: DataRequest, new_due: date | None, reason: str, by_post: bool,
              actor: audit.Actor) -> ToBeTold:
    """The extension's mail or letter, checked as the extension will be."""
    reason, _correcting = register.check_extension(request, new_due, reason)
    return _told(request, register.EXTENDED, register.extension_told(request, new_due, reason), by_post, actor)


def closing(request: DataRequest, answer: str, by_post: bool, actor: audit.Actor) -> ToBeTold:
    """The answer's mail or letter, checked as closing will be."""
    answer = register.check_closing(request, answer, by_post)
    return _told(request, register.CLOSED, register.closing_told(request, answer), by_post, actor)


def _told(request: DataRequest, template: str, context: dict, by_post: bool, actor: audit.Actor) -> ToBeTold:
    """Someone without an account, mailed or sent a letter; an account holder whose request came by post,
    mailed and sent the same words as a letter (as what carrying out her request tells her)."""
    by_letter = _by_post(request, by_post)
    postal = None if by_letter else postal_addressee(request, actor)
    return ToBeTold(template, context, by_letter, addressee(request, actor),
                    postal.full_name if postal else account_name(request, actor), postal=postal)


def carrying_out(request: DataRequest, given: carry_out.Execution, actor: audit.Actor) -> ToBeTold:
    """What carrying out the request mails her (an erasure, a restriction or its lifting, an objection, a
    rectification), checked as carrying it out will be; a request received by post gets it as a letter too."""
    template, context = carry_out.told_before(request, given)
    postal = postal_addressee(request, actor)
    return ToBeTold(template, context, False, account_name=postal.full_name if postal else account_name(request, actor),
                    postal=postal)


def postal_addressee(request: DataRequest, actor: audit.Actor) -> Addressee | None:
    """An account holder whose request came by post, answered by a letter as well as by mail: her name, and the
    address her letter gave or else her account's (reads journaled once in a short while). None otherwise."""
    if request.account_id is None or request.channel != "courrier" or not vault.has_identity(request.account_id):
        return None
    given = vault.letter_address(request.letter_id, actor) if request.letter_id else None
    fields = ("full_name",) if given else ("full_name", "postal_address")
    held = vault.read_for_staff(request.account_id, actor, fields, workflow=register.workflow(request))
    address = given or held.get("postal_address")
    return Addressee(held.get("full_name") or UNNAMED, address) if address else None


def account_name(request: DataRequest, actor: audit.Actor) -> str | None:
    """An account holder's name, as the mail job will greet her: a read of her identity for this request,
    journaled once in a short while (the vault's rule for a page read again), whatever the number of previews.
    None for someone without an account (her addressee holds it) or an erased account."""
    if request.account_id is None or not vault.has_identity(request.account_id):
        return None
    held = vault.read_for_staff(request.account_id, actor, ("full_name",), workflow=register.workflow(request))
    return held.get("full_name")


def addressee(request: DataRequest, actor: audit.Actor) -> Addressee | None:
    """Whom a letter goes to: someone without an account (a journaled read, once in a short while); None for an
    account, answered by mail."""
    if request.requester_id is None:
        return None
    contact = vault.requester_contacts([request.requester_id], actor).get(request.requester_id)
    return Addressee(contact.full_name, contact.postal_address) if contact else None


def letter_pdf(told: ToBeTold, request: DataRequest) -> bytes | None:
    """The letter to print and post in a window envelope: the dpo as its sender, her name and address where the
    window shows them, the place and day, its subject with the request's number (her reply can name it), then the
    same words as the mail."""
    to = told.letter_to
    if to is None or not to.postal_address:
        return None
    issuer = provider()
    sender = [issuer.name, _("Délégué à la protection des données"), *issuer.address.split(", "),
              current_app.config["DPO_EMAIL"]]
    subject = _("Objet : votre demande sur vos données reçue le %(d)s (notre référence : demande n° %(n)s)",
                d=to_paris(request.received_at).strftime("%d/%m/%Y"), n=request.id)
    doc = letter_document(subject, sender,
                          [to.full_name, *to.postal_address.splitlines()],
                          _("%(city)s, le %(d)s", city=issuer.city, d=long_date(paris_today())))
    for paragraph in told.text(letter=True).split("\n\n"):
        doc.paragraph(paragraph)
    return doc.bytes()


def letter_name(request: DataRequest) -> str:
    return f"petale-lettre-demande-{request.id}.pdf"
