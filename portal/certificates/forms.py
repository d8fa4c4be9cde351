"""The forms of the public verification pages: the code typed from paper, and a badge file brought back
by whoever was shown it."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from portal.formtools import WebForm, strip


class BadgeForm(WebForm):
    """The file's size and content are checked by portal.certificates.badges."""

    badge = FileField(_l("Badge numérique (fichier .jwt)"),
                      validators=[FileRequired(_l("Choisissez le fichier du badge à vérifier."))])


class HolderNameForm(WebForm):
    name = StringField(_l("Nom imprimé sur l'attestation"), filters=[strip], validators=[
        DataRequired(_l("Saisissez le nom imprimé sur l'attestation.")),
        Length(max=120, message=_l("Un nom de 120 caractères au plus."))])


class TypedCodeForm(WebForm):
    """A GET form (the code is no secret, and the result page may be bookmarked): no CSRF token."""

    class Meta:
        csrf = False

    code = StringField(_l("Code de vérification (10 caractères, sur l'attestation)"), filters=[strip], validators=[
        DataRequired(_l("Tapez le code imprimé sur l'attestation.")),
        Length(max=20, message=_l("Le code a 10 caractères (les tirets sont facultatifs)."))])
