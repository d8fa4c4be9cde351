"""The legal archive's forms: a piece opened from the list, or an archived invoice found by its number, each
for a stated reason."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    StringField,
)
from wtforms.validators import DataRequired, Length, Regexp

from portal.formtools import WebForm, strip


def invoice_number(value: str | None) -> str | None:
    """As printed, whatever the case and the zeros typed: "fac-2025-42" is FAC-2025-000042."""
    if not value:
        return value
    number = value.upper().replace(" ", "")
    prefix, _, seq = number.rpartition("-")
    return f"{prefix}-{seq.zfill(6)}" if prefix and seq.isdigit() and len(seq) <= 6 else number


class ArchivedPieceForm(WebForm):
    """Taking a piece out of the archive: the reason goes to the access journal with the reading."""

    reason = StringField(_l("Raison (sans nom ni coordonnées)"), filters=[strip], validators=[
        DataRequired(_l("Indiquez pourquoi vous ressortez cette pièce des archives (contrôle fiscal, demande "
                        "de l'expert-comptable, d'un financeur…) : la raison est inscrite au journal d'accès.")),
        Length(max=500, message=_l("La raison tient en 500 caractères au plus."))], render_kw={"autocomplete": "off"})


class ArchivedInvoiceForm(ArchivedPieceForm):
    """An archived invoice is found by its number only: no list of a closed year's customers to browse."""

    number = StringField(_l("Numéro de la facture ou de l'avoir"), filters=[strip, invoice_number], validators=[
        DataRequired(_l("Indiquez le numéro imprimé sur la facture, par exemple FAC-2025-000042.")),
        Regexp(r"^FAC-\d{4}-\d{6}$", message=_l("Un numéro de facture s'écrit FAC-, l'année, un tiret et six "
                                                   "chiffres, par exemple FAC-2025-000042."))],
        render_kw={"maxlength": 20, "autocomplete": "off", "placeholder": "FAC-2025-000042", "spellcheck": "false"})
