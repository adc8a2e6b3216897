"""Forms of the reports area: an adult's report, the inbox filters, the school's reply, and the
pupils' public forms (the report in a child's words, the receipt code, the thread)."""

import re
import time
import uuid

import django_filters
from crispy_forms.layout import HTML, Div, Field, Fieldset, Hidden, Layout
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory.forms_base import BaseForm, BaseModelForm, build_form_helper
from directory.models import School
from directory.permissions import ALL, DISTRICT, grants
from resources_hub.models import Place, Report, ReportSource, ReportStatus, WeakSignal

NO_NAME_HELP = (
    "Prénom et initiale du nom seulement (par exemple « Léa M. »), jamais le nom complet. "
    "Aucun détail médical ou psychologique."
)
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# --- Shared pieces ---


def _initial_only(value: str, message: str) -> None:
    """« Léa », « Léa M. » or « L. M. » pass; « Léa Martin » does not."""
    words = value.split()
    if any(not re.fullmatch(r"\w\.?", word) for word in words[1:]):
        raise ValidationError(message)


def validate_pupil_label(value: str) -> None:
    _initial_only(
        value, "Indiquez seulement le prénom et l'initiale du nom, par exemple « Léa M. »."
    )


def validate_pupil_own_name(value: str) -> None:
    _initial_only(
        value,
        "Écris seulement ton prénom, et si tu veux la première lettre de ton nom "
        "(par exemple « Léa M. »).",
    )


