"""Forms of the dpo's accountability screens: the access journal's filters and the report's quarter."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    SelectField,
    StringField,
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
    """A GET form: who read, whose data, when. The person is found by her name, her e-mail address, or the
    reference of an erased account or of someone without an account (portal.accountability.journal)."""

    class Meta:
        csrf = False

    personne = StringField(_l("Données de (nom, adresse électronique ou référence)"), filters=[strip],
                           validators=[Optional(), Length(max=254, message=_l("254 caractères au plus."))])
    auteur = SelectField(_l("Consultées par"), validate_choice=False)
    du = DateField(_l("Du"), validators=[Optional()], invalid_value_message=_l("Date de début illisible."))
    au = DateField(_l("Au"), validators=[Optional()], invalid_value_message=_l("Date de fin illisible."))
