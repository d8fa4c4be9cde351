from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from portal.accounts.forms import REQUIRED
from portal.formtools import WebForm


class DeleteAccountForm(WebForm):
    password = PasswordField(_l("Votre mot de passe"), validators=[DataRequired(REQUIRED), Length(max=128)],
                             render_kw={"autocomplete": "current-password"})
    understood = BooleanField(
        _l("Je comprends que mon compte et mes contenus seront effacés définitivement ; seules les pièces légales "
           "(attestations, justificatifs de financement et de présence) seront archivées le temps exigé par la loi."),
        validators=[DataRequired(_l("Cochez la case pour confirmer."))],
    )
    code = StringField(_l("Code de double authentification"), validators=[Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "maxlength": 20})


class HideNoticeForm(WebForm):
    """Hides an informational notice for the rest of the visit; `next` is where the person was."""

    next = HiddenField()


class ConsentForm(WebForm):
    """The privacy center's checkbox: it sends "oui" when ticked and nothing otherwise."""

    marketing = StringField(_l("Je souhaite recevoir les nouveautés de Pétale par courriel"))

    @property
    def wanted(self) -> bool:
        return self.marketing.data == "oui"


class OneClickUnsubscribeForm(WebForm):
    """RFC 8058: a mail client POSTs "List-Unsubscribe=One-Click" with no session, hence no CSRF token (the
    route is exempt: the signed token in the address is the key); the page's own button sends nothing."""

    class Meta:
        csrf = False

    one_click = StringField(name="List-Unsubscribe")

    @property
    def is_one_click(self) -> bool:
        return self.one_click.data == "One-Click"
