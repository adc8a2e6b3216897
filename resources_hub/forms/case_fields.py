"""What the case forms (and the protocol and observation forms) share: the pupil label rules,
the date checks, the choice fields and the idempotency key of a creating form."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from resources_hub.models import (
    CaseEventKind,
)

NO_HEALTH_DETAIL = "Sans détail médical ou psychologique."
LABEL_HELP = "Prénom et initiale (« Léa M. ») ou initiales (« L. M. ») : jamais de nom complet."
CLOSING_SENTENCE = "L'élève cible confirme que cela a cessé"
EVENT_KINDS = [
    (kind.value, kind.label)
    for kind in (
        CaseEventKind.INTERVIEW,
        CaseEventKind.MEASURE,
        CaseEventKind.FAMILY,
        CaseEventKind.NOTE,
    )
]
_KEY_RE = re.compile(r"^[0-9a-f]{32}$")


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def validate_pupil_label(value: str) -> None:
    """Refuse what looks like a full name: a last word longer than an initial, digits, 4+ words."""
    words = value.split()
    last = words[-1] if words else ""
    looks_like_surname = len(words) >= 2 and len(last.rstrip(".")) > 2 and not last.endswith(".")
    if len(words) > 3 or looks_like_surname or any(ch.isdigit() for ch in value):
        raise ValidationError(
            "Prénom et initiale seulement (par exemple « Léa M. ») : pas de nom de famille, "
            "pas de date ni de numéro.",
            code="full_name",
        )


def first_names(labels) -> set[str]:
    names = set()
    for label in labels:
        parts = label.split()
        if parts and len(parts[0].strip(".")) > 2:
            names.add(parts[0].strip(".").casefold())
    return names


def check_no_pupil_name(text: str, labels) -> None:
    words = {w.casefold() for w in re.findall(r"[\w-]+", text or "")}
    if words & first_names(labels):
        raise ValidationError(
            "L'intitulé ne doit pas contenir le prénom d'un·e élève : décrivez la situation "
            "(par exemple « Mise à l'écart en cour, CM1 »).",
            code="pupil_name",
        )


def not_in_future(value, message: str = "Cette date ne peut pas être dans le futur.") -> None:
    if value and value > timezone.localdate():
        raise ValidationError(message, code="future")


class ClassroomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class AdultChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.label} — {obj.get_role_display()}"


class IdempotentFormMixin(forms.Form):
    """A hidden key generated when the form is rendered: a double submit creates one record."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex
        self.fields["idempotency_key"].label = "Clé du formulaire"
        self.fields["idempotency_key"].error_messages["required"] = (
            "Le formulaire a expiré : rechargez la page et recommencez."
        )

    def clean_idempotency_key(self) -> str:
        key = self.cleaned_data["idempotency_key"].strip().lower()
        if not _KEY_RE.match(key):
            raise ValidationError("Le formulaire a expiré : rechargez la page et recommencez.")
        return key

    def key_for(self, user) -> str:
        """The stored key: one user's double submit is caught, another's key never matches."""
        return f"{user.pk}-{self.cleaned_data['idempotency_key']}"


# --- Opening and editing a case ---
