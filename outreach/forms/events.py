"""The event form (organisers: the district team for the district, a director for the school)."""

from django import forms

from directory.forms_base import BaseModelForm, build_form_helper
from outreach.models import Event


class EventForm(BaseModelForm):
    school = forms.ModelChoiceField(
        label="École", queryset=None, required=False, empty_label="Toute la circonscription"
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "audience",
            "inter_degree",
            "periscolaire",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, schools, allow_district: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if not allow_district:
            self.fields["school"].required = True
            self.fields["school"].empty_label = None
        self.helper = build_form_helper("Publier l'événement")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", "La fin doit suivre le début.")
        return cleaned
