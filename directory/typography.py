"""French typography for text the portal writes itself: « 1er décembre », and the non-breaking
spaces French puts before ? ! : ; and inside numbers (« 12 500 », « 16 h 30 »).

Only for generated text and labels: user text is escaped and printed as typed.
"""

import datetime
import re

from django.utils import dateformat, formats

NBSP = "\u00a0"  # before a colon, and inside numbers
NNBSP = "\u202f"  # narrow: before ? ! ;

_BEFORE_PUNCT = re.compile(r"(?<=\w|[»)\]\u2019'\"]) ?([?!;])(?=\s|$|<|\")")
_BEFORE_COLON = re.compile(r"(?<=[\w»)\]]) ?:(?=\s|$)")
_OPEN_QUOTE = re.compile(r"« ?")
_CLOSE_QUOTE = re.compile(r" ?»")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_HOURS = re.compile(r"(\d) h (\d)")


_MARKUP = re.compile(
    r"(<(?:textarea|pre|script|style)\b.*?</(?:textarea|pre|script|style)>|&[#\w]+;|<[^>]*>)",
    re.S | re.I,
)


def french_spacing(text: str) -> str:
    """Put the non-breaking spaces French typography asks for into ``text`` (plain text or
    HTML: tags and entities are left alone)."""
    parts = _MARKUP.split(text)
    return "".join(p if i % 2 else _space_text(p) for i, p in enumerate(parts))


def _space_text(text: str) -> str:
    text = _BEFORE_PUNCT.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    text = _THOUSANDS.sub(NBSP, text)
    return _HOURS.sub(rf"\1{NBSP}h{NBSP}\2", text)


def french_number(value: int) -> str:
    """12500 → « 12 500 » with a non-breaking space."""
    return f"{value:,}".replace(",", NBSP)


def _first_of_month(format_string: str) -> str:
    """Replace the unescaped day-of-month ``j`` by a literal « 1er »."""
    return re.sub(r"(?<!\\)j", r"1\\e\\r", format_string)


def date_fr(value, format_string: str | None = None) -> str:
    """Django's ``date`` with « 1er » for the first of the month (the rest is unchanged)."""
    if value in (None, ""):
        return ""
    format_string = format_string or "DATE_FORMAT"
    format_string = formats.get_format(format_string) if format_string.isupper() else format_string
    if isinstance(value, datetime.date) and value.day == 1:
        format_string = _first_of_month(format_string)
    try:
        return dateformat.format(value, format_string)
    except AttributeError:
        return ""


def french_date(value: datetime.date) -> str:
    """« 1er décembre 2026 », « 2 décembre 2026 »."""
    return date_fr(value, "j F Y")
