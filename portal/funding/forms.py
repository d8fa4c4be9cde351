"""Forms of a funding file. What each value may be (the lists, the lengths, the order of the statuses) is
checked by portal.funding.service, whose refusals are the page's messages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField

from portal.formtools import WebForm, strip
from portal.funding.models import DOCUMENT_KINDS, FUNDER_TYPES, STATUSES
from portal.funding.service import PROFESSIONAL_STATUSES


class DetailsForm(WebForm):
    funder_type = SelectField(_l("Type de financeur"), choices=FUNDER_TYPES, validate_choice=False)
    funder_name = StringField(_l("Nom du financeur"), filters=[strip])
    case_number = StringField(_l("Numéro de dossier du financeur"), filters=[strip])
    professional_status = SelectField(_l("Situation professionnelle"), choices=PROFESSIONAL_STATUSES,
                                      validate_choice=False)
    employer = StringField(_l("Employeur"), filters=[strip])


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
