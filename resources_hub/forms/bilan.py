"""The fiche bilan form: one fieldset per section, the mobilised members, the loaded version."""

from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from directory.forms_base import BaseModelForm, build_form_helper
from resources_hub.models import FamilyParticipation, FicheBilan, RestitutionTo
from resources_hub.models.bilan import BILAN_SECTIONS

BILAN_FIELDS = [name for name, _ in BILAN_SECTIONS]
NO_MEDICAL_HELP = (
    "Les faits et les actions, sans détail médical ou psychologique. "
    "Les élèves sont désignés par leur prénom et l'initiale de leur nom."
)
FEEDBACK_HELP = (
    "Quelques lignes transmises aux directeurs concernés : ni nom d'élève, ni détail médical "
    "ou psychologique."
)
REQUIRED_TO_SIGN = ("evolution", "current_state", "feedback")
SAVE_LABEL = "Enregistrer le brouillon"
SIGN_LABEL = "Signer la fiche"


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class BilanForm(BaseModelForm):
    """Saving goes through ``services.bilan_save``: ``version`` is the one the page was loaded
    from, so a save on a stale page is refused instead of overwriting someone else's text."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, label="Version chargée")

    class Meta:
        model = FicheBilan
        fields = [
            "pole_requested_on",
            "pole_requested_by",
            "first_contact_on",
            "qualification",
            *BILAN_FIELDS,
            "outcome",
            "restitution_on",
            "restitution_by",
            "restitution_directors",
            "mobilised",
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 5}) for name in BILAN_FIELDS},
            "qualification": forms.Textarea(attrs={"rows": 3}),
            **{
                name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                for name in ("pole_requested_on", "first_contact_on", "restitution_on")
            },
        }

    restitution_to = forms.MultipleChoiceField(
        label="Restitution orale faite à",
        choices=RestitutionTo.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, case, can_sign: bool, signing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.signing = signing
        for name, label in BILAN_SECTIONS:
            self.fields[name].label = label
            self.fields[name].help_text = FEEDBACK_HELP if name == "feedback" else NO_MEDICAL_HELP
        previous = self.instance.mobilised.values("pk") if self.instance.pk else []
        self.fields["mobilised"] = UserChoiceField(
            label="Membres mobilisés",
            help_text="Les intervenant·es de la situation qui ont contribué à ce bilan.",
            queryset=get_user_model()
            .objects.filter(Q(handled_cases__case=case) | Q(pk__in=previous))
            .distinct()
            .order_by("last_name", "first_name"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.party_fields = self._add_pupil_fields(case)
        if not self.is_bound and not self.instance.version:
            from resources_hub.services.bilan import prefill

            for name, value in prefill(self.instance).items():
                self.initial.setdefault(name, value)
        if not self.is_bound:
            self.initial.setdefault("restitution_to", self.instance.restitution_to)
        self.helper = build_form_helper(SAVE_LABEL, layout=self._layout())
        if can_sign:
            self.helper.add_input(Submit("sign", SIGN_LABEL, css_class="fr-btn--secondary"))

    def _add_pupil_fields(self, case) -> list[tuple[object, str, str]]:
        """Per pupil: the measures taken and the family's participation."""
        saved = {p.party_id: p for p in self.instance.pupils.all()} if self.instance.pk else {}
        rows = []
        for party in case.parties.all():
            measures, family = f"measures_{party.pk}", f"family_{party.pk}"
            self.fields[measures] = forms.CharField(
                label=f"Mesures pour {party.label} ({party.get_role_display().lower()})",
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Sans détail médical ou psychologique.",
            )
            self.fields[family] = forms.ChoiceField(
                label=f"Participation de la famille de {party.label}",
                choices=[("", "Non renseignée"), *FamilyParticipation.choices],
                required=False,
            )
            row = saved.get(party.pk)
            self.initial.setdefault(measures, row.measures if row else party.protective_measures)
            self.initial.setdefault(family, row.family if row else "")
            rows.append((party, measures, family))
        return rows

    def pupil_data(self) -> dict:
        return {
            party.pk: (self.cleaned_data.get(m, ""), self.cleaned_data.get(f, ""))
            for party, m, f in self.party_fields
        }

    def _layout(self) -> Layout:
        total = len(BILAN_SECTIONS)
        sections = [
            Fieldset(f"Partie {number} sur {total}", name)
            for number, (name, _) in enumerate(BILAN_SECTIONS, start=1)
        ]
        return Layout(
            Fieldset(
                "Demande et premier contact",
                "pole_requested_on",
                "pole_requested_by",
                "first_contact_on",
                "qualification",
            ),
            *sections,
            Fieldset(
                "Mesures par élève et participation des familles",
                *(name for _, m, f in self.party_fields for name in (m, f)),
            ),
            Fieldset("Issue", "outcome"),
            Fieldset(
                "Restitution orale aux directions",
                "restitution_on",
                "restitution_by",
                "restitution_to",
                "restitution_directors",
            ),
            "mobilised",
            "version",
        )

    def clean(self):
        cleaned = super().clean()
        if self.signing:
            if not cleaned.get("outcome"):
                self.add_error("outcome", "Indiquez l'issue de la situation avant de signer.")
            for name in REQUIRED_TO_SIGN:
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, "Renseignez cette partie avant de signer la fiche.")
        return cleaned
