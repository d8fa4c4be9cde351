"""The forms of the public verification pages: the code typed from paper, and a badge file brought back
by whoever was shown it."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from portal.certificates.service import IssuedFilters
from portal.formtools import FilterForm, WebForm, strip


class IssuedFilterForm(FilterForm):
    """/gestion/attestations?formation=…&etat=…&du=…&au=…; ?session= comes from a session's page."""

    formation = SelectField(_l("Formation"), choices=[], validate_choice=False)
    etat = SelectField(_l("État"), default="", choices=[
        SelectChoice("", _l("Toutes")), SelectChoice("valid", _l("valides")),
        SelectChoice("superseded", _l("remplacées par une nouvelle version"))])
    du = DateField(_l("Délivrées du"), validators=[Optional()], render_kw={"type": "date"})
    au = DateField(_l("au"), validators=[Optional()], render_kw={"type": "date"})
    session = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])

    def filters(self) -> IssuedFilters:
        course = self.formation.data or ""
        return IssuedFilters(course_id=int(course) if course.isdigit() and len(course) < 10 else None,
                             session_id=self.session.data, state=self.etat.data or "",
                             issued_from=self.du.data, issued_until=self.au.data)


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
