"""/profil/securite: password change, two-factor authentication, logging out everywhere."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from portal.access import roles_required
from portal.pages import Page
from portal.security import twofactor
from portal.signin import service as accounts
from portal.signin.forms import ChangePasswordForm, TwoFactorDisableForm, TwoFactorSetupForm
from portal.vault import service as vault

bp = Blueprint("security", __name__, url_prefix="/profil/securite")
PENDING_SECRET = "totp_pending"


def _account(password_form: ChangePasswordForm | None = None, disable_form: TwoFactorDisableForm | None = None) -> dict:
    me = current_user.id
    return {"password_form": password_form or ChangePasswordForm(formdata=None),
            "disable_form": disable_form or TwoFactorDisableForm(formdata=None),
            "totp": twofactor.enabled(me), "codes_left": vault.recovery_codes_left(me)}


ACCOUNT = Page("security/account.html", _account)


def _setup(form: TwoFactorSetupForm, secret: str) -> dict:
    return {"form": form, "secret": secret,
            "qr": twofactor.qr_svg(twofactor.provisioning_uri(secret, current_user.display_name))}


SETUP = Page("security/setup.html", _setup)


@bp.route("")
@roles_required()
def page():
    return ACCOUNT.show()


@bp.route("/mot-de-passe", methods=["POST"])
@roles_required()
def change_password():
    form = ChangePasswordForm()
    if not form.validate():
        return ACCOUNT.show(password_form=form)
    if not vault.check_password(current_user.id, form.current_password.data):
        form.current_password.errors.append(_("Mot de passe actuel incorrect."))
        return ACCOUNT.show(password_form=form)
    if not twofactor.step_up(current_user.id, form.code.data):
        form.code.errors.append(_("Code de double authentification incorrect."))
        return ACCOUNT.show(password_form=form)
    account = accounts.change_password(current_user, form.password.data)
    login_user(account)  # this session carries the new version; every other one is over
    flash(_("Mot de passe changé. Vos autres sessions sont fermées ; un courriel vous le confirme."), "success")
    return redirect(url_for("security.page"))


@bp.route("/deconnexion-partout", methods=["POST"])
@roles_required()
def logout_everywhere():
    account = accounts.end_other_sessions(current_user)
    login_user(account)
    flash(_("Toutes vos autres sessions sont fermées."), "success")
    return redirect(url_for("security.page"))


@bp.route("/double-authentification", methods=["GET", "POST"])
@roles_required()
def setup():
    if twofactor.enabled(current_user.id):
        return redirect(url_for("security.page"))
    secret = session.get(PENDING_SECRET) or twofactor.new_secret()
    session[PENDING_SECRET] = secret
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        codes = twofactor.enable(current_user.id, secret, form.code.data)
        if codes is not None:
            session.pop(PENDING_SECRET, None)
            return render_template("security/recovery_codes.html", codes=codes)
        form.code.errors.append(_("Ce code ne correspond pas : vérifiez l'heure du téléphone et saisissez le code "
                                  "affiché maintenant."))
    return SETUP.show(form, secret)


@bp.route("/double-authentification/desactiver", methods=["POST"])
@roles_required()
def disable():
    form = TwoFactorDisableForm()
    if not form.validate():
        return ACCOUNT.show(disable_form=form)
    if not vault.check_password(current_user.id, form.password.data) or \
            not twofactor.verify(current_user.id, form.code.data):
        form.code.errors.append(_("Mot de passe ou code incorrect : la double authentification reste active."))
        return ACCOUNT.show(disable_form=form)
    twofactor.disable(current_user.id)
    flash(_("Double authentification désactivée. Un courriel vous le confirme."), "success")
    return redirect(url_for("security.page"))

