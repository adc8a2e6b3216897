"""Yearly figures arranged for pages and PDFs: grouped by axis then section, and charted as
server-rendered SVG bars (no JavaScript, no image fetched)."""

from collections import OrderedDict

from directory.dashboard import AXES

AXIS_LABELS = dict(AXES)


def grouped(figures: list[dict]) -> list[dict]:
    """[{axis, label, sections: [{title, rows: [(label, value)]}]}] in the axes' order."""
    axes: OrderedDict = OrderedDict((slug, OrderedDict()) for slug, _ in AXES)
    for figure in figures:
        sections = axes.setdefault(figure["axis"], OrderedDict())
        sections.setdefault(figure.get("section") or "", []).append(
            (figure["label"], figure["value"])
        )
    return [
        {
            "axis": slug,
            "label": AXIS_LABELS.get(slug, slug),
            "sections": [{"title": t, "rows": rows} for t, rows in sections.items()],
        }
        for slug, sections in axes.items()
    ]


def bar_chart(rows: list[tuple[str, int]], *, width: int = 460, bar: int = 16) -> dict:
    """The geometry of a horizontal bar chart, drawn by ``pdf/outreach_chart.svg.html``."""
    top = max([v for _, v in rows if isinstance(v, int)] + [1])
    label_width, gap = 190, 6
    room = width - label_width - 40
    bars = []
    for index, (label, value) in enumerate(rows):
        value = value if isinstance(value, int) else 0
        bars.append(
            {
                "label": label,
                "value": value,
                "y": index * (bar + gap),
                "text_y": index * (bar + gap) + bar - 4,
                "width": max(round(room * value / top), 1 if value else 0),
                "value_x": label_width + max(round(room * value / top), 0) + 4,
            }
        )
    return {
        "bars": bars,
        "width": width,
        "height": len(rows) * (bar + gap),
        "bar": bar,
        "label_width": label_width,
        "label_x": label_width - 6,
    }
