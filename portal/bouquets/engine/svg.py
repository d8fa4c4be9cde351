"""Deterministic inline SVG: the dome seen from above and the bouquet from the side, vase and tie."""
from __future__ import annotations

import math
from xml.sax.saxutils import escape

from portal.bouquets.engine.catalogue import Catalogue, load_catalogue
from portal.bouquets.engine.geometry import Head, heads, height_above_tie, width
from portal.bouquets.engine.model import Bouquet

PANEL = 220.0  # each view is a square panel
MARGIN = 10.0
LEAF = "#4E6B3A"


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def render_svg(bouquet: Bouquet, catalogue: Catalogue | None = None, *, title: str = "Votre bouquet") -> str:
    catalogue = catalogue or load_catalogue()
    all_heads = heads(bouquet)
    stems = len(all_heads)
    varieties = len({h.stem.species_id for h in all_heads})
    description = (
        f"Bouquet {'rond' if bouquet.style == 'rond' else 'structuré'} de {stems} tiges, {varieties} variétés ; "
        f"vue de dessus à gauche, vue de côté à droite avec le point de liage"
        + (" et le vase." if bouquet.brief.vase_height_cm else ".")
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(PANEL * 2)} {_n(PANEL)}" role="img" '
        f'aria-labelledby="bq-t bq-d" class="bouquet-svg">',
        f'<title id="bq-t">{escape(title)}</title><desc id="bq-d">{escape(description)}</desc>',
        _top_view(all_heads, catalogue),
        _side_view(all_heads, bouquet, catalogue),
        "</svg>",
    ]
    return "".join(parts)


def _top_view(all_heads: list[Head], catalogue: Catalogue) -> str:
    extent = width(all_heads) / 2 or 1.0
    scale = (PANEL / 2 - MARGIN) / extent
    centre = PANEL / 2
    shapes = [f'<g><circle cx="{_n(centre)}" cy="{_n(centre)}" r="{_n(extent * scale)}" fill="#f3ede6"/>']
    for head in sorted(all_heads, key=lambda h: (h.z, h.stem.insert_order)):
        x, y = centre + head.x * scale, centre - head.y * scale
        shapes.append(_head_shape(head, x, y, scale, catalogue, -head.stem.azimuth_deg))
    shapes.append("</g>")
    return "".join(shapes)


def _head_shape(head: Head, x: float, y: float, scale: float, catalogue: Catalogue, angle: float) -> str:
    radius = max(head.stem.head_diam_cm / 2 * scale, 1.5)
    if catalogue[head.stem.species_id].role == "feuillage":
        # A leaf spray, drawn along its stem.
        return (f'<ellipse cx="{_n(x)}" cy="{_n(y)}" rx="{_n(radius)}" ry="{_n(radius * 0.45)}" '
                f'fill="{head.stem.colour}" transform="rotate({_n(angle)} {_n(x)} {_n(y)})"/>')
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" fill="{head.stem.colour}" stroke="#0003"/>'


def _side_view(all_heads: list[Head], bouquet: Bouquet, catalogue: Catalogue) -> str:
    vase = bouquet.brief.vase_height_cm or 0.0
    total = bouquet.tie_height_cm + height_above_tie(all_heads)
    half_width = width(all_heads) / 2 or 1.0
    scale = min((PANEL - 2 * MARGIN) / max(total, vase), (PANEL / 2 - MARGIN) / half_width)
    left, ground = PANEL, PANEL - MARGIN
    axis = left + PANEL / 2
    tie_y = ground - bouquet.tie_height_cm * scale
    shapes = ["<g>"]
    if vase:
        vase_w = max(bouquet.tie_height_cm * 0.45, 8) * scale
        shapes.append(f'<rect x="{_n(axis - vase_w / 2)}" y="{_n(ground - vase * scale)}" width="{_n(vase_w)}" '
                      f'height="{_n(vase * scale)}" fill="#cfe3ea" stroke="#7a9aa5"/>')
    ordered = sorted(all_heads, key=lambda h: (h.y, h.stem.insert_order))
    stems = "".join(
        f"M{_n(axis - head.x * scale * 0.15)} {_n(ground)}L{_n(axis)} {_n(tie_y)}"
        f"L{_n(axis + head.x * scale)} {_n(tie_y - head.z * scale)}"
        for head in ordered
    )
    shapes.append(f'<path d="{stems}" stroke="#5b7f3a" stroke-width="0.8" fill="none"/>')
    for head in ordered:
        lean = -math.degrees(math.atan2(head.z, head.x)) if head.x or head.z else -90.0
        shapes.append(_head_shape(head, axis + head.x * scale, tie_y - head.z * scale, scale, catalogue, lean))
    shapes.append(f'<rect x="{_n(axis - 6)}" y="{_n(tie_y - 2)}" width="12" height="4" fill="#b0325a"/>')
    shapes.append("</g>")
    return "".join(shapes)
