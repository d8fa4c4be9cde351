"""Weights and thresholds of the evaluation: the spec's proposed defaults, all overridable."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

DEFAULT_WEIGHTS = {
    "P1": 8, "P2": 8, "P3": 6, "P4": 5, "F1": 8, "F2": 4, "C1": 12, "C2": 4, "B1": 8, "B2": 4, "R1": 6,
    "T1": 6, "T2": 4, "S1": 8, "S2": 3, "K1": 6,
}
BONUS_WEIGHTS = {"K2": 2}


@dataclass(frozen=True)
class EngineConfig:
    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    bonus_weights: dict[str, int] = field(default_factory=lambda: dict(BONUS_WEIGHTS))
    acceptable_score: float = 0.6  # what "acceptable" earns, between good (1) and fault (0)
    binding_good: tuple[float, float] = (0.33, 0.40)
    binding_acceptable: tuple[float, float] = (0.28, 0.50)
    height_good: tuple[float, float] = (1.5, 2.0)
    height_acceptable: tuple[float, float] = (1.5, 2.5)
    dome_round_good: tuple[float, float] = (1.8, 2.2)
    dome_round_acceptable: tuple[float, float] = (1.5, 2.6)
    dome_structured: float = 1.618  # H/W for a structuré bouquet
    outline_good: float = 0.08
    outline_acceptable: float = 0.15
    focal_centre: float = 0.2
    focal_head_ratio: float = 1.3
    odd_up_to: int = 12
    dominance_good: float = 0.5
    dominance_acceptable: float = 0.4
    max_hues: int = 3
    balance_good: float = 0.10
    balance_acceptable: float = 0.20
    rhythm_max_gap: float = 150.0
    varieties: tuple[int, int] = (3, 5)
    role_shares: dict[str, tuple[float, float]] = field(default_factory=lambda: {
        "feuillage": (0.20, 0.35), "remplissage": (0.10, 0.25), "masse": (0.30, 0.50), "focale": (0.0, 0.10),
        "ligne": (0.0, 0.15),
    })
    too_much_foliage: float = 0.45
    tie_width_max_cm: float = 1.0
    cost_good: tuple[float, float] = (0.90, 1.00)
    cost_thin: float = 0.85
    density_range: tuple[float, float] = (0.7, 0.95)
    vase_life_ratio: float = 2.0
    # Pricing (section 3 of the spec).
    k_flowers: Decimal = Decimal("2.5")
    k_compo: Decimal = Decimal("2.8")
    fee_ht: Decimal = Decimal("2.00")
    vat_reduced: Decimal = Decimal("0.10")
    vat_standard: Decimal = Decimal("0.20")
    decor_cap: Decimal = Decimal("0.25")
    festive_multiplier: Decimal = Decimal("2.5")
    max_stems: int = 80
