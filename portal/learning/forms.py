from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from portal.formtools import WebForm

FUNDING_LABELS = [
    SelectChoice("self", _l("Je finance moi-même")),
    SelectChoice("employer", _l("Mon employeur")),
    SelectChoice("opco", _l("Un OPCO")),
    SelectChoice("france_travail", _l("France Travail")),
    SelectChoice("cpf", _l("Mon CPF")),
    SelectChoice("other", _l("Autre financement")),
]


class EnrollForm(WebForm):
    session_id = HiddenField(validators=[DataRequired()])
    funding = SelectField(
        _l("Financement"), choices=FUNDING_LABELS,
        validators=[DataRequired(_l("Choisissez un mode de financement."))],
    )
