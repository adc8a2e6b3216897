"""The director's yearly school bilan: figures from the portal (counts), the director's own
assessment and next year's needs; one per school and year, locked once signed."""

from django.conf import settings
from django.db import models

from directory.models import SavedVersion, ScopedQuerySet, TimeStamped


class SchoolBilan(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        SIGNED = "signed", "Signé et transmis"

    school = models.ForeignKey(
        "directory.School",
        verbose_name="école",
        on_delete=models.CASCADE,
        related_name="yearly_bilans",
    )
    year = models.ForeignKey(
        "directory.SchoolYear",
        verbose_name="année scolaire",
        on_delete=models.PROTECT,
        related_name="+",
    )
    figures = models.JSONField("chiffres de l'année", default=list, blank=True)
    assessment = models.TextField("bilan de l'équipe", max_length=8000, blank=True)
    successes = models.TextField("ce qui a bien fonctionné", max_length=5000, blank=True)
    needs = models.TextField("besoins pour l'année prochaine", max_length=5000, blank=True)
    status = models.CharField("état", max_length=8, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("version", default=0)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="signé par",
    )
    signed_at = models.DateTimeField("signé le", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "school__district", "school": "school"}

    class Meta:
        verbose_name = "bilan annuel d'école"
        verbose_name_plural = "bilans annuels d'école"
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="outreach_bilan_school_year")
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"Bilan annuel {self.year} — {self.school.name}"

    @property
    def audit_label(self) -> str:
        return str(self)

    @property
    def audit_district_id(self):
        return self.school.district_id

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


class SchoolBilanVersion(SavedVersion):
    """A frozen copy at each save: nothing written is lost."""

    bilan = models.ForeignKey(SchoolBilan, on_delete=models.CASCADE, related_name="versions")
    data = models.JSONField("contenu")

    class Meta(SavedVersion.Meta):
        verbose_name = "version de bilan annuel"
        verbose_name_plural = "versions de bilans annuels"
        constraints = [
            models.UniqueConstraint(fields=["bilan", "number"], name="outreach_bilan_version")
        ]

    def __str__(self) -> str:
        return f"{self.bilan} — version {self.number}"


class YearlyReport(models.Model):
    """A generated yearly report (district, or one school): kept and served again while the
    figures' fingerprint is unchanged."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        RUNNING = "running", "En cours de préparation"
        DONE = "done", "Prêt"
        FAILED = "failed", "Échec"

    district = models.ForeignKey(
        "directory.District",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="circonscription",
    )
    school = models.ForeignKey(
        "directory.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="école",
    )
    year = models.ForeignKey("directory.SchoolYear", on_delete=models.PROTECT, related_name="+")
    fingerprint = models.CharField("empreinte des chiffres", max_length=64)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    pdf = models.BinaryField("PDF", null=True, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district", "school": "school"}

    class Meta:
        verbose_name = "rapport annuel"
        verbose_name_plural = "rapports annuels"
        indexes = [models.Index(fields=["district", "school", "year", "fingerprint"])]

    def __str__(self) -> str:
        where = self.school.name if self.school_id else f"circonscription {self.district.name}"
        return f"Rapport annuel {self.year} — {where}"

    @property
    def audit_label(self) -> str:
        return str(self)

    @property
    def audit_district_id(self):
        return self.district_id
