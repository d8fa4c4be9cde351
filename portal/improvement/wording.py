"""The words of improving the offer, said once."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

TOO_FEW = _l("trop peu de personnes pour afficher ce chiffre")
