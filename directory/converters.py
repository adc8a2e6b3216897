"""Typed path converters for every code that travels in a URL.

``<str:…>`` accepts anything but a slash, NUL bytes included, which PostgreSQL refuses in a query
(a 500). These match only what a code can be, so anything else is a 404 before any query runs.
Registered from ``DirectoryConfig.ready``; use them for every code in a ``path()``:
``<uai:uai>``, ``<ref:reference>``, ``<pupilcode:code>``, ``<code:code>`` (a district's or a survey
slip's code), ``<token:token>`` (a secret link), ``<lang:language>``, ``<word:action>``.
"""

from django.urls import register_converter


class _Code:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class UaiConverter(_Code):
    """A school's UAI: 7 digits and a letter (the check letter is verified by the lookup)."""

    regex = "[0-9]{7}[A-Za-z]"


class ReferenceConverter(_Code):
    """A case reference (« S-2026-0042 », more digits past 9,999), at most 20 characters."""

    regex = "[A-Za-z0-9][A-Za-z0-9-]{0,19}"


class PupilCodeConverter(_Code):
    """A school's pupil code as a child may type it (any case, dashes), at most 20 characters."""

    regex = "[A-Za-z0-9][A-Za-z0-9-]{0,19}"


class CodeConverter(_Code):
    """A short code: a district's (« 0921234X », a slug from the import), a survey slip's."""

    regex = "[A-Za-z0-9][A-Za-z0-9_-]{0,19}"


class TokenConverter(_Code):
    """The secret of a link (``secrets.token_urlsafe``: letters, digits, ``-`` and ``_``)."""

    regex = "[A-Za-z0-9_-]{1,64}"


class LanguageConverter(_Code):
    """A language code (« fr », « ar »)."""

    regex = "[a-z]{2,3}"


class WordConverter(_Code):
    """A verb or keyword of a URL (« accepter », « refuser »), lowercase letters only."""

    regex = "[a-z]{1,30}"


def parse_id(value) -> int | None:
    """A positive id from a query string (``?report=42``), or None: ASCII digits only (``"²"``
    passes ``str.isdigit()`` and then fails ``int()``), at most 18 of them (a 64-bit column)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def register() -> None:
    register_converter(UaiConverter, "uai")
    register_converter(ReferenceConverter, "ref")
    register_converter(PupilCodeConverter, "pupilcode")
    register_converter(CodeConverter, "code")
    register_converter(TokenConverter, "token")
    register_converter(LanguageConverter, "lang")
    register_converter(WordConverter, "word")
