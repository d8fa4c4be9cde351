"""Who pays a funded training, as its invoices print it: a SIREN that is one (nine digits, their Luhn key) and
a postal address laid out in lines as the post reads them (NF Z10-011: six lines at most, 38 characters each,
the last the postcode and town, or the country abroad). Checked here, once: for the funding file that keeps
them, and for an invoice where staff type them."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from stdnum.fr import siren as siren_number

from portal.refusals import Refused

MAX_LINES, MAX_LINE = 6, 38
POSTCODE_TOWN = re.compile(r"^\d{5} \S")
COUNTRY = re.compile(r"^[^\W\d_]+(?:[ '-][^\W\d_]+)*$")  # letters only: a country's name, as the last line abroad


class PayerRefused(Refused):
    pass


def siren(text: str) -> str:
    """The SIREN as nine digits ("" when none is given), spaces and dots typed between them dropped."""
    compact = siren_number.compact(text or "")
    if not compact:
        return ""
    if not compact.isdigit() or len(compact) != 9:
        raise PayerRefused(_l("Un SIREN a neuf chiffres (« 404 833 048 ») : « %(t)s » n'en est pas un.", t=text),
                           field="payer_siren")
    if not siren_number.is_valid(compact):
        raise PayerRefused(_l("Le SIREN « %(t)s » ne passe pas sa clé de contrôle : un chiffre est sans doute mal "
                              "recopié. Vérifiez-le sur l'avis de situation au répertoire SIRENE ou un Kbis.",
                              t=siren_number.format(compact)), field="payer_siren")
    return compact


def postal_address(text: str) -> str:
    """The address as its lines, each trimmed and its spaces single ("" when none is given)."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return ""
    if len(lines) < 2:
        raise PayerRefused(_l("Écrivez l'adresse sur plusieurs lignes, comme sur une enveloppe : la voie, puis le "
                              "code postal et la commune (« 75004 Paris »)."), field="payer_address")
    if len(lines) > MAX_LINES:
        raise PayerRefused(_l("Une adresse postale tient en six lignes au plus."), field="payer_address")
    long = next((line for line in lines if len(line) > MAX_LINE), None)
    if long is not None:
        raise PayerRefused(_l("Chaque ligne d'une adresse postale tient en 38 caractères au plus : « %(l)s » en a "
                              "%(n)s ; coupez-la en deux lignes.", l=long, n=len(long)), field="payer_address")
    last = lines[-1]
    # Abroad, the country under the line of its postcode and town (a digit there: "1000 Bruxelles", "SW1A 1AA").
    abroad = (len(lines) >= 3 and COUNTRY.match(last) is not None and last.casefold() != "france"
              and any(c.isdigit() for c in lines[-2]))
    if not POSTCODE_TOWN.match(lines[-2 if last.casefold() == "france" else -1]) and not abroad:
        raise PayerRefused(_l("La dernière ligne de l'adresse donne le code postal et la commune (« 75004 Paris »), "
                              "ou le pays pour une adresse à l'étranger."), field="payer_address")
    return "\n".join(lines)
