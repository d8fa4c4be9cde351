"""The species catalogue (catalogue.csv, shipped with the package), validated on load."""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

ROLES = ("focale", "masse", "remplissage", "ligne", "feuillage")
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Foliage has no flower head; a stem of foliage covers about a 12 cm spray of leaves in the dome.
FOLIAGE_HEAD_CM = 12.0


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class Species:
    id: str
    name: str
    latin: str
    role: str
    colours: tuple[str, ...]
    stem_cm: tuple[int, int]
    head_cm: tuple[float, float] | None
    months: frozenset[int]
    wholesale_ht: tuple[Decimal, Decimal]
    vase_days: tuple[int, int]

    @property
    def all_year(self) -> bool:
        return len(self.months) == 12

    @property
    def typical_head_cm(self) -> float:
        if self.head_cm is None:
            return FOLIAGE_HEAD_CM
        return (self.head_cm[0] + self.head_cm[1]) / 2

    @property
    def unit_wholesale_ht(self) -> Decimal:
        """The middle of the wholesale range, outside festivals."""
        return (self.wholesale_ht[0] + self.wholesale_ht[1]) / 2


class Catalogue:
    def __init__(self, species: list[Species]):
        self.species = species
        self.by_id = {s.id: s for s in species}

    def __getitem__(self, species_id: str) -> Species:
        return self.by_id[species_id]

    def __contains__(self, species_id: str) -> bool:
        return species_id in self.by_id

    def __len__(self) -> int:
        return len(self.species)


def slug(name: str) -> str:
    # Œ and Æ are ligatures, not letters with accents: NFKD leaves them whole, so they are spelt out first
    # (« Œillet » keeps the id "oeillet").
    spelt = name.replace("Œ", "Oe").replace("œ", "oe").replace("Æ", "Ae").replace("æ", "ae")
    ascii_name = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _range(text: str, cast, field: str, row: int):
    parts = text.split("-")
    try:
        values = [cast(p) for p in parts]
    except (ValueError, ArithmeticError) as exc:
        raise CatalogueError(f"row {row}: bad {field} {text!r}") from exc
    if len(values) == 1:
        values = values * 2
    if len(values) != 2 or values[0] > values[1] or values[0] < 0:
        raise CatalogueError(f"row {row}: bad {field} range {text!r}")
    return values[0], values[1]


def _months(text: str, row: int) -> frozenset[int]:
    start, end = (int(p) for p in text.split("-"))
    if not (1 <= start <= 12 and 1 <= end <= 12):
        raise CatalogueError(f"row {row}: bad months {text!r}")
    if start <= end:
        return frozenset(range(start, end + 1))
    return frozenset([*range(start, 13), *range(1, end + 1)])  # a season across the new year


def parse_rows(rows: list[dict]) -> Catalogue:
    species = []
    for number, row in enumerate(rows, start=2):
        if row["role"] not in ROLES:
            raise CatalogueError(f"row {number}: unknown role {row['role']!r}")
        colours = tuple(c.upper() for c in row["couleurs_hex"].split("|"))
        if not colours or not all(HEX.match(c) for c in colours):
            raise CatalogueError(f"row {number}: bad colours {row['couleurs_hex']!r}")
        species.append(Species(
            id=slug(row["nom_fr"]), name=row["nom_fr"], latin=row["nom_latin"], role=row["role"], colours=colours,
            stem_cm=_range(row["tige_cm"], int, "stem length", number),
            head_cm=_range(row["tete_cm"], float, "head size", number) if row["tete_cm"] else None,
            months=_months(row["mois_FR"], number),
            wholesale_ht=_range(row["prix_gros_HT_tige_eur"], Decimal, "price", number),
            vase_days=_range(row["vase_j"], int, "vase life", number),
        ))
    ids = [s.id for s in species]
    if len(set(ids)) != len(ids):
        raise CatalogueError("duplicate species names")
    return Catalogue(species)


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    text = resources.files("portal.bouquets.engine").joinpath("catalogue.csv").read_text(encoding="utf-8")
    return parse_rows(list(csv.DictReader(text.splitlines())))
