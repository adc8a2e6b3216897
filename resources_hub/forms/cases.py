"""Forms of the case file. None of them takes the school, the case, the status or the version
from what it saves: the URL and the scope decide those, and the version only guards the save."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from directory.forms_base import BaseForm, BaseModelForm, build_form_helper
from resources_hub.forms.case_fields import (
    CLOSING_SENTENCE,
    EVENT_KINDS,
    LABEL_HELP,
    NO_HEALTH_DETAIL,
    AdultChoiceField,
    ClassroomChoiceField,
    IdempotentFormMixin,
    PartyChoiceField,
    check_no_pupil_name,
    date_widget,
    not_in_future,
    validate_pupil_label,
)
from resources_hub.models import (
    Case,
    CaseEvent,
    CaseParty,
    CaseStatus,
    PartyRole,
    PikasSession,
)
from resources_hub.services.cases import CHECKLIST_FIELDS


class CaseCreateForm(IdempotentFormMixin, BaseModelForm):
    """A new situation, with its first pupil (optional). The school is chosen among the user's
    schools, or fixed (one school only, or the school of the report it comes from)."""

    school = forms.ModelChoiceField(label="École", queryset=None, empty_label="Choisir une école")
    party_label = forms.CharField(
        label="Prénom et initiale",
        max_length=40,
        required=False,
        help_text=LABEL_HELP,
        validators=[validate_pupil_label],
    )
    party_role = forms.ChoiceField(
        label="Son rôle dans la situation",
        choices=[("", "Choisir un rôle"), *PartyRole.choices],
        required=False,
    )
    party_classroom = ClassroomChoiceField(
        label="Sa classe", queryset=None, required=False, empty_label="Choisir une classe"
    )
    party_class_label = forms.CharField(
        label="Sa classe (texte libre)",
        max_length=40,
        required=False,
        help_text="Par exemple « CM1 » ou « CE2-CM1 de Mme D. »",
    )

    class Meta:
        model = Case
        fields = ["title", "category", "faits_level", "facts_started_on", "reported_on", "summary"]
        widgets = {"facts_started_on": date_widget(), "reported_on": date_widget()}
        help_texts = {
            "title": "Sans nom ni prénom d'élève : par exemple « Mise à l'écart en cour, CM1 ».",
            "summary": "Les faits rapportés, sans détail médical ou psychologique.",
        }

    def __init__(self, *args, schools, fixed_school=None, classrooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_school = fixed_school
        if fixed_school is not None:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = schools
        if classrooms is None:
            del self.fields["party_classroom"]
        else:
            self.fields["party_classroom"].queryset = classrooms
        if not self.is_bound:
            self.initial.setdefault("reported_on", timezone.localdate())
        present = [name for name in self.PARTY_FIELDS if name in self.fields]
        situation = [name for name in ("school", *self.Meta.fields) if name in self.fields]
        self.helper = build_form_helper(
            "Ouvrir la situation",
            layout=Layout(
                Fieldset("La situation", *situation),
                Fieldset("Premier·e élève concerné·e (facultatif)", *present),
                "idempotency_key",
            ),
        )

    PARTY_FIELDS = ("party_label", "party_role", "party_classroom", "party_class_label")

    def clean_reported_on(self):
        value = self.cleaned_data["reported_on"]
        not_in_future(value)
        return value

    def clean(self):
        data = super().clean()
        label = data.get("party_label")
        if label and not data.get("party_role"):
            self.add_error("party_role", "Indiquez le rôle de cet·te élève dans la situation.")
        if data.get("party_role") and not label:
            self.add_error("party_label", "Indiquez le prénom et l'initiale de l'élève.")
        if label and data.get("title"):
            try:
                check_no_pupil_name(data["title"], [label])
            except ValidationError as error:
                self.add_error("title", error)
        started, reported = data.get("facts_started_on"), data.get("reported_on")
        if started and reported and started > reported:
            self.add_error("facts_started_on", "Le début des faits précède le signalement.")
        school, classroom = self.chosen_school(), data.get("party_classroom")
        if classroom and school and classroom.school_id != school.pk:
            self.add_error("party_classroom", "Cette classe n'est pas une classe de cette école.")
        return data

    def chosen_school(self):
        return self.fixed_school or self.cleaned_data.get("school")

    def case_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def parties(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("party_label"):
            return []
        return [
            {
                "label": data["party_label"],
                "role": data["party_role"],
                "classroom": data.get("party_classroom"),
                "class_label": data.get("party_class_label", ""),
            }
        ]


class CaseEditForm(BaseModelForm):
    """The case's description, next review and dated checklist, saved with optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Case
        fields = [
            "title",
            "category",
            "faits_level",
            "facts_started_on",
            "next_review_on",
            "summary",
            *CHECKLIST_FIELDS,
        ]
        widgets = {
            name: date_widget()
            for name in ("facts_started_on", "next_review_on", *CHECKLIST_FIELDS)
        }
        help_texts = {
            "title": "Sans nom ni prénom d'élève.",
            "summary": "Les faits, sans détail médical ou psychologique.",
            "next_review_on": "Passée cette date, la situation est signalée « en retard ».",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].label = "Version de la page"
        self.fields["version"].error_messages["required"] = (
            "La page est incomplète : rechargez-la avant d'enregistrer."
        )
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        self.helper = build_form_helper(
            "Enregistrer",
            layout=Layout(
                Fieldset(
                    "La situation",
                    "title",
                    "category",
                    "faits_level",
                    "facts_started_on",
                    "next_review_on",
                    "summary",
                ),
                Fieldset("Démarches : dates auxquelles elles ont été faites", *CHECKLIST_FIELDS),
                "version",
            ),
        )
        self._labels = list(self.instance.parties.values_list("label", flat=True))

    def clean_title(self):
        title = self.cleaned_data["title"]
        check_no_pupil_name(title, self._labels)
        return title

    def clean(self):
        data = super().clean()
        for name in CHECKLIST_FIELDS:
            try:
                not_in_future(data.get(name), "Une démarche faite ne peut pas être datée du futur.")
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def _post_clean(self):
        """Validate like a model form but leave the instance untouched: the service saves."""


