from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.bouquets.drafts import MAX_GROUP, TIE_HEIGHT_CM
from portal.bouquets.engine.model import CUT_LENGTH_CM
from portal.bouquets.wording import BRIEF_WORDS, RING_WORDS
from portal.formtools import REQUIRED, WebForm, strip

RINGS = [SelectChoice(str(index), word) for index, word in enumerate(RING_WORDS)]
DIRECTIONS = [SelectChoice("cw", _l("sens horaire")), SelectChoice("ccw", _l("sens inverse"))]
HARMONY_CHOICES = [SelectChoice(code, word) for code, word in BRIEF_WORDS["harmony"].items()]
OCCASIONS = [SelectChoice(code, word) for code, word in BRIEF_WORDS["occasion"].items()]
STYLES = [SelectChoice(code, word) for code, word in BRIEF_WORDS["style"].items()]


class WorkshopForm(WebForm):
    """The workshop page is drawn after every change: its forms skip their own CSRF token, which
    CSRFProtect already checks on every POST (the page carries csrf_token() itself)."""

    class Meta:
        csrf = False


class AddStemsForm(WorkshopForm):
    choice = StringField(_l("Fleur et couleur"), validators=[DataRequired(REQUIRED), Length(max=80)])
    count = IntegerField(_l("Nombre de tiges"), default=3,
                         validators=[InputRequired(REQUIRED),
                                     NumberRange(1, MAX_GROUP, _l("Entre %(min)s et %(max)s."))])
    length = IntegerField(_l("Longueur coupée (cm)"), default=40,
                          validators=[InputRequired(REQUIRED),
                                      NumberRange(*CUT_LENGTH_CM, _l("Entre %(min)s et %(max)s cm."))])
    ring = SelectField(_l("Placement"), choices=RINGS, default="1")
    direction = SelectField(_l("Sens de la spirale"), choices=DIRECTIONS, default="cw")
    stripped = BooleanField(_l("Effeuillée sous le liage"), default=True)


class PaletteFilterForm(WorkshopForm):
    """The palette's filters, sent by GET: a value that is not one of the choices is simply not applied."""

    role = SelectField(_l("Rôle"), choices=[SelectChoice("", _l("tous"))], validate_choice=False)
    couleur = SelectField(_l("Couleur"), choices=[SelectChoice("", _l("toutes"))], validate_choice=False)
    saison = BooleanField(_l("de saison"), false_values=("", "0", "false"))
    q = StringField(_l("Nom"), filters=[strip], validators=[Optional(), Length(max=40)])


class CompareForm(WorkshopForm):
    """Which two tries to put side by side (GET); the choices are the learner's own submissions."""

    avant = SelectField(_l("Premier essai"), coerce=int, validate_choice=True)
    apres = SelectField(_l("Second essai"), coerce=int, validate_choice=True)


class TieForm(WorkshopForm):
    tie_height = IntegerField(_l("Point de liage (cm depuis le pied des tiges)"),
                              validators=[InputRequired(REQUIRED),
                                          NumberRange(*TIE_HEIGHT_CM, _l("Entre %(min)s et %(max)s cm."))])


class CommentForm(WebForm):
    body = TextAreaField(_l("Votre commentaire"), filters=[strip],
                         validators=[DataRequired(REQUIRED), Length(max=2000, message=_l("2000 caractères au plus."))])


class BriefForm(WebForm):
    title = StringField(_l("Intitulé de la commande"), filters=[strip],
                        validators=[DataRequired(REQUIRED), Length(max=120)])
    occasion = SelectField(_l("Occasion"), choices=OCCASIONS)
    budget_euros = IntegerField(_l("Budget TTC (€)"), validators=[InputRequired(REQUIRED), NumberRange(5, 1000)])
    harmony = SelectField(_l("Harmonie demandée"), choices=HARMONY_CHOICES)
    month = IntegerField(_l("Mois (1 à 12)"), validators=[InputRequired(REQUIRED), NumberRange(1, 12)])
    style = SelectField(_l("Style"), choices=STYLES)
    vase_height_cm = IntegerField(_l("Hauteur du vase (cm, facultatif)"), validators=[Optional(), NumberRange(5, 150)])
    local_season = BooleanField(_l("Le client veut des fleurs de saison"))
