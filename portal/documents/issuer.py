"""The provider as its documents name it (identity, registration, representative), from the configuration.
Kept apart from the PDF making so that pages can show it without loading fpdf2."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from stdnum import iban as iban_number


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
    iban: str = ""  # compact ("" when none is set)
    bic: str = ""

    @property
    def bank_account(self) -> str:
        """The IBAN as a RIB prints it, in groups of four, and the BIC ("" when no account is set)."""
        if not self.iban:
            return ""
        printed = f"IBAN {iban_number.format(self.iban)}"
        return f"{printed} - BIC {self.bic}" if self.bic else printed

    @property
    def nda_sentence(self) -> str:
        return (f"Déclaration d'activité enregistrée sous le numéro {self.nda} auprès du préfet de région "
                f"{self.nda_region}")


def provider() -> Provider:
    c = current_app.config
    return Provider(c["PROVIDER_NAME"], c["PROVIDER_ADDRESS"], c["PROVIDER_SIRET"], c["PROVIDER_VAT_NUMBER"],
                    c["PROVIDER_NDA"], c["PROVIDER_NDA_REGION"], c["PROVIDER_REPRESENTATIVE"], c["PROVIDER_CITY"],
                    c.get("PROVIDER_IBAN", ""), c.get("PROVIDER_BIC", ""))
