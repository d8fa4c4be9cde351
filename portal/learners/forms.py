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
    """A name or an address; a reason unless the search comes from a screen whose purpose is known."""

    text = StringField(_l("Nom ou adresse électronique"), filters=[strip], validators=[
        DataRequired(_l("Tapez au moins deux lettres du nom, ou l'adresse.")),
        Length(min=2, max=120, message=_l("Tapez de deux à 120 caractères."))])
    reason = StringField(_l("Raison (sans nom ni coordonnées)"), filters=[strip],
                         validators=[Length(max=500, message=REASON_NEEDED)])
    purpose = HiddenField()

    def __init__(self, *args, workflows: frozenset[str] = frozenset(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workflows = workflows

    def validate_reason(self, field) -> None:
        if not field.data and self.purpose.data not in self.workflows:  # an unknown purpose is none
            raise ValidationError(REASON_NEEDED)
