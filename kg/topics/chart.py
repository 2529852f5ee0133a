"""A stacked-area chart of a person's topic shares over the years, as SVG.

Written by hand (a few dozen elements), so the chart needs no plotting
library. Each band is one topic; the largest topics get their own colour
and a label, the rest are pooled as "other topics". A year without works
is a gap in the bands, marked "no works".
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from kg.topics.drift import PersonTopics

Scale = Callable[[float], float]

WIDTH, HEIGHT = 760, 360
LEFT, RIGHT, TOP, BOTTOM = 48, 300, 40, 40
BANDS = 6
OTHER = "other topics"
COLOURS = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#bab0ac",
)  # fmt: skip


def _band_names(topics: PersonTopics) -> list[tuple[str, str]]:
    """(id, name) of the topics drawn as bands: the career's largest first."""
    named = [(s.id, s.name) for s in topics.career[:BANDS]]
    if len(topics.career) > BANDS:
        named.append((OTHER, OTHER))
    return named


def topic_chart(topics: PersonTopics, title: str) -> str:
    """The SVG text: shares per year stacked to 1, labelled, with a legend."""
    bands = _band_names(topics)
    kept = {band_id for band_id, _ in bands}
    years = topics.years
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(years) - 1, 1)

    def x(i: float) -> float:
        return LEFT + (i * step if len(years) > 1 else plot_w / 2)

    def y(share: float) -> float:
        return TOP + plot_h * (1 - share)

    shares: list[dict[str, float] | None] = []
    for year in years:
        row = {s.id: s.share for s in year.shares if s.id in kept}
        if year.work_count and len(topics.career) > BANDS:
            row[OTHER] = sum(s.share for s in year.shares if s.id not in kept)
        shares.append(row if year.work_count else None)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold">'
        f"{escape(title)}</text>",
    ]
    parts += _bands(bands, shares, x, y)
    parts += _axes(topics, x, y, plot_w)
    parts += _legend(bands)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _bands(
    bands: list[tuple[str, str]],
    shares: list[dict[str, float] | None],
    x: Scale,
    y: Scale,
) -> list[str]:
    """One polygon per band and per run of years with works."""
    parts = []
    runs: list[list[int]] = []
    for i, row in enumerate(shares):
        if row is None:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        below = [0.0] * len(run)
        for colour, (band_id, name) in zip(COLOURS, bands, strict=False):
            above = [
                b + shares[i].get(band_id, 0.0) for b, i in zip(below, run, strict=True)
            ]
            if len(run) == 1:
                i = run[0]
                # A lone year is a bar, kept inside the plot at the edges.
                left = max(LEFT, x(i) - 8)
                right = min(WIDTH - RIGHT, x(i) + 8)
                points = [(left, y(below[0])), (left, y(above[0])),
                          (right, y(above[0])), (right, y(below[0]))]  # fmt: skip
            else:
                points = [(x(i), y(a)) for i, a in zip(run, above, strict=True)]
                points += [
                    (x(i), y(b))
                    for i, b in reversed(list(zip(run, below, strict=True)))
                ]
            text = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polygon points="{text}" fill="{colour}" stroke="white" '
                f'stroke-width="0.5"><title>{escape(name)}</title></polygon>'
            )
            below = above
    return parts


def _axes(topics: PersonTopics, x: Scale, y: Scale, plot_w: float) -> list[str]:
    parts = [
        f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{LEFT + plot_w}" y2="{y(0):.1f}" '
        f'stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{LEFT}" y2="{y(1):.1f}" '
        f'stroke="#333"/>',
    ]
    for share in (0.0, 0.5, 1.0):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(share) + 4:.1f}" text-anchor="end">'
            f"{int(share * 100)}%</text>"
        )
    for i, year in enumerate(topics.years):
        label = f"{year.start} ({year.work_count})"
        parts.append(
            f'<text x="{x(i):.1f}" y="{y(0) + 16:.1f}" text-anchor="middle">'
            f"{label}</text>"
        )
        if not year.work_count:
            parts.append(
                f'<text x="{x(i):.1f}" y="{y(0.5):.1f}" text-anchor="middle" '
                f'fill="#888">no works</text>'
            )
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 6}" fill="#555">year (works); share of '
        f"works by primary {escape(topics.level)}, smoothed</text>"
    )
    return parts


def _legend(bands: list[tuple[str, str]]) -> list[str]:
    parts = []
    left = WIDTH - RIGHT + 16
    for n, (colour, (_, name)) in enumerate(zip(COLOURS, bands, strict=False)):
        top = TOP + 22 * n
        short = name if len(name) <= 40 else name[:39] + "\u2026"
        parts.append(
            f'<rect x="{left}" y="{top}" width="14" height="14" fill="{colour}"/>'
        )
        parts.append(f'<text x="{left + 20}" y="{top + 11}">{escape(short)}</text>')
    return parts
