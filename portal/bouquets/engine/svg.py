"""Deterministic inline SVG a florist recognises: the dome from above with the spiral and the collar of
foliage, the bouquet from the side with its tie point, heights and vase. Heads are drawn by form (rose,
daisy, round filler, spike, leaf) from a few symbols defined once per drawing (portal/bouquets/engine/forms.py).
"""
from __future__ import annotations

import math
from xml.sax.saxutils import escape

from portal.bouquets.engine.catalogue import Catalogue, load_catalogue
from portal.bouquets.engine.feedback import CAPTIONS, Caption
from portal.bouquets.engine.forms import form_of, symbol_defs
from portal.bouquets.engine.geometry import Head, heads, height_above_tie, width
from portal.bouquets.engine.model import Bouquet

PANEL = 220.0  # each view is a square panel
MARGIN = 12.0
FILLER_SPRAY_CM = 5.0  # a stem of gypsophila is a cloud of tiny heads: drawn as the spray it makes
SPIRAL_BEND = math.radians(35)  # how far an arc from the centre bends, in the turning direction


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def caption(bouquet: Bouquet, side_view: bool = True) -> Caption:
    """The drawing said in words (French; portal/bouquets/wording.py says it in the reader's language)."""
    key = (bouquet.style if bouquet.style in CAPTIONS else "rond") if side_view else "dessus"
    if len(bouquet.stems) < 2:
        key += "_one"
    return Caption(key, stems=len(bouquet.stems), varieties=len({stem.species_id for stem in bouquet.stems}))


def render_svg(bouquet: Bouquet, catalogue: Catalogue | None = None, *, title: str = "Votre bouquet",
               ident: str = "bq", description: str | None = None, side_view: bool = True) -> str:
    """`ident` prefixes every id, so that two drawings can share a page (the comparison of tries);
    `description` replaces the French caption for readers of another language; without `side_view`,
    the view from above only (two tries side by side on a phone)."""
    catalogue = catalogue or load_catalogue()
    all_heads = heads(bouquet)
    description = description or caption(bouquet, side_view)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(PANEL * (2 if side_view else 1))} {_n(PANEL)}" '
        f'role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" class="bouquet-svg">',
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>',
        symbol_defs(ident, {form_of(catalogue[h.stem.species_id]) for h in all_heads}),
        _top_view(all_heads, catalogue, ident),
        _side_view(all_heads, bouquet, catalogue, ident) if side_view else "",
        "</svg>",
    ]
    return "".join(parts)


def _use(ident: str, form: str, x: float, y: float, radius: float, colour: str, angle: float | None = None) -> str:
    size = _n(radius * 2)
    turn = f' transform="rotate({_n(angle)} {_n(x)} {_n(y)})"' if angle else ""
    return (f'<use href="#{ident}-{form}" x="{_n(x - radius)}" y="{_n(y - radius)}" width="{size}" '
            f'height="{size}" fill="{colour}"{turn}/>')


def _drawn_cm(head: Head, form: str) -> float:
    return max(head.stem.head_diam_cm, FILLER_SPRAY_CM) if form == "grappe" else head.stem.head_diam_cm


def _top_view(all_heads: list[Head], catalogue: Catalogue, ident: str) -> str:
    extent = width(all_heads) / 2 or 1.0
    scale = (PANEL / 2 - MARGIN) / extent
    centre = PANEL / 2
    parts = [f'<g><circle cx="{_n(centre)}" cy="{_n(centre)}" r="{_n(extent * scale)}" fill="#f3ede6"/>']
    # The spiral: each stem seen from above runs from the tie point to its head, bent the way it turns.
    arcs = []
    for head in all_heads:
        x, y = centre + head.x * scale, centre - head.y * scale
        if head.horizontal * scale < 4:
            continue
        bend = SPIRAL_BEND if head.stem.direction == "cw" else -SPIRAL_BEND
        mid_x, mid_y = (x - centre) / 2, (y - centre) / 2
        control_x = centre + mid_x * math.cos(bend) - mid_y * math.sin(bend)
        control_y = centre + mid_x * math.sin(bend) + mid_y * math.cos(bend)
        arcs.append(f"M{_n(centre)} {_n(centre)}Q{_n(control_x)} {_n(control_y)} {_n(x)} {_n(y)}")
    if arcs:
        parts.append(f'<path d="{"".join(arcs)}" stroke="#6b8f4e" stroke-width=".7" fill="none" opacity=".6"/>')
    # Foliage first (the collar lies under the flowers), then heads from the lowest to the highest.
    for head in sorted(all_heads, key=lambda h: (form_of(catalogue[h.stem.species_id]) != "feuille", h.z,
                                                 h.stem.insert_order)):
        x, y = centre + head.x * scale, centre - head.y * scale
        form = form_of(catalogue[head.stem.species_id])
        radius = max(_drawn_cm(head, form) / 2 * scale, 2.0)
        # A leaf points away from the centre, as the collar's leaves lie round the edge.
        angle = -head.stem.azimuth_deg if form in ("feuille", "epi") else None
        parts.append(_use(ident, form, x, y, radius, head.stem.colour, angle))
    parts.append("</g>")
    return "".join(parts)


