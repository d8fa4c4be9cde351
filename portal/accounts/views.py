"""/inscription, /connexion, /deconnexion, email confirmation and password reset."""
from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from portal.accounts import service, tokens
from portal.accounts.access import home_for
from portal.accounts.forms import ConfirmForm, ForgotPasswordForm, LoginForm, ResetPasswordForm, SignupForm

bp = Blueprint("accounts", __name__)

TOKEN_MESSAGES = {
    tokens.TokenExpired: _l("Ce lien a expiré. Demandez-en un nouveau."),
    tokens.TokenUsed: _l("Ce lien a déjà été utilisé."),
    tokens.TokenInvalid: _l("Ce lien n'est pas valide. Vérifiez qu'il a été copié en entier."),
}


def token_message(error: tokens.TokenError) -> str:
    return str(TOKEN_MESSAGES[type(error)])


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never //host, a scheme, or a backslash trick."""
    if not target:
        return None
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    return target


@bp.route("/inscription", methods=["GET", "POST"])
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        service.register(
            service.Signup(
                full_name=form.full_name.data, email=form.email.data, phone=form.phone.data,
                display_name=form.display_name.data, password=form.password.data,
            )
        )
        return redirect(url_for("accounts.signup_sent"))
    return render_template("accounts/signup.html", form=form), 422 if form.errors else 200


@bp.route("/inscription/verifiez-vos-courriels")
def signup_sent():
    return render_template("accounts/signup_sent.html")


@bp.route("/confirmer/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    form = ConfirmForm()
    try:
        service.account_for_token(tokens.CONFIRM_EMAIL, token)
        if form.validate_on_submit():
            account = service.confirm_email(token)
            flash(_("Votre adresse est confirmée. Bienvenue sur Pétale !"), "success")
            if current_user.is_authenticated and current_user.id == account.id:
                return redirect(home_for(account))
            return redirect(url_for("accounts.login"))
    except tokens.TokenError as error:
        return render_template("accounts/token_problem.html", message=token_message(error)), 400
    return render_template("accounts/confirm.html", form=form)


@bp.route("/confirmation-requise", methods=["GET", "POST"])
@login_required
def confirmation_required():
    if current_user.is_confirmed:
        return redirect(home_for(current_user))
    form = ConfirmForm()
    if form.validate_on_submit():
        service.send_confirmation(current_user)
        flash(_("Un nouveau lien de confirmation vient de vous être envoyé."), "success")
        return redirect(url_for("accounts.confirmation_required"))
    return render_template("accounts/confirmation_required.html", form=form)


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        account = service.authenticate(form.email.data, form.password.data)
        if account is not None:
            # A fresh session on sign-in: nothing set before authentication carries over.
            next_url = safe_next(request.args.get("next"))
            session.clear()
            login_user(account)
            return redirect(next_url or home_for(account))
        form.password.errors.append(_("Adresse ou mot de passe incorrect."))
        return render_template("accounts/login.html", form=form), 401
    return render_template("accounts/login.html", form=form), 422 if form.errors else 200


@bp.route("/deconnexion", methods=["POST"])
def logout():
    # CSRFProtect has already checked the token of this POST.
    logout_user()
    flash(_("Vous êtes déconnecté."), "success")
    return redirect(url_for("learning.catalogue_page"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        service.request_password_reset(form.email.data)
        return render_template("accounts/forgot_sent.html")
    return render_template("accounts/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/mot-de-passe/nouveau/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    try:
        service.account_for_token(tokens.RESET_PASSWORD, token)
        if form.validate_on_submit():
            service.reset_password(token, form.password.data)
            logout_user()
            flash(_("Votre mot de passe est changé. Connectez-vous avec le nouveau."), "success")
            return redirect(url_for("accounts.login"))
    except tokens.TokenError as error:
        return render_template("accounts/token_problem.html", message=token_message(error)), 400
    return render_template("accounts/reset.html", form=form), 422 if form.errors else 200
