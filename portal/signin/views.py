"""/inscription, /connexion, /deconnexion, email confirmation and password reset."""
from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from portal import i18n
from portal.access import home_for
from portal.accounts import tokens
from portal.accounts.models import Account
from portal.accounts.service import load_session_account
from portal.formtools import ConfirmForm
from portal.links import safe_next
from portal.offline.marks import clear_browser_copies
from portal.pages import Page
from portal.refusals import Refused
from portal.security import events, throttle, twofactor
from portal.signin import service
from portal.signin.forms import (
    ForgotPasswordForm,
    LanguageForm,
    LoginCodeForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
)
from portal.signin.wording import token_message

bp = Blueprint("accounts", __name__)

# A link of a mail that cannot be used (expired, already used, forged): said, answered 400.
TOKEN_PROBLEM = Page("accounts/token_problem.html", lambda: {})
SIGNUP = Page("accounts/signup.html", lambda form: {"form": form})
LOGIN = Page("accounts/login.html", lambda form: {"form": form})
LOGIN_CODE = Page("accounts/login_code.html", lambda form: {"form": form})
ACTIVATE = Page("accounts/activate.html", lambda form: {"form": form})
FORGOT = Page("accounts/forgot.html", lambda form: {"form": form})
RESET = Page("accounts/reset.html", lambda form: {"form": form})

