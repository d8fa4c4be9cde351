"""The words for the contracts' codes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

CHANNEL_WORDS = {"online": _l("en ligne, par le bouton « Je me rétracte »"),
                 "letter": _l("par lettre recommandée")}
STOP_WORDS = {"force_majeure": _l("Force majeure dûment reconnue"), "abandon": _l("Abandon pour un autre motif")}
STEP_WORDS = {"deposit": _l("Acompte"), "balance": _l("Échéance du solde")}
