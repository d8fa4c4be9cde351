"""What the legal archive holds about a person: the records the law keeps after they leave the working
database (contracts, attendance proofs, certificates, invoices), each until its purge date. Only she
and the dpo read them, and each reading is in the access journal."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from portal.archive import service
from portal.archive.models import ArchivedRecord
from portal.archive.wording import kind as kind_words
from portal.personal_data.registry import LEGAL, Declaration, Person
from portal.personal_data.table import BY_KEY
from portal.vault import audit

WORKFLOW = "consultation de ses pièces archivées"


def _held(person: Person) -> list[tuple[str, str]]:
    counts = service.counts_for(person.account_id)
    return [(kind_words(kind).capitalize(), str(count)) for kind, count in counts.items()]


def _exported(person: Person) -> dict:
    """Every archived record of hers, as kept (an uploaded copy's bytes left out: its type is said)."""
    records = service.kept_for(person.account_id)
    if person.asked_by == "dpo":
        audit.record(audit.Actor(None, "dpo"), person.account_id, "export", ["archive"],
                     workflow="export préparé par le délégué (demande hors du portail)")
    else:
        audit.record(audit.Actor(person.account_id, person.role), person.account_id, "export", ["archive"],
                     workflow=WORKFLOW)
    return {"legal_archive": [{"kind": r.kind, "reference": r.reference, "archived_at": r.archived_at.isoformat(),
                               "purge_after": r.purge_after.isoformat(),
                               "record": {key: value for key, value in r.payload.items() if key != "content_base64"}}
                              for r in records]}


def _purge(as_of: date, held_back: frozenset) -> int:
    return service.purge_due(as_of, held_back)


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="archive.records", topic="administrative", label=_l("Pièces aux archives légales"),
        models=(ArchivedRecord,), retention=BY_KEY["archive"], basis=LEGAL,
        purpose=_l("Répondre aux contrôles des financeurs et de l'administration après la fin de votre formation "
                   "ou la fermeture de votre compte."),
        while_restricted=_l("Conservées jusqu'à leur date de destruction ; pendant une limitation pour faire valoir "
                            "un droit en justice, elles ne sont pas détruites."),
        held=_held, export=_exported, expire=_purge),
)
