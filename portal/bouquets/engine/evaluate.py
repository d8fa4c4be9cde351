"""Evaluate a bouquet: every criterion, a total out of 100, the feedback and the price."""
from __future__ import annotations

from dataclasses import dataclass

from portal.bouquets.engine import criteria
from portal.bouquets.engine.catalogue import Catalogue, load_catalogue
from portal.bouquets.engine.config import EngineConfig
from portal.bouquets.engine.feedback import say
from portal.bouquets.engine.geometry import heads
from portal.bouquets.engine.model import Bouquet
from portal.bouquets.engine.pricing import PriceBreakdown, price

ORDER = ("P1", "P2", "P3", "P4", "F1", "F2", "C1", "C2", "B1", "B2", "R1", "T1", "T2", "S1", "S2", "K1", "K2")


@dataclass(frozen=True)
class Evaluation:
    total: int
    criteria: tuple[criteria.CriterionResult, ...]
    feedback: tuple[str, ...]
    price: PriceBreakdown
    harmony: str
    density: float

    def criterion(self, code: str) -> criteria.CriterionResult:
        return next(c for c in self.criteria if c.code == code)

    def scores(self) -> dict[str, float | None]:
        return {c.code: c.score for c in self.criteria}


def evaluate(bouquet: Bouquet, catalogue: Catalogue | None = None, config: EngineConfig | None = None) -> Evaluation:
    catalogue = catalogue or load_catalogue()
    config = config or EngineConfig()
    bouquet.validate(catalogue, config)
    ctx = criteria.Context(bouquet, catalogue, config, heads(bouquet), price(bouquet, catalogue, config))
    results = {result.code: result for result in (fn(ctx) for fn in criteria.MAIN)}
    colour_result, found = criteria.harmony(ctx)
    results["C1"] = colour_result
    results["K2"] = criteria.compatibility(ctx)
    density = criteria.density(ctx)
    ordered = tuple(results[code] for code in ORDER)
    feedback: list[str] = []
    for result in ordered:
        for sentence in result.feedback:
            if sentence not in feedback:
                feedback.append(sentence)
    if density < config.density_range[0] and say("holes") not in feedback:
        feedback.append(say("holes"))
    return Evaluation(_total(ordered, config), ordered, tuple(feedback), ctx.price, found, density)


def _total(results: tuple[criteria.CriterionResult, ...], config: EngineConfig) -> int:
    applicable = [(config.weights[r.code], r.score) for r in results
                  if r.code in config.weights and r.score is not None]
    possible = sum(w for w, _ in applicable)
    main = 100 * sum(w * s for w, s in applicable) / possible if possible else 0.0
    bonus = sum(config.bonus_weights[r.code] * (r.score or 0) for r in results if r.code in config.bonus_weights)
    return max(0, min(100, round(main + bonus)))
