"""Ambassador programmes: pupils (Petits Ambassadeurs, helpers, graines), parents, lycéens.

Pupils are recorded with minimal data only: first name, initial and class, or just counts.
"""

from django.conf import settings
from django.db import models

from directory.models import District, School, SchoolYear, ScopedQuerySet, TimeStamped


class Programme(models.TextChoices):
    PETITS = "petits", "Petits Ambassadeurs (CM1)"
    HELPERS = "helpers", "Élèves helpers"
    GRAINES = "graines", "Graines d'ambassadeurs"
    PARENTS = "parents", "Parents ambassadeurs"
    LYCEE = "lycee", "Ambassadeurs lycéens (partenaires)"


PUPIL_PROGRAMMES = (Programme.PETITS, Programme.HELPERS, Programme.GRAINES)


class Cohort(TimeStamped):
    school = models.ForeignKey(
        School, verbose_name="école", on_delete=models.CASCADE, related_name="+"
    )
    year = models.ForeignKey(
        SchoolYear, verbose_name="année scolaire", on_delete=models.PROTECT, related_name="+"
    )
    programme = models.CharField("programme", max_length=10, choices=Programme.choices)
    members_count = models.PositiveSmallIntegerField(
        "effectif", default=0, help_text="Suffit quand la liste nominative n'est pas utile."
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="adulte référent·e",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trained_on = models.DateField("formation suivie le", null=True, blank=True)
    training_notes = models.CharField("formation", max_length=300, blank=True)
    partner_school = models.ForeignKey(
        School,
        verbose_name="lycée partenaire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "school__district", "school": "school"}

    class Meta:
        verbose_name = "groupe d'ambassadeurs"
        verbose_name_plural = "groupes d'ambassadeurs"
        ordering = ["school__name", "programme"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "programme"],
                name="training_cohort_unique",
                violation_error_message="Cette école a déjà un groupe de ce programme cette année.",
            )
        ]
        indexes = [models.Index(fields=["year", "programme"])]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} — {self.school.name} ({self.year})"

    @property
    def audit_district_id(self):
        return self.school.district_id

    @property
    def size(self) -> int:
        listed = getattr(self, "listed_count", None)
        listed = self.pupils.count() if listed is None else listed
        return max(listed, self.members_count)


class Ambassador(models.Model):
    """One pupil ambassador: first name, initial of the last name, class. Nothing else."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pupils")
    first_name = models.CharField("prénom", max_length=40)
    initial = models.CharField("initiale du nom", max_length=2)
    class_label = models.CharField("classe", max_length=20)

    class Meta:
        verbose_name = "ambassadeur·rice"
        verbose_name_plural = "ambassadeur·rices"
        ordering = ["class_label", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.initial}."


class PoleTrainingDay(models.Model):
    """A pôle member's day of pHARe training (8 days over 2 years make a trained member)."""

    district = models.ForeignKey(
        District, verbose_name="circonscription", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="membre",
        on_delete=models.CASCADE,
        related_name="phare_days",
    )
    day = models.DateField("date")
    days = models.DecimalField("jours", max_digits=3, decimal_places=1, default=1)
    label = models.CharField("module", max_length=150)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "journée de formation pHARe"
        verbose_name_plural = "journées de formation pHARe"
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day", "label"], name="training_phare_day_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(days__gt=0) & models.Q(days__lte=1),
                name="training_phare_day_range",
                violation_error_message="Une journée compte entre une demi et une journée.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.label} ({self.day:%d/%m/%Y})"
