"""The fiche bilan: how the situation evolved, filled by the director and the mobilised pôle
members; drafts, sign-off, every saved version kept, and optimistic locking against lost updates."""

from django.conf import settings
from django.db import models

from directory.models import SavedVersion, TimeStamped

BILAN_SECTIONS = [
    ("initial_situation", "Situation initiale"),
    ("actions_taken", "Actions menées (entretiens, mesures, préoccupation partagée)"),
    ("evolution", "Évolution de la situation"),
    ("current_state", "Situation actuelle : l'élève cible confirme-t-il que cela a cessé ?"),
    ("next_steps", "Suites et points de vigilance"),
    ("feedback", "Restitution synthétique aux directeurs concernés"),
]


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Résolue"
    IMPROVED = "improved", "Améliorée"
    PERSISTENT = "persistent", "Persistante"
    REDIRECTED = "redirected", "Réorientée"
    ESCALATED = "escalated", "Escaladée"


class RestitutionTo(models.TextChoices):
    SCHOOL = "school", "Direction de l'école"
    OTHER_SCHOOL = "other_school", "Direction d'une autre école"
    COLLEGE = "college", "Collège de secteur (élève de CM2)"


class FicheBilan(TimeStamped):
    """Owned by the pôle: written and signed by the mobilised members, co-signed by the director
    (or the IEN)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        SIGNED = "signed", "Signée par le pôle"
        COSIGNED = "cosigned", "Co-signée"

    case = models.OneToOneField(
        "resources_hub.Case",
        verbose_name="situation",
        on_delete=models.CASCADE,
        related_name="bilan",
    )
    initial_situation = models.TextField("situation initiale", max_length=5000, blank=True)
    actions_taken = models.TextField("actions menées", max_length=5000, blank=True)
    evolution = models.TextField("évolution de la situation", max_length=5000, blank=True)
    current_state = models.TextField("situation actuelle", max_length=5000, blank=True)
    next_steps = models.TextField("suites et points de vigilance", max_length=5000, blank=True)
    feedback = models.TextField(
        "restitution synthétique aux directeurs", max_length=3000, blank=True
    )
    mobilised = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="membres mobilisés", blank=True, related_name="+"
    )
    status = models.CharField("état", max_length=8, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("version", default=0)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="signée par",
    )
    signed_at = models.DateTimeField("signée le", null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="co-signée par",
    )
    cosigned_at = models.DateTimeField("co-signée le", null=True, blank=True)
    pole_requested_on = models.DateField("appui du pôle demandé le", null=True, blank=True)
    pole_requested_by = models.CharField("demandé par", max_length=120, blank=True)
    first_contact_on = models.DateField(
        "premier contact pôle – direction le", null=True, blank=True
    )
    qualification = models.TextField(
        "qualification (répétition, rapport de force, isolement)", max_length=3000, blank=True
    )
    outcome = models.CharField("issue", max_length=12, choices=Outcome.choices, blank=True)
    restitution_on = models.DateField("restitution orale le", null=True, blank=True)
    restitution_by = models.CharField("restitution faite par", max_length=120, blank=True)
    restitution_to = models.JSONField("restitution aux directions", default=list, blank=True)
    restitution_directors = models.CharField(
        "directions destinataires (noms des écoles ou du collège)", max_length=300, blank=True
    )

    class Meta:
        verbose_name = "fiche bilan"
        verbose_name_plural = "fiches bilan"

    def __str__(self) -> str:
        return f"Fiche bilan {self.case.reference} (v{self.version})"

    @property
    def audit_label(self) -> str:
        return f"Fiche bilan {self.case.reference}"

    @property
    def audit_district_id(self):
        return self.case.school.district_id

    def section_values(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in BILAN_SECTIONS]


class FicheBilanMember(models.Model):
    """A mobilised pôle member: profile, dates of intervention, signature."""

    fiche = models.ForeignKey(FicheBilan, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    profile = models.CharField("profil", max_length=80)
    first_on = models.DateField("première intervention", null=True, blank=True)
    last_on = models.DateField("dernière intervention", null=True, blank=True)
    signed_at = models.DateTimeField("signé le", null=True, blank=True)

    class Meta:
        verbose_name = "membre mobilisé·e"
        verbose_name_plural = "membres mobilisé·es"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["fiche", "user"], name="bilan_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.profile}"


class FamilyParticipation(models.TextChoices):
    MET = "met", "Famille reçue, elle participe"
    PARTIAL = "partial", "Famille reçue, participation partielle"
    DECLINED = "declined", "Famille qui n'a pas donné suite"
    NOT_CONTACTED = "not_contacted", "Famille pas encore contactée"


class FicheBilanPupil(models.Model):
    """Measures taken for one pupil and their family's participation."""

    fiche = models.ForeignKey(FicheBilan, on_delete=models.CASCADE, related_name="pupils")
    party = models.ForeignKey("resources_hub.CaseParty", on_delete=models.CASCADE, related_name="+")
    measures = models.TextField("mesures", max_length=2000, blank=True)
    family = models.CharField(
        "participation de la famille",
        max_length=14,
        choices=FamilyParticipation.choices,
        blank=True,
    )

    class Meta:
        verbose_name = "mesures pour un·e élève"
        verbose_name_plural = "mesures par élève"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["fiche", "party"], name="bilan_pupil_unique")
        ]

    def __str__(self) -> str:
        return f"{self.fiche} — {self.party_id}"


class FicheBilanVersion(SavedVersion):
    """A frozen copy of the fiche at each save: nothing said is ever lost."""

    fiche = models.ForeignKey(FicheBilan, on_delete=models.CASCADE, related_name="versions")
    data = models.JSONField("contenu")
    signed = models.BooleanField(default=False)

    class Meta(SavedVersion.Meta):
        verbose_name = "version de fiche bilan"
        verbose_name_plural = "versions de fiches bilan"
        constraints = [
            models.UniqueConstraint(fields=["fiche", "number"], name="bilan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.fiche} — version {self.number}"
