"""The words for what went wrong with a link sent by mail, said the same way on every page that reads one."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.accounts import tokens

TOKEN_MESSAGES = {
    tokens.TokenExpired: _l("Ce lien a expiré. Demandez-en un nouveau."),
    tokens.TokenUsed: _l("Ce lien a déjà été utilisé."),
    tokens.TokenInvalid: _l("Ce lien n'est pas valide. Vérifiez qu'il a été copié en entier."),
}


def token_message(error: tokens.TokenError) -> str:
    return str(TOKEN_MESSAGES[type(error)])
