"""/profil: rectification of identity and preferences; /profil/adresse: changing the email address."""
from __future__ import annotations

import contextlib

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.accounts import tokens
from portal.formtools import ConfirmForm
from portal.fragments import wants_fragment
from portal.i18n import language
from portal.pages import Page
from portal.refusals import Refused
from portal.security import twofactor
from portal.signin import service
from portal.signin.forms import EmailChangeForm, ProfileForm
from portal.signin.views import TOKEN_PROBLEM
from portal.signin.wording import token_message
from portal.vault.service import EmailTaken, own_identity, paper_documents

bp = Blueprint("profile", __name__)


def _profile(form: ProfileForm, email_form: EmailChangeForm, *, saved: bool = False,
             display_name: str | None = None, name_changed: bool = False) -> dict:
    identity = own_identity(current_user.id)
    return {"form": form, "email_form": email_form, "saved": saved, "email": identity.email if identity else "",
            "new_display_name": display_name, "name_changed": name_changed, "totp": twofactor.enabled(current_user.id)}


def _reload(url: str) -> Response:
    """A redirect; for htmx, its HX-Redirect: the browser loads the whole page, not a swapped fragment."""
    if wants_fragment():
        return Response(status=200, headers={"HX-Redirect": url})
    return redirect(url)


PROFILE = Page("accounts/profile.html", _profile, block="profile")


@bp.route("/profil", methods=["GET", "POST"])
@roles_required()
def edit():
    form = ProfileForm()
    if form.is_submitted() is False:
        identity = own_identity(current_user.id)
        form = ProfileForm(data={
            "full_name": identity.full_name, "phone": identity.phone, "display_name": current_user.display_name,
            "language": current_user.language, "paper_documents": paper_documents(current_user.id),
            "postal_address": identity.postal_address,
        })
    elif form.validate():
        saved = service.update_profile(
            current_user, full_name=form.full_name.data, phone=form.phone.data, display_name=form.display_name.data,
            language=form.language.data, paper_documents=form.paper_documents.data,
            postal_address=form.postal_address.data or None,
        )
        if saved.language_changed or not wants_fragment():
            # This request began in the old language: the confirmation is said in the new one, and after a
            # change of language the whole page comes back (an htmx swap would only redo the form, in the old).
            # Issued documents are worth a word only when the name changed: a new phone puts no name on any.
            with language(form.language.data):
                flash(_("Modifications enregistrées. Les documents déjà délivrés gardent le nom sous lequel ils ont "
                        "été émis ; les suivants porteront la correction.") if saved.name_changed
                      else _("Modifications enregistrées."), "success")
            return _reload(url_for("profile.edit"))
        return PROFILE.show(form, EmailChangeForm(formdata=None), saved=True, display_name=form.display_name.data,
                            name_changed=saved.name_changed)
    return PROFILE.show(form, EmailChangeForm(formdata=None))


@bp.route("/profil/adresse", methods=["POST"])
@roles_required()
def change_email():
    email_form = EmailChangeForm()
    if email_form.validate_on_submit() and not twofactor.step_up(current_user.id, email_form.code.data):
        email_form.code.errors.append(_("Code de double authentification incorrect."))
    elif email_form.validate_on_submit():
        # Same answer when EmailTaken: whether an address has an account is not for others to learn.
        with contextlib.suppress(EmailTaken):
            service.request_email_change(current_user, email_form.email.data)
        flash(_("Un lien de confirmation vient d'être envoyé à la nouvelle adresse. L'ancienne reste active "
                "jusqu'à la confirmation."), "success")
        return redirect(url_for("profile.edit"))
    identity = own_identity(current_user.id)
    form = ProfileForm(formdata=None, data={"full_name": identity.full_name, "phone": identity.phone,
                                            "display_name": current_user.display_name,
                                            "language": current_user.language})
    return PROFILE.show(form, email_form)


@bp.route("/profil/adresse/<token>", methods=["GET", "POST"])
@roles_required()
def confirm_email_change(token: str):
    form = ConfirmForm()
    try:
        if tokens.read(tokens.CHANGE_EMAIL, token) != current_user.id:
            raise tokens.TokenInvalid()
        if form.validate_on_submit():
            service.confirm_email_change(token, current_user)
            flash(_("Votre nouvelle adresse est confirmée. L'ancienne a été prévenue du changement."), "success")
            return redirect(url_for("profile.edit"))
    except (tokens.TokenError, EmailTaken) as error:
        message = token_message(error) if isinstance(error, tokens.TokenError) else \
            _("Cette adresse est déjà utilisée par un autre compte.")
        return TOKEN_PROBLEM.refuse(Refused(message, 400))
    return render_template("accounts/confirm.html", form=form)
