"""Forms of the learners' directory."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.formtools import WebForm, strip

REASON_NEEDED = _l("Indiquez pourquoi vous consultez cette identité (500 caractères au plus) : "
                   "la raison est inscrite au journal d'accès.")


class IdentityReasonForm(WebForm):
    """One per learner in the directory: the page's own csrf_token() is checked by CSRFProtect on every POST."""

    class Meta:
        csrf = False

    reason = StringField(_l("Raison (sans nom ni coordonnées)"), filters=[strip], validators=[
        DataRequired(REASON_NEEDED), Length(max=500, message=REASON_NEEDED)])


class SearchForm(WebForm):
    """A name or an address, and the reason for looking that person up; purpose: the screen it came from."""

    text = StringField(_l("Nom ou adresse électronique"), filters=[strip], validators=[
        DataRequired(_l("Tapez au moins deux lettres du nom, ou l'adresse.")),
        Length(min=2, max=120, message=_l("Tapez de deux à 120 caractères."))])
    reason = StringField(_l("Raison (sans nom ni coordonnées)"), filters=[strip],
                         validators=[Length(max=500, message=REASON_NEEDED)])
    purpose = HiddenField()

    def validate_reason(self, field) -> None:
        # Asked on every screen: the screen says where the search came from, the reason why this person
        # (a funding file's screen searches every learner's name and address).
        if not field.data:
            raise ValidationError(REASON_NEEDED)
