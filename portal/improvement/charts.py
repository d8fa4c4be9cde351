"""Small charts drawn on the server as inline SVG (no JavaScript, a few hundred bytes): one horizontal bar
per item, numbered like the table beside it, which carries the words. A figure that may not be shown
draws no bar, only a dash."""
from __future__ import annotations

from markupsafe import Markup, escape

from portal.improvement.minimum_group import Figure

_ROW, _LEFT, _WIDTH = 16, 24, 300


def bars(title: str, figures: list[Figure], maximum: float | None = None) -> Markup:
    """Bars for the figures in order (labelled 1, 2, …); their lengths relative to `maximum` (the
    largest shown value when None)."""
    values = [f.value for f in figures if f.shown]
    top = maximum or (max(values) if values else 0) or 1
    height = _ROW * len(figures) + 4
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {_LEFT + _WIDTH + 4} {height}" width="100%" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for index, figure in enumerate(figures):
        y = 2 + index * _ROW
        parts.append(f'<text x="0" y="{y + 11}" font-size="10">{index + 1}</text>')
        if figure.shown:
            width = max(1, round(_WIDTH * float(figure.value) / top))
            parts.append(f'<rect x="{_LEFT}" y="{y + 2}" width="{width}" height="{_ROW - 5}"/>')
        else:
            parts.append(f'<text x="{_LEFT}" y="{y + 11}" font-size="10">–</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
