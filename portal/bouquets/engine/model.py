"""A bouquet as the learner builds it: stems placed around the tie point, and the client's brief."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from portal.bouquets.engine.catalogue import Catalogue
from portal.bouquets.engine.config import EngineConfig

STYLES = ("rond", "structure")
HARMONIES = ("libre", "monochrome", "camaieu", "complementaire", "complementaire-divise", "triade", "polychrome")
DIRECTIONS = ("cw", "ccw")
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
CUT_LENGTH_CM = (10, 150)  # a stem cut shorter or longer than this cannot be placed
FESTIVE_OCCASIONS = ("saint-valentin", "fete-des-meres")


class BouquetError(ValueError):
    """A bouquet that cannot exist; the message is French, for the learner."""


@dataclass(frozen=True)
class Brief:
    occasion: str = "anniversaire"
    budget_ttc: Decimal = Decimal("40")
    harmony: str = "libre"
    month: int = 5
    style: str = "rond"
    vase_height_cm: float | None = None
    local_season: bool = False

    @property
    def festive(self) -> bool:
        return self.occasion in FESTIVE_OCCASIONS


@dataclass(frozen=True)
class Stem:
    species_id: str
    colour: str
    cut_length_cm: float
    head_diam_cm: float
    ring: int  # 0 = centre, 1 = middle, 2 = edge
    azimuth_deg: float
    tilt_deg: float
    insert_order: int
    direction: str = "cw"
    stripped_below_tie: bool = True


@dataclass(frozen=True)
class Bouquet:
    stems: tuple[Stem, ...]
    brief: Brief = field(default_factory=Brief)
    tie_height_cm: float = 25.0  # from the cut ends up to the binding point
    tie_width_cm: float = 1.0
    decor_cost_ht: Decimal = Decimal("0.80")  # paper and ribbon, at purchase price

    @property
    def style(self) -> str:
        return self.brief.style

    def validate(self, catalogue: Catalogue, config: EngineConfig) -> Bouquet:
        if not self.stems:
            raise BouquetError("Le bouquet est vide : ajoutez des tiges.")
        if len(self.stems) > config.max_stems:
            raise BouquetError(f"Pas plus de {config.max_stems} tiges dans un bouquet.")
        if self.brief.style not in STYLES:
            raise BouquetError("Style de bouquet inconnu.")
        if self.brief.harmony not in HARMONIES:
            raise BouquetError("Harmonie demandée inconnue.")
        if not 1 <= self.brief.month <= 12:
            raise BouquetError("Le mois doit être compris entre 1 et 12.")
        if not 5 <= self.tie_height_cm <= 100:
            raise BouquetError("Le point de liage doit être entre 5 et 100 cm du pied des tiges.")
        if not 0.1 <= self.tie_width_cm <= 10:
            raise BouquetError("Largeur de liage impossible.")
        if self.brief.vase_height_cm is not None and not 5 <= self.brief.vase_height_cm <= 150:
            raise BouquetError("La hauteur du vase doit être entre 5 et 150 cm.")
        if not Decimal("0") < self.brief.budget_ttc <= Decimal("10000"):
            raise BouquetError("Budget impossible.")
        if not Decimal("0") <= self.decor_cost_ht <= Decimal("1000"):
            raise BouquetError("Coût du décor impossible.")
        for stem in self.stems:
            _validate_stem(stem, self.tie_height_cm, catalogue)
        return self


def _validate_stem(stem: Stem, tie_height: float, catalogue: Catalogue) -> None:
    if stem.species_id not in catalogue:
        raise BouquetError("Espèce inconnue du catalogue.")
    species = catalogue[stem.species_id]
    if not HEX.match(stem.colour or ""):
        raise BouquetError("Couleur invalide : une couleur s'écrit #RRVVBB.")
    if stem.colour.upper() not in species.colours:
        raise BouquetError(f"{species.name} n'existe pas dans cette couleur.")
    if not CUT_LENGTH_CM[0] <= stem.cut_length_cm <= CUT_LENGTH_CM[1]:
        raise BouquetError(f"Longueur de tige impossible : entre {CUT_LENGTH_CM[0]} et {CUT_LENGTH_CM[1]} cm.")
    if stem.cut_length_cm <= tie_height + 2:
        raise BouquetError("Une tige doit dépasser le point de liage.")
    if not 0 < stem.head_diam_cm <= 40:
        raise BouquetError("Taille de tête impossible.")
    if stem.ring not in (0, 1, 2):
        raise BouquetError("Placement inconnu : centre, milieu ou bord.")
    if not 0 <= stem.tilt_deg <= 90 or not 0 <= stem.azimuth_deg < 360:
        raise BouquetError("Angle de placement impossible.")
    if stem.direction not in DIRECTIONS:
        raise BouquetError("Sens de vrille inconnu.")
