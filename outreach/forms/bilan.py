"""The director's part of the yearly bilan, with the version the page was loaded from."""

from crispy_forms.layout import Submit
from django import forms

from directory.forms_base import BaseModelForm, build_form_helper
from outreach.models import SchoolBilan

REQUIRED_TO_SIGN = ("assessment", "needs")


class SchoolBilanForm(BaseModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = SchoolBilan
        fields = ["assessment", "successes", "needs"]
        widgets = {
            "assessment": forms.Textarea(attrs={"rows": 8}),
            "successes": forms.Textarea(attrs={"rows": 5}),
            "needs": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "assessment": "Votre regard sur l'année : climat, actions, partenaires. Sans nom "
            "d'élève ni détail sur une situation.",
            "needs": "Formations, interventions, ressources souhaitées pour l'an prochain.",
        }

    def __init__(self, *args, signing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.signing = signing
        self.helper = build_form_helper("Enregistrer le brouillon")
        self.helper.add_input(
            Submit("sign", "Signer et transmettre", css_class="fr-btn--secondary")
        )

    def clean(self):
        cleaned = super().clean()
        if self.signing:
            for name in REQUIRED_TO_SIGN:
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, "Renseignez cette partie avant de signer le bilan.")
        return cleaned
