"""Account forms. Every message is French through Flask-Babel; limits match the columns."""
from __future__ import annotations

import phonenumbers
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from portal import email_address, formatting
from portal.formtools import REQUIRED, WebForm, strip
from portal.i18n import LANGUAGES

PASSWORD_MIN, PASSWORD_MAX = 10, 128


def normalise_email(form, field) -> None:
    """The portal's one rule for an address (portal.email_address), saying why it refuses one."""
    try:
        field.data = email_address.normalised(field.data or "")
    except email_address.AddressRefused as refused:
        raise ValidationError(refused.words) from None


def normalise_phone(form, field) -> None:
    """French numbers may be typed nationally (06 12 34 56 78); others need their +country code."""
    try:
        number = phonenumbers.parse(field.data or "", "FR")
    except phonenumbers.NumberParseException:
        raise ValidationError(_l("Ce numéro de téléphone n'est pas valide.")) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_l("Ce numéro de téléphone n'est pas valide."))
    field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(TelField):
    """A phone kept as E.164 (normalise_phone) and shown in its box as a person writes it, as its hint
    does (« 06 12 34 56 78 », « +32 470 12 34 56 »): pre-filled from the vault, or re-shown after a refusal."""

    def _value(self) -> str:
        typed = self.raw_data[0] if self.raw_data and self.errors else None
        return typed if typed is not None else formatting.phone(self.data or "")


def _password_length(form, field) -> None:
    """Says only what is wrong, how many characters are missing or too many: the rule itself is in the hint
    right above the box, and repeating it is no help."""
    typed = len(field.data or "")
    if typed < PASSWORD_MIN:
        raise ValidationError(_nl("Il manque %(num)d caractère.", "Il manque %(num)d caractères.",
                                  PASSWORD_MIN - typed))
    if typed > PASSWORD_MAX:
        raise ValidationError(_nl("%(num)d caractère de trop.", "%(num)d caractères de trop.", typed - PASSWORD_MAX))


def _password(label, autocomplete: str):
    # The rule is said before anyone breaks it, not only in the error.
    return PasswordField(
        label,
        description=_l("Entre %(min)d et %(max)d caractères ; une phrase facile à retenir convient très bien.",
                       min=PASSWORD_MIN, max=PASSWORD_MAX),
        validators=[
            DataRequired(REQUIRED),
            _password_length,
        ],
        render_kw={"autocomplete": autocomplete, "minlength": PASSWORD_MIN, "maxlength": PASSWORD_MAX},
    )


def _password_confirmation():
    return PasswordField(
        _l("Confirmez le mot de passe"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("Les deux mots de passe diffèrent."))],
        render_kw={"autocomplete": "new-password", "maxlength": PASSWORD_MAX},
    )


class SignupForm(WebForm):
    full_name = StringField(
        _l("Nom complet"),
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=120, message=_l("120 caractères au plus."))],
        render_kw={"autocomplete": "name", "maxlength": 120},
    )
    email = EmailField(
        _l("Adresse électronique"),
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=254, message=_l("254 caractères au plus.")), normalise_email],
        render_kw={"autocomplete": "email", "maxlength": 254},
    )
    phone = PhoneField(
        _l("Téléphone"),
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=30, message=_l("30 caractères au plus.")), normalise_phone],
        render_kw={"autocomplete": "tel", "maxlength": 30},
        description=_l("Par exemple 06 12 34 56 78, ou +32 470 12 34 56 hors de France."),
    )
    display_name = StringField(
        _l("Nom affiché sur le forum"),
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(2, 40, _l("Entre %(min)d et %(max)d caractères."))],
        render_kw={"autocomplete": "nickname", "maxlength": 40},
        description=_l("Visible des autres stagiaires de vos sessions ; votre nom complet reste confidentiel."),
    )
    password = _password(_l("Mot de passe"), "new-password")
    password_confirm = _password_confirmation()


class LoginForm(WebForm):
    email = EmailField(
        _l("Adresse électronique"),
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=254)],
        render_kw={"autocomplete": "username", "maxlength": 254},
    )
    password = PasswordField(
        _l("Mot de passe"),
        validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password", "maxlength": PASSWORD_MAX},
    )


class ForgotPasswordForm(WebForm):
    email = EmailField(
        _l("Adresse électronique"),
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=254)],
        render_kw={"autocomplete": "email", "maxlength": 254},
    )


class ResetPasswordForm(WebForm):
    password = _password(_l("Nouveau mot de passe"), "new-password")
    password_confirm = _password_confirmation()


class ProfileForm(WebForm):
    full_name = SignupForm.full_name
    phone = SignupForm.phone
    display_name = SignupForm.display_name
    # Each language named in itself, and said so (as the footer's switch does).
    language = SelectField(_l("Langue"), choices=[SelectChoice("fr", "Français", render_kw={"lang": "fr"}),
                                                   SelectChoice("en", "English", render_kw={"lang": "en"})])
    paper_documents = BooleanField(_l("Je souhaite recevoir mes documents par courrier"))
    postal_address = TextAreaField(
        _l("Adresse postale"), filters=[strip],
        validators=[Optional(), Length(max=300, message=_l("300 caractères au plus."))],
        render_kw={"autocomplete": "street-address", "rows": 3},
        description=_l("Pour l'envoi de documents papier, et sur votre contrat et vos factures si vous financez "
                       "vous-même votre formation. Videz le champ pour la retirer."),
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.paper_documents.data and not (self.postal_address.data or "").strip():
            self.postal_address.errors = [*self.postal_address.errors,
                                          _l("Indiquez l'adresse où envoyer vos documents.")]
            valid = False
        return valid


def _code(label=_l("Code de double authentification")):  # noqa: B008 (a lazy string, translated when rendered)
    return StringField(label, filters=[strip], validators=[Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 20})


class EmailChangeForm(WebForm):
    email = EmailField(
        _l("Nouvelle adresse électronique"),
        filters=[strip],
        validators=[DataRequired(REQUIRED), Length(max=254, message=_l("254 caractères au plus.")), normalise_email],
        render_kw={"autocomplete": "email", "maxlength": 254},
    )
    code = _code()


class ChangePasswordForm(WebForm):
    current_password = PasswordField(
        _l("Mot de passe actuel"), validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password", "maxlength": PASSWORD_MAX})
    password = _password(_l("Nouveau mot de passe"), "new-password")
    password_confirm = _password_confirmation()
    code = _code()


class TwoFactorSetupForm(WebForm):
    code = StringField(_l("Code affiché par l'application"), filters=[strip],
                       validators=[DataRequired(REQUIRED), Length(max=10)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 10})


class TwoFactorDisableForm(WebForm):
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password", "maxlength": PASSWORD_MAX})
    code = StringField(_l("Code de l'application ou code de secours"), filters=[strip],
                       validators=[DataRequired(REQUIRED), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "maxlength": 20})


class LoginCodeForm(WebForm):
    code = StringField(_l("Code de l'application ou code de secours"), filters=[strip],
                       validators=[DataRequired(REQUIRED), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "maxlength": 20, "autofocus": True})


class LanguageForm(WebForm):
    """The footer's language switch. Anything but a known language means French, the default."""

    langue = StringField()
    next = HiddenField()

    @property
    def language(self) -> str:
        return self.langue.data if self.langue.data in LANGUAGES else "fr"
