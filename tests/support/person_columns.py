"""Whether a model holds something about a person: the personal-data registry's test and the survey
anonymity test read the same rule."""
from __future__ import annotations

import re

import peewee

# Columns that say something about a person even without an account id.
PERSON_COLUMNS = re.compile(r"(full_name|holder_name|email|phone|postal_address|address|employer)$")


def holds_something_about_a_person(model) -> bool:
    """An account id under any name (a UUID column other than a table's own key), a column named for a
    name or a contact, or any row of the vault."""
    if model._meta.database is not None and model.__module__ == "portal.vault.models":
        return True
    for name, field in model._meta.fields.items():
        if isinstance(field, peewee.UUIDField) and not field.primary_key:
            return True
        if isinstance(field, peewee.UUIDField) and field.primary_key and name != "id":
            return True  # keyed by the account itself (identity, credential)
        if PERSON_COLUMNS.search(name):
            return True
    return False