class IdempotencyKeyField(forms.UUIDField):
    """A hidden key drawn when the form is shown: a double-clicked submit creates one record."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Clé d'envoi")
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Le formulaire a expiré : rechargez la page puis envoyez-le à nouveau.",
                "invalid": "Le formulaire a expiré : rechargez la page puis envoyez-le à nouveau.",
            },
        )
        super().__init__(**kwargs)


def _with_new_key(form: forms.Form, name: str = "idempotency_key") -> None:
    if not form.is_bound:
        form.initial.setdefault(name, uuid.uuid4())


# --- Adults: the report, the inbox filters, the reply to a pupil ---


# What a director may record as the origin of a report they enter for someone else (DOMAIN.md).
RELAY_CHOICES = [
    ("", "Je l'ai constaté, ou on me l'a dit directement"),
    (ReportSource.REFERENT_3018, ReportSource.REFERENT_3018.label),
    (ReportSource.PERISCOLAIRE, ReportSource.PERISCOLAIRE.label),
    (ReportSource.MAILBOX, ReportSource.MAILBOX.label),
]


class ReportForm(BaseModelForm):
    """A report by a director, a teacher or a parent. The school comes from the user's roles
    (a choice among their own schools when they have several), never from a free POST value."""

    school = forms.ModelChoiceField(
        label="École",
        queryset=School.objects.none(),
        empty_label="Sélectionner une école",
        error_messages={
            "required": "Choisissez l'école concernée.",
            "invalid_choice": "Choisissez une de vos écoles.",
        },
    )
    places = forms.MultipleChoiceField(
        label="Où cela se passe-t-il ?",
        choices=Place.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Les lieux de vie de l'enfant : cochez tout ce qui s'applique.",
    )
    signals = forms.MultipleChoiceField(
        label="Signaux faibles observés",
        choices=WeakSignal.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Ce que vous avez pu remarquer, même sans confidence de l'enfant.",
    )
    idempotency_key = IdempotencyKeyField()

    class Meta:
        model = Report
        fields = ["description", "places", "signals", "pupil_label", "class_label"]
        labels = {
            "description": "Ce qui se passe",
            "pupil_label": "Élève concerné·e",
            "class_label": "Classe",
        }
        help_texts = {
            "description": (
                "Les faits tels que vous les connaissez : ce qui est dit ou fait, depuis quand, "
                "qui en a parlé. Aucun nom complet, aucun détail médical ou psychologique."
            ),
            "pupil_label": NO_NAME_HELP,
            "class_label": "Par exemple « CM1 A ».",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "description": {"required": "Décrivez ce qui se passe."},
        }

    def __init__(self, *args, schools, can_relay: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _with_new_key(self)
        self.fields["pupil_label"].validators.append(validate_pupil_label)
        if can_relay:
            self.fields["relayed_source"] = forms.ChoiceField(
                label="D'où vient ce signalement ?",
                choices=RELAY_CHOICES,
                required=False,
                initial="",
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choisissez une des origines proposées."},
            )
        if len(schools) > 1:
            self.fields["school"].queryset = School.objects.filter(
                pk__in=[s.pk for s in schools]
            ).order_by("name")
        else:
            del self.fields["school"]
        self.implied_school = schools[0] if len(schools) == 1 else None
        self.helper = build_form_helper("Envoyer le signalement")

    def chosen_school(self) -> School:
        return self.cleaned_data.get("school") or self.implied_school

    def relayed_source(self) -> str:
        """The origin a director records for a report they pass on (empty: their own)."""
        return self.cleaned_data.get("relayed_source", "")

    def report_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def spans_several_schools(user, perm: str) -> bool:
    """Whether ``perm`` reaches a whole district (or more) for this user, not one school."""
    return any(scope in (DISTRICT, ALL) for _, scope in grants(user, perm))


AWAITING = "reponse_attendue"
AWAITING_LABEL = "Messages d'élèves ou de parents qui attendent votre réponse"


class ReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="État", choices=ReportStatus.choices, empty_label="Tous"
    )
    source = django_filters.ChoiceFilter(
        label="Origine", choices=ReportSource.choices, empty_label="Toutes"
    )
    school = django_filters.ModelChoiceFilter(
        label="École", queryset=School.objects.none(), empty_label="Toutes"
    )
    since = django_filters.DateFilter(
        label="Reçu depuis le", field_name="created_at", lookup_expr="date__gte", widget=DATE_WIDGET
    )
    until = django_filters.DateFilter(
        label="Reçu jusqu'au", field_name="created_at", lookup_expr="date__lte", widget=DATE_WIDGET
    )

    # The home page's « messages attendent votre réponse » links here (same definition).
    a_traiter = django_filters.ChoiceFilter(
        label="À traiter",
        choices=[(AWAITING, AWAITING_LABEL)],
        empty_label="Tout",
        method="filter_todo",
    )

    class Meta:
        model = Report
        fields = ["status", "source", "school", "since", "until", "a_traiter"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if spans_several_schools(user, "report.manage"):
            self.filters["school"].queryset = School.objects.visible_to(
                user, "report.manage"
            ).order_by("name")
        else:
            del self.filters["school"]

    def filter_todo(self, queryset, name, value):
        """``queryset`` carries ``last_author`` (``selectors.with_last_author``)."""
        from resources_hub.selectors import awaiting_answer_q

        return queryset.filter(awaiting_answer_q()) if value == AWAITING else queryset

    def active_todo(self) -> dict | None:
        """The « à traiter » filter in force, with its label and the link removing it."""
        if not self.form.is_valid() or not self.form.cleaned_data.get("a_traiter"):
            return None
        rest = self.data.copy()
        for name in ("a_traiter", "page"):
            rest.pop(name, None)
        query = rest.urlencode()
        url = reverse("resources_hub:report-list")
        return {"label": AWAITING_LABEL, "remove_url": f"{url}?{query}" if query else url}


class ReportReplyForm(BaseForm):
    body = forms.CharField(
        label="Votre réponse à l'élève",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "L'élève la lira avec son code de suivi. Des mots simples ; proposez-lui de venir "
            "parler à un adulte de l'école. Aucun nom d'autre élève."
        ),
        error_messages={"required": "Écrivez votre réponse."},
    )
    idempotency_key = IdempotencyKeyField()

    def __init__(self, *args, action: str = "", to_parent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _with_new_key(self)
        if to_parent:
            self.fields["body"].label = "Votre réponse au parent"
            self.fields["body"].help_text = (
                "Le parent est prévenu et la lit dans le portail. Proposez un rendez-vous si "
                "besoin. Aucun nom d'autre élève."
            )
        self.helper = build_form_helper(
            "Envoyer la réponse",
            layout=Layout("body", "idempotency_key", Hidden("action", "reply")),
            form_action=action,
        )


class ReportAuthorMessageForm(BaseForm):
    """The parent's message to the school in their report's thread."""

    body = forms.CharField(
        label="Votre message à l'école",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un fait nouveau, une question, une demande de rendez-vous. Aucun nom complet.",
        error_messages={"required": "Écrivez votre message."},
    )
    idempotency_key = IdempotencyKeyField()

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        _with_new_key(self)
        self.helper = build_form_helper(
            "Envoyer le message", layout=Layout("body", "idempotency_key"), form_action=action
        )


# --- Pupils (public pages, no account) ---

PUPIL_REQUIRED_NOTICE = "Tu dois répondre quand il y a une étoile *."

PUPIL_PLACES = [
    (Place.CLASSE, "Dans la classe"),
    (Place.COUR, "Dans la cour de récréation"),
    (Place.CANTINE, "À la cantine"),
    (Place.TOILETTES, "Dans les toilettes ou les couloirs"),
    (Place.PERISCOLAIRE, "À la garderie ou au centre de loisirs"),
    (Place.TRAJET, "En arrivant, en partant ou sur le chemin de l'école"),
    (Place.EN_LIGNE, "Sur un téléphone, une tablette, un ordinateur ou un jeu en ligne"),
    (Place.FAMILLE, "À la maison"),
]
ABOUT_SELF = [("oui", "Oui, c'est à moi"), ("non", "Non, c'est à quelqu'un d'autre")]

_TOKEN_SALT = "resources_hub.pupil-form"
TOKEN_MAX_AGE = 2 * 3600


class Token:
    """The hidden « started » field: the form's key and the time it was shown, signed."""

    OK, BOT, EXPIRED = "ok", "bot", "expired"

    @staticmethod
    def new() -> str:
        signer = signing.TimestampSigner(salt=_TOKEN_SALT)
        return signer.sign_object({"key": uuid.uuid4().hex, "at": time.time()})

    @staticmethod
    def read(value: str, *, min_seconds: int) -> tuple[str, str | None]:
        """(state, form key): a missing, forged or too quickly sent token is a bot's."""
        signer = signing.TimestampSigner(salt=_TOKEN_SALT)
        try:
            payload = signer.unsign_object(value or "", max_age=TOKEN_MAX_AGE)
        except signing.SignatureExpired:
            return Token.EXPIRED, None
        except (signing.BadSignature, ValueError, TypeError):
            return Token.BOT, None
        if not isinstance(payload, dict) or not isinstance(payload.get("key"), str):
            return Token.BOT, None
        if time.time() - float(payload.get("at", 0)) < min_seconds:
            return Token.BOT, payload["key"]
        return Token.OK, payload["key"]


