"""What the job outbox holds about a person: jobs waiting or done whose arguments name her account (an
export to build, a mail to send). Identifiers only, never a name or an address."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.jobs.models import JobRecord
from portal.personal_data.registry import CONTRACT, Declaration, Person
from portal.personal_data.table import BY_KEY


def _mine(person: Person):
    return JobRecord.select().where(JobRecord.args.contains(str(person.account_id)))


def _held(person: Person) -> list[tuple[str, str]]:
    return [(str(_l("Tâches de fond qui vous concernent (envois, exports)")), str(_mine(person).count()))]


def _erase(person: Person) -> None:
    # Job rows may carry links and titles written for this person.
    JobRecord.delete().where(JobRecord.args.contains(str(person.account_id))).execute()


DECLARATIONS = (
    Declaration(
        key="jobs.outbox", topic="mails", label=_l("Tâches de fond"), models=(JobRecord,),
        retention=BY_KEY["operations"], basis=CONTRACT,
        purpose=_l("Mener à bien, même après une panne, ce que vous avez demandé : un courriel, un export."),
        while_restricted=_l("Seules les tâches liées à votre formation et à vos droits sont menées."),
        held=_held, erase=_erase),  # not exported: identifiers only; what they did is exported by their owner
)
