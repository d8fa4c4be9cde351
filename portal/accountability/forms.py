"""Forms of the dpo's accountability screens: the access journal's filters and the report's quarter."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    SelectField,
)
from wtforms.validators import Length, Optional

from portal.formtools import WebForm, strip

PICK_QUARTER = _l("Choisissez un trimestre dans la liste.")


class QuarterForm(WebForm):
    """Which quarter to show; its choices are set by the view (recent quarters and kept reports)."""

    class Meta:
        csrf = False

    trimestre = SelectField(_l("Trimestre"), invalid_choice_message=PICK_QUARTER)


class JournalFilterForm(WebForm):
    """A GET form: who read, whose data, when. The person is found by the address of her account."""

    class Meta:
        csrf = False

    personne = EmailField(_l("Données de (adresse du compte)"), filters=[strip],
                          validators=[Optional(), Length(max=254, message=_l("Adresse trop longue."))])
    auteur = SelectField(_l("Consultées par"), validate_choice=False)
    du = DateField(_l("Du"), validators=[Optional()], invalid_value_message=_l("Date de début illisible."))
    au = DateField(_l("Au"), validators=[Optional()], invalid_value_message=_l("Date de fin illisible."))
