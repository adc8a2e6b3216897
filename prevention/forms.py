"""Forms of « Prévenir ». The school of an action comes from the user's scope, never from a
free POST value; classes, types and partners are offered from that school's district only."""

import re
import uuid

from django import forms
from django.db.models import Q

from directory.forms_base import BaseForm, BaseModelForm, build_form_helper
from directory.models import Classroom, Partner
from prevention.filters import CYCLES
from prevention.models import Action, ActionType

_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_INVALID_DATE = {"invalid": "Saisissez une date valide (jj/mm/aaaa)."}


class ActionForm(BaseModelForm):
    cycles = forms.MultipleChoiceField(
        label="Cycles",
        choices=CYCLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Déduits des classes choisies ; à cocher seulement pour une action sans classe.",
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = [
            "action_type",
            "title",
            "classrooms",
            "starts_on",
            "ends_on",
            "hours_per_class",
            "partners",
            "pupils_count",
            "description",
            "status",
            "is_shared",
        ]
        widgets = {
            "starts_on": _DATE,
            "ends_on": _DATE,
            "classrooms": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "hours_per_class": (
                "Durée pour chaque classe, en heures (par exemple 1,5). Les types marqués comme "
                "heures de prévention comptent dans les 10 heures par classe de pHARe."
            ),
            "ends_on": "Pour une action sur plusieurs jours.",
            "description": "Ce qui a été fait, avec qui. Aucun nom d'élève.",
        }
        error_messages = {
            "action_type": {"required": "Choisissez le type d'action."},
            "title": {"required": "Donnez un titre à l'action."},
            "starts_on": {"required": "Indiquez la date de l'action.", **_INVALID_DATE},
            "ends_on": _INVALID_DATE,
            "hours_per_class": {"invalid": "Saisissez un nombre d'heures (par exemple 1,5)."},
            "pupils_count": {"invalid": "Saisissez un nombre d'élèves."},
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["action_type"].queryset = ActionType.objects.filter(
            district_id=school.district_id, is_active=True
        )
        self.fields["action_type"].empty_label = "Choisir…"
        self.fields["classrooms"].queryset = Classroom.objects.filter(school=school).order_by(
            "name"
        )
        self.fields["classrooms"].label_from_instance = lambda c: f"{c.name} ({c.levels_label})"
        self.fields["partners"].queryset = Partner.objects.filter(is_active=True).filter(
            Q(district_id=school.district_id) | Q(district__isnull=True)
        )
        self.fields["hours_per_class"].localize = True
        self.fields["hours_per_class"].widget.is_localized = True
        if self.instance.pk and not self.is_bound:
            self.initial["cycles"] = [str(n) for n in self.instance.cycles]
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex
        label = "Enregistrer l'action" if self.instance.pk else "Déclarer l'action"
        self.helper = build_form_helper(label)

    def clean_idempotency_key(self) -> str:
        key = self.cleaned_data.get("idempotency_key") or ""
        return key if _KEY.match(key) else uuid.uuid4().hex

    def clean_cycles(self) -> list[int]:
        return [int(c) for c in self.cleaned_data.get("cycles", [])]

    def clean_hours_per_class(self):
        hours = self.cleaned_data.get("hours_per_class")
        if hours is not None and not 0 <= hours <= 200:
            raise forms.ValidationError("Le nombre d'heures doit être compris entre 0 et 200.")
        return hours

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "La date de fin précède la date de début.")
        return data


class SchoolChoiceForm(BaseForm):
    """First step for a user who may declare in several schools."""

    school = forms.ModelChoiceField(
        label="École",
        queryset=None,
        empty_label="Choisir…",
        error_messages={"required": "Choisissez l'école.", "invalid_choice": "Choisissez l'école."},
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.helper = build_form_helper("Continuer")
        self.helper.form_method = "get"


class ActionFileForm(BaseForm):
    file = forms.FileField(
        label="Fichier ou photo",
        help_text="PDF, PNG ou JPEG. Le type est vérifié d'après le contenu ; les photos sont "
        "enregistrées sans leurs métadonnées (lieu, appareil).",
        error_messages={"required": "Choisissez un fichier.", "empty": "Le fichier est vide."},
    )
    caption = forms.CharField(label="Légende", max_length=200, required=False)
    image_rights = forms.BooleanField(
        label="Les familles des élèves visibles sur la photo ont donné leur accord (droit à "
        "l'image).",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Ajouter le fichier")


class ActionTypeForm(BaseModelForm):
    class Meta:
        model = ActionType
        fields = [
            "name",
            "pillar",
            "counts_as_lessons",
            "suggested_cycles",
            "description",
            "is_active",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": "Donnez un nom au type d'action."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Enregistrer le type d'action")
