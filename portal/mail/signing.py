"""Who signs a mail: whoever sends it — the data-protection officer for a mail about a person's rights (his
address in From and Reply-To, portal.mail.dpo_sender), otherwise the team. Every template ends with
{{ signature }}, given here only, so that a mail can never come from one and be signed by the other."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

TEAM_SIGNATURE = _l("L'équipe Pétale")
DPO_SIGNATURE = _l("Le délégué à la protection des données de Pétale")


def signature(from_dpo: bool) -> str:
    return str(DPO_SIGNATURE if from_dpo else TEAM_SIGNATURE)
