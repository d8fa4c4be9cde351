from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.formtools import REQUIRED, WebForm, strip
from portal.privacy.restriction import GROUNDS, OTHER


class DeleteAccountForm(WebForm):
    password = PasswordField(_l("Votre mot de passe"), validators=[DataRequired(REQUIRED), Length(max=128)],
                             render_kw={"autocomplete": "current-password"})
    understood = BooleanField(
        _l("Je comprends que mon compte et mes contenus seront effacés définitivement ; seules les pièces légales "
           "(attestations, contrats, factures, justificatifs de financement et de présence) seront archivées le "
           "temps exigé par la loi."),
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


class RestrictForm(WebForm):
    """Asking for restriction: the ground, her words for another ground, and a confirmation."""

    ground = RadioField(_l("Pourquoi demandez-vous la limitation ?"),
                        choices=[SelectChoice(code, words) for code, words in GROUNDS.items()],
                        validators=[DataRequired(_l("Choisissez la raison de votre demande."))], validate_choice=False)
    details = TextAreaField(_l("Précisions (facultatives, sauf pour « autre raison »)"), filters=[strip],
                            validators=[Length(max=1000, message=_l("1 000 caractères au plus."))])
    understood = BooleanField(
        _l("Je comprends que, pendant la limitation, mes données ne serviront plus qu'à leur conservation : ni "
           "personnalisation, ni nouveautés, ni comparaisons ; seul le bilan annuel dû à l'administration, "
           "anonyme, continue de me compter."),
        validators=[DataRequired(_l("Cochez la case pour confirmer."))])

    def validate_ground(self, field) -> None:
        if field.data not in GROUNDS:
            raise ValidationError(_l("Choisissez la raison de votre demande dans la liste."))

    def validate_details(self, field) -> None:
        if self.ground.data == OTHER and not field.data:
            raise ValidationError(_l("Précisez la raison de votre demande."))


class LiftForm(WebForm):
    reason = TextAreaField(_l("Pourquoi la limitation peut-elle être levée ?"), filters=[strip], validators=[
        DataRequired(_l("Dites en quelques mots pourquoi la limitation peut être levée.")),
        Length(max=1000, message=_l("1 000 caractères au plus."))])


class ObjectionForm(WebForm):
    """One click: the button sends "oui" to object and "non" to withdraw the objection."""

    objecting = StringField()

    @property
    def wanted(self) -> bool | None:
        return {"oui": True, "non": False}.get(self.objecting.data or "")
