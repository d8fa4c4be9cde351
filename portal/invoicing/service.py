"""Issuing invoices and credit notes, and printing them.

Numbers come from one sequence per year, incremented inside the issuing transaction: a failed issue
rolls its number back with it, and concurrent issues wait for each other, so numbers have neither
gaps nor duplicates. Nothing here edits or deletes an invoice; a credit note cancels one.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import peewee
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db, email_address, mail
from portal.accounts.names import display_names
from portal.documents import french, pdf_document
from portal.invoicing import payer as payer_details
from portal.invoicing.models import COURTESY as COURTESY  # the level before a due date (contracts record it)
from portal.invoicing.models import (
    PARTS,
    PAYER_TYPES,
    ArchivedBilling,
    BillingShare,
    Invoice,
    InvoiceReminder,
    InvoiceSequence,
)
from portal.invoicing.received import payer_key
from portal.invoicing.wording import (
    PAYER_WORDS,
    PRINTED_METHODS,
    PRINTED_OTHER_PAYERS,
    PRINTED_VAT,
    printed_due,
    printed_left,
    printed_share,
    printed_transfer,
)
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.links import external_url
from portal.paging import Page, paginate
from portal.refusals import Refused, Remedy
from portal.standing import service as person_standing
from portal.textfold import fold
from portal.timeutil import paris_today, to_paris
from portal.vault import audit
from portal.vault import service as vault
from portal.vault.service import Party

PREFIX = "FAC"
LATE_FEE_EUROS = 40  # indemnité forfaitaire pour frais de recouvrement (business clients, L441-10)
DEPOSIT_PERCENT = 30  # the deposit proposed when none is given
# A person paying her own training pays at most 30 % of the agreed price before it starts (L6353-6).
LEARNER_DEPOSIT_CAP_PERCENT = 30


class InvoiceRefused(Refused):
    """field: the invoice form's field the refusal is about (its page says it there); None for the form as a
    whole."""


@dataclass(frozen=True)
class FunderOnFile:
    """What an enrolment's funding file says of its funder, as a funder's invoice reads it: the file, its
    funder type (the BPF line of what it pays follows it), that type in words, the funder's name and case
    number, and which payer an invoice of this funding goes to ("funder", "employer" or "learner")."""
    file_id: int
    funder_type: str
    type_words: str
    name: str
    case_number: str
    billed_as: str
    address: str = ""  # the payer's billing address, in postal lines ("" until the file gives it)
    siren: str = ""
    # Whether the funder's agreement is recorded (funding's rule: only then is it invoiced), and the file's
    # status in words, for the refusal to say where it stands.
    agreed: bool = True
    status_words: str = ""


# The funder of an enrolment is its funding file's: funding owns which type it is and whom it bills. Invoicing
# may not import funding (payments imports invoicing and stays independent of funding), so create_app
# installs funding's lookup here (portal.declared.install).
_funder_on_file: Callable[[int], FunderOnFile | None] | None = None


def install_funder_on_file(lookup: Callable[[int], FunderOnFile | None]) -> None:
    global _funder_on_file
    _funder_on_file = lookup


def funder_on_file(enrollment_id: int) -> FunderOnFile | None:
    if _funder_on_file is None:
        raise RuntimeError("portal.declared.install() installs the funding file's lookup")
    return _funder_on_file(enrollment_id)


# Whether a learner's invoice may be dated a given day: the rule of her training contract (nothing before
# her ten days to withdraw have run out, nothing once she withdrew, and once signed only the steps of its
# schedule: from_contract), owned by portal.contracts, which bills through this service and so cannot be
# imported by it; create_app installs it (portal.declared.install).
_learner_charge_refusal: Callable[[int, date, bool], str | None] | None = None


def install_learner_charge_refusal(check: Callable[[int, date, bool], str | None]) -> None:
    global _learner_charge_refusal
    _learner_charge_refusal = check


def learner_charge_refusal(enrollment_id: int, issued_on: date, from_contract: bool = False) -> str | None:
    if _learner_charge_refusal is None:
        raise RuntimeError("portal.declared.install() installs the contracts' charge rule")
    return _learner_charge_refusal(enrollment_id, issued_on, from_contract)


@dataclass(frozen=True)
class Line:
    description: str
    quantity: int
    unit_cents: int
    vat: str = "exempt"  # PRINTED_VAT: training is exempted; the mention is the configured one

    @property
    def total_cents(self) -> int:
        return self.quantity * self.unit_cents


def format_number(year: int, seq: int) -> str:
    return f"{year_prefix(year)}{seq:06d}"


def year_prefix(year: int) -> str:
    """What every number of a year's invoices and credit notes starts with."""
    return f"{PREFIX}-{year}-"


def _next_number(year: int) -> tuple[int, str]:
    """Call first inside the issuing transaction: the UPDATE takes the lock the others wait on."""
    InvoiceSequence.insert(year=year, last=0).on_conflict_ignore().execute()
    InvoiceSequence.update(last=InvoiceSequence.last + 1).where(InvoiceSequence.year == year).execute()
    seq = InvoiceSequence.get_by_id(year).last
    return seq, format_number(year, seq)


def _enrollment(enrollment_id: int) -> Enrollment:
    row = (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
           .where(Enrollment.id == enrollment_id).first())
    if row is None:
        raise InvoiceRefused(_l("Cette inscription n'existe pas."))
    return row


@dataclass(frozen=True)
class BillingPlan:
    """An enrolment's price, the payers' shares (« prises en charge ») and what each payer has been billed
    by invoices still standing (not cancelled by a credit note), including those already in the archive."""
    enrollment: Enrollment
    price_cents: int
    shares: dict[str, int]
    billed: dict[str, int]
    deposits: dict[str, list[tuple[str, int]]]  # payer -> [(number, cents)] of its standing deposits
    standing: list[Invoice]

    @property
    def billed_cents(self) -> int:
        return sum(self.billed.values())

    @property
    def shared_cents(self) -> int:
        return sum(self.shares.values())

    @property
    def left_in_all(self) -> int:
        """What may still be billed of the price, to whoever pays."""
        return max(self.price_cents - self.billed_cents, 0)

    def left_for(self, payer_type: str) -> int:
        """What may still be billed to this payer: its share less what it was billed when shares are set,
        otherwise the price less what every payer was billed; never more than the price leaves."""
        left = self.left_in_all
        if self.shares:
            left = min(left, self.shares.get(payer_type, 0) - self.billed.get(payer_type, 0))
        return max(left, 0)

    def share_of(self, payer_type: str) -> int:
        return self.shares.get(payer_type, 0) if self.shares else self.price_cents


