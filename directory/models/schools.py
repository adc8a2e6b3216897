"""Districts, schools, school years and classes."""

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from directory.models.base import ScopedQuerySet, TimeStamped
from directory.uai import validate_uai


class District(TimeStamped):
    """A circonscription du premier degré, headed by an IEN."""

    name = models.CharField("nom", max_length=120, unique=True)
    code = models.CharField(
        "code",
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"\A[A-Za-z0-9][A-Za-z0-9_-]{0,19}\Z",
                "Le code d'une circonscription ne contient que des lettres sans accent, des "
                "chiffres, « - » et « _ » (il figure dans l'adresse de ses pages).",
            )
        ],
        help_text="Lettres sans accent, chiffres, « - » et « _ » (dans l'adresse des pages).",
    )
    departement_code = models.CharField("code du département", max_length=3)
    departement_name = models.CharField("département", max_length=80, blank=True)
    academie = models.CharField("académie", max_length=80, blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="IEN",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspected_districts",
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "pk", "school": "schools"}

    class Meta:
        verbose_name = "circonscription"
        verbose_name_plural = "circonscriptions"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"Circonscription {self.name}"


class SchoolKind(models.TextChoices):
    MATERNELLE = "maternelle", "École maternelle"
    ELEMENTAIRE = "elementaire", "École élémentaire"
    PRIMAIRE = "primaire", "École primaire"
    COLLEGE = "college", "Collège"
    LYCEE = "lycee", "Lycée"


PARTNER_KINDS = (SchoolKind.COLLEGE, SchoolKind.LYCEE)


class School(TimeStamped):
    """An école of the district, or a partner collège / lycée (which may belong to no district)."""

    uai = models.CharField("code UAI", max_length=8, unique=True, validators=[validate_uai])
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=SchoolKind.choices)
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    commune = models.CharField("commune", max_length=120, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="schools",
    )
    sector_college = models.ForeignKey(
        "self",
        verbose_name="collège de secteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sector_schools",
        limit_choices_to={"kind": SchoolKind.COLLEGE},
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent·e harcèlement de l'école",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referent_of",
    )
    is_open = models.BooleanField("ouverte", default=True)
    opened_on = models.DateField("date d'ouverture", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district", "school": "pk"}

    class Meta:
        verbose_name = "école ou établissement"
        verbose_name_plural = "écoles et établissements"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(district__isnull=False)
                | models.Q(kind__in=[k.value for k in PARTNER_KINDS]),
                name="school_ecole_has_district",
                violation_error_message="Une école doit appartenir à une circonscription.",
            )
        ]
        indexes = [models.Index(fields=["district", "kind"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.uai})"

    @property
    def is_ecole(self) -> bool:
        return self.kind not in PARTNER_KINDS


class SchoolYear(models.Model):
    """A school year, from 1 September to 31 August; the current one is derived from the date."""

    start_year = models.PositiveSmallIntegerField("année de rentrée", unique=True)

    class Meta:
        verbose_name = "année scolaire"
        verbose_name_plural = "années scolaires"
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 8, 31)

    @staticmethod
    def start_year_for(day: datetime.date) -> int:
        return day.year if day.month >= 9 else day.year - 1

    @classmethod
    def current(cls, today: datetime.date | None = None) -> "SchoolYear":
        """Today's school year. Its row (and the next year's) is written by `migrate`; creating
        it here is only the fallback of a portal not migrated since the year began."""
        today = today or timezone.localdate()
        start_year = cls.start_year_for(today)
        year = cls.objects.filter(start_year=start_year).first()
        if year is None:
            year, _ = cls.objects.get_or_create(start_year=start_year)
        return year


class Level(models.TextChoices):
    TPS = "TPS", "Toute petite section"
    PS = "PS", "Petite section"
    MS = "MS", "Moyenne section"
    GS = "GS", "Grande section"
    CP = "CP", "CP"
    CE1 = "CE1", "CE1"
    CE2 = "CE2", "CE2"
    CM1 = "CM1", "CM1"
    CM2 = "CM2", "CM2"


LEVEL_CYCLE = {
    Level.TPS: 1,
    Level.PS: 1,
    Level.MS: 1,
    Level.GS: 1,
    Level.CP: 2,
    Level.CE1: 2,
    Level.CE2: 2,
    Level.CM1: 3,
    Level.CM2: 3,
}
LEVEL_ORDER = list(Level.values)


class ClassroomUnit(models.TextChoices):
    ORDINARY = "ordinaire", "Classe ordinaire"
    ULIS = "ulis", "ULIS école"
    UPE2A = "upe2a", "UPE2A"


def cycles_for(levels: list[str]) -> list[int]:
    return sorted({LEVEL_CYCLE[Level(level)] for level in levels})


class Classroom(TimeStamped):
    """A class of one school for one year, with one or several levels (e.g. "CE2-CM1")."""

    school = models.ForeignKey(
        School, verbose_name="école", on_delete=models.CASCADE, related_name="classrooms"
    )
    year = models.ForeignKey(
        SchoolYear, verbose_name="année scolaire", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("nom", max_length=80)
    levels = models.JSONField("niveaux", default=list)
    unit = models.CharField(
        "dispositif", max_length=10, choices=ClassroomUnit.choices, default=ClassroomUnit.ORDINARY
    )
    cycles = models.JSONField("cycles", default=list, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "school__district", "school": "school"}

    class Meta:
        verbose_name = "classe"
        verbose_name_plural = "classes"
        ordering = ["school", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "name"],
                name="classroom_unique_name_per_school_year",
                violation_error_message="Cette école a déjà une classe de ce nom cette année.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.school.name}"

    def save(self, *args, **kwargs):
        self.levels = sorted(set(self.levels), key=LEVEL_ORDER.index)
        self.cycles = cycles_for(self.levels)
        super().save(*args, **kwargs)

    @property
    def levels_label(self) -> str:
        return "-".join(self.levels)

    @property
    def cycle_label(self) -> str:
        return " et ".join(f"cycle {c}" for c in self.cycles)
