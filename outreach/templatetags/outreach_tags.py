"""French dates with "1er" for the first of the month."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def jour(value, with_time: str = "") -> str:
    """``j F Y`` (``1er`` for the first), plus `` à H:i`` when asked (``|jour:"heure"``)."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day} {date_format(value, 'F Y')}"
    if with_time:
        text += f" à {date_format(value, 'H:i')}"
    return text
