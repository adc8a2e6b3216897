"""Server-rendered SVG bar charts, readable without colour: every bar carries its label and its
percentage as text, and bars are told apart by a hatch pattern, not by colour."""

from dataclasses import dataclass

BAR_WIDTH = 180
ROW = 26
PATTERNS = ["solid", "hatch", "dots", "cross", "solid", "hatch", "dots", "cross"]


@dataclass
class Bar:
    label: str
    count: int
    percent: int
    y: int
    width: int
    pattern: str


def chart(item) -> dict | None:
    if item.hidden or not item.bars:
        return None
    bars = [
        Bar(
            label,
            count,
            percent,
            4 + i * ROW,
            max(1, round(BAR_WIDTH * percent / 100)),
            PATTERNS[i % len(PATTERNS)],
        )
        for i, (label, count, percent) in enumerate(item.bars)
    ]
    return {"bars": bars, "height": 8 + ROW * len(bars), "max": BAR_WIDTH}
