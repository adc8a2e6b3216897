"""Template filters for French typography, loaded on every template (settings ``builtins``).

``date`` here replaces Django's own filter so that every date the portal prints says « 1er » for
the first of the month, without each template having to remember it.
"""

from django import template
from django.template.defaultfilters import stringfilter
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from directory import typography

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if hasattr(value, "tzinfo") and value.tzinfo is not None and timezone.is_aware(value):
        value = timezone.localtime(value)
    return typography.date_fr(value, arg)


@register.filter(is_safe=True, needs_autoescape=True)
@stringfilter
def typo(value, autoescape=True):
    """Non-breaking spaces before ? ! : ; and inside numbers, for text the portal writes."""
    if autoescape and not isinstance(value, SafeData):
        value = conditional_escape(value)
    return mark_safe(typography.french_spacing(str(value)))  # noqa: S308 (escaped above)


@register.filter(is_safe=True)
def number(value):
    """12500 → « 12 500 » with a non-breaking space."""
    try:
        return typography.french_number(int(value))
    except (TypeError, ValueError):
        return value


@register.inclusion_tag("pdf/_signature_boxes.html")
def signature_boxes(*roles):
    """Signature and visa boxes: ``{% signature_boxes "Le directeur" "Visa de l'IEN" %}``."""
    return {"roles": [r for r in roles if r]}