# --- The workflow ---


class TransitionForm(BaseForm):
    to_status = forms.ChoiceField(label="Nouvelle étape", choices=CaseStatus.choices)
    comment = forms.CharField(label="Commentaire (facultatif)", max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm_stopped = forms.BooleanField(label=CLOSING_SENTENCE, required=False)
    justification = forms.CharField(
        label="Justification de la clôture (si une démarche manque)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire quand l'IEN n'a pas été informé·e, que la famille de l'élève "
        "cible n'a pas été reçue ou qu'aucun·e intervenant·e ne suit la situation.",
    )

    def clean(self):
        data = super().clean()
        if data.get("to_status") == CaseStatus.CLOSED and not data.get("confirm_stopped"):
            raise ValidationError(
                f"Pour clore la situation, cochez « {CLOSING_SENTENCE} » : on ne clôt qu'une "
                "fois que l'élève cible confirme que cela a cessé."
            )
        if data.get("to_status") == CaseStatus.NOT_BULLYING and not data.get("comment"):
            raise ValidationError(
                "Indiquez en commentaire pourquoi les faits ne relèvent pas du harcèlement "
                "(répétition, déséquilibre, isolement)."
            )
        return data


# --- The chronology, pupils, préoccupation partagée ---


class CaseEventForm(IdempotentFormMixin, BaseModelForm):
    kind = forms.ChoiceField(label="Type", choices=EVENT_KINDS)

    class Meta:
        model = CaseEvent
        fields = ["kind", "occurred_on", "party", "title", "body"]
        field_classes = {"party": PartyChoiceField}
        widgets = {"occurred_on": date_widget(), "body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": "Par exemple « Entretien avec l'élève cible » ou « Rendez-vous avec la "
            "famille ».",
            "body": "Les faits, paroles rapportées et décisions. " + NO_HEALTH_DETAIL,
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = case.parties.all()
        self.fields["party"].empty_label = "Aucun·e en particulier"
        if not self.is_bound:
            self.initial.setdefault("occurred_on", timezone.localdate())

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        not_in_future(value, "La chronologie retrace ce qui a eu lieu : pas de date future.")
        return value

    def event_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CasePartyForm(IdempotentFormMixin, BaseModelForm):
    class Meta:
        model = CaseParty
        fields = ["label", "role", "classroom", "class_label", "protective_measures"]
        field_classes = {"classroom": ClassroomChoiceField}
        widgets = {"protective_measures": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "label": LABEL_HELP,
            "class_label": "Si l'élève n'est pas dans une classe de l'école listée ci-dessus.",
            "protective_measures": "Par exemple : adulte référent nommé, vigilance renforcée "
            "en cour et à la cantine. " + NO_HEALTH_DETAIL,
        }

    def __init__(self, *args, classrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].validators.append(validate_pupil_label)
        self.fields["classroom"].queryset = classrooms
        self.fields["classroom"].empty_label = "Choisir une classe"

    def clean(self):
        data = super().clean()
        if not data.get("classroom") and not data.get("class_label"):
            self.add_error("classroom", "Choisissez la classe de l'élève ou saisissez-la.")
        return data

    def party_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PikasSessionForm(IdempotentFormMixin, BaseModelForm):
    class Meta:
        model = PikasSession
        fields = [
            "party",
            "held_on",
            "kind",
            "led_by_user",
            "led_by",
            "outcome",
            "proposal",
            "notes",
            "next_on",
        ]
        field_classes = {"party": PartyChoiceField, "led_by_user": AdultChoiceField}
        widgets = {
            "held_on": date_widget(),
            "next_on": date_widget(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "led_by": "L'adulte de l'équipe qui a mené l'entretien.",
            "proposal": "Ce que l'élève propose de faire pour que la situation s'améliore.",
            "notes": "Quelques lignes. " + NO_HEALTH_DETAIL,
            "next_on": "Souvent dans les 15 jours.",
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = case.parties.all()
        self.fields["party"].empty_label = "Choisir un·e élève"
        team = case.mpp_team.all()
        self.fields["led_by_user"].queryset = team
        self.fields["led_by_user"].empty_label = "Choisir dans l'équipe"
        self.fields[
            "led_by_user"
        ].help_text = "L'adulte de l'équipe de la préoccupation partagée qui a mené l'entretien."
        if team.exists():
            self.fields["led_by"].required = False
            self.fields["led_by"].label = "Mené par (si ce n'est pas un·e adulte de l'équipe)"
        else:
            del self.fields["led_by_user"]
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        held, next_on = data.get("held_on"), data.get("next_on")
        if held:
            try:
                not_in_future(held, "Enregistrez l'entretien une fois qu'il a eu lieu.")
            except ValidationError as error:
                self.add_error("held_on", error)
        if held and next_on and next_on <= held:
            self.add_error("next_on", "Le prochain entretien vient après celui-ci.")
        if not data.get("led_by") and not data.get("led_by_user"):
            self.add_error("led_by", "Indiquez l'adulte qui a mené l'entretien.")
        return data

    def session_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        if data.get("led_by_user") and not data.get("led_by"):
            data["led_by"] = data["led_by_user"].display_name
        return data


# --- Handlers and attachments ---


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        if getattr(obj, "is_pole", False):
            team = "pôle ressources"
        elif getattr(obj, "is_teacher", False):
            team = "enseignant·e de l'école"
        else:
            team = "direction de l'école"
        return f"{obj.display_name} — {team}"


class HandlerAddForm(BaseForm):
    user = HandlerChoiceField(
        label="Personne à ajouter", queryset=None, empty_label="Choisir une personne"
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates


class HandlerRemoveForm(BaseForm):
    remove = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].queryset = case.handlers.all()


class AttachmentForm(IdempotentFormMixin, BaseForm):
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, PNG ou JPEG. Les photos sont enregistrées sans leurs métadonnées "
        "(lieu, appareil). Pas de document médical ou psychologique.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
        error_messages={
            "required": "Choisissez un fichier.",
            "empty": "Ce fichier est vide.",
            "invalid": "Aucun fichier reçu : choisissez-le à nouveau.",
        },
    )
    description = forms.CharField(
        label="Description (facultatif)",
        max_length=200,
        required=False,
        help_text="Par exemple « Capture des messages reçus ». Sans nom d'élève.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.HZ_ATTACHMENT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"Ce fichier pèse {upload.size / (1024 * 1024):.1f} Mo : la taille maximale est "
                f"de {limit // (1024 * 1024)} Mo."
            )
        return upload
