"""How each species is drawn: five head forms a florist tells apart at a glance, as SVG symbols that a
drawing or the workshop's palette defines once and reuses (colour comes from the <use>, by inheritance)."""
from __future__ import annotations

import math

from portal.bouquets.engine.catalogue import Species

FORMS = ("rose", "marguerite", "grappe", "epi", "feuille")

# Flowers with a ray of petals round a heart; round fillers made of many small heads. Any other focal or
# mass flower is drawn as a rose (layered petals), line flowers as a spike, foliage as a leaf.
DAISIES = frozenset({"gerbera", "germini", "tournesol", "chrysantheme-disbud", "aster", "scabieuse", "anemone"})
FILLERS = frozenset({"gypsophile", "mimosa", "statice", "hypericum", "alchemille", "chrysantheme-santini",
                     "hortensia", "oeillet-branchu", "panicaut"})


def form_of(species: Species) -> str:
    if species.role == "feuillage":
        return "feuille"
    if species.role == "ligne":
        return "epi"
    if species.id in DAISIES:
        return "marguerite"
    if species.id in FILLERS or species.role == "remplissage":
        return "grappe"
    return "rose"


def _rays(count: int, outer: float, inner: float) -> str:
    points = []
    for index in range(count * 2):
        radius = outer if index % 2 == 0 else inner
        angle = math.pi * index / count
        points.append(f"{radius * math.sin(angle):.1f} {-radius * math.cos(angle):.1f}")
    return "M" + "L".join(points) + "Z"


# Each symbol is drawn in a 20 × 20 box centred on the head; strokes and hearts in fixed colours give the
# form, the fill inherited from <use> gives the colour.
_EDGE = 'stroke="#0004" stroke-width=".6"'  # a thin outline, so that white heads show on white
SHAPES = {
    "rose": f'<circle r="9.5" {_EDGE}/><path d="M0-6a6 6 0 1 1-6 6 4 4 0 0 1 4-4 2.5 2.5 0 0 1 2.5 2.5" '
            'fill="none" stroke="#0005" stroke-width="1.3"/>',
    "marguerite": f'<path d="{_rays(12, 10, 5)}" {_EDGE}/><circle r="3.2" fill="#5a3d1c"/>',
    "grappe": f'<g {_EDGE}><circle cx="-4" cy="-4" r="4.5"/><circle cx="4" cy="-4" r="4.5"/>'
              '<circle cx="-4.5" cy="4" r="4.5"/><circle cx="4.5" cy="4" r="4.5"/><circle r="4.5"/></g>',
    "epi": f'<path d="M0-10C4-6 4 6 0 10C-4 6-4-6 0-10Z" {_EDGE}/>'
           '<path d="M-2-5H2M-2.6 0H2.6M-2 5H2" stroke="#0004"/>',
    "feuille": '<path d="M-10 0Q0-7.5 10 0Q0 7.5-10 0Z"/><path d="M-9 0H8" stroke="#0004"/>',
}


def symbol_defs(ident: str, forms: set[str] | None = None) -> str:
    """<defs> with the symbols `forms` needs (all of them when None), ids prefixed with `ident`."""
    wanted = FORMS if forms is None else [form for form in FORMS if form in forms]
    return "<defs>" + "".join(f'<symbol id="{ident}-{form}" viewBox="-10 -10 20 20">{SHAPES[form]}</symbol>'
                              for form in wanted) + "</defs>"
