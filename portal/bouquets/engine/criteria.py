"""One function per criterion of the spec: each returns a score in [0, 1] and the feedback it triggers."""
from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from portal.bouquets.engine import colour
from portal.bouquets.engine.catalogue import Catalogue, Species
from portal.bouquets.engine.config import EngineConfig
from portal.bouquets.engine.feedback import N_, measured, say, tip
from portal.bouquets.engine.geometry import (
    Head,
    above_tie,
    angular_gaps,
    dome_proportions,
    dome_radius,
    height_above_tie,
)
from portal.bouquets.engine.model import Bouquet
from portal.bouquets.engine.pricing import PriceBreakdown

LABELS = {
    "P1": N_("Point de liage"), "P2": N_("Hauteur par rapport au vase"), "P3": N_("Forme du dôme"),
    "P4": N_("Régularité du contour"), "F1": N_("Point focal"), "F2": N_("Nombres impairs"),
    "C1": N_("Harmonie des couleurs"), "C2": N_("Couleur dominante"), "B1": N_("Équilibre visuel"),
    "B2": N_("Dégradé du centre vers le bord"), "R1": N_("Rythme"), "T1": N_("Variété des formes"),
    "T2": N_("Part de chaque rôle"), "S1": N_("Spirale"), "S2": N_("Finitions"), "K1": N_("Prix et budget"),
    "K2": N_("Tenue et saison (bonus)"),
}


@dataclass(frozen=True)
class CriterionResult:
    code: str
    score: float | None  # None: does not apply to this bouquet
    measure: str
    feedback: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def advice(self) -> tuple[str, ...]:
        """What to change: this bouquet's own sentences, else the criterion's general tip; nothing when met."""
        if self.score is None or self.score >= 1.0:
            return ()
        return self.feedback or (tip(self.code),)


@dataclass(frozen=True)
class Context:
    bouquet: Bouquet
    catalogue: Catalogue
    config: EngineConfig
    heads: list[Head]
    price: PriceBreakdown

    @property
    def radius(self) -> float:
        return dome_radius(self.heads)

    def species(self, head: Head) -> Species:
        return self.catalogue[head.stem.species_id]

    def role(self, head: Head) -> str:
        return self.species(head).role


def banded(value: float, good: tuple[float, float], acceptable: tuple[float, float], config: EngineConfig) -> float:
    if good[0] <= value <= good[1]:
        return 1.0
    if acceptable[0] <= value <= acceptable[1]:
        return config.acceptable_score
    return 0.0


def binding_point(ctx: Context) -> CriterionResult:
    ratios = [above_tie(h.stem, ctx.bouquet) / h.stem.cut_length_cm for h in ctx.heads]
    r = statistics.fmean(ratios)
    feedback = ()
    if r < ctx.config.binding_acceptable[0]:
        feedback = (say("tie_high"),)
    elif r > ctx.config.binding_acceptable[1]:
        feedback = (say("tie_low"),)
    return CriterionResult("P1", banded(r, ctx.config.binding_good, ctx.config.binding_acceptable, ctx.config),
                           measured("binding", r=r), feedback)


def height_vs_vase(ctx: Context) -> CriterionResult:
    vase = ctx.bouquet.brief.vase_height_cm
    if vase is None:
        return CriterionResult("P2", None, measured("no_vase"))
    ratio = (ctx.bouquet.tie_height_cm + height_above_tie(ctx.heads)) / vase
    feedback = ()
    if ratio < ctx.config.height_acceptable[0]:
        feedback = (say("too_short"),)
    elif ratio > ctx.config.height_acceptable[1]:
        feedback = (say("too_tall"),)
    return CriterionResult("P2", banded(ratio, ctx.config.height_good, ctx.config.height_acceptable, ctx.config),
                           measured("vase_ratio", ratio=ratio), feedback)


def dome_shape(ctx: Context) -> CriterionResult:
    w, h = dome_proportions(ctx.heads)
    w, h = max(w, 0.1), max(h, 0.1)
    if ctx.bouquet.style == "structure":
        ratio = h / w
        target = ctx.config.dome_structured
        gap = abs(ratio - target)
        score = 1.0 if gap <= 0.15 else ctx.config.acceptable_score if gap <= 0.35 else 0.0
        measure = measured("height_width", ratio=ratio)
    else:
        ratio = w / h
        score = banded(ratio, ctx.config.dome_round_good, ctx.config.dome_round_acceptable, ctx.config)
        measure = measured("width_height", ratio=ratio)
    return CriterionResult("P3", score, measure, () if score else (say("shape"),))


