"""Before the answer the dpo typed goes out (mailed to the person and kept in the register): does it name
another account holder (her name's words in any order), or give an e-mail address or a phone number other than
hers? A slip there discloses someone else's data. The dpo is told in words and the answer is sent only once
she confirms it, or corrects it."""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _

from portal.privacy.models import DataRequest
from portal.vault import audit
from portal.vault import service as vault

WORKFLOW = "contrôle d'une réponse avant envoi"
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def _hers(request: DataRequest, address: str) -> bool:
    """The address is the person's own (compared in the vault, nothing of hers shown), or the dpo's."""
    if address.casefold() == current_app.config["DPO_EMAIL"].casefold():
        return True
    if request.requester_id is not None:
        contact = vault.requester_mail_contact(request.requester_id)
        return bool(contact and contact.email and contact.email.casefold() == address.casefold())
    return request.account_id is not None and vault.account_id_for_email(address) == request.account_id


def cautions(request: DataRequest, answer: str, actor: audit.Actor) -> list[str]:
    """What in the answer may be someone else's, in words; empty when nothing is."""
    said = []
    for address in dict.fromkeys(match.group(0).rstrip(".") for match in EMAIL.finditer(answer)):
        if not _hers(request, address):
            said.append(_("La réponse contient l'adresse électronique %(a)s, qui n'est pas celle de la personne.",
                          a=address))
    for name in vault.holders_named_in(answer, actor, besides=request.account_id, workflow=WORKFLOW):
        said.append(_("La réponse nomme %(n)s, une autre personne qui a un compte.", n=name))
    for number in vault.phones_not_theirs(answer, account_id=request.account_id, requester_id=request.requester_id):
        said.append(_("La réponse contient le numéro de téléphone %(p)s, qui n'est pas celui de la personne.",
                      p=number))
    return said
