"""Forms of the protocol's steps: the request for the pôle, the mobilisation, the adult referent,
qualification, escalation, the préoccupation partagée team and the change of school. None takes
the case or the school from the form; the version only guards the save."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from directory.forms_base import BaseForm
from directory.models import School
from resources_hub.forms.case_fields import AdultChoiceField, date_widget, not_in_future
from resources_hub.models import CaseTransfer, EscalatedTo, EscalationMeasure, Track


class VersionedForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["version"].error_messages["required"] = (
            "La page est incomplète : rechargez-la avant d'enregistrer."
        )
        if not self.is_bound:
            self.initial["version"] = case.version


class PoleRequestForm(VersionedForm):
    note = forms.CharField(
        label="Ce que vous attendez du pôle (facultatif)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sans nom d'élève ni détail médical ou psychologique.",
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.user.display_name} — {obj.get_profile_display()} ({obj.pole.name})"


class MobiliseForm(BaseForm):
    member = MemberChoiceField(
        label="Membre du pôle à mobiliser", queryset=None, empty_label="Choisir un membre"
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates


class TeacherAddForm(BaseForm):
    teacher = AdultChoiceField(
        label="Enseignant·e de l'école", queryset=None, empty_label="Choisir un·e enseignant·e"
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = candidates


class ReferentForm(BaseForm):
    referent = AdultChoiceField(label="Adulte référent·e", queryset=None, empty_label="Choisir")
    named_on = forms.DateField(label="Désigné·e le", widget=date_widget())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = candidates
        if not self.is_bound:
            self.initial["named_on"] = timezone.localdate()

    def clean_named_on(self):
        value = self.cleaned_data["named_on"]
        not_in_future(value)
        return value


class QualifyForm(VersionedForm):
    repetition = forms.BooleanField(label="Répétition des faits", required=False)
    power = forms.BooleanField(label="Rapport de force (déséquilibre)", required=False)
    isolation = forms.BooleanField(label="Isolement de l'élève cible", required=False)
    track = forms.ChoiceField(
        label="Réponse choisie", choices=Track.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(label="Date de la décision", widget=date_widget())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if not self.is_bound:
            self.initial.update(
                repetition=case.criterion_repetition,
                power=case.criterion_power,
                isolation=case.criterion_isolation,
                track=case.track or Track.MPP,
                on=case.qualified_on or timezone.localdate(),
            )

    def clean_on(self):
        value = self.cleaned_data["on"]
        not_in_future(value)
        return value


class EscalateForm(VersionedForm):
    to = forms.ChoiceField(label="Escalader vers", choices=EscalatedTo.choices)
    measures = forms.MultipleChoiceField(
        label="Mesures décidées",
        choices=EscalationMeasure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Le décret de 2023 : équipe éducative, exclusion temporaire de 5 jours au "
        "plus, puis changement d'école décidé par l'autorité académique.",
    )
    comment = forms.CharField(
        label="Pourquoi (facultatif)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MppTeamForm(BaseForm):
    members = forms.ModelMultipleChoiceField(
        label="Adultes de l'équipe (3 à 10)",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Des adultes de l'école ou du pôle ressources, formés à la méthode si possible.",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates
        self.fields["members"].label_from_instance = lambda u: u.display_name


class TransferForm(BaseForm):
    kind = forms.ChoiceField(
        label="Ce qui se passe", choices=CaseTransfer.Kind.choices, widget=forms.RadioSelect
    )
    to_school = forms.ModelChoiceField(
        label="École ou collège qui accueille l'élève", queryset=None, empty_label="Choisir"
    )
    note = forms.CharField(label="Précision (facultatif)", max_length=500, required=False)
    confirm = forms.BooleanField(
        label="Je comprends qu'en cas de transfert, l'école d'origine n'aura plus accès à la "
        "situation (elle garde la fiche bilan signée).",
        required=True,
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_school"].queryset = schools
        self.fields["confirm"].error_messages["required"] = "Cochez la case pour confirmer."

    def clean_to_school(self):
        school: School = self.cleaned_data["to_school"]
        if school is None:
            raise ValidationError("Choisissez l'école qui accueille l'élève.")
        return school
