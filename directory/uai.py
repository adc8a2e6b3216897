"""The UAI (Unité administrative immatriculée): 7 digits and a check letter."""

import re

from django.core.exceptions import ValidationError

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_UAI_RE = re.compile(r"^\d{7}[A-Z]$")


def uai_check_letter(digits: str) -> str:
    return UAI_LETTERS[int(digits) % 23]


def uai_error(value: str) -> str | None:
    """The French reason a UAI is invalid, or None when it is valid."""
    if not _UAI_RE.match(value or ""):
        return "Le code UAI doit comporter 7 chiffres suivis d'une lettre (ex. 0921001N)."
    expected = uai_check_letter(value[:7])
    if value[7] != expected:
        return f"La lettre de contrôle du code UAI {value} est fausse (attendue : {expected})."
    return None


def normalize_uai(value: str) -> str:
    return (value or "").strip().upper()


def validate_uai(value: str) -> None:
    error = uai_error(value)
    if error:
        raise ValidationError(error, code="invalid_uai")
