"""Template filters for French typography, loaded on every template (settings ``builtins``).

``date`` here replaces Django's own filter so that every date the portal prints says « 1er » for
the first of the month, without each template having to remember it.
"""

import re

from django import template
from django.apps import apps
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


_CHOICE_LABELS: dict[str, str] | None = None
_AUDIT_TOKENS = re.compile(r"\(([a-z_]+)\)|(?<=état )([a-z_]+)$|(?<=: )([a-z_]+)$")


def _choice_labels() -> dict[str, str]:
    """Every stored choice value of every model, with its French label (first one wins)."""
    global _CHOICE_LABELS
    if _CHOICE_LABELS is None:
        labels: dict[str, str] = {"pupil": "élève", "school": "école", "parent": "parent"}
        for model in apps.get_models():
            for field in model._meta.get_fields():
                for value, label in getattr(field, "flatchoices", None) or []:
                    if isinstance(value, str) and value:
                        labels.setdefault(value, str(label))
        _CHOICE_LABELS = labels
    return _CHOICE_LABELS


@register.filter
def audit_detail(value: str) -> str:
    """An audit row's detail with internal values (« message (pupil) », « état new ») in French."""
    labels = _choice_labels()

    def french(match):
        token = next(g for g in match.groups() if g)
        label = labels.get(token, token)
        return f"({label.lower()})" if match.group(1) else label.lower()

    return _AUDIT_TOKENS.sub(french, value or "")


@register.filter
def audit_type(value: str) -> str:
    """« resources_hub.case » → « situation »: the model's French name."""
    try:
        return str(apps.get_model(value)._meta.verbose_name)
    except (LookupError, ValueError):
        return value


@register.filter
def person_title(assignment) -> str:
    """A role assignment's label in the person's own words: « Directrice d'école »."""
    from directory.roles import role_title

    profile = getattr(assignment.user, "staff_profile", None)
    return role_title(assignment.role, getattr(profile, "civility", "") or "")
