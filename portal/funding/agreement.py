"""The convention de formation and the programme of a funding file, as PDFs made from what the portal holds:
the course and its session (learning's programme, worded once for the contract, the programme and the
convention), the payer the file names, the price and its split between payers (invoicing's plan), the
provider (configuration). The convention carries the mentions of articles L6353-1 and L6353-2 and D6353-1 of
the Code du travail: parties, title, objective, programme, dates, duration, price, payment terms, means, and
how the training is assessed and sanctioned. Both are French legal documents, whatever the reader's language.

A learner who signed her training contract online has that contract as her file's agreement; the
convention is for a buyer that is a company or a funder."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from portal.documents import french, pdf_document
from portal.funding.models import FundingFile
from portal.funding.wording import FUNDER_LABELS
from portal.invoicing import service as invoicing
from portal.invoicing.wording import PAYER_WORDS
from portal.learning import programme
from portal.textfold import file_slug

CONVENTION_ARTICLES = "Articles L6353-1, L6353-2 et D6353-1 du Code du travail"
DESCRIBED = (programme.NATURE, programme.OBJECT, programme.DURATION, programme.PROGRAMME, programme.PREREQUISITES,
             programme.MEANS, programme.FOLLOW_UP, programme.ASSESSMENT)
NUMBERED = "Article {n} – {heading}"
ORDER = ("funder", "employer", "learner")  # the payers' shares, as the convention lists them


@dataclass(frozen=True)
class Printed:
    content: bytes
    filename: str


@dataclass(frozen=True)
class Buyer:
    """Whoever the convention is made with: the company (her employer) or, without one, the payer the
    file names; and the funder who pays its share, when it is not the buyer itself."""
    name: str
    address: str
    siren: str
    funder: str  # "" when the buyer pays it all


def buyer_of(file: FundingFile, person: dict) -> Buyer:
    employer = (person.get("employer") or "").strip()
    named = file.funder_name.strip()
    funder = f"{FUNDER_LABELS.get(file.funder_type, file.funder_type)}" + (f" ({named})" if named else "")
    if file.funder_type == "employer" or not employer:
        # The file's payer is the buyer: an employer paying for its employee, or a funder alone.
        return Buyer(named or employer or "-", file.payer_address.strip(), file.payer_siren.strip(), "")
    return Buyer(employer, "", "", funder)


def _people(person: dict) -> str:
    return person.get("full_name") or "-"


def _price(file: FundingFile) -> list[str]:
    plan = invoicing.plan(file.enrollment_id)
    config = current_app.config
    said = [f"Prix de l'action : {french.amount(plan.price_cents)} net de taxe pour un stagiaire. "
            f"{config['INVOICE_VAT_MENTION']}."]
    if plan.shares:
        parts = [f"{PAYER_WORDS[payer]} : {french.amount(plan.shares[payer])}" for payer in ORDER
                 if plan.shares.get(payer)]
        said.append("Répartition du prix entre les payeurs (prises en charge) : " + " ; ".join(parts) + ".")
    if file.case_number.strip():
        said.append(f"Numéro de dossier du financeur : {file.case_number.strip()}.")
    said.append(f"Chaque part est facturée à son payeur à l'issue de la formation, ou selon l'échéancier convenu ; "
                f"la facture est payable par virement dans les {config['INVOICE_PAYMENT_DAYS']} jours de son "
                f"émission. Tout retard entraîne des pénalités au taux de {config['INVOICE_PENALTY_RATE']} et, pour "
                "un client professionnel, l'indemnité forfaitaire pour frais de recouvrement de 40 €.")
    if file.funder_type not in ("employer", "self"):
        said.append("Lorsque le financeur a accordé sa prise en charge, il règle sa part directement à l'organisme "
                    "de formation (subrogation de paiement) ; le client reste redevable de ce qu'il ne paie pas.")
    return said


def convention_pdf(file: FundingFile, person: dict, today: date) -> Printed:
    """The convention de formation of the file's enrolment; `person`: her name and employer, read by the
    caller within the funding workflow (audited)."""
    session = file.enrollment.session
    course = session.course
    buyer = buyer_of(file, person)
    said = programme.describe(session)
    doc = pdf_document("Convention de formation professionnelle")
    doc.line(CONVENTION_ARTICLES, size=9)
    issuer = doc.issuer
    doc.heading("Entre les soussignés")
    doc.line(f"{issuer.name}, {issuer.address}, SIRET {issuer.siret}, représenté par {issuer.representative}. "
             f"{issuer.nda_sentence}. Ci-après « l'organisme de formation ».")
    where = ", ".join(part for part in (buyer.address.replace("\n", ", "),
                                        f"SIREN {buyer.siren}" if buyer.siren else "") if part)
    doc.line(f"{buyer.name}{', ' + where if where else ''}. Ci-après « le client ».")
    if buyer.funder:
        doc.line(f"Financeur de l'action : {buyer.funder}.")
    doc.line("Est conclue la présente convention, en application des articles L6353-1 et L6353-2 du Code du travail.")
    articles = [("Objet de la convention", [f"L'organisme de formation organise, pour le client, l'action de formation "
                           f"« {course.title} » au bénéfice du stagiaire suivant : {_people(person)} (1 stagiaire)."])]
    articles += [(heading, said[heading]) for heading in DESCRIBED]
    articles += [
        ("Dates et modalités de déroulement", [
            f"Session « {session.title} », du {programme.day(session.starts_on)} au {programme.day(session.ends_on)}, "
            "entièrement à distance sur le portail Pétale : les modules s'ouvrent aux dates indiquées au programme ; "
            "le stagiaire suit les activités à son rythme dans ces limites. Le temps passé sur chaque activité est "
            "enregistré ; l'organisme remet au client le relevé de réalisation et le certificat de réalisation."]),
        ("Prix et modalités de paiement", _price(file)),
        ("Inexécution, abandon", [
            "En cas d'inexécution totale ou partielle de la formation du fait de l'organisme, celui-ci rembourse les "
            "sommes perçues pour les prestations non dispensées (article L6354-1 du Code du travail). Si le stagiaire "
            "abandonne ou est empêché, seules les prestations effectivement dispensées sont facturées, au prorata "
            "du temps de formation réalisé."]),
        ("Différends", ["Les parties recherchent d'abord un accord amiable ; à défaut, le tribunal compétent est "
                        f"celui du siège de l'organisme de formation ({issuer.city})."]),
    ]
    for n, (heading, paragraphs) in enumerate(articles, start=1):
        doc.heading(NUMBERED.format(n=n, heading=heading))
        for paragraph in paragraphs:
            doc.line(paragraph)
    doc.heading("Signatures")
    doc.line(f"Fait en deux exemplaires à {issuer.city}, le {today:%d/%m/%Y}.")
    doc.ln(4)
    doc.line(f"Pour l'organisme de formation : {issuer.representative}, représentant légal", bold=True)
    doc.ln(14)
    doc.line("Pour le client : nom, qualité, signature et cachet", bold=True)
    return Printed(doc.bytes(), f"convention-{file.enrollment_id}-{file_slug(course.title)}.pdf")


def programme_pdf(file: FundingFile) -> Printed:
    """The programme of the file's training and session: what the convention's programme article says,
    on its own, with the price of the course; no one's name (it is the training's)."""
    session = file.enrollment.session
    course = session.course
    said = programme.describe(session)
    doc = pdf_document("Programme de formation")
    doc.field("Intitulé", course.title)
    doc.field("Session", f"{session.title}, du {programme.day(session.starts_on)} au "
                         f"{programme.day(session.ends_on)}")
    doc.field("Durée", f"{programme.hours(course)} heures, à distance")
    doc.field("Public et prérequis", " ".join(said[programme.PREREQUISITES]))
    doc.field("Prix", f"{french.amount(course.price_cents)} net de taxe par stagiaire")
    for heading in (programme.OBJECT, programme.NATURE, programme.PROGRAMME, programme.MEANS, programme.FOLLOW_UP,
                    programme.ASSESSMENT):
        doc.heading(heading)
        for paragraph in said[heading]:
            doc.line(paragraph)
    return Printed(doc.bytes(), f"programme-{session.id}-{file_slug(course.title)}.pdf")
