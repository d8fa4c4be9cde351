"""/gestion/factures (staff: invoices, issuing one, an enrolment's billing and the payers' shares of its
price) and /mes-factures (the learner's invoices and payments)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.accounts.names import display_names
from portal.documents import spreadsheet
from portal.invoicing import export, service
from portal.invoicing.forms import CreditNoteForm, InvoiceForm, ListFilterForm, SharesForm
from portal.invoicing.models import Invoice
from portal.invoicing.wording import METHOD_WORDS, OTHER_PAYER_WORDS, PART_WORDS, PAYER_WORDS
from portal.pages import GROUND_ASKED, Page, found_or_404, place
from portal.paging import page_number
from portal.payments import service as payments
from portal.refusals import Refused
from portal.security import events
from portal.standing.service import GroundRequired, restricted_among
from portal.timeutil import paris_today
from portal.vault import audit
from portal.vault import service as vault

bp = Blueprint("invoicing", __name__)
# The invoice form's fields a refusal is said beside (portal.invoicing.service.InvoiceRefused.field).
BESIDE = ("payer_type", "payer_name", "payer_address", "payer_siren", "payer_email", "part", "deposit", "ground")


def _pdf(invoice: Invoice, party: vault.Party) -> Response:
    return Response(service.pdf(invoice, party), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{invoice.number}.pdf"'})


def _filters() -> ListFilterForm:
    """The list's filters, from the address, checked: refused ones are said and not applied (a 422)."""
    filters = ListFilterForm(request.args)
    filters.validate()
    return filters


def _invoices(filters: ListFilterForm, form: InvoiceForm | None = None, lines_error: str | None = None) -> dict:
    """A page of invoices, filtered by the address; and the form to issue one, for the enrolment named by
    ?inscription= (from its billing page: an enrolment is never picked from a list of all of them). form: the
    invoice just refused, given back as typed, each error beside its field (lines_error: the lines written
    out)."""
    today = paris_today()
    listed = service.listing(filters.filters() if not filters.errors else service.ListFilters(),
                             page_number(request.args), today)
    invoices = listed.rows
    cancelled = service.cancelled_among([i.id for i in invoices])
    numbers = service.numbers_of([i.cancels_id for i in invoices if i.cancels_id])
    chosen = form.enrollment_id.data if form is not None else (filters.inscription.data if not filters.errors else None)
    enrollment = service.enrollment_with_session(chosen)
    funder = service.funder_on_file(enrollment.id) if enrollment is not None else None
    names = display_names([enrollment.account_id] if enrollment else [])
    return {"listed": listed, "invoices": invoices, "cancelled": cancelled, "enrollment": enrollment,
            "states": payments.standing(invoices), "today": today, "filters": filters,
            "active_filters": filters.active_filters(), "names": names, "numbers": numbers,
            "trainees": service.named(invoices),
            "restricted": restricted_among(i.account_id for i in invoices), "payers": service.payer_names(invoices),
            "payer_words": PAYER_WORDS, "part_words": PART_WORDS, "lines_error": lines_error,
            "funder": funder, "form": form or _fresh_form(chosen, funder)}


def _fresh_form(enrollment_id: int | None, funder: service.FunderOnFile | None) -> InvoiceForm:
    """The form offers what the funding file says: the payer it bills, and a funder's or an employer's name,
    billing address and SIREN as the file has them."""
    if funder is None:
        return InvoiceForm(formdata=None, payer_type="learner", enrollment_id=enrollment_id)
    organisation = funder.billed_as in ("funder", "employer")
    return InvoiceForm(formdata=None, payer_type=funder.billed_as, enrollment_id=enrollment_id,
                       payer_name=funder.name if organisation else "",
                       payer_address=funder.address if organisation else "",
                       payer_siren=funder.siren if organisation else "")


INVOICES = Page("invoicing/list.html", _invoices)


@bp.route("/gestion/factures")
@roles_required("staff")
def invoices():
    return INVOICES.show(_filters())


