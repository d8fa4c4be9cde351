"""Colour harmony on the florists' RYB (Itten) wheel, from catalogue hex colours."""
from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass, field
from functools import lru_cache

from portal.bouquets.engine.feedback import N_

NEUTRAL_SATURATION = 0.15
NEUTRAL_LIGHT = 0.90
NEUTRAL_DARK = 0.12
CLUSTER_DEGREES = 15.0


@dataclass(frozen=True)
class Hsl:
    hue: float  # degrees, RGB wheel
    saturation: float
    lightness: float


@lru_cache(maxsize=2048)  # catalogue colours: a few hundred, converted on every workshop request
def hsl(hex_colour: str) -> Hsl:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    return Hsl(h * 360, s, lightness)


def is_foliage_green(colour: Hsl) -> bool:
    return 70 <= colour.hue <= 170 and colour.lightness < 0.6


def is_neutral(colour: Hsl, role: str) -> bool:
    return (
        role == "feuillage" or colour.saturation < NEUTRAL_SATURATION or colour.lightness > NEUTRAL_LIGHT
        or colour.lightness < NEUTRAL_DARK or is_foliage_green(colour)
    )


def ryb_hue(rgb_hue: float) -> float:
    """Piecewise map of the spec: stretches reds and oranges so complements match the florists' wheel."""
    h = rgb_hue % 360
    if h < 30:
        return h * 2
    if h < 60:
        return 60 + (h - 30) * 2
    if h < 120:
        return 120 + (h - 60)
    if h < 240:
        return 180 + (h - 120) / 2
    return h


def hue_distance(a: float, b: float) -> float:
    d = abs(a - b) % 360
    return min(d, 360 - d)


@dataclass
class HueCluster:
    hue: float
    weight: float
    lightness_levels: set = field(default_factory=set)

    def absorb(self, hue: float, weight: float, lightness: float) -> None:
        # A weighted circular mean keeps a cluster stable across 0°.
        x = self.weight * math.cos(math.radians(self.hue)) + weight * math.cos(math.radians(hue))
        y = self.weight * math.sin(math.radians(self.hue)) + weight * math.sin(math.radians(hue))
        self.hue = math.degrees(math.atan2(y, x)) % 360
        self.weight += weight
        self.lightness_levels.add(round(lightness * 4))


def cluster(samples: list[tuple[float, float, float]]) -> list[HueCluster]:
    """Samples (ryb hue, weight, lightness) grouped within 15°, heaviest first."""
    clusters: list[HueCluster] = []
    for hue, weight, lightness in sorted(samples, key=lambda s: (-s[1], s[0], s[2])):
        near = next((c for c in clusters if hue_distance(c.hue, hue) <= CLUSTER_DEGREES), None)
        if near is None:
            clusters.append(HueCluster(hue, weight, {round(lightness * 4)}))
        else:
            near.absorb(hue, weight, lightness)
    return sorted(clusters, key=lambda c: (-c.weight, c.hue))


def classify(clusters: list[HueCluster]) -> str:
    hues = [c.hue for c in clusters]
    if len(hues) <= 1:
        return "monochrome"  # one hue (or only whites and greens)
    if len(hues) <= 4 and span(hues) <= 90:
        return "camaieu"
    if len(hues) == 2 and abs(hue_distance(hues[0], hues[1]) - 180) <= 20:
        return "complementaire"
    if len(hues) == 3:
        if all(abs(hue_distance(hues[0], h) - 150) <= 20 for h in hues[1:]):
            return "complementaire-divise"
        pairs = [hue_distance(hues[0], hues[1]), hue_distance(hues[1], hues[2]), hue_distance(hues[0], hues[2])]
        if all(abs(d - 120) <= 20 for d in pairs):
            return "triade"
    return "polychrome"


def span(hues: list[float]) -> float:
    """The smallest arc holding every hue."""
    ordered = sorted(h % 360 for h in hues)
    gaps = [(ordered[(i + 1) % len(ordered)] - h) % 360 for i, h in enumerate(ordered)]
    return 360 - max(gaps)


def is_warm(rgb_hue: float) -> bool:
    return rgb_hue >= 330 or rgb_hue <= 60


FAMILIES = (N_("blanc"), N_("rose"), N_("rouge"), N_("orange"), N_("jaune"), N_("vert"), N_("bleu"), N_("violet"))


@lru_cache(maxsize=2048)
def family(hex_colour: str) -> str:
    """A colour family for the workshop palette filter."""
    tint = hsl(hex_colour)
    if tint.lightness > 0.9 or (tint.saturation < 0.15 and tint.lightness > 0.6):
        return "blanc"
    if is_foliage_green(tint) or 70 <= tint.hue < 170:
        return "vert"
    if 170 <= tint.hue < 250:
        return "bleu"
    if 250 <= tint.hue < 290:
        return "violet"
    if 40 <= tint.hue < 70:
        return "jaune"
    if 15 <= tint.hue < 40:
        return "orange"
    if tint.hue >= 345 or tint.hue < 15:
        return "rose" if tint.lightness > 0.7 else "rouge"
    return "rose"
