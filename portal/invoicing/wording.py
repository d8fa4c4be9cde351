"""The words for an invoice's state, as a learner or the privacy center reads them."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATE_WORDS = {"paid": _l("payée"), "confirming": _l("paiement en cours de confirmation"), "due": _l("à payer"),
               "cancelled": _l("annulée par un avoir"), "credit_note": _l("avoir")}
