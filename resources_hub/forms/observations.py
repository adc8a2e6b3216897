"""Forms of the shared observation grid (signals phrased as observations, never findings)."""

from django import forms
from django.utils import timezone

from directory.forms_base import BaseForm
from resources_hub.forms.case_fields import date_widget, not_in_future, validate_pupil_label
from resources_hub.models import ObservationPlace, ObservedSignal


class GridOpenForm(BaseForm):
    party = forms.ModelChoiceField(label="Élève observé·e", queryset=None, empty_label="Choisir")

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties
        self.fields["party"].label_from_instance = lambda p: f"{p.label} — {p.get_role_display()}"


class ConcernGridForm(BaseForm):
    """A grid for a concern that is not a case yet: the pupil by first name and initial."""

    school = forms.ModelChoiceField(label="École", queryset=None, empty_label="Choisir")
    pupil_label = forms.CharField(
        label="Élève observé·e (prénom et initiale)",
        max_length=40,
        help_text="Par exemple « Léa M. ». Jamais de nom complet.",
    )
    class_label = forms.CharField(label="Classe", max_length=40, required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["pupil_label"].validators.append(validate_pupil_label)
        if len(schools[:2]) == 1:
            self.fields["school"].initial = schools[0].pk


class ObservationForm(BaseForm):
    observed_on = forms.DateField(label="Date de l'observation", widget=date_widget())
    place = forms.ChoiceField(label="Mon poste d'observation", choices=ObservationPlace.choices)
    signals = forms.MultipleChoiceField(
        label="Ce que j'ai observé",
        choices=ObservedSignal.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une chose observée."},
    )
    note = forms.CharField(
        label="Précision (facultatif)",
        max_length=500,
        required=False,
        help_text="Ce que vous avez vu ou entendu, sans détail médical ou psychologique.",
    )

    def __init__(self, *args, with_place: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_place:
            del self.fields["place"]
        if not self.is_bound:
            self.initial["observed_on"] = timezone.localdate()

    def clean_observed_on(self):
        value = self.cleaned_data["observed_on"]
        not_in_future(value, "Notez une observation une fois faite : pas de date future.")
        return value


class LinkForm(BaseForm):
    observer_name = forms.CharField(
        label="Adulte (nom et fonction)",
        max_length=120,
        help_text="Par exemple « Mme D., animatrice du périscolaire » ou « M. K., ATSEM ».",
    )
    place = forms.ChoiceField(label="Son poste d'observation", choices=ObservationPlace.choices)
