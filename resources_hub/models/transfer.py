"""A case follows its pupil to another school of the district (or the collège de secteur)."""

from django.conf import settings
from django.db import models

from directory.models import School, ScopedQuerySet


class CaseTransfer(models.Model):
    class Kind(models.TextChoices):
        TRANSFER = "transfer", "Transfert de la situation"
        RESTITUTION = "restitution", "Restitution à la direction qui accueille l'élève"

    case = models.ForeignKey(
        "resources_hub.Case", on_delete=models.CASCADE, related_name="transfers"
    )
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    from_school = models.ForeignKey(
        School, verbose_name="école d'origine", on_delete=models.PROTECT, related_name="+"
    )
    to_school = models.ForeignKey(
        School, verbose_name="école d'accueil", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("précision", max_length=500, blank=True)
    # The sending school keeps the fiche bilan it signed: a frozen copy.
    fiche_snapshot = models.JSONField("fiche bilan signée (copie)", null=True, blank=True)
    at = models.DateTimeField("le", auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The copy belongs to the sending school: its director and the district's IEN read it
    # (``transfer.copy_view``), whoever holds the case now.
    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "from_school__district", "school": "from_school"}

    class Meta:
        verbose_name = "changement d'école"
        verbose_name_plural = "changements d'école"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.from_school} → {self.to_school}"

    @property
    def audit_label(self) -> str:
        return f"Copie de fiche bilan transmise n° {self.pk}"

    @property
    def audit_district_id(self):
        return self.from_school.district_id
