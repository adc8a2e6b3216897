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


CANDIDATES_LISTED = 100


class ListedPersonField(forms.TypedChoiceField):
    """A few candidates: a select built from the list already read (no second query)."""

    def __init__(self, *, people: list, **kwargs):
        self.people = {str(p.pk): p for p in people}
        choices = [
            ("", "Sélectionner une personne"),
            *((str(p.pk), p.display_name) for p in people),
        ]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.people.get(str(value)) if value not in self.empty_values else None


class PersonLookupField(forms.CharField):
    """Many candidates (a district of 400 schools): the person's username or e-mail address,
    looked up among the candidates only."""

    def __init__(self, *, candidates, **kwargs):
        super().__init__(max_length=254, **kwargs)
        self.candidates = candidates

    def clean(self, value):
        typed = (super().clean(value) or "").strip()
        if not typed:
            return None
        person = self.candidates.filter(Q(username__iexact=typed) | Q(email__iexact=typed)).first()
        if person is None:
            raise forms.ValidationError(
                "Aucune personne de la circonscription ne correspond à « %(typed)s ».",
                code="unknown_person",
                params={"typed": typed},
            )
        return person


def person_field(candidates, **kwargs) -> forms.Field:
    """A select when there are few candidates, a lookup by username or e-mail otherwise: one
    query either way, whatever the size of the district."""
    listed = list(candidates[: CANDIDATES_LISTED + 1])
    if len(listed) <= CANDIDATES_LISTED:
        return ListedPersonField(people=listed, **kwargs)
    kwargs["help_text"] = "Son identifiant ou son adresse électronique. " + kwargs["help_text"]
    return PersonLookupField(candidates=candidates, **kwargs)


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
        self.fields["user"] = person_field(
            member_candidates(pole),
            label="Personne",
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


class CaseReferenceField(forms.CharField):
    """A situation typed by its reference (« S-2026-0042 »), looked up among ``cases`` only.

    A select would list every case of the district (5,000 at académie scale); the reference is on
    the case page and in every list."""

    def __init__(self, *, cases, **kwargs):
        super().__init__(max_length=20, **kwargs)
        self.cases = cases

    def clean(self, value):
        reference = (super().clean(value) or "").strip().upper()
        if not reference:
            return None
        case = self.cases.filter(reference=reference).first()
        if case is None:
            raise forms.ValidationError(
                "Aucune situation de la circonscription ne porte la référence « %(reference)s ».",
                code="unknown_case",
                params={"reference": reference},
            )
        return case


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
        self.fields["case"] = CaseReferenceField(
            label="Référence de la situation suivie dans le portail (facultatif)",
            cases=cases,
            required=False,
            help_text=(
                "Par exemple « S-2026-0042 » : la référence figure sur la page de la situation. "
                "Laissez vide pour une situation non suivie dans le portail. Si vous l'indiquez, "
                "les prénoms de ses élèves sont retirés des textes de la réunion."
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
