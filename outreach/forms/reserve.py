"""Forms of the réserve citoyenne."""

from django import forms

from directory.forms_base import BaseForm, BaseModelForm, build_form_helper
from outreach.models import InterventionRequest, Skill, Volunteer


class VolunteerForm(BaseModelForm):
    skills = forms.MultipleChoiceField(
        label="Compétences", choices=Skill.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Volunteer
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "organisation",
            "skills",
            "availability",
            "vetting",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vetting"].help_text = (
            "Tenue par la circonscription : seul·e un·e réserviste vérifié·e est proposé·e "
            "aux écoles."
        )
        self.helper = build_form_helper("Enregistrer")


class RequestForm(BaseModelForm):
    school = forms.ModelChoiceField(label="École", queryset=None, empty_label=None)

    class Meta:
        model = InterventionRequest
        fields = ["skill", "classes", "period", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.helper = build_form_helper("Envoyer la demande")


class MatchForm(BaseForm):
    volunteer = forms.ModelChoiceField(label="Réserviste", queryset=None, empty_label=None)

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers
        self.fields["volunteer"].label_from_instance = lambda v: (
            f"{v} — {', '.join(v.skill_labels) or 'compétences non précisées'}"
        )


class InterventionForm(BaseForm):
    held_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    teacher_present = forms.ModelChoiceField(
        label="Enseignant·e présent·e pendant l'intervention",
        queryset=None,
        help_text="Un·e réserviste n'intervient jamais seul·e devant une classe.",
    )
    pupils = forms.IntegerField(label="Nombre d'élèves", min_value=1, max_value=400)
    summary = forms.CharField(
        label="Déroulement",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sans nom d'élève.",
    )

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher_present"].queryset = teachers
        self.fields["teacher_present"].label_from_instance = lambda u: u.display_name
