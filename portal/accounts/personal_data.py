"""What the account itself holds: the forum name a person chose, her language, when she joined and last
signed in. When she goes, a tombstone keeps forum threads readable and holds nothing about her."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.accounts.models import Account
from portal.formatting import paris_date
from portal.i18n import language_words
from portal.personal_data.registry import CONTRACT, Declaration, Person
from portal.personal_data.table import BY_KEY

DELETED_NAME = "Compte supprimé"


def _held(person: Person) -> list[tuple[str, str]]:
    account = Account.get_or_none(Account.id == person.account_id)
    if account is None:
        return []
    return [(str(_l("Nom affiché sur le forum")), account.display_name),
            (str(_l("Langue")), language_words(account.language)),
            (str(_l("Compte créé le")), paris_date(account.created_at)),
            (str(_l("Dernière connexion")), paris_date(account.last_login_at) if account.last_login_at else "—")]


def _exported(person: Person) -> dict:
    account = Account.get_by_id(person.account_id)
    return {"account": {"id": str(account.id), "display_name": account.display_name, "language": account.language,
                        "created_at": account.created_at.isoformat(), "role": account.role}}


def _erase(person: Person) -> None:
    Account.update(display_name=DELETED_NAME, confirmed_at=None, last_login_at=None, inactive_warned_at=None,
                   session_version=Account.session_version + 1, language="fr").where(
        Account.id == person.account_id).execute()


def _dates_answered(person: Person) -> dict:
    account = Account.get_by_id(person.account_id)
    return {"created_at": account.created_at.isoformat(),
            "last_login_at": account.last_login_at.isoformat() if account.last_login_at else None}


DECLARATIONS = (
    Declaration(
        key="accounts.account", topic="account", label=_l("Votre compte"), models=(Account,),
        retention=BY_KEY["login"], basis=CONTRACT,
        purpose=_l("Vous donner accès à votre espace personnel sécurisé."),
        while_restricted=_l("Conservé : vous pouvez toujours vous connecter et exercer vos droits."),
        held=_held, export=_exported, erase=_erase, order=100, answers={"account_dates": _dates_answered}),
)
