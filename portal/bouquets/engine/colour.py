"""Colour harmony on the florists' RYB (Itten) wheel, from catalogue hex colours."""
from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

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


# RGB hue -> florists' (RYB, Itten) hue, piecewise linear between named colours. The spec proposes
# anchors at pure RGB yellow (60°) and leaves violet unchanged [K]; florists' yellows are golden (a sunflower,
# mimosa: 45–55°) and Itten's violet is a purple (about 280°), so with the spec's anchors a red, sunflower and
# delphinium bouquet was no triad and a mimosa was "yellow-orange"; and the palette's oranges (15–40°, an
# orange gerbera at 16°) must sit on the florists' orange to face the blues. Anchors: red, red-orange,
# orange, yellow, green, blue, violet; the golden tests (tests/bouquets/test_harmony_golden.py) hold the
# cases a florist knows.
RYB_ANCHORS = ((0.0, 0.0), (15.0, 35.0), (30.0, 62.0), (50.0, 120.0), (120.0, 180.0), (240.0, 240.0), (280.0, 300.0),
               (360.0, 360.0))


def ryb_hue(rgb_hue: float) -> float:
    """Stretches reds, oranges and yellows so that complements match the florists' wheel (red–green,
    orange–blue, yellow–violet)."""
    h = rgb_hue % 360
    for (rgb_low, ryb_low), (rgb_high, ryb_high) in pairwise(RYB_ANCHORS):
        if h <= rgb_high:
            return (ryb_low + (h - rgb_low) * (ryb_high - ryb_low) / (rgb_high - rgb_low)) % 360
    return h


def hue_distance(a: float, b: float) -> float:
    d = abs(a - b) % 360
    return min(d, 360 - d)


@dataclass
class HueCluster:
    hue: float
    weight: float
    lightness_levels: set = field(default_factory=set)
    spread: float = 0.0  # the arc its member hues cover, once merged into a group

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


GROUP_DEGREES = 30.0  # shades of one colour (two oranges, three blues) count as one side of a harmony
GROUP_SPAN = 60.0


def hue_groups(clusters: list[HueCluster]) -> list[HueCluster]:
    """Clusters chained within 30° of each other merged into one colour, heaviest first: a florist reads
    three oranges and two blues as orange against blue."""
    if not clusters:
        return []
    ordered = sorted(clusters, key=lambda c: c.hue)
    # Start the walk round the wheel after the widest gap, so no chain is cut at 0°.
    gaps = [(ordered[(i + 1) % len(ordered)].hue - c.hue) % 360 for i, c in enumerate(ordered)]
    start = (gaps.index(max(gaps)) + 1) % len(ordered)
    ordered = ordered[start:] + ordered[:start]
    chains: list[list[HueCluster]] = [[ordered[0]]]
    for previous, current in pairwise(ordered):
        if hue_distance(previous.hue, current.hue) <= GROUP_DEGREES:
            chains[-1].append(current)
        else:
            chains.append([current])
    groups = []
    for chain in chains:
        merged = HueCluster(chain[0].hue, chain[0].weight, set(chain[0].lightness_levels))
        for member in chain[1:]:
            merged.absorb(member.hue, member.weight, 0.5)
            merged.lightness_levels |= member.lightness_levels
        merged.spread = span([member.hue for member in chain]) if len(chain) > 1 else 0.0
        groups.append(merged)
    return sorted(groups, key=lambda g: (-g.weight, g.hue))


def classify(clusters: list[HueCluster]) -> str:
    hues = [c.hue for c in clusters]
    if len(hues) <= 1:
        return "monochrome"  # one hue (or only whites and greens)
    if len(hues) <= 4 and span(hues) <= 90:
        return "camaieu"
    groups = hue_groups(clusters)
    if any(g.spread > GROUP_SPAN for g in groups):
        return "polychrome"
    centres = [g.hue for g in groups]
    if len(centres) == 2 and abs(hue_distance(centres[0], centres[1]) - 180) <= 20:
        return "complementaire"
    if len(centres) == 3:
        if all(abs(hue_distance(centres[0], h) - 150) <= 20 for h in centres[1:]):
            return "complementaire-divise"
        pairs = [hue_distance(centres[0], centres[1]), hue_distance(centres[1], centres[2]),
                 hue_distance(centres[0], centres[2])]
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


NUANCES = (N_("très pâle"), N_("pâle"), N_("foncé"), N_("vif"))


@lru_cache(maxsize=2048)
def family(hex_colour: str) -> str:
    """A colour family for the workshop palette filter and the colour's name."""
    tint = hsl(hex_colour)
    if tint.lightness > 0.95 or (tint.saturation < 0.15 and tint.lightness > 0.75):
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
    if tint.lightness > 0.7:
        return "rose"
    if tint.hue >= 345 or tint.hue < 15 or tint.lightness < 0.36:
        return "rouge"  # a crimson or a burgundy reads red, a magenta pink
    return "rose"


@lru_cache(maxsize=2048)
def nuance(hex_colour: str) -> str:
    """"très pâle", "pâle", "foncé", "vif" or nothing: with the family, the colour's name in words ("rose pâle")."""
    if family(hex_colour) == "blanc":
        return ""
    tint = hsl(hex_colour)
    if tint.lightness >= 0.88:
        return "très pâle"
    if tint.lightness >= 0.68:
        return "pâle"
    if tint.lightness < 0.36:
        return "foncé"
    if tint.saturation >= 0.8 and 0.4 <= tint.lightness <= 0.6:
        return "vif"
    return ""
