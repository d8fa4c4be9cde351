"""Median time of evaluation plus SVG for a 40-stem bouquet (target: 5 ms or less).

    .venv/bin/python bench/bouquet_eval.py [ROUNDS]
"""
from __future__ import annotations

import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.bouquets.engine import Bouquet, Brief, evaluate, load_catalogue, render_svg
from portal.bouquets.engine.builder import Group, place


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    catalogue = load_catalogue()
    groups = [Group("rose-standard", "#C8102E", 1, 45, 0), Group("rose-branchue", "#F7A8B8", 9, 45, 1),
              Group("alstroemeria", "#F7A1C4", 9, 45, 1), Group("oeillet-branchu", "#F4A6C1", 11, 45, 2),
              Group("pittosporum", "#9DBF73", 10, 45, 2)]
    bouquet = Bouquet(place(groups, catalogue), Brief(budget_ttc=Decimal("120"), vase_height_cm=30), tie_height_cm=28)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        evaluation = evaluate(bouquet, catalogue)
        svg = render_svg(bouquet, catalogue)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"40 stems: evaluation + SVG median {statistics.median(timings):.2f} ms, "
          f"p95 {timings[int(rounds * 0.95) - 1]:.2f} ms; total {evaluation.total}/100; SVG {len(svg.encode())} bytes")


if __name__ == "__main__":
    main()
