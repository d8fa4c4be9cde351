"""/dpo/archives: the legal archive's pieces by kind and year, each opened from the list for a stated reason,
and an invoice of a closed fiscal year printed again by its number (an accountant's or a tax inspector's
request). The archive is the dpo's, every reading audited (DESIGN: data zones)."""
from __future__ import annotations

from flask import Blueprint, Response, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.archive import wording as archive_wording
from portal.pages import Page, found_or_404
from portal.refusals import Refused
from portal.retention import archive_pieces, archived_invoices
from portal.retention.forms import ArchivedInvoiceForm, ArchivedPieceForm
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
    shown = archive_pieces.overview(kind, year, page)
    return {"form": form, "totals": shown.totals, "listed": shown.listed, "kind": kind, "year": year,
            "page": page, "kinds": archive_wording.KIND_WORDS}


ARCHIVES = Page("retention/archives.html", _archives)
PIECE = Page("retention/archived_piece.html", lambda piece, form: {"piece": piece, "form": form})


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    return Response(content, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private"})


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
    return _download(document, "application/pdf", f"{number}.pdf")


@bp.route("/archives/<kind>/<reference>", methods=["GET", "POST"])
def archived_piece(kind: str, reference: str):
    """One piece of the list: GET says what it is and asks the reason; POST journals the reading with the
    reason, then hands the piece over (a PDF, or the copy received as it was)."""
    piece = found_or_404(archive_pieces.described(kind, reference))
    if request.method == "GET":
        return PIECE.show(piece, ArchivedPieceForm(formdata=None))
    form = ArchivedPieceForm()
    if not form.validate():
        return PIECE.show(piece, form)
    try:
        opened = found_or_404(archive_pieces.open_for_reason(kind, reference, Actor(current_user.id, current_user.role),
                                                             form.reason.data))
    except ReasonNamesSomeone as refusal:
        return PIECE.refuse(refusal, piece, form, on=form)
    return _download(opened.content, opened.mimetype, opened.filename)
