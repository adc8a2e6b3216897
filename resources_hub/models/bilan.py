"""The fiche bilan: how the situation evolved, filled by the director and the mobilised pôle
members; drafts, sign-off, every saved version kept, and optimistic locking against lost updates."""

from django.conf import settings
from django.db import models

from directory.models import TimeStamped

BILAN_SECTIONS = [
    ("initial_situation", "Situation initiale"),
    ("actions_taken", "Actions menées (entretiens, mesures, préoccupation partagée)"),
    ("evolution", "Évolution de la situation"),
    ("current_state", "Situation actuelle : l'élève cible confirme-t-il que cela a cessé ?"),
    ("next_steps", "Suites et points de vigilance"),
    ("feedback", "Restitution synthétique aux directeurs concernés"),
]


class FicheBilan(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        SIGNED = "signed", "Signée"

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


class FicheBilanVersion(models.Model):
    """A frozen copy of the fiche at each save: nothing said is ever lost."""

    fiche = models.ForeignKey(FicheBilan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    data = models.JSONField("contenu")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    signed = models.BooleanField(default=False)

    class Meta:
        verbose_name = "version de fiche bilan"
        verbose_name_plural = "versions de fiches bilan"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["fiche", "number"], name="bilan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.fiche} — version {self.number}"
