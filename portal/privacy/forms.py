from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from portal.accounts.forms import REQUIRED


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Votre mot de passe"), validators=[DataRequired(REQUIRED), Length(max=128)],
                             render_kw={"autocomplete": "current-password"})
    understood = BooleanField(
        _l("Je comprends que mon compte et mes contenus seront effacés définitivement ; seules les pièces légales "
           "(attestations, justificatifs de financement et de présence) seront archivées le temps exigé par la loi."),
        validators=[DataRequired(_l("Cochez la case pour confirmer."))],
    )
    code = StringField(_l("Code de double authentification"), validators=[Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "maxlength": 20})


class HideNoticeForm(FlaskForm):
    """Hides an informational notice for the rest of the visit; `next` is where the person was."""

    next = HiddenField()
