"""Forms of the learners' directory."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from portal import email_address
from portal.formtools import ALWAYS_CHOSEN, REQUIRED, FilterForm, WebForm, strip
from portal.learners.enrolments import GROUP_MAX, Newcomer
from portal.learners.service import ENROLLED_WORDS, DirectoryFilters
from portal.learning.models import FUNDING_TYPES
from portal.learning.wording import FUNDING_WORDS
from portal.signin.forms import normalise_phone

REASON_NEEDED = _l("Indiquez pourquoi vous consultez cette identité (500 caractères au plus) : "
                   "la raison est inscrite au journal d'accès.")


class IdentityReasonForm(WebForm):
    """One per learner in the directory: the page's own csrf_token() is checked by CSRFProtect on every POST."""

    class Meta:
        csrf = False

    reason = StringField(_l("Raison (sans nom ni coordonnées)"), filters=[strip], validators=[
        DataRequired(REASON_NEEDED), Length(max=500, message=REASON_NEEDED)])


class SearchForm(WebForm):
    """A name, an address or a phone number, and the reason for looking that person up; purpose: the screen it
    came from."""

    text = StringField(_l("Nom, adresse électronique ou téléphone"), filters=[strip], validators=[
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


class DirectoryFilterForm(FilterForm):
    """/gestion/apprenants?nom=…&formation=…&inscrit=…; ?session= comes from a session's page."""

    nom = StringField(_l("Nom affiché contient"), filters=[strip], validators=[
        Optional(), Length(max=40, message=_l("40 caractères au plus."))], render_kw={"maxlength": 40})
    formation = SelectField(_l("Formation"), choices=[], validate_choice=False)
    session = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    inscrit = SelectField(_l("Inscription"), default="", choices=[SelectChoice("", _l("Tous")),
                                                      *(SelectChoice(c, w) for c, w in ENROLLED_WORDS.items())])

    def filters(self) -> DirectoryFilters:
        course = self.formation.data or ""
        return DirectoryFilters(name=self.nom.data or "",
                                course_id=int(course) if course.isdigit() and len(course) < 10 else None,
                                session_id=self.session.data, enrolled=self.inscrit.data or "")


# --- enrolments by staff ---------------------------------------------------------------------------

def _address(text: str) -> str:
    """An address staff typed, by the portal's one rule (portal.email_address); the reserved test domains are
    allowed (the demo's accounts)."""
    return email_address.normalised(text, reserved_allowed=True)


def staff_email(form, field) -> None:
    try:
        field.data = _address(field.data)
    except email_address.AddressRefused as refused:
        raise ValidationError(refused.words) from None


FUNDING_CHOICES = [SelectChoice(code, words) for code, words in FUNDING_WORDS.items() if code in FUNDING_TYPES]
CONFIRMED = "1"


def _funding():
    return SelectField(_l("Financement"), choices=FUNDING_CHOICES, render_kw=ALWAYS_CHOSEN,
                       validators=[DataRequired(_l("Choisissez un mode de financement."))])


class _Confirmable(WebForm):
    """Sent once to see what will happen (nothing written), then again with `confirmed` to do it. motif: the
    legal ground enrolling a person whose processing is restricted needs, asked when she is one."""

    confirmed = HiddenField()
    motif = StringField(_l("Motif légal de cet usage (traitement limité)"), filters=[strip],
                        validators=[Optional(), Length(max=300, message=_l("300 caractères au plus."))],
                        render_kw={"maxlength": 300},
                        description=_l("Par exemple : obligation envers son financeur, défense d'un droit en "
                                       "justice. Inscrit au journal des accès."))

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed.data == CONFIRMED


class EnrolPersonForm(_Confirmable):
    email = StringField(_l("Adresse électronique"), filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=254, message=_l("254 caractères au plus.")), staff_email],
        render_kw={"maxlength": 254, "autocomplete": "off", "inputmode": "email"},
        description=_l("Le compte de la personne, si elle en a un ; sinon un compte lui est ouvert et un "
                       "courriel d'activation lui est envoyé."))
    full_name = StringField(_l("Nom complet (nouveau compte seulement)"), filters=[strip], validators=[
        Optional(), Length(max=120, message=_l("120 caractères au plus."))], render_kw={"maxlength": 120})
    phone = StringField(_l("Téléphone (facultatif)"), filters=[strip], validators=[Optional(), normalise_phone],
                        render_kw={"maxlength": 30, "inputmode": "tel"})
    funding = _funding()

    def newcomers(self) -> list[Newcomer]:
        return [Newcomer(self.email.data, self.full_name.data or "", self.phone.data or "")]


LINE = re.compile(r"^(?P<name>[^;,\t]*?)\s*[;,\t]\s*(?P<email>\S+@\S+)\s*$")


class EnrolGroupForm(_Confirmable):
    employer = StringField(_l("Entreprise (employeur)"), filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=160, message=_l("160 caractères au plus."))], render_kw={"maxlength": 160})
    funding = _funding()
    people = TextAreaField(_l("Personnes, une par ligne : nom complet ; adresse électronique"), filters=[strip],
                           validators=[DataRequired(REQUIRED), Length(max=12000)],
                           render_kw={"rows": 6, "maxlength": 12000,
                                      "placeholder": "Claire Dubois ; claire.dubois@exemple.fr"})

    def validate_people(self, field) -> None:
        lines = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) > GROUP_MAX:
            raise ValidationError(_l("%(n)s personnes au plus par inscription groupée.", n=GROUP_MAX))
        parsed = []
        for number, line in enumerate(lines, 1):
            match = LINE.match(line)
            if not match:
                raise ValidationError(_l("Ligne %(n)s : écrivez « nom complet ; adresse électronique ».", n=number))
            try:
                email = _address(match["email"])
            except email_address.AddressRefused as refused:
                raise ValidationError(_l("Ligne %(n)s : %(why)s", n=number, why=str(refused.words))) from None
            if len(match["name"]) > 120 or len(email) > 254:
                raise ValidationError(_l("Ligne %(n)s : trop longue.", n=number))
            parsed.append(Newcomer(email, match["name"].strip()))
        self._parsed = parsed

    def newcomers(self) -> list[Newcomer]:
        return getattr(self, "_parsed", [])


class EnrolInSessionForm(_Confirmable):
    """From a learner's file: the session to enrol her in."""

    session_id = SelectField(_l("Session"), coerce=int, validate_choice=False, render_kw=ALWAYS_CHOSEN,
                             validators=[DataRequired(_l("Choisissez une session."))])
    funding = _funding()


class WithdrawForm(_Confirmable):
    note = TextAreaField(_l("Motif (facultatif, sans nom ni coordonnées)"), filters=[strip],
                         validators=[Optional(), Length(max=500, message=_l("500 caractères au plus."))],
                         render_kw={"rows": 2, "maxlength": 500})


class TransferForm(WithdrawForm):
    session_id = SelectField(_l("Nouvelle session"), coerce=int, validate_choice=False, render_kw=ALWAYS_CHOSEN,
                             validators=[DataRequired(_l("Choisissez la session où la transférer."))])


class DocumentsForm(WebForm):
    """The legal ground a restricted participant's documents need (sent in the address, as for one document)."""

    class Meta:
        csrf = False  # a GET: reading and printing, the access journal its only trace

    motif = StringField(_l("Motif légal (participants dont le traitement est limité)"), filters=[strip],
                        validators=[Optional(), Length(max=300, message=_l("300 caractères au plus."))],
                        render_kw={"maxlength": 300})
