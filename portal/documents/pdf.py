"""A4 documents with fpdf2's core fonts, which need no font file on the machine: text is folded to
Latin-1 (typographic quotes and dashes to their plain forms)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from fpdf import FPDF

_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "…": "...", "€": "EUR",
                        "\u202f": " ", "\u00a0": " ", "•": "*", "œ": "oe", "Œ": "OE"})


def latin(text) -> str:
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class Provider:
    name: str
    address: str
    siret: str
    vat_number: str
    nda: str
    nda_region: str
    representative: str
    city: str

    @property
    def nda_sentence(self) -> str:
        return (f"Déclaration d'activité enregistrée sous le numéro {self.nda} auprès du préfet de région "
                f"{self.nda_region}")


def provider() -> Provider:
    c = current_app.config
    return Provider(c["PROVIDER_NAME"], c["PROVIDER_ADDRESS"], c["PROVIDER_SIRET"], c["PROVIDER_VAT_NUMBER"],
                    c["PROVIDER_NDA"], c["PROVIDER_NDA_REGION"], c["PROVIDER_REPRESENTATIVE"], c["PROVIDER_CITY"])


class Document(FPDF):
    """Title, then lines and simple tables; the provider's identity in the footer of every page."""

    def __init__(self, title: str):
        super().__init__(format="A4")
        self.doc_title = title
        self.issuer = provider()
        self.set_title(latin(title))
        self.set_creator("Pétale")
        self.set_auto_page_break(True, margin=22)
        self.add_page()
        self.set_font("helvetica", "B", 16)
        self.multi_cell(0, 9, latin(title), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-18)
        self.set_font("helvetica", size=7)
        self.multi_cell(0, 3.5, latin(f"{self.issuer.name} - {self.issuer.address} - SIRET {self.issuer.siret} - "
                                      f"{self.issuer.nda_sentence} - page {self.page_no()}"), align="C")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font("helvetica", "B", 12)
        self.multi_cell(0, 7, latin(text), new_x="LMARGIN", new_y="NEXT")

    def line(self, text: str, bold: bool = False, size: int = 10) -> None:
        self.set_font("helvetica", "B" if bold else "", size)
        self.multi_cell(0, 5.5, latin(text), new_x="LMARGIN", new_y="NEXT")

    def field(self, label: str, value) -> None:
        self.set_font("helvetica", "B", 10)
        self.cell(62, 6, latin(label))
        self.set_font("helvetica", "", 10)
        self.multi_cell(0, 6, latin(value if value not in (None, "") else "-"), new_x="LMARGIN", new_y="NEXT")

    def rows(self, headers: list[str], rows: list[list], widths: list[int]) -> None:
        self.set_font("helvetica", "B", 8)
        for header, width in zip(headers, widths, strict=True):
            self.cell(width, 6, latin(header), border=1)
        self.ln()
        self.set_font("helvetica", "", 8)
        for row in rows:
            for value, width in zip(row, widths, strict=True):
                self.cell(width, 5.5, latin(value)[: int(width / 1.6)], border=1)
            self.ln()

    def bytes(self) -> bytes:
        return bytes(self.output())
