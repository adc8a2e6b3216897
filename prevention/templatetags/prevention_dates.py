"""French dates with « 1er » for the first of the month (DESIGN.md §4)."""

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def jour(value, with_weekday: bool = False) -> str:
    """``8 novembre 2026``, ``1er novembre 2026``; with a weekday: ``dimanche 1er novembre``."""
    if not value:
        return ""
    day = "1er" if value.day == 1 else str(value.day)
    prefix = f"{date_format(value, 'l')} " if with_weekday else ""
    return f"{prefix}{day} {date_format(value, 'F Y')}"
