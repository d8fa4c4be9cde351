"""Placing stems the way a florist turns the bouquet: groups spread evenly around each ring."""
from __future__ import annotations

from dataclasses import dataclass

from portal.bouquets.engine.catalogue import Catalogue, load_catalogue
from portal.bouquets.engine.model import Stem

RING_TILT = {0: 0.0, 1: 40.0, 2: 75.0}
GOLDEN_ANGLE = 137.5


@dataclass(frozen=True)
class Group:
    """What the learner adds in one go: n stems of one species and colour, at one place."""

    species_id: str
    colour: str
    count: int
    cut_length_cm: float
    ring: int
    direction: str = "cw"
    stripped_below_tie: bool = True


def place(groups: list[Group], catalogue: Catalogue | None = None) -> tuple[Stem, ...]:
    catalogue = catalogue or load_catalogue()
    stems: list[Stem] = []
    groups_in_ring: dict[int, int] = {}
    for group in groups:
        species = catalogue.by_id.get(group.species_id)
        head = species.typical_head_cm if species else 1.0
        index = groups_in_ring.get(group.ring, 0)
        groups_in_ring[group.ring] = index + 1
        offset = (index * GOLDEN_ANGLE) % 360
        for n in range(group.count):
            if group.ring == 0:
                # Centre stems stand almost upright, spread by a few degrees so they do not merge.
                tilt, azimuth = (0.0, 0.0) if group.count == 1 else (8.0, (offset + 360 * n / group.count) % 360)
            else:
                tilt, azimuth = RING_TILT[group.ring], (offset + 360 * n / group.count) % 360
            stems.append(Stem(
                species_id=group.species_id, colour=group.colour, cut_length_cm=group.cut_length_cm,
                head_diam_cm=head, ring=group.ring, azimuth_deg=round(azimuth, 1), tilt_deg=tilt,
                insert_order=len(stems) + 1, direction=group.direction, stripped_below_tie=group.stripped_below_tie,
            ))
    return tuple(stems)
