"""/dpo/incidents: record a breach, then notify the people it touched."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.accounts.names import display_names
from portal.formtools import ConfirmForm
from portal.pages import Page, found_or_404
from portal.paging import page_number, page_of
from portal.personal_data.topics import TOPICS as CATEGORIES
from portal.security import incidents
from portal.security.incident_forms import AuthorityNoticeForm, IncidentForm, NoNoticeForm, RiskForm
from portal.security.wording import PEOPLE_WORDS, RISK_FOLLOWS, risk_level
from portal.vault.audit import Actor

bp = Blueprint("incidents", __name__, url_prefix="/dpo")


@bp.before_request
@roles_required("dpo")
def dpo_only():
    return None


def _incidents(form: IncidentForm | None = None) -> dict:
    """form: the incident just refused, given back as typed; otherwise an empty one."""
    listed = page_of(incidents.listing(), page_number(request.args))
    rows = listed.rows
    return {"rows": rows, "listed": listed, "clocks": {i.id: incidents.authority_clock(i) for i in rows},
            "people": {i.id: incidents.people_state(i) for i in rows}, "people_words": PEOPLE_WORDS,
            "risk_level": risk_level, "categories": CATEGORIES, "form": form or IncidentForm(formdata=None)}


INCIDENTS = Page("security/incidents.html", _incidents)


@bp.route("/incidents")
def incident_list():
    return INCIDENTS.show()


@bp.route("/incidents", methods=["POST"])
def record_incident():
    form = IncidentForm()
    if not form.validate():
        return INCIDENTS.show(form)
    try:
        incident = incidents.record(form.occurred_on.data, form.nature.data or "", form.categories.data or [],
                                    form.measures.data or "", incidents.parse_accounts(form.emails.data or ""),
                                    Actor(current_user.id, current_user.role), discovered_at=form.discovered_at.data,
                                    consequences=form.consequences.data or "")
    except incidents.IncidentRefused as refusal:
        return INCIDENTS.refuse(refusal, form, on=form)
    flash(_("Incident enregistré. Relisez-le, puis notifiez les personnes concernées."), "success")
    return redirect(url_for("incidents.incident", incident_id=incident.id))


def _incident(row, risk_form: RiskForm | None = None) -> dict:
    """An incident, and its actions' forms, empty (the risk's as last assessed): a refused one's words go to the
    page's top; risk_form: the assessment just refused, given back as typed."""
    accounts = incidents.accounts_of(row.id)
    return {"incident": row, "accounts": accounts, "names": display_names(r.account_id for r in accounts),
            "labels": {c.key: c.staff_label for c in CATEGORIES}, "clock": incidents.authority_clock(row),
            "preview": incidents.preview(row), "authority_form": AuthorityNoticeForm(formdata=None),
            "no_notice_form": NoNoticeForm(formdata=None), "risk_form": risk_form or RiskForm(formdata=None, data={
                "level": row.risk_level, "reason": row.risk_reason}),
            "risk_level": risk_level, "follows": RISK_FOLLOWS[row.risk_level if row.risk_level in RISK_FOLLOWS
                                                              else None],
            "people": {row.id: incidents.people_state(row)}, "people_words": PEOPLE_WORDS}


INCIDENT = Page("security/incident.html", _incident)


@bp.route("/incidents/<int:incident_id>")
def incident(incident_id: int):
    return INCIDENT.show(found_or_404(incidents.for_id(incident_id)))


@bp.route("/incidents/<int:incident_id>/cnil", methods=["POST"])
def authority_notified(incident_id: int):
    """The dpo has notified the CNIL (on its own service): the register records when."""
    row = found_or_404(incidents.for_id(incident_id))
    form = AuthorityNoticeForm()
    if not form.validate():
        return INCIDENT.refuse(None, row, on=form)
    try:
        incidents.record_authority_notice(row, form.reference.data or "", form.notified_at.data)
    except incidents.IncidentRefused as refusal:
        return INCIDENT.refuse(refusal, row)
    flash(_("Notification à la CNIL enregistrée, avec sa référence."), "success")
    return redirect(url_for("incidents.incident", incident_id=incident_id))


@bp.route("/incidents/<int:incident_id>/notifier", methods=["POST"])
def notify_incident(incident_id: int):
    row = found_or_404(incidents.for_id(incident_id))
    if not ConfirmForm().validate():
        abort(400)
    try:
        incidents.notify(row)
    except incidents.IncidentRefused as refusal:
        return INCIDENT.refuse(refusal, row)
    flash(_("Notification lancée : chaque personne reçoit un courriel ; l'heure d'envoi s'inscrit ci-dessous."),
          "success")
    return redirect(url_for("incidents.incident", incident_id=incident_id))


@bp.route("/incidents/<int:incident_id>/sans-notification", methods=["POST"])
def decide_no_notice(incident_id: int):
    """A reasoned decision not to tell the people (GDPR art. 34(3)), kept in the register."""
    row = found_or_404(incidents.for_id(incident_id))
    form = NoNoticeForm()
    if not form.validate():
        return INCIDENT.refuse(None, row, on=form)
    try:
        incidents.decide_not_to_notify(row, form.ground.data or "", form.reason.data or "")
    except incidents.IncidentRefused as refusal:
        return INCIDENT.refuse(refusal, row)
    flash(_("Décision enregistrée : les personnes ne seront pas informées individuellement."), "success")
    return redirect(url_for("incidents.incident", incident_id=incident_id))


@bp.route("/incidents/<int:incident_id>/risque", methods=["POST"])
def assess_risk(incident_id: int):
    """The dpo's assessment of the risk for the people, with its reasons: what is owed follows from it."""
    row = found_or_404(incidents.for_id(incident_id))
    form = RiskForm()
    if not form.validate():
        return INCIDENT.refuse(None, row, form, on=form)
    try:
        incidents.assess_risk(row, form.level.data or "", form.reason.data or "")
    except incidents.IncidentRefused as refusal:
        return INCIDENT.refuse(refusal, row, form, on=form)
    flash(_("Évaluation du risque enregistrée, avec ses raisons."), "success")
    return redirect(url_for("incidents.incident", incident_id=incident_id))
