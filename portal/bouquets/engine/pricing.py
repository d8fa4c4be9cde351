"""French florist pricing: purchase HT × coefficient + fee, VAT 10 % or 20 % by the 25 % decor rule."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.bouquets.engine.catalogue import Catalogue
from portal.bouquets.engine.config import EngineConfig
from portal.bouquets.engine.model import Bouquet

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PriceLine:
    species_id: str
    name: str
    quantity: int
    unit_purchase_ht: Decimal
    purchase_ht: Decimal


@dataclass(frozen=True)
class PriceBreakdown:
    lines: tuple[PriceLine, ...]
    festive_factor: Decimal
    flowers_purchase_ht: Decimal
    coefficient: Decimal
    flowers_sale_ht: Decimal
    fee_ht: Decimal
    decor_cost_ht: Decimal
    decor_sale_ht: Decimal
    decor_ratio: Decimal
    decor_over_cap: bool
    vat_reduced: Decimal
    vat_decor: Decimal
    total_ht: Decimal
    vat: Decimal
    total_ttc: Decimal

    @property
    def total_ttc_cents(self) -> int:
        return int(self.total_ttc * 100)


def price(bouquet: Bouquet, catalogue: Catalogue, config: EngineConfig) -> PriceBreakdown:
    counts = Counter(stem.species_id for stem in bouquet.stems)
    festive = config.festive_multiplier if bouquet.brief.festive else Decimal("1")
    lines = []
    for species_id in sorted(counts):
        species = catalogue[species_id]
        unit = money(species.unit_wholesale_ht * festive)
        lines.append(PriceLine(species_id, species.name, counts[species_id], unit, unit * counts[species_id]))
    purchase = sum((line.purchase_ht for line in lines), Decimal("0"))
    coefficient = config.k_compo if bouquet.style == "structure" else config.k_flowers
    flowers_sale = money(purchase * coefficient)
    decor_sale = money(bouquet.decor_cost_ht * coefficient)
    ratio = (bouquet.decor_cost_ht / purchase) if purchase else Decimal("0")
    # Decor above 25 % of the plant purchase price loses the reduced rate: it is invoiced apart at 20 %.
    over_cap = ratio > config.decor_cap
    vat_decor = config.vat_standard if over_cap else config.vat_reduced
    reduced_base = flowers_sale + config.fee_ht
    vat = money(reduced_base * config.vat_reduced) + money(decor_sale * vat_decor)
    total_ht = reduced_base + decor_sale
    return PriceBreakdown(
        lines=tuple(lines), festive_factor=festive, flowers_purchase_ht=purchase, coefficient=coefficient,
        flowers_sale_ht=flowers_sale, fee_ht=config.fee_ht, decor_cost_ht=bouquet.decor_cost_ht,
        decor_sale_ht=decor_sale, decor_ratio=ratio, decor_over_cap=over_cap, vat_reduced=config.vat_reduced,
        vat_decor=vat_decor, total_ht=total_ht, vat=vat, total_ttc=total_ht + vat,
    )
