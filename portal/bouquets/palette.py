"""The workshop's palette: the catalogue's stems grouped by role, filtered by name, role, colour and season."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask_babel import lazy_gettext as _l

from portal.bouquets import engine
from portal.bouquets.drafts import WorkshopRefused
from portal.bouquets.engine.catalogue import slug
from portal.bouquets.engine.colour import family
from portal.bouquets.engine.forms import form_of
from portal.bouquets.species_words import species_name

ROLE_LABELS = {"focale": _l("fleur focale"), "masse": _l("fleur de masse"), "remplissage": _l("remplissage"),
               "ligne": _l("fleur en ligne"), "feuillage": _l("feuillage")}
# The palette's sections, in the order a florist builds: the flower of value first, foliage last.
ROLE_SECTIONS = {"focale": _l("Fleurs focales"), "masse": _l("Fleurs de masse"), "remplissage": _l("Remplissage"),
                 "ligne": _l("Fleurs en ligne"), "feuillage": _l("Feuillage")}


@dataclass(frozen=True)
class PaletteItem:
    species: engine.Species
    colour: str
    family: str
    form: str

    @property
    def value(self) -> str:
        return f"{self.species.id}|{self.colour}"


def searchable(text: str) -> str:
    """A name or a query reduced to what a search compares: no case, accents or ligature."""
    return slug((text or "").replace("œ", "oe").replace("Œ", "Oe"))


@lru_cache(maxsize=512)  # the catalogue never changes while the process runs; filters are few
def palette(role: str | None, colour_family: str | None, month: int | None,
            query: str = "", language: str = "fr") -> tuple[PaletteItem, ...]:
    """language: the reader's, whose name for a species is searched too (keys the cache: species_name()
    answers in the request's language)."""
    wanted = searchable(query)
    items = []
    for species in engine.load_catalogue().species:
        if role and species.role != role:
            continue
        if month and month not in species.months:
            continue
        names = f"{searchable(species.name)} {searchable(species.latin)} {searchable(species_name(species.id))}"
        if wanted and wanted not in names:
            continue
        for hex_colour in species.colours:
            fam = family(hex_colour)
            if colour_family and fam != colour_family:
                continue
            items.append(PaletteItem(species, hex_colour, fam, form_of(species)))
    return tuple(items)


def palette_sections(items: tuple[PaletteItem, ...]) -> list[tuple[str, list[PaletteItem]]]:
    """The palette grouped by role, in ROLE_SECTIONS' order; empty roles left out."""
    by_role: dict[str, list[PaletteItem]] = {}
    for item in items:
        by_role.setdefault(item.species.role, []).append(item)
    return [(role, by_role[role]) for role in ROLE_SECTIONS if role in by_role]


def parse_choice(value: str) -> tuple[str, str]:
    species_id, _, hex_colour = (value or "").partition("|")
    catalogue = engine.load_catalogue()
    if species_id not in catalogue:
        raise WorkshopRefused(_l("Espèce inconnue du catalogue."))
    if hex_colour.upper() not in catalogue[species_id].colours:
        raise WorkshopRefused(_l("Cette couleur n'existe pas pour cette fleur."))
    return species_id, hex_colour.upper()