def plan(enrollment_id: int) -> BillingPlan:
    enrollment = _enrollment(enrollment_id)
    standing = of_enrollment(enrollment.id)
    shares = {row.payer_type: row.amount_cents for row in
              BillingShare.select().where(BillingShare.enrollment == enrollment.id)}
    billed = dict.fromkeys(PAYER_TYPES, 0)
    deposits: dict[str, list[tuple[str, int]]] = {}
    archived = ArchivedBilling.select().where(ArchivedBilling.enrollment == enrollment.id).order_by(ArchivedBilling.id)
    billings = [(a.number, a.payer_type, a.part, a.total_cents) for a in archived]
    billings += [(i.number, i.payer_type, i.part, i.total_cents) for i in reversed(standing)]
    for number, payer_type, part, cents in billings:
        billed[payer_type] = billed.get(payer_type, 0) + cents
        if part == "deposit":
            deposits.setdefault(payer_type, []).append((number, cents))
    return BillingPlan(enrollment, enrollment.session.course.price_cents, shares, billed, deposits, standing)


def set_shares(enrollment_id: int, given: dict[str, int | None]) -> BillingPlan:
    """Each payer's « prise en charge » of the enrolment's price (0 removes a payer's share). A share left
    blank (None) takes what the others leave — the learner's first, her « reste à charge »: « l'OPCO paie
    700 €, l'apprenante le reste »; nothing is inferred when every share is blank. Refused when
    they add up to more than the price, or when a payer would be left billed beyond its new share."""
    if set(given) - set(PAYER_TYPES):
        raise InvoiceRefused(_l("Choisissez qui paie : l'apprenant, son employeur ou un financeur."))
    if any(cents is not None and cents < 0 for cents in given.values()):
        raise InvoiceRefused(_l("Une prise en charge est un montant positif ou nul."))
    blank = [payer for payer, cents in given.items() if cents is None]
    with db.atomic():
        current = plan(enrollment_id)
        shares = {payer: cents or 0 for payer, cents in given.items()}
        rest = "learner" if "learner" in blank else blank[0] if len(blank) == 1 else None
        if rest and len(blank) < len(given):
            shares[rest] = max(current.price_cents - sum(shares.values()), 0)
        total = sum(shares.values())
        if total > current.price_cents:
            raise InvoiceRefused(_l(
                "Les prises en charge font %(total)s en tout, plus que le prix de la formation (%(price)s) : une "
                "inscription n'est jamais facturée au-delà de son prix.", total=euros(total),
                price=euros(current.price_cents)))
        for payer_type, cents in shares.items():
            if cents < current.billed.get(payer_type, 0):
                raise InvoiceRefused(_l(
                    "Le payeur « %(payer)s » a déjà été facturé de %(billed)s : sa prise en charge ne peut pas être "
                    "moindre. Annulez d'abord la facture par un avoir.", payer=_payer_word(payer_type),
                    billed=euros(current.billed[payer_type])))
        kept = {payer: cents for payer, cents in shares.items() if cents > 0}
        if total and not kept.keys() >= {p for p, c in current.billed.items() if c}:
            raise InvoiceRefused(_l("Un payeur déjà facturé garde une prise en charge au moins égale à ce qu'il "
                                    "a reçu."))
        BillingShare.delete().where(BillingShare.enrollment == current.enrollment.id).execute()
        for payer_type, cents in kept.items():
            BillingShare.create(enrollment=current.enrollment.id, payer_type=payer_type, amount_cents=cents)
    return plan(enrollment_id)


def _payer_word(payer_type: str) -> str:
    return str(PAYER_WORDS.get(payer_type, payer_type))


def _training(enrollment: Enrollment) -> str:
    return f"formation « {enrollment.session.course.title} » ({enrollment.session.title})"


