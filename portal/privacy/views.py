"""/mes-donnees (the privacy center) and /desinscription/<token> (one-click, logged out)."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from portal.access import roles_required
from portal.accounts.service import account_or_none
from portal.backup.service import DAILY_KEPT, WEEKLY_KEPT
from portal.errors import CSRF_MESSAGE, render_error
from portal.extensions import csrf
from portal.fragments import render_page_or_block, vary_on_htmx
from portal.links import safe_next
from portal.offline.marks import clear_browser_copies
from portal.pages import Page, found_or_404
from portal.personal_data.table import RULES
from portal.privacy import consent, erasure, export, objection, restriction, service, versions
from portal.privacy import policy as policy_text
from portal.privacy.forms import (
    ConsentForm,
    DeleteAccountForm,
    HideNoticeForm,
    LiftForm,
    ObjectionForm,
    OneClickUnsubscribeForm,
    RestrictForm,
)
from portal.refusals import Refused
from portal.security import events, twofactor
from portal.standing import service as standing
from portal.vault.service import check_password

bp = Blueprint("privacy", __name__)


@bp.route("/confidentialite")
def policy():
    return _policy_page(None)


@bp.route("/confidentialite/versions/<version>")
def policy_version(version: str):
    shown = found_or_404(versions.find(version))
    return _policy_page(shown)


def _policy_page(shown: versions.PolicyText | None):
    """shown: a given version, or None for the one in force."""
    every = versions.all_versions()  # oldest first
    shown = shown or versions.current(every=every)
    position = [v.version for v in every].index(shown.version)
    return render_template("privacy/policy.html", shown=shown, current=versions.current(every=every),
                           upcoming=versions.upcoming(every=every), past=list(reversed(every[:position])),
                           blocks=policy_text.blocks_of(shown.text), title=policy_text.title_of(shown.text),
                           rules=RULES, backups_daily=DAILY_KEPT, backups_weekly=WEEKLY_KEPT)


@bp.route("/confidentialite/versions/<version>/lue", methods=["POST"])
@roles_required()
def acknowledge_policy(version: str):
    if not versions.acknowledge(current_user.id, version):
        abort(404)
    flash(_("Merci : nous avons noté que vous avez pris connaissance de la version %(v)s.", v=version), "success")
    return redirect(url_for("privacy.policy_version", version=version))


@bp.route("/avis/limitation/masquer", methods=["POST"])
@roles_required()
def hide_restriction_notice():
    """The restriction notice is information, not a consent: it may be hidden for the rest of the visit
    (the privacy center still says it, and it comes back at the next sign-in)."""
    form = HideNoticeForm()
    if form.validate_on_submit():
        session["hide_restriction_notice"] = True
    return redirect(safe_next(form.next.data) or url_for("privacy.center"))


@bp.route("/mes-donnees")
@roles_required()
def center():
    return CENTER.show()


def _center(restrict_form: RestrictForm | None = None, lift_form: LiftForm | None = None) -> dict:
    """The privacy center; a restriction or lift form refused comes back as typed, with its message."""
    return {"sections": service.sections(current_user), "marketing": standing.granted(current_user.id),
            "history": consent.history(current_user.id), "restrict_form": restrict_form or RestrictForm(formdata=None),
            "lift_form": lift_form or LiftForm(formdata=None),
            "lift_pending": restriction.pending_lift(current_user.id),
            "objected_since": objection.since(current_user.id), "exports": export.own_exports(current_user.id)}


CENTER = Page("privacy/center.html", _center)


@bp.route("/mes-donnees/consentement", methods=["POST"])
@roles_required()
def set_consent():
    form = ConsentForm()
    if not form.validate():
        return render_error(400, CSRF_MESSAGE)
    wanted = form.wanted
    if consent.record(current_user.id, wanted, consent.SOURCE_SPACE):
        flash(_("Choix enregistré : vous recevrez nos nouveautés.") if wanted
              else _("Choix enregistré : vous ne recevrez plus nos nouveautés."), "success")
    return redirect(url_for("privacy.center") + "#communications")


@bp.route("/mes-donnees/opposition", methods=["POST"])
@roles_required()
def set_objection():
    form = ObjectionForm()
    if not form.validate():
        return render_error(400, CSRF_MESSAGE)
    if form.wanted is None:
        return render_error(400, _("Choisissez de vous opposer ou de retirer votre opposition."))
    if objection.record(current_user.id, form.wanted):
        flash(_("C'est noté : vos données ne comptent plus dans nos chiffres d'ensemble.") if form.wanted
              else _("C'est noté : vos données comptent de nouveau, sans vous nommer, dans nos chiffres d'ensemble."),
              "success")
    return redirect(url_for("privacy.center") + "#opposition")


@bp.route("/mes-donnees/limitation", methods=["POST"])
@roles_required()
def restrict():
    if current_user.restricted_at:
        return redirect(url_for("privacy.center") + "#limitation")
    form = RestrictForm()
    if not form.validate():
        return CENTER.show(restrict_form=form)
    restriction.restrict(current_user.id, detail=restriction.register_words(form.ground.data, form.details.data or ""),
                         ground=form.ground.data)
    flash(_("Votre demande de limitation est enregistrée et appliquée dès maintenant. "
            "Le délégué à la protection des données vous répondra sous 15 jours."), "success")
    return redirect(url_for("privacy.center") + "#limitation")


@bp.route("/mes-donnees/limitation/levee", methods=["POST"])
@roles_required()
def ask_lift():
    form = LiftForm()
    if not form.validate():
        return CENTER.show(lift_form=form)
    try:
        restriction.ask_lift(current_user.id, form.reason.data or "")
    except restriction.RestrictionRefused as refusal:
        return CENTER.refuse(refusal, lift_form=form, on=form)
    flash(_("Demande de levée enregistrée : le délégué à la protection des données vous répondra sous 15 jours."),
          "success")
    return redirect(url_for("privacy.center") + "#limitation")


@bp.route("/mes-donnees/export", methods=["POST"])
@roles_required()
def start_export():
    created = export.request_export(current_user.id)
    return redirect(url_for("privacy.export_status", export_id=created.id))


@bp.route("/mes-donnees/export/<int:export_id>")
@roles_required()
def export_status(export_id: int):
    item = export.own_export_or_none(current_user.id, export_id)
    if item is None:
        if export.export_exists(export_id):
            events.refuse_other_persons_data(current_user.id, "export de données")
        abort(404)
    link = url_for("privacy.download_export", export_id=item.id, jeton=export.download_token(item)) \
        if item.status == "ready" else None
    return vary_on_htmx(make_response(render_page_or_block("privacy/export.html", "status", export=item, link=link)))


@bp.route("/mes-donnees/export/<int:export_id>/telecharger")
@roles_required()
def download_export(export_id: int):
    item = export.export_for_download(request.args.get("jeton", ""), current_user.id)
    if item is None or item.id != export_id:
        abort(404)  # another account's link, a forged or an expired one
    return send_from_directory(export.folder(item.account_id), item.zip_file, as_attachment=True,
                               download_name="petale-mes-donnees.zip", max_age=0)


@bp.route("/mes-donnees/suppression", methods=["GET", "POST"])
@roles_required()
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not check_password(current_user.id, form.password.data):
            return DELETE.refuse(Refused(_("Mot de passe incorrect : le compte n'a pas été supprimé."), 401),
                                 form, on=form.password)
        if not twofactor.step_up(current_user.id, form.code.data):
            return DELETE.refuse(Refused(_("Code de double authentification incorrect : le compte n'a pas été "
                                           "supprimé."), 401), form, on=form.code)
        account = current_user._get_current_object()
        logout_user()
        erasure.delete_account(account)
        session.clear()
        return clear_browser_copies(make_response(render_template("privacy/deleted.html")))
    return DELETE.show(form)


# A wrong password or code is answered 401, beside its field: the account stays.
DELETE = Page("privacy/delete.html", lambda form: {"form": form, "totp": twofactor.enabled(current_user.id)})


@bp.route("/desinscription/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session; the token is the key
def unsubscribe(token: str):
    account_id = standing.account_for_unsubscribe(token)
    if account_id is None or account_or_none(account_id) is None:
        return render_error(400, _("Ce lien de désinscription n'est pas valide."))
    if request.method == "POST":
        form = OneClickUnsubscribeForm()
        source = consent.SOURCE_ONE_CLICK if form.is_one_click else consent.SOURCE_LINK
        consent.record(account_id, False, source)
        return render_template("privacy/unsubscribed.html")
    return render_template("privacy/unsubscribe.html", token=token)
