"""Where each head ends up: head = tie + L_above · (sin tilt · (cos az, sin az), cos tilt)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from portal.bouquets.engine.model import Bouquet, Stem


@dataclass(frozen=True)
class Head:
    stem: Stem
    x: float
    y: float
    z: float  # height above the tie point

    @property
    def horizontal(self) -> float:
        return math.hypot(self.x, self.y)

    @property
    def distance(self) -> float:
        return math.sqrt(self.x * self.x + self.y * self.y + self.z * self.z)


def above_tie(stem: Stem, bouquet: Bouquet) -> float:
    return stem.cut_length_cm - bouquet.tie_height_cm


def head_of(stem: Stem, bouquet: Bouquet) -> Head:
    length = above_tie(stem, bouquet)
    tilt, azimuth = math.radians(stem.tilt_deg), math.radians(stem.azimuth_deg)
    return Head(
        stem, length * math.sin(tilt) * math.cos(azimuth), length * math.sin(tilt) * math.sin(azimuth),
        length * math.cos(tilt),
    )


def heads(bouquet: Bouquet) -> list[Head]:
    return [head_of(stem, bouquet) for stem in sorted(bouquet.stems, key=lambda s: (s.insert_order, s.azimuth_deg))]


def dome_radius(all_heads: list[Head]) -> float:
    """Mean distance from the tie point: the radius of the dome the heads draw."""
    return sum(h.distance for h in all_heads) / len(all_heads)


def width(all_heads: list[Head]) -> float:
    """Overall width, flower heads included."""
    return 2 * max(h.horizontal + h.stem.head_diam_cm / 2 for h in all_heads)


def height_above_tie(all_heads: list[Head]) -> float:
    """Overall height above the tie, flower heads included."""
    return max(h.z + h.stem.head_diam_cm / 2 for h in all_heads)


def dome_proportions(all_heads: list[Head]) -> tuple[float, float]:
    """Width and height of the surface the head centres draw (a half-sphere gives 2 : 1)."""
    return 2 * max(h.horizontal for h in all_heads), max(h.z for h in all_heads)


def angular_gaps(azimuths: list[float]) -> list[float]:
    ordered = sorted(a % 360 for a in azimuths)
    return [(ordered[(i + 1) % len(ordered)] - a) % 360 or 360.0 for i, a in enumerate(ordered)]
