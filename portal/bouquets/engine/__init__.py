"""Bouquet-assembly simulation: pure Python (no Flask, no database).

catalogue -> model -> geometry/colour -> criteria -> evaluation, pricing and SVG, following
shared/spec/bouquet-evaluation.md. Weights and thresholds are configurable defaults (config.py).
"""
from portal.bouquets.engine.catalogue import Catalogue, Species, load_catalogue
from portal.bouquets.engine.config import EngineConfig
from portal.bouquets.engine.evaluate import Evaluation, evaluate
from portal.bouquets.engine.feedback import Measure, Sentence
from portal.bouquets.engine.model import Bouquet, BouquetError, Brief, Stem
from portal.bouquets.engine.pricing import PriceBreakdown, price
from portal.bouquets.engine.svg import render_svg

__all__ = [
    "Bouquet", "BouquetError", "Brief", "Catalogue", "EngineConfig", "Evaluation", "Measure", "PriceBreakdown",
    "Sentence", "Species", "Stem", "evaluate", "load_catalogue", "price", "render_svg",
]
