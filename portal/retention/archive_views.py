"""/dpo/archives: print an invoice of a closed fiscal year again from the legal archive, by its number and
for a stated reason (an accountant's or a tax inspector's request). The archive is the dpo's, every
reading audited (DESIGN: data zones)."""
from __future__ import annotations

from flask import Blueprint, Response, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.archive import service as archive
from portal.archive import wording as archive_wording
from portal.pages import Page
from portal.refusals import Refused
from portal.retention import archived_invoices
from portal.retention.forms import ArchivedInvoiceForm
from portal.vault.audit import Actor, ReasonNamesSomeone

bp = Blueprint("archives", __name__, url_prefix="/dpo")


@bp.before_request
@roles_required("dpo")
def dpo_only():
    return None


def _archives(form: ArchivedInvoiceForm) -> dict:
    """The archive's documents by kind and year (what and when, never whose: a name is read only with a
    reason), and the form to print an archived invoice again."""
    kind = request.args.get("type") if request.args.get("type") in archive_wording.KIND_WORDS else None
    year = request.args.get("annee", type=int)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    return {"form": form, "totals": archive.totals(), "listed": archive.listing(kind, year, page), "kind": kind,
            "year": year, "page": page, "kinds": archive_wording.KIND_WORDS}


ARCHIVES = Page("retention/archives.html", _archives)


@bp.route("/archives", methods=["GET", "POST"])
def archived_invoice():
    """POST: the reading is an audited act (the log entry is written before the document is sent)."""
    if request.method == "GET":
        return ARCHIVES.show(ArchivedInvoiceForm(formdata=None))
    form = ArchivedInvoiceForm()
    if not form.validate():
        return ARCHIVES.show(form)
    number = form.number.data
    try:
        document = archived_invoices.pdf_for_reason(number, Actor(current_user.id, current_user.role), form.reason.data)
    except ReasonNamesSomeone as refusal:
        return ARCHIVES.refuse(refusal, form, on=form)
    if document is None:
        return ARCHIVES.refuse(Refused(_("Aucune facture archivée ne porte le numéro %(n)s. Les factures de "
                                         "l'exercice en cours et celles qui restent à payer sont dans la liste des "
                                         "factures de la gestion.", n=number), 404, field="number"), form, on=form)
    return Response(document, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{number}.pdf"', "Cache-Control": "private"})
