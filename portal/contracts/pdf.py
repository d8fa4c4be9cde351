"""The contract as a PDF: the parties, then the text exactly as signed, then the signature's record."""
from __future__ import annotations

from portal.contracts.reading import ContractPage
from portal.documents import french, pdf_document
from portal.timeutil import to_paris


def contract_pdf(page: ContractPage) -> bytes:
    contract = page.contract
    doc = pdf_document("Contrat de formation professionnelle")
    doc.line("Articles L6353-3 à L6353-7 du Code du travail", size=9)
    issuer = doc.issuer
    doc.heading("Entre les soussignés")
    doc.line(f"{issuer.name}, {issuer.address}, SIRET {issuer.siret}, ayant pour représentant légal "
             f"{issuer.representative}. "
             f"{issuer.nda_sentence}. Ci-après « le prestataire ».")
    doc.line(f"{page.party.name or '-'}, {page.party.address or 'adresse non renseignée'}, qui suit la formation à "
             "titre individuel et en règle personnellement tout ou partie du prix. Ci-après « le stagiaire ».")
    for section in page.sections:
        doc.heading(section["heading"])
        for paragraph in section["paragraphs"]:
            doc.line(paragraph)
    doc.heading("Signature")
    doc.line(f"Accepté en ligne par le stagiaire le {to_paris(contract.signed_at):%d/%m/%Y à %H:%M} (heure de "
             f"Paris), conditions version {contract.terms_version}, empreinte SHA-256 du texte {contract.text_sha256}.")
    doc.line(f"Montant à la charge du stagiaire : {french.amount(contract.share_cents)}. Fin du délai de "
             f"rétractation : {contract.withdrawal_ends_on:%d/%m/%Y}.")
    if contract.funding == "self":
        doc.line("Début anticipé de la formation, pendant le délai de rétractation : "
                 + ("demandé expressément par le stagiaire." if contract.early_start else "non demandé."))
    if contract.withdrawn_at:
        doc.line(f"Rétractation enregistrée le {to_paris(contract.withdrawn_at):%d/%m/%Y}.", bold=True)
    if contract.stopped_on:
        doc.line(f"Formation arrêtée le {contract.stopped_on:%d/%m/%Y}.", bold=True)
    doc.line(f"Fait à {issuer.city}.")
    return doc.bytes()
