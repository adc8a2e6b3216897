"""Forms of climate surveys: a campaign, the pupils' code, and the questionnaire itself."""

from django import forms
from django.db.models import Q

from directory.forms_base import BaseForm, BaseModelForm, build_form_helper
from directory.models import Classroom
from prevention.models import Campaign, QuestionKind, Questionnaire

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_INVALID_DATE = {"invalid": "Saisissez une date valide (jj/mm/aaaa)."}


class CampaignForm(BaseModelForm):
    codes_per_class = forms.IntegerField(
        label="Nombre de codes par classe",
        min_value=1,
        max_value=40,
        initial=28,
        help_text="Un code par élève, et quelques codes de plus.",
        error_messages={
            "required": "Indiquez le nombre de codes par classe.",
            "min_value": "Au moins 1 code par classe.",
            "max_value": "40 codes par classe au plus.",
            "invalid": "Saisissez un nombre.",
        },
    )

    class Meta:
        model = Campaign
        fields = ["title", "questionnaire", "classrooms", "opens_on", "closes_on"]
        widgets = {
            "opens_on": _DATE,
            "closes_on": _DATE,
            "classrooms": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Donnez un titre à la campagne."},
            "questionnaire": {"required": "Choisissez le questionnaire."},
            "classrooms": {"required": "Choisissez au moins une classe."},
            "opens_on": {"required": "Indiquez la date d'ouverture.", **_INVALID_DATE},
            "closes_on": {"required": "Indiquez la date de clôture.", **_INVALID_DATE},
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = Questionnaire.objects.filter(
            Q(district__isnull=True) | Q(district_id=school.district_id), is_active=True
        )
        self.fields["questionnaire"].empty_label = None
        self.fields["classrooms"].queryset = Classroom.objects.filter(school=school).order_by(
            "name"
        )
        self.fields["classrooms"].label_from_instance = lambda c: f"{c.name} ({c.levels_label})"
        self.helper = build_form_helper("Créer la campagne et ses codes")

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "La date de clôture précède la date d'ouverture.")
        return data


class CodeForm(BaseForm):
    code = forms.CharField(
        label="Ton code",
        max_length=20,
        help_text="Il est écrit sur ton papier. Par exemple : ABCD2345.",
        error_messages={"required": "Écris ton code."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Commencer")


def _field_for(question):
    common = {"label": question.text, "required": False}
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    choices = [(str(v), label) for v, label in question.options]
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)


class SurveyForm(forms.Form):
    """The questionnaire: every question may be left blank (a pupil may skip one)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = _field_for(question)

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