def _lines_for(current: BillingPlan, payer_type: str, part: str, deposit_cents: int | None) -> list[Line]:
    """The lines of an invoice nobody wrote out: the payer's part of the price, worked out from its share."""
    enrollment, left = current.enrollment, current.left_for(payer_type)
    training = _training(enrollment)
    price = euros(current.price_cents)
    share = current.share_of(payer_type)
    if part == "deposit":
        amount = deposit_cents if deposit_cents is not None else share * DEPOSIT_PERCENT // 100
        if amount <= 0 or amount >= left:
            raise InvoiceRefused(_l(
                "Un acompte est un montant positif, inférieur à ce qui reste à facturer à ce payeur (%(left)s).",
                left=euros(left)), field="deposit")
        if payer_type == "learner" and amount * 100 > share * LEARNER_DEPOSIT_CAP_PERCENT:
            raise InvoiceRefused(_l(
                "Un particulier ne verse pas plus de 30 %% du prix convenu avant la formation (article L6353-6 "
                "du Code du travail) : %(cap)s au plus ici.", cap=euros(share * LEARNER_DEPOSIT_CAP_PERCENT // 100)),
                field="deposit")
        percent = amount * 100 / share if share else 0
        said = f"de {percent:.0f} % " if share and amount * 100 % share == 0 else ""
        return [Line(f"Acompte {said}sur la {training}, prix convenu {euros(share)}", 1, amount)]
    if part == "balance":
        deposits = current.deposits.get(payer_type, [])
        numbers = ", ".join(number for number, _ in deposits)
        return [Line(f"Solde de la {training} : prix convenu {euros(share)}, acompte {numbers} de "
                     f"{euros(sum(c for _, c in deposits))} déduit", 1, left)]
    training = f"{training[0].upper()}{training[1:]}"
    if share < current.price_cents:
        return [Line(printed_share(training, payer_type, euros(share), price, _other_payers(current, payer_type)),
                     1, left)]
    return [Line(training, 1, left)]


def _other_payers(current: BillingPlan, payer_type: str) -> list[tuple[str, str]]:
    """The other payers' shares and names, as an invoice prints them: a funder or an employer by the name its
    funding file gives."""
    on_file = funder_on_file(current.enrollment.id)
    named = {on_file.billed_as: on_file.name} if on_file is not None and on_file.name else {}
    return [(euros(cents), named.get(other) or PRINTED_OTHER_PAYERS.get(other, other))
            for other, cents in sorted(current.shares.items()) if other != payer_type and cents > 0]


def _learner_payer(account_id: uuid.UUID, given: Party | None) -> Party:
    """The learner as her invoice names her: name from the vault, and an address, which an invoice must
    carry. Her profile keeps one only for paper documents; otherwise the billing address given with the
    invoice (kept with the invoice's party, for billing only)."""
    learner = vault.learner_as_party(account_id)
    if learner is None:
        raise InvoiceRefused(_l("Cet apprenant n'a plus d'identité : on ne peut plus le facturer."), field="payer_type")
    address = learner.address.strip() or (given.address.strip() if given else "")
    if not address:
        raise InvoiceRefused(_l("Une facture porte l'adresse de la personne facturée, et celle de cet apprenant "
                                "n'est pas connue : indiquez ici son adresse de facturation."), field="payer_address")
    if len(address) > 500:
        raise InvoiceRefused(_l("Ce champ est trop long."), field="payer_address")
    return Party(learner.name, address)


def _funder_to_bill(enrollment: Enrollment) -> FunderOnFile:
    """The funder an invoice goes to is the one its funding file names, with its type and case number: an
    invoice to an OPCO on a CPF file would count the OPCO's money on the CPF's line of the BPF. Each refusal
    links to the file, where it is put right."""
    on_file = funder_on_file(enrollment.id)
    if on_file is None:
        raise InvoiceRefused(_l(
            "Un financeur se facture d'après le dossier de financement de l'inscription, qui n'est pas ouvert : "
            "ouvrez-le et indiquez-y le financeur et son numéro de dossier."), field="payer_type",
            remedy=Remedy(_l("Ouvrir le dossier de financement"), "funding.files", {"session": enrollment.session_id}))
    if on_file.billed_as != "funder":
        raise InvoiceRefused(_l(
            "Le dossier de financement de cette inscription dit « %(type)s » : aucun financeur ne la paie, "
            "facturez « %(payer)s ». Si un financeur la prend en charge, corrigez d'abord le type de financeur "
            "du dossier.", type=on_file.type_words, payer=_payer_word(on_file.billed_as)), field="payer_type",
            remedy=_fix(on_file, "funder_type"))
    if not on_file.case_number:
        raise InvoiceRefused(_l(
            "Un financeur rapproche ses paiements par son numéro de dossier : indiquez-le dans le dossier de "
            "financement de cette inscription avant de lui adresser une facture."), field="payer_type",
            remedy=_fix(on_file, "case_number"))
    if not on_file.name:
        raise InvoiceRefused(_l(
            "Le dossier de financement ne nomme pas le financeur (%(type)s) : indiquez-y son nom, celui que la "
            "facture portera.", type=on_file.type_words), field="payer_type", remedy=_fix(on_file, "funder_name"))
    if not on_file.agreed:
        raise InvoiceRefused(_l(
            "Un financeur se facture après son accord de prise en charge, et le dossier de financement de cette "
            "inscription est « %(status)s » : déposez-le, puis enregistrez son accord (dossier « accepté ») avant "
            "de lui adresser une facture.", status=on_file.status_words), 409, field="payer_type",
            remedy=Remedy(_l("Ouvrir le dossier de financement"), "funding.file", {"file_id": on_file.file_id}))
    return on_file


def _fix(on_file: FunderOnFile, field: str) -> Remedy:
    """The funding file's page, at the field to fill in."""
    return Remedy(_l("Compléter le dossier de financement"), "funding.file",
                  {"file_id": on_file.file_id, "_anchor": field})


def _funder_payer(on_file: FunderOnFile, given: Party | None) -> Party:
    """The funder as the file names it, at the file's address and SIREN unless others are typed; a name typed
    otherwise is refused rather than billed."""
    given = _with_file_details(on_file, given or Party("", ""))
    name = given.name.strip() or on_file.name
    if fold(" ".join(name.split())) != fold(" ".join(on_file.name.split())):
        raise InvoiceRefused(_l(
            "Le dossier de financement de cette inscription nomme le financeur « %(name)s » (%(type)s) : la facture "
            "lui est adressée, sous ce nom. Si le financeur a changé, corrigez d'abord le dossier.",
            name=on_file.name, type=on_file.type_words), field="payer_name",
            remedy=Remedy(_l("Corriger le dossier de financement"), "funding.file",
                          {"file_id": on_file.file_id, "_anchor": "funder_name"}))
    return Party(on_file.name, given.address, given.siren, given.trainee, given.email)


def _with_file_details(on_file: FunderOnFile | None, given: Party) -> Party:
    """The billing address and SIREN the funding file keeps for its payer, where none is typed with the invoice."""
    if on_file is None:
        return given
    return Party(given.name, given.address.strip() or on_file.address, given.siren.strip() or on_file.siren,
                 given.trainee, given.email)


class InvoiceRefusals(InvoiceRefused):
    """Every refusal of one invoice, checked in one pass (staff put them all right at once, not one per submit);
    it reads as the first of them (its words, field, status and remedy), so callers catching InvoiceRefused see
    one refusal as before. every: all of them, one per field at most, in the form's order."""

    def __init__(self, every: list[Refused]):
        first = every[0]
        super().__init__(first.message, first.status, field=first.field, remedy=first.remedy)
        self.every = every


class _Checks:
    """Runs the independent checks of an invoice, keeping each refusal (the first one per field) instead of
    stopping at the first."""

    def __init__(self) -> None:
        self.found: list[Refused] = []

    def run(self, check: Callable, *args, **kwargs):
        """check's result, or None when it refused (its refusal kept)."""
        try:
            return check(*args, **kwargs)
        except Refused as refusal:
            if all(r.field != refusal.field for r in self.found):
                self.found.append(refusal)
            return None

    def refused(self, field: str) -> bool:
        return any(r.field == field for r in self.found)

    def raise_found(self) -> None:
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            raise InvoiceRefusals(self.found)


def _valid_payer_type(payer_type: str) -> None:
    if payer_type not in PAYER_TYPES:
        raise InvoiceRefused(_l("Choisissez qui paie : l'apprenant, son employeur ou un financeur."),
                             field="payer_type")


def _valid_part(part: str) -> None:
    if part not in PARTS:
        raise InvoiceRefused(_l("Choisissez ce que la facture porte : la totalité, un acompte ou le solde."),
                             field="part")


def _learner_may_be_charged(enrollment: Enrollment, today: date, from_contract: bool) -> None:
    """Her contract decides first whether anything may be billed to her, and how: its schedule's steps."""
    if refusal := learner_charge_refusal(enrollment.id, today, from_contract):
        raise InvoiceRefused(refusal, 409, field="payer_type", remedy=Remedy(
            _l("Contrat et échéancier"), "contract_desk.staff_contract", {"enrollment_id": enrollment.id}))


def _organisation_payer(enrollment: Enrollment, payer: Party | None, checks: _Checks) -> Party | None:
    """An employer's or a funder's details as typed, each field checked (every refusal kept); None if one is."""
    given = payer or Party("", "")
    before = len(checks.found)
    if not given.name.strip():
        checks.run(_refuse, _l("Indiquez le nom de l'organisme qui paie (sa raison sociale)."), "payer_name")
    if not given.address.strip():
        checks.run(_refuse, _l("Indiquez l'adresse de facturation de l'organisme qui paie."), "payer_address")
    for name, text, limit in (("payer_name", given.name, 160), ("payer_address", given.address, 500),
                              ("payer_siren", given.siren, 14), ("payer_email", given.email, 254)):
        if len(text) > limit:
            checks.run(_refuse, _l("Ce champ est trop long."), name)
    siren = None if checks.refused("payer_siren") else checks.run(_siren, given.siren)
    billing_email = None if checks.refused("payer_email") else checks.run(_billing_email, given.email)
    if siren is None or billing_email is None or len(checks.found) > before:
        return None
    trainee = vault.learner_as_party(enrollment.account_id)  # named on the invoice, for the payer to match
    return Party(given.name, given.address, siren, trainee.name if trainee else "", billing_email)


def _ground(account_id: uuid.UUID, ground: str) -> str:
    """Billing a restricted person needs its legal ground, asked in the form's « ground » field."""
    try:
        return person_standing.ground_for_use(account_id, ground)
    except person_standing.GroundRequired as refusal:
        refusal.field = "ground"
        raise


def _refuse(words, field: str) -> None:
    raise InvoiceRefused(words, field=field)


def _siren(text: str) -> str:
    """A SIREN typed with the invoice is checked as the funding file checks its own."""
    try:
        return payer_details.siren(text)
    except payer_details.PayerRefused as refusal:
        raise InvoiceRefused(refusal.args[0], field=refusal.field) from None


def _billing_email(text: str) -> str:
    """The billing address for reminders, by the portal's one rule for an address ("" when none is given)."""
    try:
        return email_address.normalised(text, reserved_allowed=True) if text else ""
    except email_address.AddressRefused as refused:
        raise InvoiceRefused(refused.words, field="payer_email") from None


def _valid_lines(lines: list[Line] | None) -> None:
    if lines is not None and (not lines or any(line.quantity <= 0 or line.unit_cents < 0 for line in lines)):
        raise InvoiceRefused(_l("Quantités positives et prix unitaires non négatifs seulement."), field="lines")
    if lines is not None and any(line.vat not in PRINTED_VAT for line in lines):
        raise InvoiceRefused(_l("Mention de TVA inconnue."), field="lines")


def _payer_of(enrollment: Enrollment, payer_type: str, payer: Party | None,
              checks: _Checks) -> tuple[Party | None, str]:
    """The payer as the invoice will print it, and the funder's case number ("" for another payer)."""
    if payer_type == "funder":
        on_file = checks.run(_funder_to_bill, enrollment)
        funder = checks.run(_funder_payer, on_file, payer) if on_file is not None else None
        if funder is None:
            return None, ""
        # Then checked and completed as any organisation: its address, its SIREN, the trainee it names.
        return _organisation_payer(enrollment, funder, checks), on_file.case_number
    if payer_type == "learner":
        return checks.run(_learner_payer, enrollment.account_id, payer), ""
    on_file = funder_on_file(enrollment.id) if payer is not None else None
    typed = _with_file_details(on_file if on_file is not None and on_file.billed_as == "employer" else None,
                               payer) if payer is not None else None
    return _organisation_payer(enrollment, typed, checks), ""


@dataclass(frozen=True)
class _Checked:
    ground: str
    payer: Party
    lines: list[Line]
    case_number: str
    amount_field: str


def _checked(enrollment: Enrollment, payer_type: str, payer: Party | None, lines: list[Line] | None, today: date,
             another: bool, ground: str, part: str, deposit_cents: int | None, from_contract: bool) -> _Checked:
    """Every check of an invoice to issue, in one pass: each field's refusal is said together
    (InvoiceRefusals); a check that needs another field's value waits until that one is right."""
    checks = _Checks()
    given = checks.run(_ground, enrollment.account_id, ground)
    type_ok = checks.run(_valid_payer_type, payer_type) is None and not checks.refused("payer_type")
    part_ok = checks.run(_valid_part, part) is None and not checks.refused("part")
    if type_ok and payer_type == "learner":
        checks.run(_learner_may_be_charged, enrollment, today, from_contract)
    current = plan(enrollment.id)
    if type_ok and part_ok:
        checks.run(_check_part, current, payer_type, part, another)
    printed, case_number = _payer_of(enrollment, payer_type, payer, checks) if type_ok else (None, "")
    checks.run(_valid_lines, lines)
    amount_field = "part" if lines is None else "lines"
    if type_ok and part_ok and not checks.refused("lines"):
        if lines is None:
            checks.run(_check_within_share, current, payer_type, current.left_for(payer_type), amount_field)
            if not checks.refused(amount_field) and not checks.refused("payer_type"):
                lines = checks.run(_lines_for, current, payer_type, part, deposit_cents)
        if lines is not None and not checks.refused(amount_field):
            checks.run(_check_within_share, current, payer_type, sum(line.total_cents for line in lines),
                       amount_field)
    checks.raise_found()
    return _Checked(given or "", printed, lines, case_number, amount_field)


def check_invoice(enrollment_id: int, payer_type: str, payer: Party | None, lines: list[Line] | None = None,
                  ground: str = "", part: str = "total", deposit_cents: int | None = None) -> None:
    """issue_invoice()'s checks, issuing nothing: a form refused by its own checks says these with them, so that
    staff read every error at once. Refused as issue_invoice() is."""
    _checked(_enrollment(enrollment_id), payer_type, payer, lines, paris_today(), False, ground, part,
             deposit_cents, False)


def issue_invoice(enrollment_id: int, payer_type: str, payer: Party | None, by: uuid.UUID | None,
                  lines: list[Line] | None = None, today: date | None = None, another: bool = False,
                  ground: str = "", part: str = "total", deposit_cents: int | None = None,
                  from_contract: bool = False) -> Invoice:
    """payer, for the learner, is None or only her billing address (her name is the vault's). The amount is the payer's
    part of the price: what its share leaves (part "total"), a deposit, or the balance after its deposits;
    lines, when given, must not add up to more. Invoices never bill an enrolment beyond its price, nor a
    payer beyond its share: billed twice, a training would also be counted twice in the BPF. A second
    invoice to the same payer is its balance (or is meant: `another`, an instalment). from_contract: the
    invoice of a step of the learner's signed contract (portal.contracts), the only ones she is then sent.
    Refused with every reason at once (InvoiceRefusals when there are several)."""
    today = today or paris_today()
    enrollment = _enrollment(enrollment_id)
    checked = _checked(enrollment, payer_type, payer, lines, today, another, ground, part, deposit_cents, from_contract)
    given, payer, lines, case_number, amount_field = (checked.ground, checked.payer, checked.lines,
                                                      checked.case_number, checked.amount_field)
    if given and by is not None:
        audit.record(audit.Actor(by, "staff"), enrollment.account_id, "facturation", ["full_name", "postal_address"],
                     reason=person_standing.ground_words(given), workflow="facture")
    with db.atomic(with_vault=True):
        seq, number = _next_number(today.year)
        # Again under the sequence's lock: another issue for this enrolment may have gone through meanwhile.
        _check_within_share(plan(enrollment.id), payer_type, sum(line.total_cents for line in lines), amount_field)
        invoice = Invoice.create(
            number=number, year=today.year, seq=seq, kind="invoice", enrollment=enrollment,
            account_id=enrollment.account_id, payer_type=payer_type, issued_on=today,
            service_from=enrollment.session.starts_on, service_to=enrollment.session.ends_on,
            due_on=today + timedelta(days=current_app.config["INVOICE_PAYMENT_DAYS"]),
            lines=json.dumps([line.__dict__ for line in lines], ensure_ascii=False),
            total_cents=sum(line.total_cents for line in lines), issued_by=by, part=part, case_number=case_number,
            payer_key=payer_key(payer.name) if payer_type != "learner" else "", from_contract=from_contract)
        vault.record_invoice_party(number, enrollment.account_id, payer)
        if payer_type == "learner":
            # A link to her invoices page, never the PDF attached: the mail may be read on any device.
            mail.send(enrollment.account_id, "invoice_issued", number=number,
                      amount_cents=invoice.total_cents, due_on=invoice.due_on.isoformat(),
                      invoices_url=external_url("invoicing.mine"),
                      pdf_url=external_url("invoicing.learner_pdf", number=number))
    return invoice


def _check_part(current: BillingPlan, payer_type: str, part: str, another: bool) -> None:
    mine = [i.number for i in current.standing if i.payer_type == payer_type]
    if part == "balance" and not current.deposits.get(payer_type):
        raise InvoiceRefused(_l("Aucun acompte n'a été facturé à ce payeur : facturez la totalité de sa part."),
                             field="part")
    if part == "deposit" and (mine or current.billed.get(payer_type)):
        raise InvoiceRefused(_l("Un acompte se facture en premier : ce payeur a déjà une facture pour cette "
                                "inscription (%(numbers)s).", numbers=", ".join(mine) or "—"), field="part")
    if part == "total" and mine and not another:
        raise InvoiceRefused(_l(
            "Cette inscription a déjà une facture à ce payeur : %(numbers)s. Reste à lui facturer : %(left)s. Pour "
            "la remplacer, annulez-la d'abord par un avoir ; après un acompte, choisissez « Solde ».",
            numbers=", ".join(mine), left=euros(current.left_for(payer_type))), field="part")


def _check_within_share(current: BillingPlan, payer_type: str, cents: int, field: str = "part") -> None:
    """field: where the amount came from (the part of the share billed, or the lines written out)."""
    left = current.left_for(payer_type)
    if current.shares and payer_type not in current.shares:
        raise InvoiceRefused(_l(
            "Aucune prise en charge n'est prévue pour ce payeur : ajoutez sa part dans la répartition du prix de "
            "l'inscription avant de le facturer."), field="payer_type")
    if left <= 0:
        raise InvoiceRefused(_l(
            "Il ne reste rien à facturer à ce payeur : sur le prix de l'inscription (%(price)s), %(billed)s sont "
            "déjà facturés. Une inscription n'est jamais facturée au-delà de son prix.",
            price=euros(current.price_cents), billed=euros(current.billed_cents)), field="payer_type")
    if cents <= 0:
        raise InvoiceRefused(_l("Une facture porte un montant positif."), field=field)
    if cents > left and current.shares:
        # The limit applied is this payer's share of the price (its « prise en charge »): say that one.
        raise InvoiceRefused(_l(
            "Cette facture de %(amount)s dépasserait la prise en charge de ce payeur : %(share)s sur le prix de "
            "%(price)s, dont %(billed)s déjà facturés ; il reste %(left)s à lui facturer. Pour facturer davantage, "
            "changez d'abord la répartition du prix.", amount=euros(cents), share=euros(current.shares[payer_type]),
            price=euros(current.price_cents), billed=euros(current.billed.get(payer_type, 0)), left=euros(left)),
            field=field)
    if cents > left:
        raise InvoiceRefused(_l(
            "Cette facture de %(amount)s dépasserait le prix de l'inscription : %(price)s, dont %(billed)s déjà "
            "facturés ; il reste %(left)s à facturer à ce payeur. Une inscription n'est jamais facturée au-delà de "
            "son prix.", amount=euros(cents), price=euros(current.price_cents), billed=euros(current.billed_cents),
            left=euros(left)), field=field)


def issue_credit_note(invoice_number: str, reason: str, by: uuid.UUID | None, today: date | None = None) -> Invoice:
    """Cancels the whole invoice; the credit note references it and repeats its lines, negated."""
    today = today or paris_today()
    reason = (reason or "").strip()
    original = Invoice.get_or_none(Invoice.number == (invoice_number or "").strip())
    if original is None:
        raise InvoiceRefused(_l("Aucune facture ne porte le numéro « %(n)s ».", n=invoice_number))
    if original.kind != "invoice":
        raise InvoiceRefused(_l("Un avoir ne s'annule pas par un autre avoir."))
    if not reason or len(reason) > 500:
        raise InvoiceRefused(_l("Indiquez le motif de l'avoir (500 caractères au plus)."))
    party = vault.invoice_parties([original.number]).get(original.number)
    lines = [Line(f"Annulation : {line['description']}", line["quantity"], -line["unit_cents"])
             for line in json.loads(original.lines)]
    try:
        with db.atomic(with_vault=True):
            seq, number = _next_number(today.year)
            note = Invoice.create(
                number=number, year=today.year, seq=seq, kind="credit_note", cancels=original,
                enrollment=original.enrollment_id, account_id=original.account_id, payer_type=original.payer_type,
                issued_on=today, service_from=original.service_from, service_to=original.service_to, due_on=today,
                lines=json.dumps([line.__dict__ for line in lines], ensure_ascii=False),
                total_cents=-original.total_cents, reason=reason, issued_by=by, payer_key=original.payer_key)
            vault.record_invoice_party(number, original.account_id, party or Party("", ""))
    except peewee.IntegrityError:  # Invoice.cancels is unique: a second credit note for the same invoice
        raise InvoiceRefused(_l("Cette facture est déjà annulée par un avoir.")) from None
    return note


PAID, PARTIAL, DUE, CANCELLED, CREDIT_NOTE = "paid", "partial", "due", "cancelled", "credit_note"
OPEN = (DUE, PARTIAL)  # money still expected


def states(invoices: list[Invoice], *, paid: dict[str, int] | None = None) -> dict[str, str]:
    """Each invoice's state by number: a credit note, cancelled by one, paid in full (what it received, kept
    with it by portal.invoicing.received, unless the caller gives it), paid in part, or due. One query."""
    if paid is None:
        paid = {i.number: i.paid_cents for i in invoices}
    cancelled = {i.cancels_id for i in invoices if i.cancels_id}
    ids = [i.id for i in invoices if i.kind == "invoice"]
    notes = Invoice.select(Invoice.cancels).where(Invoice.cancels.is_null(False))
    if len(ids) <= db.MANY_KEYS:
        notes = notes.where(Invoice.cancels.in_(ids or [0]))
    cancelled |= {cancels for (cancels,) in notes.tuples()}
    return {i.number: CREDIT_NOTE if i.kind == "credit_note" else CANCELLED if i.id in cancelled
            else PAID if paid.get(i.number, 0) >= i.total_cents else PARTIAL if paid.get(i.number, 0) > 0
            else DUE for i in invoices}


def is_cancelled(invoice: Invoice) -> bool:
    return Invoice.select().where(Invoice.cancels == invoice.id).exists()


def euros(cents: int) -> str:
    """French whatever the reader's language: an invoice is a French legal document."""
    return french.amount(cents)


@dataclass(frozen=True)
class Paid:
    """A payment as a printed invoice states it."""
    on: date
    amount_cents: int
    method: str
    reference: str


@dataclass(frozen=True)
class Printed:
    """What an invoice or a credit note prints, whether it is still operational or in the archive."""
    number: str
    kind: str
    issued_on: date
    service_from: date
    service_to: date
    due_on: date
    payer_type: str
    lines: list[dict]
    total_cents: int
    cancels_number: str | None
    reason: str
    case_number: str = ""
    payments: tuple[Paid, ...] = ()
    cancelled: bool = False


def _paid(payment) -> Paid:
    return Paid(to_paris(payment.paid_at).date(), payment.amount_cents, payment.method, payment.reference)


def printed(invoice: Invoice) -> Printed:
    return Printed(invoice.number, invoice.kind, invoice.issued_on, invoice.service_from, invoice.service_to,
                   invoice.due_on, invoice.payer_type, json.loads(invoice.lines), invoice.total_cents,
                   invoice.cancels.number if invoice.cancels_id else None, invoice.reason, invoice.case_number,
                   tuple(_paid(p) for p in vault.payments_for([invoice.number])),
                   invoice.kind == "invoice" and is_cancelled(invoice))


def printed_from_archive(payload: dict) -> Printed:
    issued = date.fromisoformat(payload["issued_on"])
    payments = tuple(Paid(to_paris(datetime.fromisoformat(p["paid_at"].replace("Z", ""))).date(), p["amount_cents"],
                          p.get("method") or "card", p.get("bank_reference") or "")
                     for p in payload.get("payments") or [] if p.get("paid_at"))
    return Printed(payload["number"], payload["kind"], issued,
                   date.fromisoformat(payload.get("service_from") or payload["issued_on"]),
                   date.fromisoformat(payload.get("service_to") or payload["issued_on"]),
                   date.fromisoformat(payload.get("due_on") or payload["issued_on"]),
                   payload["payer_type"], payload["lines"], payload["total_cents"], payload.get("cancels"),
                   payload.get("reason") or "", payload.get("case_number") or "",
                   tuple(sorted(payments, key=lambda p: p.on)))


def _payment_words(payment: Paid) -> str:
    method = PRINTED_METHODS.get(payment.method, payment.method)
    return f"{method}, réf. {payment.reference}" if payment.reference else method


def pdf(invoice: Invoice | Printed, party: Party) -> bytes:
    """The document as issued, from the operational row or from its archived copy; the payments received
    since are stated under it (« Payée le … », or what remains due), the document itself unchanged."""
    if isinstance(invoice, Invoice):
        invoice = printed(invoice)
    config = current_app.config
    title = "Facture" if invoice.kind == "invoice" else "Avoir"
    doc = pdf_document(f"{title} {invoice.number}")
    issuer = doc.issuer
    doc.line(f"{issuer.name}", bold=True)
    doc.line(f"{issuer.address}")
    doc.line(f"SIRET {issuer.siret} - TVA intracommunautaire {issuer.vat_number}")
    doc.line(issuer.nda_sentence)
    doc.heading("Facturé à")
    doc.line(party.name)
    if party.address:
        doc.line(party.address)
    if party.siren:
        doc.line(f"SIREN {party.siren}")
    doc.ln(2)
    doc.field("Date d'émission", f"{invoice.issued_on:%d/%m/%Y}")
    doc.field("Prestation", f"du {invoice.service_from:%d/%m/%Y} au {invoice.service_to:%d/%m/%Y}")
    if invoice.payer_type != "learner" and party.trainee:
        doc.field("Stagiaire", party.trainee)
    if invoice.case_number:
        doc.field("Dossier du financeur n°", invoice.case_number)
    if invoice.kind == "credit_note":
        doc.field("Annule la facture", invoice.cancels_number)
        doc.field("Motif", invoice.reason)
    else:
        doc.field("Échéance", f"{invoice.due_on:%d/%m/%Y}")
    doc.heading("Détail")
    lines = invoice.lines
    doc.rows(["Désignation", "Qté", "Prix unitaire HT", "TVA", "Total HT"],
             [[line["description"], line["quantity"], euros(line["unit_cents"]),
               PRINTED_VAT.get(line.get("vat") or "exempt", line.get("vat")),
               euros(line["quantity"] * line["unit_cents"])] for line in lines], [86, 12, 32, 24, 34],
             numeric=(1, 2, 4))
    doc.ln(2)
    doc.field("Total HT", euros(invoice.total_cents))
    doc.field("TVA", euros(0))
    doc.field("Total TTC", euros(invoice.total_cents))
    doc.line(config["INVOICE_VAT_MENTION"])
    if invoice.kind == "invoice":
        doc.ln(2)
        _payment_terms(doc, invoice, config)
    return doc.bytes()


def _payment_terms(doc, invoice: Printed, config) -> None:
    received = sum(p.amount_cents for p in invoice.payments)
    if invoice.payments:
        doc.heading("Règlements reçus")
        doc.rows(["Date", "Mode", "Montant"], [[f"{p.on:%d/%m/%Y}", _payment_words(p), euros(p.amount_cents)]
                                               for p in invoice.payments], [30, 118, 40], numeric=(2,))
        doc.ln(2)
    if invoice.payments and received >= invoice.total_cents:
        doc.line(f"Payée le {invoice.payments[-1].on:%d/%m/%Y}.", bold=True)
    elif invoice.cancelled:
        doc.line("Facture annulée par un avoir : rien n'est dû.", bold=True)
    elif invoice.payments:
        doc.line(printed_left(euros(received), euros(invoice.total_cents - received), invoice.due_on), bold=True)
    else:
        doc.line(printed_due(invoice.due_on), bold=True)
    if not invoice.cancelled and received < invoice.total_cents and doc.issuer.bank_account:
        doc.line(printed_transfer(doc.issuer.bank_account, invoice.number))
    doc.line(f"Pas d'escompte pour paiement anticipé. Pénalités de retard : {config['INVOICE_PENALTY_RATE']}.",
             size=8)
    if invoice.payer_type != "learner":
        fee = euros(LATE_FEE_EUROS * 100)
        doc.line(f"Indemnité forfaitaire pour frais de recouvrement due par le client professionnel en cas de "
                 f"retard de paiement : {fee} (article L441-10 du Code de commerce).", size=8)


@dataclass(frozen=True)
class ListFilters:
    """What /gestion/factures is narrowed to: a state (LIST_STATES), a payer type, an issue period, part of a
    number, one enrolment."""

    state: str = ""
    payer_type: str = ""
    issued_from: date | None = None
    issued_until: date | None = None
    number: str = ""
    enrollment_id: int | None = None


LIST_STATES = ("open", "overdue", "paid", "cancelled", "credit_note")


def listing(filters: ListFilters, page: int, today: date) -> Page:
    """Invoices and credit notes, newest first, a page of them."""
    return paginate(listed(filters, today), page)


def listed(filters: ListFilters, today: date) -> peewee.ModelSelect:
    """The invoices and credit notes the list shows under these filters, newest first: its pages, its export."""
    query = Invoice.select().order_by(Invoice.year.desc(), Invoice.seq.desc(), Invoice.id.desc())
    if filters.payer_type:
        query = query.where(Invoice.payer_type == filters.payer_type)
    if filters.issued_from is not None:
        query = query.where(Invoice.issued_on >= filters.issued_from)
    if filters.issued_until is not None:
        query = query.where(Invoice.issued_on <= filters.issued_until)
    if filters.number:
        query = query.where(Invoice.number.contains(filters.number))
    if filters.enrollment_id is not None:
        query = query.where(Invoice.enrollment == filters.enrollment_id)
    cancelled = Invoice.select(Invoice.cancels).where(Invoice.cancels.is_null(False))
    if filters.state == "credit_note":
        query = query.where(Invoice.kind == "credit_note")
    elif filters.state == "cancelled":
        query = query.where((Invoice.kind == "invoice") & Invoice.id.in_(cancelled))
    elif filters.state in ("open", "overdue", "paid"):
        query = query.where((Invoice.kind == "invoice") & Invoice.id.not_in(cancelled))
        if filters.state == "overdue":
            query = query.where(Invoice.due_on < today)
        # Each invoice keeps what it received (portal.invoicing.received): the database tells paid from open.
        settled = Invoice.paid_cents >= Invoice.total_cents
        query = query.where(settled if filters.state == "paid" else ~settled)
    return query


def payer_names(invoices: list[Invoice]) -> dict[str, str]:
    """number -> the organisation an employer's or a funder's invoice is addressed to, as printed on it (one
    query): the list names whom it is owed by. The learner's own name is not read (not a read of her identity)."""
    found = vault.organisation_payers([i.number for i in invoices if i.payer_type != "learner"])
    return {number: payer.name for number, payer in found.items()}


def numbers_of(invoice_ids: list[int]) -> dict[int, str]:
    """id -> number: what the credit notes of a page cancel."""
    return dict(Invoice.select(Invoice.id, Invoice.number).where(Invoice.id.in_(invoice_ids or [0])).tuples())


def cancelled_among(invoice_ids: list[int]) -> set[int]:
    """Those of these invoices a credit note cancels."""
    return {row.cancels_id for row in Invoice.select(Invoice.cancels).where(Invoice.cancels.in_(invoice_ids or [0]))}


def enrollment_with_session(enrollment_id: int | None) -> Enrollment | None:
    """The enrolment an invoice is being issued for, with its session and course (to name it)."""
    if enrollment_id is None:
        return None
    return (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
            .where(Enrollment.id == enrollment_id).first())


def invoices_numbered(numbers: list[str]) -> dict[str, Invoice]:
    return {i.number: i for i in Invoice.select().where(Invoice.number.in_(list(numbers) or [""]))}


def reminders_of(invoices: list[Invoice]) -> dict[int, list[InvoiceReminder]]:
    """Each invoice's reminders, oldest first."""
    found: dict[int, list[InvoiceReminder]] = {}
    ids = [i.id for i in invoices]
    query = InvoiceReminder.select().order_by(InvoiceReminder.sent_at, InvoiceReminder.id)
    if len(ids) <= db.MANY_KEYS:
        query = query.where(InvoiceReminder.invoice.in_(ids or [0]))
    wanted = set(ids)
    for row in query:
        if row.invoice_id in wanted:
            found.setdefault(row.invoice_id, []).append(row)
    return found


def record_reminder(invoice: Invoice, level: int, channel: str) -> InvoiceReminder:
    return InvoiceReminder.create(invoice=invoice.id, level=level, channel=channel)


def invoice_or_none(number: str) -> Invoice | None:
    return Invoice.get_or_none(Invoice.number == number)


def staff_copy(number: str, actor: audit.Actor, ground: str = "") -> tuple[Invoice, Party] | None:
    """An issued invoice printed again by staff, its payer read from the vault (audited); for a restricted
    learner, only with the legal ground of this use (standing.GroundRequired otherwise, nothing read). None:
    no such invoice."""
    invoice = invoice_or_none(number)
    if invoice is None:
        return None
    given = person_standing.ground_for_use(invoice.account_id, ground)
    party = vault.invoice_parties([number], actor, subject_id=invoice.account_id,
                                  reason=person_standing.ground_words(given) if given else None)[number]
    return invoice, party


def addressed_to_learner(invoice: Invoice) -> bool:
    """Whether the learner herself is the invoice's payer: she pays it and may download it. The others about
    her training (her employer's, a funder's) are addressed to them: she sees them, apart, never as hers."""
    return invoice.payer_type == "learner"


@dataclass(frozen=True)
class Named:
    """Whom a listed invoice is about. Her account still there: her display name, and her file to open; erased
    (her unpaid invoice kept as a claim, under a pseudonym): the names printed on the invoice, and nothing else
    of her: no file, no account address to mail."""
    learner: str  # the trainee
    payer: str  # a learner's own invoice: hers; an organisation's is named by the organisation's name
    has_account: bool


def named(invoices: list) -> dict[str, Named]:
    """By invoice number; two queries whatever the number of invoices."""
    names = display_names([i.account_id for i in invoices])
    printed = vault.printed_names([i.number for i in invoices if i.account_id not in names])
    found = {}
    for invoice in invoices:
        if invoice.account_id in names:
            found[invoice.number] = Named(names[invoice.account_id], names[invoice.account_id], True)
            continue
        words = printed.get(invoice.number)
        payer = words.payer if words else ""
        trainee = payer if addressed_to_learner(invoice) else (words.trainee if words else "")
        found[invoice.number] = Named(trainee or "—", payer or "—", False)
    return found


def learner_invoice_or_none(account_id: uuid.UUID, number: str) -> Invoice | None:
    """The invoice, only when it is addressed to this learner herself (not to a funder or an employer)."""
    invoice = Invoice.get_or_none((Invoice.number == number) & (Invoice.account_id == account_id))
    return invoice if invoice is not None and addressed_to_learner(invoice) else None


def invoice_exists(number: str) -> bool:
    return Invoice.select().where(Invoice.number == number).exists()


@dataclass(frozen=True)
class LearnerBilling:
    """A learner's invoices from her point of view (addressed_to_learner): hers, with the payments made on
    them, and those about her training that another payer receives and settles (employer, funder)."""
    hers: list[Invoice]
    by_others: list[Invoice]
    her_payments: list  # the vault's payments (vault.payments_of), newest first


def of_learner(account_id: uuid.UUID) -> LearnerBilling:
    every = list(Invoice.select().where(Invoice.account_id == account_id)
                 .order_by(Invoice.year.desc(), Invoice.seq.desc()))
    hers = [i for i in every if addressed_to_learner(i)]
    numbers = {i.number for i in hers}
    # The vault keeps every payment under the trainee's account, her employer's cheque too: not hers.
    return LearnerBilling(hers, [i for i in every if not addressed_to_learner(i)],
                          [p for p in vault.payments_of(account_id) if p.invoice_number in numbers])


def learner_invoices_open() -> list[Invoice]:
    """Invoices a learner pays herself, not cancelled by a credit note, oldest due date first (whether
    each is paid is the payments' standing)."""
    return [i for i in invoices_open() if i.payer_type == "learner"]


def invoices_with_ids(invoice_ids: list[int]) -> list[Invoice]:
    """These invoices, whole, in the order given."""
    found = {i.id: i for i in Invoice.select().where(Invoice.id.in_(invoice_ids or [0]))} if len(
        invoice_ids) <= db.MANY_KEYS else {i.id: i for i in Invoice.select()}
    return [found[i] for i in invoice_ids if i in found]


def invoices_open() -> list[Invoice]:
    """Invoices to any payer not cancelled by a credit note and still in the working database (an unpaid one
    stays there), oldest due date first: whether each is paid is the payments' standing."""
    cancelled = Invoice.select(Invoice.cancels).where(Invoice.cancels.is_null(False))
    # Thousands of rows read to be summed: the facts a list and a reminder need, as light rows, not models
    # (an invoice's lines are read with the invoice itself).
    return list(Invoice.select(Invoice.id, Invoice.number, Invoice.kind, Invoice.cancels.alias("cancels_id"),
                               Invoice.enrollment.alias("enrollment_id"), Invoice.account_id, Invoice.payer_type,
                               Invoice.issued_on, Invoice.due_on, Invoice.total_cents, Invoice.part,
                               Invoice.case_number, Invoice.paid_cents)
                .where((Invoice.kind == "invoice") & Invoice.id.not_in(cancelled))
                .order_by(Invoice.due_on, Invoice.id).namedtuples())


def follow_transfer(old_enrollment_id: int, new_enrollment_id: int) -> None:
    """Inside the transfer's transaction: billing is the training's, so each payer's « prise en charge »,
    the invoices issued (credit notes included) and what archived invoices billed follow her to her new
    session; the invoices themselves keep their lines and the dates they were issued for. Left behind, the
    new enrolment would look unbilled and be billed its whole price again."""
    with db.atomic():
        for model in (BillingShare, Invoice, ArchivedBilling):
            model.update(enrollment=new_enrollment_id).where(model.enrollment == old_enrollment_id).execute()


def of_enrollment(enrollment_id: int) -> list[Invoice]:
    """The enrolment's invoices not cancelled by a credit note, newest first."""
    cancelled = Invoice.select(Invoice.cancels).where(Invoice.cancels.is_null(False))
    return list(Invoice.select().where((Invoice.enrollment == enrollment_id) & (Invoice.kind == "invoice")
                                       & Invoice.id.not_in(cancelled))
                .order_by(Invoice.year.desc(), Invoice.seq.desc()))
