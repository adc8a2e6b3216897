"""Infographics for parents: designed A4 PDFs built from the editable pages of the parents'
space (one per page and language) and the editable help numbers, never from literals."""

import re

from django.utils.safestring import mark_safe

from directory.pdf import cap_text
from outreach.models import Topic
from outreach.sanitise import markdown_to_html

INFOGRAPHIC_TOPICS = {
    Topic.WARNING_SIGNS: {"color": "#000091", "icon": "eye", "kicker": "Repérer"},
    Topic.WHO_TO_CALL: {"color": "#18753c", "icon": "phone", "kicker": "Appeler"},
    Topic.HANDLING: {"color": "#6a6af4", "icon": "steps", "kicker": "Comprendre"},
    Topic.POLE: {"color": "#a558a0", "icon": "team", "kicker": "Être accompagné"},
}
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
MAX_ITEMS = 10


def _inline(text: str):
    html = str(markdown_to_html(text)).strip().removeprefix("<p>").removesuffix("</p>")
    return mark_safe(html)  # noqa: S308 (nh3-sanitised just above, only its wrapper removed)


def items_of(body: str) -> tuple[list, list, list]:
    """The paragraphs before the first list, the list items (one card each), the rest."""
    before, items, after = [], [], []
    for block in re.split(r"\n\s*\n", body or ""):
        lines = block.strip().splitlines()
        listed = [m.group(1) for m in (_ITEM.match(line) for line in lines) if m]
        if listed and len(listed) == len(lines):
            items += listed
        elif block.strip():
            (after if items else before).append(block.strip())
    return (
        [_inline(cap_text(p, 800)) for p in before[:2]],
        [_inline(cap_text(i, 400)) for i in items[:MAX_ITEMS]],
        [_inline(cap_text(p, 800)) for p in after[:2]],
    )


def infographic_context(page, translation, channels: list[dict]) -> dict:
    style = INFOGRAPHIC_TOPICS.get(page.topic, INFOGRAPHIC_TOPICS[Topic.WARNING_SIGNS])
    before, items, after = items_of(translation.body)
    numbers = sorted((c for c in channels if c.get("number")), key=lambda c: c["number"] != "3018")
    sites = [c for c in channels if c.get("url") and not c.get("number")]
    return {
        "page": page,
        "translation": translation,
        "district": page.district,
        "school": page.school,
        "style": style,
        "items": items,
        "before": before,
        "after": after,
        "numbers": numbers[:4],
        "sites": sites[:2],
        "rtl": translation.is_rtl,
    }
