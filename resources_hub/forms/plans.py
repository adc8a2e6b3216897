"""Forms of the prevention plans and the crisis protocol.

The school and the district of a plan come from the user's scope, never from a free POST value:
the creating form offers only the targets the user may write (a director gets no choice at all),
and the edit form cannot move a plan.
"""

import re
import uuid

from django import forms

from directory.forms_base import BaseForm, BaseModelForm, build_form_helper
from resources_hub import selectors
from resources_hub.models import PreventionPlan
from resources_hub.services.plans import SCHOOL_ONLY_FIELDS

_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def new_key() -> str:
    return uuid.uuid4().hex


class PlanForm(BaseModelForm):
    class Meta:
        model = PreventionPlan
        fields = [
            "title",
            "content",
            "referral_in_rules",
            "presented_at_council_on",
            "pikas_presented_on",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 14}),
            "presented_at_council_on": _DATE,
            "pikas_presented_on": _DATE,
        }
        help_texts = {
            "content": (
                "Objectifs, actions prévues, personnes ressources, calendrier. Aucun nom d'élève."
            ),
            "referral_in_rules": (
                "Le règlement intérieur de l'école indique à qui parler et les numéros d'aide "
                "(3018, 119)."
            ),
            "presented_at_council_on": "Date du premier conseil d'école de l'année.",
            "pikas_presented_on": (
                "Date de la réunion de directeurs où la méthode de la préoccupation partagée a "
                "été présentée."
            ),
        }
        error_messages = {
            "title": {"required": "Donnez un titre au plan."},
            "content": {"required": "Décrivez le plan : objectifs, actions, calendrier."},
            "presented_at_council_on": {"invalid": "Saisissez une date valide (jj/mm/aaaa)."},
            "pikas_presented_on": {"invalid": "Saisissez une date valide (jj/mm/aaaa)."},
        }


class PlanEditForm(PlanForm):
    """Edit a plan; ``loaded_at`` is the plan's ``updated_at`` when the page was opened."""

    loaded_at = forms.DateTimeField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.school_id is None:
            for name in SCHOOL_ONLY_FIELDS[:2]:
                del self.fields[name]
        if not self.is_bound:
            self.initial["loaded_at"] = self.instance.updated_at.isoformat()
        self.helper = build_form_helper("Enregistrer le plan")


class PlanCreateForm(PlanForm):
    """Create a plan for one of ``districts`` (the district plan) or ``schools`` (a school's)."""

    target = forms.ChoiceField(
        label="Plan concerné",
        error_messages={
            "required": "Choisissez le plan à créer.",
            "invalid_choice": "Choisissez une école de votre circonscription dans la liste.",
        },
    )
    year_label = forms.ChoiceField(
        label="Année scolaire",
        error_messages={"invalid_choice": "Choisissez l'année en cours ou la suivante."},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["target", "year_label"]

    def __init__(self, *args, districts, schools, initial_target: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {f"district-{d.pk}": (d, None) for d in districts}
        self.targets.update({f"school-{s.pk}": (s.district, s) for s in schools})
        self._target_field(districts, schools, initial_target)
        years = selectors.year_choices(back=0)
        self.fields["year_label"].choices = [years[1], years[0]]
        self.fields["year_label"].initial = years[1][0]
        if not self.is_bound:
            self.initial["idempotency_key"] = new_key()
        for name in SCHOOL_ONLY_FIELDS[:2]:
            self.fields[name].help_text += " (Plan d'école seulement.)"
        self.helper = build_form_helper("Créer le plan")

    def _target_field(self, districts, schools, initial_target: str) -> None:
        if len(self.targets) == 1:
            del self.fields["target"]  # a director: their school is implied
            return
        groups = []
        if districts:
            groups.append(
                (
                    "Plan de circonscription (s'applique à toutes les écoles)",
                    [
                        (f"district-{d.pk}", f"Plan de la circonscription {d.name}")
                        for d in districts
                    ],
                )
            )
        if schools:
            groups.append(
                ("Plan d'une école", [(f"school-{s.pk}", s.name) for s in schools]),
            )
        self.fields["target"].choices = [("", "Choisir…"), *groups]
        if initial_target in self.targets:
            self.fields["target"].initial = initial_target

    def clean_idempotency_key(self) -> str:
        key = self.cleaned_data.get("idempotency_key") or ""
        return key if _KEY.match(key) else new_key()

    def chosen_target(self):
        """``(district, school or None)`` chosen, from the user's own targets only."""
        if "target" not in self.fields:
            return next(iter(self.targets.values()))
        return self.targets[self.cleaned_data["target"]]

    @property
    def duplicate_field(self) -> str:
        return "target" if "target" in self.fields else "year_label"


class ProtocolForm(BaseForm):
    title = forms.CharField(
        label="Titre",
        max_length=200,
        error_messages={"required": "Donnez un titre au protocole."},
    )
    content = forms.CharField(
        label="Protocole",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=(
            "Une ligne commençant par « ## » devient un titre, une ligne commençant par « - » un "
            "point de liste. Aucun nom d'élève."
        ),
        error_messages={
            "required": "Rédigez le protocole.",
            "max_length": "Le protocole ne peut pas dépasser %(limit_value)d caractères.",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Enregistrer une nouvelle version")
