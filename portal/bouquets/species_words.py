"""The catalogue's species in the reader's words.

The catalogue (the spec's CSV, portal/bouquets/engine/catalogue.csv) names each species in French; the
names are listed here once so that Babel extracts them, and every place a species is named (the palette,
the bouquet's stems, the price lines, the trainer's sentences, a stored attempt) says it through
species_name(), so an English page never mixes "Pivoine" with "white".
"""
from __future__ import annotations

from functools import lru_cache

from portal.bouquets.engine.catalogue import load_catalogue
from portal.bouquets.engine.feedback import N_
from portal.i18n import request_catalogue

NAMES = (
    N_("Rose standard"), N_("Rose branchue"), N_("Rose de jardin"), N_("Pivoine"), N_("Renoncule"),
    N_("Anémone"), N_("Tulipe"), N_("Lys oriental"), N_("Gerbera"), N_("Germini"), N_("Œillet"),
    N_("Œillet branchu"), N_("Chrysanthème disbud"), N_("Chrysanthème santini"), N_("Alstroemeria"),
    N_("Lisianthus"), N_("Freesia"), N_("Muflier"), N_("Delphinium"), N_("Glaïeul"), N_("Liatris"),
    N_("Giroflée"), N_("Molucelle"), N_("Véronique"), N_("Hortensia"), N_("Dahlia"), N_("Tournesol"),
    N_("Arum"), N_("Amaryllis"), N_("Protéa royale"), N_("Panicaut"), N_("Scabieuse"), N_("Gypsophile"),
    N_("Statice"), N_("Aster"), N_("Mimosa"), N_("Hypericum"), N_("Alchémille"), N_("Eucalyptus cinerea"),
    N_("Pittosporum"), N_("Salal"), N_("Ruscus d'Italie"), N_("Lentisque"), N_("Aspidistra"),
    N_("Fougère cuir"), N_("Herbe d'ours"),
)


def species_name(species_id: str) -> str:
    """A species of the catalogue by its id, named in the reader's language; an unknown id as it is."""
    species = load_catalogue().by_id.get(species_id)
    return request_catalogue().ugettext(species.name) if species is not None else species_id


@lru_cache(maxsize=1)
def _by_french_name() -> dict[str, str]:
    return {species.name.casefold(): species.name for species in load_catalogue().species}


def name_in_words(french_name: str) -> str:
    """A species named in a French sentence's values ("{species} en décembre ?", "les tiges de pivoine"), in the
    reader's language; written in lower case when the sentence had it so."""
    name = _by_french_name().get(french_name.casefold())
    if name is None:
        return french_name
    words = request_catalogue().ugettext(name)
    return words.lower() if french_name == french_name.lower() else words
