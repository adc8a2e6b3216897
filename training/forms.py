"""Forms of « Former »: sessions, team enrolment, meetings, requests, ambassadors, pôle days."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from directory.forms_base import BaseForm, BaseModelForm, build_form_helper
from directory.models import DISTRICT_ROLES, Partner, Role, RoleAssignment, StaffFunction
from training.models import (
    AgendaItem,
    Ambassador,
    Cohort,
    CpcRequest,
    Meeting,
    PoleTrainingDay,
    Session,
    TrainingKind,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
AUDIENCE_ROLES = [(r.value, r.label) for r in Role if r not in (Role.ADMIN,)]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


def district_staff(district):
    """The district's staff: its team and the staff of its schools."""
    assignments = RoleAssignment.objects.active().filter(
        Q(role__in=DISTRICT_ROLES, district=district)
        | Q(role__in=[Role.DIRECTOR, Role.TEACHER], school__district=district)
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=assignments.values("user"))
        .order_by("last_name", "first_name")
    )


def school_staff(school):
    assignments = RoleAssignment.objects.active().filter(
        role__in=[Role.DIRECTOR, Role.TEACHER], school=school
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=assignments.values("user"))
        .order_by("last_name", "first_name")
    )


class SessionForm(BaseModelForm):
    audience_roles = forms.MultipleChoiceField(
        label="Rôles concernés",
        choices=AUDIENCE_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun coché : tous les personnels (pas les parents).",
    )
    audience_functions = forms.MultipleChoiceField(
        label="Fonctions concernées",
        choices=StaffFunction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune cochée : toutes les fonctions. Par exemple « PES » pour les stagiaires.",
    )

    class Meta:
        model = Session
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "video_url",
            "capacity",
            "audience_roles",
            "audience_functions",
            "trainers",
            "partner_trainers",
            "hours",
            "budget",
            "is_cancelled",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, district, submit_label: str = "Enregistrer", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = TrainingKind.objects.all()
        self.fields["kind"].empty_label = "Sélectionner un type"
        self.fields["trainers"] = PeopleChoiceField(
            label="Formateur·rices (personnels)",
            queryset=district_staff(district),
            required=False,
            help_text="Ils et elles peuvent saisir l'émargement.",
        )
        self.fields["partner_trainers"].queryset = Partner.objects.filter(
            Q(district=district) | Q(district__isnull=True), is_active=True
        )
        self.fields["partner_trainers"].required = False
        self.helper = build_form_helper(
            submit_label,
            layout=Layout(
                Fieldset("La formation", "kind", "title", "description"),
                Fieldset("Date et lieu", "starts_at", "ends_at", "place", "video_url"),
                Fieldset("Public", "capacity", "audience_roles", "audience_functions"),
                Fieldset("Intervenants", "trainers", "partner_trainers"),
                Fieldset("Heures", "hours", "budget"),
                "is_cancelled",
            ),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", "La fin de la session doit suivre son début.")
        if not data.get("place") and not data.get("video_url"):
            self.add_error("place", "Indiquez un lieu ou un lien de visioconférence.")
        return data


class TeamEnrolForm(BaseForm):
    people = PeopleChoiceField(
        label="Membres de l'équipe à inscrire",
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = staff
        self.helper = build_form_helper("Inscrire")


class CompletionForm(BaseForm):
    completed_on = forms.DateField(label="Parcours terminé le", widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Déclarer le parcours terminé")


class MeetingForm(BaseModelForm):
    attendees = PeopleChoiceField(
        label="Présents",
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Meeting
        fields = ["kind", "school", "held_on", "place", "hours", "cpc", "notes"]
        widgets = {"held_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, district, schools, people, cpcs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school"].empty_label = "Aucune (réunion de directeur·rices)"
        self.fields["attendees"].queryset = people
        self.fields["cpc"] = PersonChoiceField(
            label="Conseiller·ère pédagogique présent·e", queryset=cpcs, required=False
        )
        self.helper = build_form_helper(
            "Enregistrer la réunion",
            layout=Layout(
                Fieldset("La réunion", "kind", "school", "held_on", "place", "hours", "cpc"),
                "attendees",
                "notes",
            ),
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == "conseil" and not data.get("school"):
            self.add_error("school", "Un conseil des maîtres a lieu dans une école.")
        if data.get("kind") == "directeurs" and data.get("school"):
            self.add_error("school", "Une réunion de directeur·rices ne désigne aucune école.")
        return data


class AgendaItemForm(BaseModelForm):
    class Meta:
        model = AgendaItem
        fields = ["topic", "title", "link"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Ajouter le point")

    def clean_link(self):
        link = self.cleaned_data.get("link", "").strip()
        unsafe = "\\" in link or any(not ch.isprintable() or ch.isspace() for ch in link)
        if link and (not link.startswith("/") or link.startswith("//") or unsafe):
            raise ValidationError("Le lien doit être une adresse du portail, commençant par « / ».")
        return link


class DocumentForm(BaseForm):
    file = forms.FileField(label="Document (PDF, PNG ou JPEG)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Déposer le document")
        self.helper.form_enctype = "multipart/form-data"


class CpcRequestForm(BaseModelForm):
    class Meta:
        model = CpcRequest
        fields = ["wished_period", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Envoyer la demande")


class CpcScheduleForm(BaseModelForm):
    class Meta:
        model = CpcRequest
        fields = ["cpc", "scheduled_on"]
        widgets = {"scheduled_on": DATE_WIDGET}

    def __init__(self, *args, cpcs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cpc"] = PersonChoiceField(label="Conseiller·ère pédagogique", queryset=cpcs)
        self.fields["scheduled_on"].required = True
        self.helper = build_form_helper("Programmer l'accompagnement")


class CohortForm(BaseModelForm):
    class Meta:
        model = Cohort
        fields = [
            "school",
            "programme",
            "members_count",
            "referent",
            "trained_on",
            "training_notes",
            "partner_school",
        ]
        widgets = {"trained_on": DATE_WIDGET}

    def __init__(self, *args, schools, referents, lycees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["referent"] = PersonChoiceField(
            label="Adulte référent·e", queryset=referents, required=False
        )
        self.fields["partner_school"].queryset = lycees
        self.helper = build_form_helper("Enregistrer le groupe")


class AmbassadorForm(BaseModelForm):
    initial = forms.CharField(label="Initiale du nom", max_length=40)

    class Meta:
        model = Ambassador
        fields = ["first_name", "initial", "class_label"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initial"].help_text = "Une lettre : l'initiale du nom, jamais le nom entier."
        self.helper = build_form_helper("Ajouter l'élève")

    def clean_initial(self):
        initial = self.cleaned_data["initial"].strip().rstrip(".")
        if len(initial) != 1 or not initial.isalpha():
            raise ValidationError("Indiquez une seule lettre, l'initiale du nom.")
        return initial.upper()


class PoleDayForm(BaseModelForm):
    class Meta:
        model = PoleTrainingDay
        fields = ["user", "day", "days", "label"]
        widgets = {"day": DATE_WIDGET}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"] = PersonChoiceField(label="Membre du pôle", queryset=members)
        self.helper = build_form_helper("Ajouter la journée")