def outline(ctx: Context) -> CriterionResult:
    distances = [h.distance for h in ctx.heads]
    spread = statistics.pstdev(distances) / statistics.fmean(distances)
    score = 1.0 if spread < ctx.config.outline_good else ctx.config.acceptable_score \
        if spread < ctx.config.outline_acceptable else 0.0
    return CriterionResult("P4", score, measured("spread", spread=spread), () if score == 1.0 else (say("outline"),))


def focal_point(ctx: Context) -> CriterionResult:
    focal = [h for h in ctx.heads if ctx.role(h) == "focale"]
    if not focal:
        return CriterionResult("F1", 0.0, measured("no_focal"), (say("focal"),))
    limit = ctx.config.focal_centre * ctx.radius
    central = all(h.horizontal <= limit for h in focal)
    if len(focal) >= 2 and not central:
        # Said as the learner placed them (« au milieu » is a choice, not a scattering), with the control to use.
        inside = sum(1 for h in focal if h.horizontal <= limit)
        return CriterionResult("F1", 0.0, measured("focal_outside", central=inside, n=len(focal)),
                               (say("focal_scattered" if inside else "focal_around"),))
    masses = [h.stem.head_diam_cm for h in ctx.heads if ctx.role(h) == "masse"]
    big_enough = (not masses
                  or min(h.stem.head_diam_cm for h in focal) >= ctx.config.focal_head_ratio * statistics.median(masses))
    first = min(h.stem.insert_order for h in ctx.heads) in {h.stem.insert_order for h in focal}
    if len(focal) in (1, 3) and central and big_enough and first:
        return CriterionResult("F1", 1.0, measured("focal_centre", n=len(focal)))
    # She has a focal flower: the advice is where to put it, not to choose one.
    return CriterionResult("F1", ctx.config.acceptable_score, measured("focal_count", n=len(focal)),
                           () if central else (say("focal_off_centre"),))


def odd_numbers(ctx: Context) -> CriterionResult:
    # Flowers are counted variety by variety; foliage only counts in the total.
    counts = Counter(h.stem.species_id for h in ctx.heads if ctx.role(h) != "feuillage")
    # The spec's rule: a variety is counted as a whole, however many times its stems were added (two taps of
    # 3 dahlias make 6 dahlias); the sentence names the variety and its count, as the rows of the list add up.
    checked = {s: n for s, n in counts.items() if n <= ctx.config.odd_up_to}
    odd = sum(1 for n in checked.values() if n % 2 == 1)
    total_odd = len(ctx.heads) % 2 == 1
    score = (odd + total_odd) / (len(checked) + 1)
    feedback = tuple(say("even_named", species=ctx.catalogue[s].name, n=n)
                     for s, n in sorted(checked.items()) if n % 2 == 0)
    key = "odd_total" if len(ctx.heads) > 1 else "odd_single"  # two numbers to agree with: one stem is said apart
    return CriterionResult("F2", score, measured(key, odd=odd, checked=len(checked), total=len(ctx.heads)), feedback)


def _colour_samples(ctx: Context):
    samples = []
    for h in ctx.heads:
        tint = colour.hsl(h.stem.colour)
        if not colour.is_neutral(tint, ctx.role(h)):
            samples.append((colour.ryb_hue(tint.hue), h.stem.head_diam_cm ** 2, tint.lightness))
    return colour.cluster(samples)


def harmony(ctx: Context) -> tuple[CriterionResult, str]:
    found = colour.classify(_colour_samples(ctx))
    wanted = ctx.bouquet.brief.harmony
    feedback: tuple[str, ...] = ()
    if wanted == "libre":
        score = 0.5 if found == "polychrome" else 1.0
        if found == "polychrome":
            feedback = (say("unrelated_colours"),)
    elif found == wanted or (wanted == "camaieu" and found == "monochrome"):
        score = 1.0
    else:
        score = 0.0
        feedback = (say("brief_harmony", wanted=wanted, found=found),)
        if found == "polychrome":
            feedback += (say("unrelated_colours"),)
    return CriterionResult("C1", score, measured("harmony", found=found), feedback), found


