"""Forms of a funding file. What each value may be (the lists, the lengths, the order of the statuses) is
checked by portal.funding.service, whose refusals are the page's messages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from portal.formtools import FilterForm, WebForm, strip
from portal.funding.models import DOCUMENT_KINDS, FUNDER_TYPES, STATUSES
from portal.funding.service import NO_FILE, PROFESSIONAL_STATUSES, ListFilters
from portal.funding.wording import FUNDER_LABELS, STATUS_LABELS


class OpenFileForm(WebForm):
    """« Ouvrir le dossier »: for a restricted person, with the legal ground the page then asks (motif)."""

    motif = StringField(filters=[strip])


class ListFilterForm(FilterForm):
    """/gestion/financements?statut=…&financeur=…&formation=…&du=…&au=…; ?session= comes from a session's page."""

    statut = SelectField(_l("Statut du dossier"), default="", choices=[
        SelectChoice("", _l("Tous")), SelectChoice(NO_FILE, _l("pas de dossier ouvert")),
        *(SelectChoice(code, STATUS_LABELS[code]) for code in STATUSES)])
    financeur = SelectField(_l("Financeur"), default="", choices=[
        SelectChoice("", _l("Tous")), *(SelectChoice(code, FUNDER_LABELS[code]) for code in FUNDER_TYPES)])
    formation = SelectField(_l("Formation"), choices=[], validate_choice=False)
    session = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    du = DateField(_l("Sessions commençant du"), validators=[Optional()],
                   render_kw={"type": "date"})
    au = DateField(_l("au"), validators=[Optional()], render_kw={"type": "date"})

    def filters(self) -> ListFilters:
        course = self.formation.data or ""
        return ListFilters(status=self.statut.data or "", funder_type=self.financeur.data or "",
                           course_id=int(course) if course.isdigit() and len(course) < 10 else None,
                           session_id=self.session.data, starts_from=self.du.data, starts_until=self.au.data)


class DetailsForm(WebForm):
    funder_type = SelectField(_l("Type de financeur"), choices=FUNDER_TYPES, validate_choice=False)
    funder_name = StringField(_l("Nom du financeur"), filters=[strip])
    case_number = StringField(_l("Numéro de dossier du financeur"), filters=[strip])
    professional_status = SelectField(_l("Situation professionnelle"), choices=PROFESSIONAL_STATUSES,
                                      validate_choice=False)
    employer = StringField(_l("Employeur"), filters=[strip])
    payer_address = TextAreaField(_l("Adresse de facturation du payeur"), filters=[strip])
    payer_siren = StringField(_l("SIREN du payeur"), filters=[strip])


class MoveForm(WebForm):
    """The button pressed carries the status."""

    status = SelectField(_l("Statut"), choices=STATUSES, validate_choice=False)
    note = StringField(_l("Note (facultative)"), filters=[strip])


class DocumentForm(WebForm):
    kind = SelectField(_l("Pièce"), choices=DOCUMENT_KINDS, validate_choice=False)
    reference = StringField(_l("Référence (date, où elle est classée)"), filters=[strip])


class UploadForm(WebForm):
    """The file's type and size are checked by its content in portal.funding.uploads."""

    kind = SelectField(_l("Pièce"), choices=DOCUMENT_KINDS, validate_choice=False)
    document = FileField(_l("Fichier (PDF, JPEG ou PNG)"), validators=[FileRequired(_l("Choisissez le fichier."))])