class PupilReportForm(BaseForm):
    """The report in a 9-year-old's words. Nothing identifies the child unless they write it."""

    required_notice = PUPIL_REQUIRED_NOTICE

    description = forms.CharField(
        label="Qu'est-ce qui se passe ?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "Raconte avec tes mots : ce qu'on te dit ou ce qu'on te fait, ou ce que tu as vu, "
            "et depuis quand."
        ),
        error_messages={
            "required": "Écris quelques mots pour dire ce qui se passe.",
            "max_length": "Ton message est très long : raccourcis-le un peu.",
        },
    )
    places = forms.MultipleChoiceField(
        label="Où ça se passe ?",
        choices=PUPIL_PLACES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tu peux cocher plusieurs cases.",
        error_messages={"invalid_choice": "Coche seulement les cases de la liste."},
    )
    about_self = forms.ChoiceField(
        label="C'est à toi que ça arrive ?",
        choices=ABOUT_SELF,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choisis « oui » ou « non »."},
    )
    wants_contact = forms.BooleanField(
        label="Je veux qu'un adulte de l'école vienne me parler", required=False
    )
    pupil_label = forms.CharField(
        label="Ton prénom",
        max_length=60,
        required=False,
        validators=[validate_pupil_own_name],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": "Écris seulement ton prénom."},
    )
    class_label = forms.CharField(
        label="Ta classe",
        max_length=40,
        required=False,
        help_text="Par exemple « CM1 » ou « CE2 de Mme Martin ».",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": "Écris seulement le nom de ta classe."},
    )
    # The honeypot: hidden from people (CSS), filled by robots that fill every field.
    nickname_extra = forms.CharField(
        label="Ne remplis pas cette case",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", Token.new())
        self.helper = build_form_helper(
            "Envoyer",
            layout=Layout(
                "description",
                "places",
                "about_self",
                Fieldset(
                    "Tu peux écrire ton prénom et ta classe si tu veux qu'un adulte vienne te voir",
                    HTML(
                        '<p class="fr-hint-text">Ce n\'est pas obligatoire. Seuls le directeur '
                        "ou la directrice et l'équipe qui aide les écoles pourront le lire.</p>"
                    ),
                    "wants_contact",
                    "pupil_label",
                    "class_label",
                ),
                Div(Field("nickname_extra"), css_class="hz-hp", aria_hidden="true"),
                "started",
            ),
        )

    def is_bot(self) -> bool:
        return bool(self.data.get("nickname_extra", "").strip())

    def renew_token(self) -> None:
        """After two hours the form is sent again with a fresh token, what was typed kept."""
        data = self.data.copy()
        data["started"] = Token.new()
        self.data = data

    def report_data(self) -> dict:
        data = self.cleaned_data
        return {
            "description": data["description"],
            "places": data["places"],
            "is_about_self": data["about_self"] == "oui",
            "wants_contact": data["wants_contact"],
            "pupil_label": data["pupil_label"].strip(),
            "class_label": data["class_label"].strip(),
        }


class ReceiptCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Ton code secret")
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "error_messages", {"required": "Écris ton code secret, par exemple « ABCD-EFGH »."}
        )
        super().__init__(**kwargs)


class PupilReceiptForm(BaseForm):
    required_notice = PUPIL_REQUIRED_NOTICE
    code = ReceiptCodeField(
        help_text="Les 8 lettres et chiffres qu'on t'a donnés, par exemple « ABCD-EFGH ».",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Voir mes messages", form_action=action)


class PupilMessageForm(BaseForm):
    """A message added to the thread; the code travels in a hidden field, never in the URL."""

    required_notice = PUPIL_REQUIRED_NOTICE

    code = ReceiptCodeField(widget=forms.HiddenInput)
    body = forms.CharField(
        label="Tu veux ajouter quelque chose ?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Écris ton message avant d'appuyer sur « Envoyer mon message ».",
            "max_length": "Ton message est très long : raccourcis-le un peu.",
        },
    )
    idempotency_key = IdempotencyKeyField()

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        _with_new_key(self)
        self.helper = build_form_helper(
            "Envoyer mon message",
            layout=Layout("body", "code", "idempotency_key"),
            form_action=action,
        )
