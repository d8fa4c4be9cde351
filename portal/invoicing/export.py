"""The accountant's exports: the invoices list and the sums received, as CSV files a French spreadsheet
opens (amounts with a decimal comma, dates JJ/MM/AAAA), each under the filters of the list it comes from."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from portal.documents import spreadsheet
from portal.invoicing import service
from portal.invoicing.models import Invoice
from portal.invoicing.wording import METHOD_WORDS, PAYER_WORDS, STATE_WORDS
from portal.timeutil import to_paris
from portal.vault import service as vault

INVOICE_HEADERS = ["Numéro", "Type", "Date d'émission", "Échéance", "Payeur", "Nom du payeur", "Montant (€)",
                   "Reçu (€)", "Reste dû (€)", "État"]
PAYMENT_HEADERS = ["Date de réception", "Mode", "Référence", "Facture", "Payeur", "Nom du payeur", "Montant (€)",
                   "Règlement"]


def euros(cents: int) -> Decimal:
    """A number of euros with its two decimals: a number cell, written with a comma in the French file."""
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def day(value: date | datetime) -> str:
    return (to_paris(value).date() if isinstance(value, datetime) else value).strftime("%d/%m/%Y")


def _payer(invoice: Invoice, names: dict[str, str]) -> list[str]:
    """The payer's kind and, for an organisation, its name as printed (a learner's name is not read here)."""
    return [str(PAYER_WORDS.get(invoice.payer_type, invoice.payer_type)),
            spreadsheet.typed_text(names.get(invoice.number, ""))]


def invoices_csv(filters: service.ListFilters, today: date,
                 dialect: spreadsheet.Dialect = spreadsheet.FRENCH) -> str:
    invoices = list(service.listed(filters, today))
    states = service.states(invoices)
    names = service.payer_names(invoices)
    rows: list[list] = [INVOICE_HEADERS]
    for i in invoices:
        left = 0 if states[i.number] in ("cancelled", "credit_note") else max(i.total_cents - i.paid_cents, 0)
        rows.append([i.number, "avoir" if i.kind == "credit_note" else "facture", day(i.issued_on), day(i.due_on),
                     *_payer(i, names), euros(i.total_cents), euros(i.paid_cents), euros(left),
                     str(STATE_WORDS.get(states[i.number], states[i.number]))])
    return spreadsheet.write(rows, dialect)


def payments_csv(payer_type: str = "", dialect: spreadsheet.Dialect = spreadsheet.FRENCH) -> str:
    """Every sum received (one row per invoice a settlement paid), oldest first; payer_type: only those of
    invoices to that kind of payer, as the receivables list filters them."""
    payments = vault.every_payment()
    invoices = service.invoices_numbered([p.invoice_number for p in payments])
    if payer_type:
        payments = [p for p in payments if p.invoice_number in invoices
                    and invoices[p.invoice_number].payer_type == payer_type]
    names = service.payer_names(list(invoices.values()))
    rows: list[list] = [PAYMENT_HEADERS]
    for p in payments:
        invoice = invoices.get(p.invoice_number)
        payer = _payer(invoice, names) if invoice is not None else ["", ""]
        rows.append([day(p.paid_at), str(METHOD_WORDS.get(p.method, p.method)), spreadsheet.typed_text(p.reference),
                     p.invoice_number, *payer, euros(p.amount_cents), p.settlement or ""])
    return spreadsheet.write(rows, dialect)
