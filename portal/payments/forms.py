"""The local test provider's hosted page (it stands in for a real provider's)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from portal.formtools import WebForm


class CardForm(WebForm):
    """The number is checked by the provider itself (portal.payments.provider.pay), as a real one would;
    it is never given back to the page."""

    card_number = StringField(_l("Numéro de carte"))
