"""Charts drawn at build time as inline SVG: no JavaScript, nothing loaded from elsewhere.

Each chart is a horizontal bar chart in a 360-unit-wide viewBox that scales to the width it is given
(readable at 320 px: the label sits above its bar, never beside it, and at 14 units it is still 11 px
when the chart is scaled to a phone's 288 px of text width; the staff desk, which has no stylesheet to
scale it, draws 288 wide instead, see `bar_chart`; a value that would not fit right of a long bar is
written inside it, white on the bar's blue, 6,4:1). It is an image with a name
(`role="img"`, `aria-label`, `<title>`); the page always puts a text table of the same figures beside
it, which is what a screen reader reads and what a reader copies. Colours pass WCAG 2.2 AA on white:
text #1a1a1a (17:1), bars #1f5fa8 (6,4:1, non-text contrast needs 3:1), grid lines #6b6b6b (5,3:1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

WIDTH = 360
BAR_WIDTH = 292  # the value is written right of the bar, in the remaining width
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
GAP = 10
AXIS_HEIGHT = 26
LABEL_INSET = 2
INSIDE_FROM = 40  # a bar ending less than this short of the full width holds its value inside
TEXT = "#1a1a1a"
BAR = "#1f5fa8"
GRID = "#6b6b6b"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None  # None: nothing to draw (shown as "—")
    shown: str  # the value as the page writes it (Indonesian decimal comma)


def bar_chart(ident: str, title: str, bars: Sequence[Bar], lower: Decimal, upper: Decimal,
              ticks: Sequence[tuple[Decimal, str]], width: int = WIDTH) -> str:
    """An SVG bar chart; `ident` makes its ids unique on the page, `ticks` are (value, label) on the axis.

    `width` is the chart's own width in CSS pixels, where no stylesheet scales it: the staff desk draws
    at 288 (a 320 px screen less the desk's margins), so that its text stays at 14 px on a phone too;
    the value column right of the bars keeps its width (WIDTH - BAR_WIDTH) and the bars get the rest."""
    bar_width = width - (WIDTH - BAR_WIDTH)
    row = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = len(bars) * row + AXIS_HEIGHT
    span = upper - lower

    def x(value: Decimal) -> float:
        return round(float((min(max(value, lower), upper) - lower) / span) * bar_width, 1)

    described = "; ".join(f"{bar.label}: {bar.shown}" for bar in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" class="kinerja-grafik" '
        f'font-family="{escape(FONT)}" font-size="14" fill="{TEXT}">',
        f'<title id="{escape(ident)}-judul">{escape(title)}</title>',
        f'<desc id="{escape(ident)}-isi">{escape(described)}</desc>',
    ]
    grid_bottom = len(bars) * row
    for value, label in ticks:
        at = x(value)
        anchor = "start" if at == 0 else ("end" if at >= bar_width else "middle")
        parts.append(f'<line x1="{at}" y1="0" x2="{at}" y2="{grid_bottom}" stroke="{GRID}" stroke-width="1" '
                     f'stroke-dasharray="2 3"/>')
        parts.append(f'<text x="{at}" y="{grid_bottom + 18}" text-anchor="{anchor}" font-size="14">'
                     f'{escape(label)}</text>')
    for index, bar in enumerate(bars):
        top = index * row
        # 2 units in: a glyph such as T reaches left of its origin, and the SVG clips what leaves it
        parts.append(f'<text x="{LABEL_INSET}" y="{top + 15}">{escape(bar.label)}</text>')
        if bar.value is not None and x(bar.value) > 0:
            parts.append(f'<rect x="0" y="{top + LABEL_HEIGHT}" width="{x(bar.value)}" height="{BAR_HEIGHT}" '
                         f'fill="{BAR}"/>')
        end = x(bar.value) if bar.value is not None else 0
        inside = end > bar_width - INSIDE_FROM
        place = (f'x="{round(end - 6, 1)}" text-anchor="end" fill="#ffffff"' if inside else f'x="{round(end + 6, 1)}"')
        parts.append(f'<text {place} y="{top + LABEL_HEIGHT + 13}" font-size="14" font-weight="600">'
                     f'{escape(bar.shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def figure(svg: str, caption: str) -> str:
    """The chart as one raw-HTML block for Markdown: on one line, so no blank line can end it early."""
    return f'<figure class="kinerja-grafik">{svg}<figcaption>{escape(caption)}</figcaption></figure>'
