"""Forms of the pôles ressources: members, meetings with attendance, case presentations."""

from crispy_forms.layout import Fieldset, Hidden, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from directory.forms_base import BaseModelForm, build_form_helper
from directory.models import DISTRICT_ROLES, Role, RoleAssignment
from resources_hub.models import CasePresentation, PoleMeeting, PoleMember

NO_PUPIL_NAME_HELP = (
    "Aucun nom d'élève : désignez chaque situation par son pseudonyme (« Situation A »). "
    "Ni détail médical ou psychologique."
)
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def member_candidates(pole):
    """Who may join a pôle: the district's staff (IEN, équipe, pôle) and its schools' directors."""
    assignments = RoleAssignment.objects.active().filter(
        Q(role__in=DISTRICT_ROLES, district=pole.district)
        | Q(role=Role.DIRECTOR, school__district=pole.district)
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=assignments.values("user"))
        .exclude(pk__in=pole.members.filter(is_active=True).values("user"))
        .order_by("last_name", "first_name")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.user.display_name} — {obj.get_profile_display()}"


class MemberAddForm(BaseModelForm):
    class Meta:
        model = PoleMember
        fields = ["user", "profile", "trained_on"]
        widgets = {"trained_on": DATE_WIDGET}

    def __init__(self, *args, pole, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"] = PersonChoiceField(
            label="Personne",
            queryset=member_candidates(pole),
            empty_label="Sélectionner une personne",
            help_text="Personnels de la circonscription et directeur·rices de ses écoles.",
        )
        self.fields["profile"].choices = [
            ("", "Sélectionner un profil"),
            *PoleMember.Profile.choices,
        ]
        self.helper = build_form_helper(
            "Ajouter au pôle",
            layout=Layout(
                Fieldset("Ajouter un membre", "user", "profile", "trained_on"),
                Hidden("action", "add"),
            ),
        )

    def validate_unique(self):
        """The pôle is set by the URL; an inactive member is brought back by the service."""


class MeetingForm(BaseModelForm):
    class Meta:
        model = PoleMeeting
        fields = ["held_on", "place", "agenda", "attendees", "minutes"]
        widgets = {
            "held_on": DATE_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, pole, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version
        present = self.instance.attendees.values("pk") if self.instance.pk else []
        self.fields["attendees"] = MemberChoiceField(
            label="Présents",
            queryset=PoleMember.objects.filter(pole=pole)
            .filter(Q(is_active=True) | Q(pk__in=present))
            .select_related("user"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["agenda"].help_text = NO_PUPIL_NAME_HELP
        self.fields["minutes"].help_text = NO_PUPIL_NAME_HELP
        self.helper = build_form_helper(
            submit_label,
            layout=Layout(
                Fieldset("La réunion", "held_on", "place"),
                "agenda",
                "attendees",
                "minutes",
                "version",
            ),
        )


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.reference} — {obj.school.name}"


class PresentationForm(BaseModelForm):
    class Meta:
        model = CasePresentation
        fields = ["case", "pseudonym", "summary", "analysis"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "analysis": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"] = CaseChoiceField(
            label="Situation suivie dans le portail",
            queryset=cases.select_related("school").order_by("reference"),
            required=False,
            empty_label="Aucune (situation non suivie dans le portail)",
            help_text=(
                "Facultatif. Si vous la choisissez, les prénoms de ses élèves sont retirés "
                "des textes de la réunion."
            ),
        )
        self.fields["pseudonym"].help_text = "Par exemple « Situation A ». Jamais un prénom."
        self.fields["summary"].help_text = NO_PUPIL_NAME_HELP
        self.fields["analysis"].help_text = NO_PUPIL_NAME_HELP
        self.helper = build_form_helper(
            "Ajouter la présentation",
            layout=Layout(
                "case",
                Fieldset("Présentation anonymisée", "pseudonym", "summary", "analysis"),
            ),
        )