@bp.route("/gestion/factures.csv")
@roles_required("staff")
def invoices_csv():
    """The list under its filters, every page of it, for the accountant."""
    filters = _filters()
    if filters.errors:
        return INVOICES.show(filters)
    body = export.invoices_csv(filters.filters(), paris_today(), spreadsheet.dialect_named(request.args.get("format")))
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="factures-{paris_today():%Y%m%d}.csv"'})


def _lines(form: InvoiceForm) -> list[service.Line] | None:
    """The lines staff wrote out, or None: the service then bills the payer's part. A row with a label and
    no price (or the reverse) is refused rather than dropped."""
    lines = []
    for row in form.lines.entries:
        description, quantity, unit = row.form.description.data, row.form.quantity.data, row.form.unit.data
        if not description and unit is None:
            continue
        if not description or unit is None:
            raise service.InvoiceRefused(_("Chaque ligne écrite a sa désignation et son prix unitaire."), field="lines")
        lines.append(service.Line(description[:200], quantity if quantity is not None else 1, unit))
    return lines or None


@bp.route("/gestion/factures", methods=["POST"])
@roles_required("staff")
def issue():
    form = InvoiceForm()
    valid = form.validate()
    if form.enrollment_id.errors:  # no enrolment to issue for: said above the form
        form.form_errors.append(str(form.enrollment_id.errors[0]))
        return INVOICES.show(_filters(), form)
    payer = vault.Party(form.payer_name.data or "", form.payer_address.data or "", form.payer_siren.data or "",
                        email=form.payer_email.data or "")
    refusals: list[Refused] = []
    try:
        lines = _lines(form)
    except service.InvoiceRefused as refusal:
        lines, refusals = None, [refusal]
    asked = {"lines": lines, "ground": form.ground.data or "", "part": form.part.data or "total",
             "deposit_cents": form.deposit.data}
    try:
        if valid and not refusals:
            invoice = service.issue_invoice(form.enrollment_id.data, form.payer_type.data or "", payer,
                                            current_user.id, **asked)
        else:  # every error at once: the form's own, and the service's on what could be read
            service.check_invoice(form.enrollment_id.data, form.payer_type.data or "", payer, **asked)
    except Refused as refusal:
        refusals += getattr(refusal, "every", [refusal])
    if refusals or not valid:
        return _refused(form, refusals)
    flash(_("Facture %(n)s émise.", n=invoice.number), "success")
    return redirect(url_for("invoicing.enrollment_billing", enrollment_id=form.enrollment_id.data), 303)


def _refused(form: InvoiceForm, refusals: list[Refused]) -> Response:
    """The form given back with each refusal beside its field (those of the lines written out, in the lines'
    section), beside the form's own errors; the page's status and link to put it right are the first one's."""
    lines_error = next((r.message for r in refusals if r.field == "lines"), None)
    beside = [r for r in refusals if r.field != "lines" and not (r.field in BESIDE and form[r.field].errors)]
    if not beside:
        return INVOICES.refuse(None, _filters(), form, lines_error=lines_error)
    lead = next((r for r in beside if r.remedy is not None), beside[0])
    for refusal in beside:
        if refusal is not lead:
            place(refusal, form[refusal.field] if refusal.field in BESIDE else form)
    return INVOICES.refuse(lead, _filters(), form, lines_error=lines_error,
                           on=form[lead.field] if lead.field in BESIDE else form)


def _billing(enrollment_id: int, form: SharesForm | None = None) -> dict:
    try:
        plan = service.plan(enrollment_id)
    except service.InvoiceRefused:
        abort(404)
    if form is None:
        form = SharesForm(formdata=None, **{payer: plan.shares.get(payer) for payer in ("learner", "employer",
                                                                                          "funder")})
    today = paris_today()
    # Why her own share may not be invoiced today, if it may not (her contract's rule), said before staff try.
    learner_wait = service.learner_charge_refusal(enrollment_id, today) if plan.left_for("learner") else None
    return {"plan": plan, "form": form, "states": payments.standing(plan.standing), "today": today,
            "learner_wait": learner_wait,
            "name": display_names([plan.enrollment.account_id]).get(plan.enrollment.account_id, "—"),
            "payer_words": PAYER_WORDS, "part_words": PART_WORDS, "method_words": METHOD_WORDS}