@bp.route("/inscription", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = SignupForm()
    if form.validate_on_submit():
        service.register(
            service.Signup(
                full_name=form.full_name.data, email=form.email.data, phone=form.phone.data,
                display_name=form.display_name.data, password=form.password.data,
                language=i18n.visitor_language(),  # the language she signed up in is her account's
            )
        )
        session[DEMO_ADDRESS] = form.email.data
        return redirect(url_for("accounts.signup_sent"))
    return SIGNUP.show(form)


@bp.route("/inscription/verifiez-vos-courriels")
def signup_sent():
    return render_template("accounts/signup_sent.html")


@bp.route("/demo/boite-de-reception")
def demo_mailbox():
    """Only in the demo (PETALE_DEMO): mails written to files cannot be read by the person trying it."""
    if not current_app.config["DEMO_MODE"]:
        abort(404)
    account_id = current_user.id if current_user.is_authenticated else None
    return render_template("accounts/demo_mailbox.html",
                           box=service.demo_mailbox(session.get(DEMO_ADDRESS), account_id))


@bp.route("/confirmer/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    form = ConfirmForm()
    try:
        service.account_for_token(tokens.CONFIRM_EMAIL, token)
        if form.validate_on_submit():
            confirmed = service.confirm_email(token)
            flash(_("Votre adresse est confirmée. Bienvenue sur Pétale !"), "success")
            if current_user.is_authenticated and current_user.id == confirmed.account.id:
                return redirect(home_for(confirmed.account))
            # The sign-in that follows starts with her address filled in (kept in her session only).
            session[LOGIN_EMAIL] = confirmed.email
            return redirect(url_for("accounts.login"))
    except tokens.TokenError as error:
        return TOKEN_PROBLEM.refuse(Refused(token_message(error), 400))
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
    if request.method == "GET" and session.get(LOGIN_EMAIL):
        form.email.data = session.pop(LOGIN_EMAIL)
    if form.validate_on_submit():
        try:
            throttle.check(form.email.data)
        except throttle.Throttled as wait:
            events.record("login_throttled", None)
            response = LOGIN.refuse(Refused(_wait_message(wait), 429), form, on=form.password)
            response.headers["Retry-After"] = str(wait.retry_after)
            return response
        attempt = service.authenticate(form.email.data, form.password.data)
        account = attempt.account
        if account is not None:
            throttle.succeeded(form.email.data)
            # A fresh session on sign-in: nothing set before authentication carries over.
            next_url = safe_next(request.args.get("next"))
            chosen = session.get(CHOSEN_LANGUAGE)
            session.clear()
            if twofactor.enabled(account.id):
                session[SECOND_STEP] = {"a": str(account.id), "v": account.session_version, "n": next_url,
                                        "t": int(time.time()), "l": chosen}
                return redirect(url_for("accounts.login_code"))
            events.record("login_succeeded", account.id)
            login_user(account)
            _language_at_signin(account, chosen)
            return redirect(next_url or home_for(account))
        throttle.failed(form.email.data, attempt.address_owner)
        return LOGIN.refuse(Refused(_("Adresse ou mot de passe incorrect."), 401), form, on=form.password)
    return LOGIN.show(form)


SECOND_STEP = "login_second_step"
LOGIN_EMAIL = "login_email"
DEMO_ADDRESS = "demo_address"  # the demo's mailbox shows the mails sent to the address typed last (demo only)
CHOSEN_LANGUAGE = "language_chosen"  # the language chosen with the footer's switch before signing in
SECOND_STEP_SECONDS = 300


@bp.route("/connexion/code", methods=["GET", "POST"])
def login_code():
    """Second step when two-factor authentication is on: a code from the app, or a recovery code."""
    pending = session.get(SECOND_STEP) or {}
    account = None
    if pending and time.time() - pending.get("t", 0) <= SECOND_STEP_SECONDS:
        account = load_session_account(f"{pending.get('a')}:{pending.get('v')}")
    if account is None:
        session.pop(SECOND_STEP, None)
        flash(_("Reprenez la connexion depuis le début."), "error")
        return redirect(url_for("accounts.login"))
    form = LoginCodeForm()
    if form.validate_on_submit():
        try:
            throttle.check_code(account.id)
        except throttle.Throttled as wait:
            session.pop(SECOND_STEP, None)
            flash(_wait_message(wait), "error")
            return redirect(url_for("accounts.login"))
        if twofactor.verify(account.id, form.code.data):
            throttle.code_succeeded(account.id)
            session.clear()
            events.record("login_succeeded", account.id, "double authentification")
            login_user(account)
            _language_at_signin(account, pending.get("l"))
            return redirect(pending.get("n") or home_for(account))
        throttle.code_failed(account.id)
        return LOGIN_CODE.refuse(Refused(_("Code incorrect."), 401), form, on=form.code)
    return LOGIN_CODE.show(form)


def _language_at_signin(account: Account, chosen: str | None) -> None:
    """The person's latest explicit choice wins: a language chosen before signing in becomes her account's.
    Either way the first page says, in the language it is in, which one is used and where to change it,
    never switching silently from the one she was reading."""
    kept = service.keep_language_chosen_before_signin(account, chosen)
    if not kept and i18n.visitor_language() == account.language:
        return  # the pages go on in the language she was reading
    with i18n.language(account.language):
        words = i18n.language_words(account.language)
        if kept:
            flash(_("Langue gardée : votre compte est désormais en %(l)s, comme vous l'avez choisi avant de vous "
                    "connecter. Vous pouvez en changer en bas de chaque page.", l=words), "success")
        else:
            flash(_("Pétale s'affiche en %(l)s, la langue de votre compte. Vous pouvez en changer en bas de chaque "
                    "page.", l=words), "success")


def _wait_message(wait: throttle.Throttled) -> str:
    if wait.locked:
        return _("Trop d'échecs : les connexions sont suspendues pendant %(m)s min. Le titulaire du compte, s'il "
                 "existe, est prévenu par courriel.", m=max(1, round(wait.retry_after / 60)))
    return ngettext("Trop de tentatives rapprochées : réessayez dans %(num)s seconde.",
                    "Trop de tentatives rapprochées : réessayez dans %(num)s secondes.", wait.retry_after)


@bp.route("/deconnexion", methods=["POST"])
def logout():
    # CSRFProtect has already checked the token of this POST.
    logout_user()
    flash(_("Vous êtes déconnecté."), "success")
    # Lessons kept for the road and anything queued go with the session (static/offline.js sent the queue).
    return clear_browser_copies(redirect(url_for("learning.catalogue_page")))


@bp.route("/langue", methods=["POST"])
def choose_language():
    """The footer's switch, signed in or not: the account keeps the choice, the cookie too (for the
    pages before signing in)."""
    form = LanguageForm()
    form.validate()  # CSRFProtect has checked the token; a wrong language simply means French
    if current_user.is_authenticated:
        service.set_language(current_user.id, form.language)
    else:
        session[CHOSEN_LANGUAGE] = form.language  # her account takes it when she signs in
    response = redirect(safe_next(form.next.data) or url_for("learning.catalogue_page"))
    response.set_cookie(i18n.COOKIE, form.language, max_age=365 * 86400, samesite="Lax", httponly=True)
    return response


@bp.route("/activer/<token>", methods=["GET", "POST"])
def activate(token: str):
    """The link of the mail sent to someone staff enrolled: she chooses her password, and her account is open."""
    form = ResetPasswordForm()
    try:
        service.account_for_token(tokens.ACTIVATE, token)
        if form.validate_on_submit():
            service.activate(token, form.password.data)
            logout_user()
            flash(_("Votre compte est activé. Connectez-vous avec votre adresse et ce mot de passe."), "success")
            return redirect(url_for("accounts.login"))
    except tokens.TokenError as error:
        return TOKEN_PROBLEM.refuse(Refused(token_message(error), 400))
    return ACTIVATE.show(form)


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        service.request_password_reset(form.email.data)
        session[DEMO_ADDRESS] = form.email.data
        return render_template("accounts/forgot_sent.html")
    return FORGOT.show(form)


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
        return TOKEN_PROBLEM.refuse(Refused(token_message(error), 400))
    return RESET.show(form)
