"""The shared partner directory."""

from django.db import models

from directory.models.base import ScopedQuerySet, TimeStamped
from directory.models.schools import District


class PartnerKind(models.TextChoices):
    OCCE = "occe", "OCCE (coopération scolaire)"
    CAAEE = "caaee", "CAAEE (cellule académique)"
    POLICE = "police", "Policier·ère ou gendarme chargé·e de prévention"
    PARENTS_ASSOCIATION = "parents", "Association de parents d'élèves"
    PERISCOLAIRE = "periscolaire", "Service périscolaire de la commune"
    ASSOCIATION = "association", "Association"
    INSTITUTION = "institution", "Institution ou service public"
    OTHER = "other", "Autre partenaire"


class Partner(TimeStamped):
    """An organisation the four axes work with (collèges and lycées are schools, not partners).

    Shared by every app: prevention actions, trainings (trainers) and outreach (events, réserve
    citoyenne) point here. ``district`` empty means a département- or académie-wide partner.
    """

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=PartnerKind.choices)
    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
    )
    contact_name = models.CharField("contact", max_length=150, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.URLField("site", blank=True)
    description = models.TextField("description", max_length=2000, blank=True)
    is_active = models.BooleanField("actif", default=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="partner_unique_name_per_district"
            )
        ]

    def __str__(self) -> str:
        return self.name
