"""Prevention plans (the district's and each school's) and the crisis protocol, versioned."""

from django.conf import settings
from django.db import models

from directory.models import District, SavedVersion, School, ScopedQuerySet, TimeStamped


class PreventionPlan(TimeStamped):
    """The district plan (no school) applies to every school; a school may add its own."""

    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        on_delete=models.CASCADE,
        related_name="prevention_plans",
    )
    school = models.ForeignKey(
        School,
        verbose_name="école",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="prevention_plans",
    )
    year_label = models.CharField("année scolaire", max_length=9)
    title = models.CharField("titre", max_length=200)
    content = models.TextField("contenu du plan", max_length=20000)
    referral_in_rules = models.BooleanField(
        "modes de saisine mentionnés dans le règlement intérieur", default=False
    )
    presented_at_council_on = models.DateField(
        "présenté au premier conseil d'école le", null=True, blank=True
    )
    pikas_presented_on = models.DateField(
        "protocole PIKAS présenté en réunion de directeurs le", null=True, blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district", "school": "school"}

    class Meta:
        verbose_name = "plan de prévention"
        verbose_name_plural = "plans de prévention"
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "school", "year_label"], name="plan_unique_per_year"
            ),
            models.UniqueConstraint(
                fields=["district", "year_label"],
                condition=models.Q(school__isnull=True),
                name="district_plan_unique_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_label})"


class CrisisProtocol(TimeStamped):
    """The district's protocol for a pupil in crisis: one current text, every version kept."""

    district = models.OneToOneField(
        District,
        verbose_name="circonscription",
        on_delete=models.CASCADE,
        related_name="crisis_protocol",
    )
    title = models.CharField("titre", max_length=200)
    content = models.TextField("protocole", max_length=20000)
    version = models.PositiveIntegerField("version", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "protocole de crise"
        verbose_name_plural = "protocoles de crise"

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class CrisisProtocolVersion(SavedVersion):
    protocol = models.ForeignKey(CrisisProtocol, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField("titre", max_length=200)
    content = models.TextField("protocole", max_length=20000)

    class Meta(SavedVersion.Meta):
        verbose_name = "version du protocole de crise"
        verbose_name_plural = "versions du protocole de crise"
        constraints = [
            models.UniqueConstraint(fields=["protocol", "number"], name="protocol_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.protocol.title} — version {self.number}"