BILLING = Page("invoicing/enrollment.html", _billing)


@bp.route("/gestion/factures/inscriptions/<int:enrollment_id>")
@roles_required("staff")
def enrollment_billing(enrollment_id: int):
    """One enrolment's billing: its price, who takes which part of it, what each was billed and paid."""
    return BILLING.show(enrollment_id)


@bp.route("/gestion/factures/inscriptions/<int:enrollment_id>/repartition", methods=["POST"])
@roles_required("staff")
def set_shares(enrollment_id: int):
    form = SharesForm()
    if not form.validate():
        return BILLING.show(enrollment_id, form)
    try:
        saved = service.set_shares(enrollment_id, {payer: getattr(form, payer).data
                                                   for payer in ("learner", "employer", "funder")})
    except service.InvoiceRefused as refusal:
        return BILLING.refuse(refusal, enrollment_id, form, on=form)
    flash(_("Répartition du prix enregistrée."), "success")
    if saved.shares and saved.shared_cents < saved.price_cents:
        flash(_("%(left)s du prix ne sont à la charge de personne : ils ne seront pas facturés.",
                left=service.euros(saved.price_cents - saved.shared_cents)), "error")
    return redirect(url_for("invoicing.enrollment_billing", enrollment_id=enrollment_id), 303)


@bp.route("/gestion/factures/<number>/avoir", methods=["POST"])
@roles_required("staff")
def credit_note(number: str):
    form = CreditNoteForm()
    if not form.validate():
        return INVOICES.refuse(None, _filters(), on=form)
    try:
        note = service.issue_credit_note(number, form.reason.data or "", current_user.id)
    except service.InvoiceRefused as refusal:
        return INVOICES.refuse(refusal, _filters())
    flash(_("Avoir %(n)s émis : il annule la facture %(f)s.", n=note.number, f=number), "success")
    return redirect(url_for("invoicing.invoices"))


@bp.route("/gestion/factures/<number>.pdf")
@roles_required("staff")
def staff_pdf(number: str):
    try:
        invoice, party = found_or_404(service.staff_copy(number, audit.Actor(current_user.id, current_user.role),
                                                         request.args.get("motif", "")))
    except GroundRequired as refusal:
        return GROUND_ASKED.refuse(refusal, _("Télécharger la facture (PDF)"))
    return _pdf(invoice, party)


@bp.route("/mes-factures")
@roles_required("learner")
def mine():
    billing = service.of_learner(current_user.id)
    states = payments.standing(billing.hers + billing.by_others)
    return render_template("invoicing/mine.html", invoices=billing.hers, by_others=billing.by_others, states=states,
                           method_words=METHOD_WORDS, payer_words=OTHER_PAYER_WORDS, payments=billing.her_payments,
                           confirming=payments.CONFIRMING in states.values())


@bp.route("/mes-factures/<number>/etat")
@roles_required("learner")
def my_invoice_state(number: str):
    """One row of /mes-factures, asked again every few seconds while its payment is being confirmed."""
    invoice = found_or_404(service.learner_invoice_or_none(current_user.id, number))
    return render_template("invoicing/_my_invoice.html", i=invoice, state=payments.standing([invoice])[number])


@bp.route("/mes-factures/<number>.pdf")
@roles_required("learner")
def learner_pdf(number: str):
    invoice = service.learner_invoice_or_none(current_user.id, number)
    if invoice is None:
        if service.invoice_exists(number):
            events.refuse_other_persons_data(current_user.id, "facture")
        abort(404)
    return _pdf(invoice, vault.invoice_parties([number])[number])
