"""What news holds about a person: which member of staff wrote each news letter (who received it is
mail's once-keys, declared there)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.news.models import NewsMessage
from portal.personal_data.registry import INTEREST, Declaration, Person
from portal.personal_data.table import BY_KEY


def _held(person: Person) -> list[tuple[str, str]]:
    written = NewsMessage.select().where(NewsMessage.created_by == person.account_id).count()
    return [(str(_l("Lettres de nouveautés rédigées")), str(written))] if written else []


DECLARATIONS = (
    Declaration(
        roles=("trainer", "staff", "dpo"),
        key="news.letters", topic="work", label=_l("Lettres de nouveautés rédigées"), models=(NewsMessage,),
        retention=BY_KEY["authorship"], basis=INTEREST,
        purpose=_l("Savoir qui a rédigé et envoyé chaque lettre de nouveautés."),
        while_restricted=_l("Conservées telles quelles."), held=_held),
)
