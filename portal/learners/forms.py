"""Forms of the learners' directory."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from portal.accounts.forms import strip
from portal.formtools import WebForm

REASON_NEEDED = _l("Indiquez pourquoi vous consultez cette identité (500 caractères au plus) : "
                   "la raison est inscrite au journal d'accès.")


class IdentityReasonForm(WebForm):
    """One per learner in the directory: the page's own csrf_token() is checked by CSRFProtect on every POST."""

    class Meta:
        csrf = False

    reason = StringField(_l("Raison (sans nom ni coordonnées)"), filters=[strip], validators=[
        DataRequired(REASON_NEEDED), Length(max=500, message=REASON_NEEDED)])
