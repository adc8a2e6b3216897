"""Forms of the contest « Non au harcèlement »."""

from django import forms

from directory.forms_base import BaseForm, BaseModelForm, build_form_helper
from directory.models import Classroom
from prevention.models import ContestEdition, Entry

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_INVALID = {"invalid": "Saisissez une date valide (jj/mm/aaaa)."}


class EditionForm(BaseModelForm):
    class Meta:
        model = ContestEdition
        fields = ["title", "local_date", "entry_deadline", "national_deadline", "rules"]
        widgets = {
            "local_date": _DATE,
            "entry_deadline": _DATE,
            "national_deadline": _DATE,
            "rules": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"rules": "Laissez vide pour reprendre le règlement national."}
        error_messages = {
            "title": {"required": "Donnez un titre à l'édition."},
            "local_date": {"required": "Indiquez la date du concours local.", **_INVALID},
            "entry_deadline": {"required": "Indiquez la date limite de dépôt.", **_INVALID},
            "national_deadline": _INVALID,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Créer l'édition")


class CeremonyForm(BaseModelForm):
    class Meta:
        model = ContestEdition
        fields = ["ceremony_on", "ceremony_place", "ceremony_partner"]
        widgets = {"ceremony_on": _DATE}
        error_messages = {"ceremony_on": _INVALID}

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ceremony_partner"].queryset = partners
        self.helper = build_form_helper("Enregistrer la remise des prix")


class EntryForm(BaseModelForm):
    upload = forms.FileField(
        label="Fichier de la production",
        help_text="Affiche : PDF, PNG ou JPEG. Vidéo : MP4 de 2 minutes au plus. Le type est "
        "vérifié d'après le contenu.",
        error_messages={"required": "Choisissez le fichier.", "empty": "Le fichier est vide."},
    )

    class Meta:
        model = Entry
        fields = [
            "category",
            "classroom",
            "title",
            "pitch",
            "helpline_message",
            "consents_recorded",
            "show_in_gallery",
        ]
        widgets = {"pitch": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "helpline_message": "Par exemple : « Harcèlement : appelle le 3018 ».",
            "pitch": "Le projet de prévention que la classe porte dans l'école. Aucun nom d'élève.",
        }
        error_messages = {
            "category": {"required": "Choisissez la catégorie."},
            "classroom": {"required": "Choisissez la classe."},
            "title": {"required": "Donnez un titre à la production."},
            "pitch": {"required": "Présentez le projet de la classe."},
        }

    def __init__(self, *args, edition, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = edition.categories.all()
        self.fields["classroom"].queryset = (
            Classroom.objects.filter(school__in=schools).select_related("school").order_by("name")
        )
        self.fields["classroom"].label_from_instance = lambda c: f"{c.name} — {c.school.name}"
        self.helper = build_form_helper("Inscrire la production")


class ScoreForm(BaseForm):
    def __init__(self, *args, criteria, initial_scores: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (coefficient {criterion.weight})",
                choices=[("", "—")] + [(str(n), f"{n} sur 5") for n in range(6)],
                coerce=int,
                required=False,
                initial=initial_scores.get(criterion.pk),
            )
        self.criteria = criteria
        self.helper = build_form_helper("Enregistrer mes notes")

    def values(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"c{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"c{c.pk}") not in (None, "")
        }


class ResultForm(BaseModelForm):
    class Meta:
        model = Entry
        fields = ["is_winner", "sent_onward", "onward_result"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Enregistrer le résultat")