def dominance(ctx: Context) -> CriterionResult:
    clusters = _colour_samples(ctx)
    if not clusters:
        return CriterionResult("C2", 1.0, measured("white_green"))
    share = clusters[0].weight / sum(c.weight for c in clusters)
    if share >= ctx.config.dominance_good and len(clusters) <= ctx.config.max_hues:
        score = 1.0
    elif share >= ctx.config.dominance_acceptable:
        score = ctx.config.acceptable_score
    else:
        score = 0.0
    return CriterionResult("C2", score, measured("dominant", share=share),
                           () if score else (say("no_dominant"),))


def visual_weight(head: Head) -> float:
    tint = colour.hsl(head.stem.colour)
    warm = 1.0 if colour.is_warm(tint.hue) and tint.saturation >= colour.NEUTRAL_SATURATION else 0.0
    return head.stem.head_diam_cm ** 2 * (1 + 0.6 * (1 - tint.lightness) + 0.3 * tint.saturation + 0.2 * warm)


def balance(ctx: Context) -> CriterionResult:
    weights = [visual_weight(h) for h in ctx.heads]
    total = sum(weights)
    cx = sum(w * h.x for w, h in zip(weights, ctx.heads, strict=True)) / total
    cy = sum(w * h.y for w, h in zip(weights, ctx.heads, strict=True)) / total
    offset = math.hypot(cx, cy) / ctx.radius
    score = 1.0 if offset < ctx.config.balance_good else ctx.config.acceptable_score \
        if offset < ctx.config.balance_acceptable else 0.0
    return CriterionResult("B1", score, measured("offset", offset=offset),
                           (say("unbalanced"),) if offset >= ctx.config.balance_acceptable else ())


def transition(ctx: Context) -> CriterionResult:
    rings = [h.stem.ring for h in ctx.heads]
    sizes = [h.stem.head_diam_cm for h in ctx.heads if ctx.role(h) != "feuillage"]
    rings_flowers = [h.stem.ring for h in ctx.heads if ctx.role(h) != "feuillage"]
    if len(set(rings)) < 2 or len(set(sizes)) < 2 or len(set(rings_flowers)) < 2:
        return CriterionResult("B2", 1.0, measured("nothing_to_compare"))
    r = statistics.correlation(rings_flowers, sizes)
    score = 1.0 if r <= -0.2 else ctx.config.acceptable_score if r <= 0.2 else 0.0
    words = "big_centre" if r <= -0.2 else "correlation" if r <= 0.2 else "big_edge"
    return CriterionResult("B2", score, measured(words, r=r), () if score else (say("big_at_edge"),))


def rhythm(ctx: Context) -> CriterionResult:
    # Flowers of value belong at the heart (F1): turning them around the bouquet is not rhythm, and praising it
    # here would contradict the focal advice.
    by_species = defaultdict(list)
    for h in ctx.heads:
        if h.stem.ring > 0:
            by_species[h.stem.species_id].append(h.stem.azimuth_deg)
    repeated = {s: azimuths for s, azimuths in by_species.items() if len(azimuths) >= 3}
    judged = {s: azimuths for s, azimuths in repeated.items() if ctx.catalogue[s].role != "focale"}
    if not judged:
        return CriterionResult("R1", 1.0, measured("only_focal_repeated" if repeated else "no_repeat"))
    clumped = sorted(s for s, azimuths in judged.items() if max(angular_gaps(azimuths)) >= ctx.config.rhythm_max_gap)
    feedback = tuple(say("clumped", species=ctx.catalogue[s].name.lower()) for s in clumped)
    spread_well = measured("well_spread", good=len(judged) - len(clumped), judged=len(judged))
    return CriterionResult("R1", 1 - len(clumped) / len(judged), spread_well, feedback)


def role_shares(ctx: Context) -> dict[str, float]:
    counts = Counter(ctx.role(h) for h in ctx.heads)
    return {role: counts.get(role, 0) / len(ctx.heads) for role in ctx.config.role_shares}


def form_variety(ctx: Context) -> CriterionResult:
    roles = {ctx.role(h) for h in ctx.heads}
    varieties = len({h.stem.species_id for h in ctx.heads})
    has_body = bool(roles & {"focale", "masse"})
    has_support = bool(roles & {"remplissage", "feuillage"})
    low, high = ctx.config.varieties
    met = (has_body and has_support) + (low <= varieties <= high)
    score = {2: 1.0, 1: ctx.config.acceptable_score, 0: 0.0}[met]
    return CriterionResult("T1", score, measured("varieties", n=varieties), () if has_support else (say("no_foliage"),))


