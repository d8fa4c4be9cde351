"""Forms of the incident register: a breach recorded, its risk assessed, the authority's notice, a reasoned
decision not to tell the people."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DateTimeLocalField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Optional

from portal.formtools import WebForm, strip
from portal.personal_data.topics import TOPICS as CATEGORIES
from portal.security.incidents import NO_NOTICE_GROUNDS, RISK_LEVELS

INCIDENT_DATE = _l("Indiquez la date de l'incident (pas dans le futur).")


DISCOVERED = _l("Indiquez le jour et l'heure de la découverte.")


class IncidentForm(WebForm):
    """Checked by portal.security.incidents.record, except the date's format."""

    occurred_on = DateField(_l("Date de l'incident"), invalid_value_message=INCIDENT_DATE,
                            validators=[DataRequired(INCIDENT_DATE)], render_kw={"required": True})
    nature = TextAreaField(_l("Nature (ce qui s'est passé, en termes simples)"),
                           render_kw={"rows": 3, "maxlength": 5000, "required": True})
    categories = SelectMultipleField(_l("Catégories de données concernées"),
                                     choices=[SelectChoice(c.key, c.staff_label) for c in CATEGORIES],
                                     validate_choice=False)
    discovered_at = DateTimeLocalField(_l("Découvert le (heure de Paris) — les 72 heures courent depuis"),
                                       format="%Y-%m-%dT%H:%M", invalid_value_message=DISCOVERED,
                                       validators=[DataRequired(DISCOVERED)], render_kw={"required": True})
    consequences = TextAreaField(_l("Conséquences probables pour les personnes"),
                                 render_kw={"rows": 3, "maxlength": 5000, "required": True})
    measures = TextAreaField(_l("Mesures prises"), render_kw={"rows": 3, "maxlength": 5000, "required": True})
    emails = TextAreaField(_l("Comptes touchés (adresses, une par ligne ; vide si l'incident ne touche aucun compte)"),
                           render_kw={"rows": 4})


NOTIFIED = _l("Indiquez le jour et l'heure de la notification à la CNIL.")


class AuthorityNoticeForm(WebForm):
    reference = StringField(_l("Référence donnée par la CNIL"), filters=[strip],
                            render_kw={"maxlength": 100, "required": True})
    # Often notified on the CNIL's service before it is written here: when, as its receipt says (empty: now).
    notified_at = DateTimeLocalField(_l("Notifiée le (heure de Paris ; vide : maintenant)"), format="%Y-%m-%dT%H:%M",
                                     invalid_value_message=NOTIFIED, validators=[Optional()])


class NoNoticeForm(WebForm):
    ground = SelectField(_l("Cas de l'article 34.3"),
                         choices=[SelectChoice(k, v) for k, v in NO_NOTICE_GROUNDS.items()], validate_choice=False)
    reason = TextAreaField(_l("Raisons de la décision"), filters=[strip],
                           render_kw={"rows": 3, "maxlength": 2000, "required": True})


class RiskForm(WebForm):
    """Checked by portal.security.incidents.assess_risk."""

    level = SelectField(_l("Risque pour les droits et libertés des personnes"),
                        choices=[SelectChoice(k, v) for k, v in RISK_LEVELS.items()], validate_choice=False)
    reason = TextAreaField(_l("Raisons de cette évaluation (le registre les garde)"), filters=[strip],
                           render_kw={"rows": 3, "maxlength": 2000, "required": True})
