"""The contest « Non au harcèlement »: yearly editions, categories, class entries, a blind jury
scoring on a weighted grid, winners, onward rounds, and the prize ceremony."""

from django.conf import settings
from django.db import models

from directory.models import (
    Classroom,
    District,
    Partner,
    School,
    SchoolYear,
    ScopedQuerySet,
    TimeStamped,
)


class EditionStatus(models.TextChoices):
    OPEN = "open", "Inscriptions ouvertes"
    JUDGING = "judging", "Jury en cours"
    CLOSED = "closed", "Jury clos, résultats publiés"


class EntryKind(models.TextChoices):
    POSTER = "poster", "Affiche"
    VIDEO = "video", "Vidéo"


class ContestEdition(TimeStamped):
    district = models.ForeignKey(
        District, verbose_name="circonscription", on_delete=models.CASCADE, related_name="+"
    )
    year = models.ForeignKey(
        SchoolYear, verbose_name="année scolaire", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("titre", max_length=200)
    local_date = models.DateField("concours local le")
    entry_deadline = models.DateField("dépôt des productions jusqu'au")
    national_deadline = models.DateField("date limite nationale", null=True, blank=True)
    rules = models.TextField("règlement", max_length=5000, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=EditionStatus.choices, default=EditionStatus.OPEN
    )
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="jury", blank=True, related_name="+"
    )
    ceremony_on = models.DateField("remise des prix le", null=True, blank=True)
    ceremony_place = models.CharField("lieu de la remise des prix", max_length=200, blank=True)
    ceremony_partner = models.ForeignKey(
        Partner,
        verbose_name="partenaire de la remise des prix",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "édition du concours"
        verbose_name_plural = "éditions du concours"
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="contest_one_per_year")
        ]

    def __str__(self) -> str:
        return self.title


class ContestCategory(models.Model):
    edition = models.ForeignKey(ContestEdition, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField("catégorie", max_length=120)
    kind = models.CharField("production", max_length=10, choices=EntryKind.choices)
    rules = models.CharField("règles", max_length=300, blank=True)

    class Meta:
        verbose_name = "catégorie"
        verbose_name_plural = "catégories"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    edition = models.ForeignKey(ContestEdition, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("critère", max_length=120)
    weight = models.PositiveSmallIntegerField("coefficient", default=1)

    class Meta:
        verbose_name = "critère"
        verbose_name_plural = "critères"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} (× {self.weight})"


def entry_file_path(instance, filename: str) -> str:
    return f"prevention/contest/{instance.edition_id}/{instance.stored_name}"


class Entry(TimeStamped):
    """A class's production. The jury sees its number, category, title and pitch, never the
    school or the class."""

    edition = models.ForeignKey(ContestEdition, on_delete=models.CASCADE, related_name="entries")
    category = models.ForeignKey(ContestCategory, on_delete=models.PROTECT, related_name="entries")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contest_entries")
    classroom = models.ForeignKey(
        Classroom, verbose_name="classe", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("titre", max_length=200)
    pitch = models.TextField("présentation du projet", max_length=2000)
    helpline_message = models.CharField(
        "message d'aide porté par la production", max_length=200, blank=True
    )
    file = models.FileField(upload_to=entry_file_path)
    stored_name = models.CharField(max_length=80, editable=False)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField("taille (octets)")
    consents_recorded = models.BooleanField(
        "autorisations de droit à l'image des parents recueillies", default=False
    )
    show_in_gallery = models.BooleanField(
        "peut être montrée dans la galerie publique", default=False
    )
    is_winner = models.BooleanField("lauréate", default=False)
    sent_onward = models.BooleanField("envoyée au jury départemental", default=False)
    onward_result = models.CharField(
        "résultat départemental et national", max_length=200, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "school__district", "school": "school", "own": "created_by"}

    class Meta:
        verbose_name = "production"
        verbose_name_plural = "productions"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "category", "classroom"],
                name="entry_one_per_class_and_category",
                violation_error_message="Cette classe a déjà une production dans cette catégorie.",
            )
        ]

    def __str__(self) -> str:
        return f"Production n° {self.pk}"

    @property
    def audit_district_id(self):
        return self.edition.district_id


class Score(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField("note")

    class Meta:
        verbose_name = "note"
        verbose_name_plural = "notes"
        constraints = [
            models.UniqueConstraint(fields=["entry", "juror", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=models.Q(value__lte=5), name="score_at_most_5"),
        ]

    def __str__(self) -> str:
        return f"{self.value}/5"