def role_balance(ctx: Context) -> CriterionResult:
    shares = role_shares(ctx)
    inside = sum(1 for role, (low, high) in ctx.config.role_shares.items() if low <= shares[role] <= high)
    feedback = (say("too_much_foliage"),) if shares["feuillage"] > ctx.config.too_much_foliage else ()
    if shares["feuillage"] == 0 and shares["remplissage"] == 0:
        feedback = (say("no_foliage"),)
    measure = measured("role_shares", shares=[(role, share) for role, share in shares.items() if share])
    return CriterionResult("T2", inside / len(shares), measure, feedback)


def spiral(ctx: Context) -> CriterionResult:
    directions = Counter(h.stem.direction for h in ctx.heads)
    dominant = directions.most_common(1)[0][1]
    crossed = len(ctx.heads) - dominant
    return CriterionResult("S1", 1.0 if crossed == 0 else 0.0, measured("crossed", n=crossed),
                           (say("spiral"),) if crossed else ())


def finish(ctx: Context) -> CriterionResult:
    leafy = sum(1 for h in ctx.heads if not h.stem.stripped_below_tie)
    wide = ctx.bouquet.tie_width_cm > ctx.config.tie_width_max_cm
    feedback = ((say("leaves_below"),) if leafy else ()) + ((say("tie_width"),) if wide else ())
    score = 1.0 - 0.5 * bool(leafy) - 0.5 * wide
    return CriterionResult("S2", score, measured("leafy", n=leafy), feedback)


def cost(ctx: Context) -> CriterionResult:
    ratio = float(ctx.price.total_ttc / ctx.bouquet.brief.budget_ttc)
    low, high = ctx.config.cost_good
    if low <= ratio <= high:
        score, feedback = 1.0, ()
    elif ctx.config.cost_thin <= ratio < low:
        score, feedback = ctx.config.acceptable_score, ()
    elif ratio > high:
        score, feedback = 0.0, (say("over_budget"),)
    else:
        score, feedback = 0.0, (say("too_thin"),)
    # A bouquet just begun (one stem) or too thin has paper and ribbon above a quarter of its few flowers by
    # arithmetic alone: what to say then is that it lacks flowers, not that its decor costs too much.
    if ctx.price.decor_over_cap and ratio >= ctx.config.cost_thin:
        feedback += (say("decor"),)
    spent = measured("price", price=float(ctx.price.total_ttc), budget=float(ctx.bouquet.brief.budget_ttc))
    return CriterionResult("K1", score, spent, feedback)


def compatibility(ctx: Context) -> CriterionResult:
    species = sorted({ctx.species(h).id for h in ctx.heads})
    problems: list[str] = []
    if ctx.bouquet.style == "rond" and {"tulipe", "anemone"} & set(species):
        problems.append(say("keeps_growing"))
    lives = {s: statistics.fmean(ctx.catalogue[s].vase_days) for s in species}
    if max(lives.values()) / min(lives.values()) > ctx.config.vase_life_ratio:
        short, long = min(lives, key=lives.get), max(lives, key=lives.get)
        problems.append(say("vase_life_named", short=ctx.catalogue[short].name, long=ctx.catalogue[long].name,
                            short_days=round(lives[short]), long_days=round(lives[long])))
    month = ctx.bouquet.brief.month
    if ctx.bouquet.brief.local_season:
        for s in species:
            if month not in ctx.catalogue[s].months:
                problems.append(say("out_of_season", species=ctx.catalogue[s].name, month=month))
    return CriterionResult("K2", max(0.0, 1 - 0.5 * len(problems)), measured("problems", n=len(problems)),
                           tuple(problems))


def density(ctx: Context) -> float:
    """Projected head area over the disc the head centres span."""
    span = max(dome_proportions(ctx.heads)[0] / 2, 1.0)
    return sum(math.pi * (h.stem.head_diam_cm / 2) ** 2 for h in ctx.heads) / (math.pi * span * span)


MAIN = (binding_point, height_vs_vase, dome_shape, outline, focal_point, odd_numbers, dominance, balance,
        transition, rhythm, form_variety, role_balance, spiral, finish, cost)
