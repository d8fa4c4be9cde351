"""What the privacy center shows a person about the data held on them: every capability's declaration,
grouped under the topics of /mes-donnees."""
from __future__ import annotations

from dataclasses import dataclass

from portal.accounts.service import AccountRow
from portal.personal_data import registry
from portal.personal_data.registry import Declaration, Person
from portal.personal_data.topics import TOPICS, Topic
from portal.vault.service import own_identity


@dataclass(frozen=True)
class Holding:
    declaration: Declaration
    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Section:
    topic: Topic
    holdings: list[Holding]


def sections(account: AccountRow, person: Person | None = None) -> list[Section]:
    """Per topic, each declaration with what it holds of her (its purpose, basis and retention line are
    the declaration's own). person: as an export being built sees her; otherwise read now."""
    if person is None:
        identity = own_identity(account.id)
        person = Person(account.id, account.role, identity.full_name if identity else "",
                        identity.email if identity else "")
    return [Section(topic, [Holding(d, d.held(person)) for d in registry.in_topic(topic.key, account.role)])
            for topic in TOPICS if registry.in_topic(topic.key, account.role)]