def _side_view(all_heads: list[Head], bouquet: Bouquet, catalogue: Catalogue, ident: str) -> str:
    vase = bouquet.brief.vase_height_cm or 0.0
    total = bouquet.tie_height_cm + height_above_tie(all_heads)
    half_width = width(all_heads) / 2 or 1.0
    scale = min((PANEL - 2 * MARGIN) / max(total, vase), (PANEL / 2 - MARGIN - 14) / half_width)
    left, ground = PANEL, PANEL - MARGIN
    axis = left + PANEL / 2 + 7
    tie_y = ground - bouquet.tie_height_cm * scale
    parts = ["<g>"]
    if vase:
        top, half = ground - vase * scale, max(bouquet.tie_height_cm * 0.25, 5) * scale
        parts.append(f'<path d="M{_n(axis - half)} {_n(top)}L{_n(axis - half * 0.75)} {_n(ground)}'
                     f'H{_n(axis + half * 0.75)}L{_n(axis + half)} {_n(top)}" fill="#dcebf0" stroke="#7a9aa5"/>')
    ordered = sorted(all_heads, key=lambda h: (h.y, h.stem.insert_order))
    # Below the tie the stems cross and fan out the other way: the spiral seen from the side.
    stems = "".join(
        f"M{_n(axis - head.x * scale * 0.2)} {_n(ground)}L{_n(axis)} {_n(tie_y)}"
        f"L{_n(axis + head.x * scale)} {_n(tie_y - head.z * scale)}"
        for head in ordered
    )
    parts.append(f'<path d="{stems}" stroke="#5b7f3a" stroke-width=".8" fill="none"/>')
    for head in ordered:
        form = form_of(catalogue[head.stem.species_id])
        lean = -math.degrees(math.atan2(head.z, head.x)) if head.x or head.z else -90.0
        parts.append(_use(ident, form, axis + head.x * scale, tie_y - head.z * scale,
                          max(_drawn_cm(head, form) / 2 * scale, 1.5), head.stem.colour,
                          lean if form in ("feuille", "epi") else None))
    parts.append(f'<rect x="{_n(axis - 5)}" y="{_n(tie_y - 1.5)}" width="10" height="3" rx="1" fill="#b0325a"/>')
    parts.append(_dimensions(left + 4, ground, tie_y, ground - total * scale, bouquet.tie_height_cm, total))
    parts.append("</g>")
    return "".join(parts)


def _dimensions(x: float, ground: float, tie_y: float, top_y: float, tie_cm: float, total_cm: float) -> str:
    """Two measuring lines at the left of the side view: from the cut ends to the tie, and overall."""
    return (f'<path d="M{_n(x + 6)} {_n(ground)}V{_n(tie_y)}M{_n(x + 2)} {_n(tie_y)}H{_n(x + 10)}'
            f'M{_n(x + 2)} {_n(top_y)}H{_n(x + 10)}M{_n(x + 6)} {_n(tie_y)}V{_n(top_y)}" stroke="#888" '
            f'stroke-dasharray="2 2"/><g font-size="11" font-family="sans-serif" fill="#555">'
            f'<text x="{_n(x + 9)}" y="{_n((ground + tie_y) / 2)}">{round(tie_cm)} cm</text>'
            f'<text x="{_n(x + 9)}" y="{_n(top_y + 11)}">{round(total_cm)} cm</text></g>')
