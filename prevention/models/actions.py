"""Prevention actions: the district's catalogue of action types and each school's actions."""

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


class Pillar(models.IntegerChoices):
    """The eight pillars of pHARe (DOMAIN.md)."""

    CLIMATE = 1, "1. Mesurer le climat scolaire"
    PREVENT = 2, "2. Prévenir"
    COMMUNITY = 3, "3. Former une communauté protectrice"
    INTERVENE = 4, "4. Intervenir efficacement sur les situations"
    PARENTS = 5, "5. Associer les parents et les partenaires, communiquer"
    DEMOCRACY = 6, "6. Mobiliser les instances de démocratie scolaire"
    IMPACT = 7, "7. Suivre l'impact"
    RESOURCES = 8, "8. Une plateforme de ressources"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    DONE = "done", "Réalisée"


class ActionType(TimeStamped):
    """One kind of action of the district's catalogue (seeded from the plan, then edited)."""

    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        on_delete=models.CASCADE,
        related_name="action_types",
    )
    name = models.CharField("nom", max_length=150)
    description = models.TextField("description", max_length=3000, blank=True)
    pillar = models.PositiveSmallIntegerField(
        "pilier pHARe", choices=Pillar.choices, default=Pillar.PREVENT
    )
    counts_as_lessons = models.BooleanField(
        "compte dans les heures de prévention",
        default=False,
        help_text="Les 10 heures d'apprentissages par classe et par an demandées par pHARe.",
    )
    suggested_cycles = models.CharField(
        "cycles conseillés", max_length=40, blank=True, help_text="Par exemple : cycle 3."
    )
    is_active = models.BooleanField("proposé aux écoles", default=True)
    order = models.PositiveSmallIntegerField("ordre", default=100)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "type d'action"
        verbose_name_plural = "types d'actions"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="action_type_unique_name_per_district",
                violation_error_message="La circonscription a déjà un type d'action de ce nom.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Action(TimeStamped):
    """An action held in one school, for some of its classes, on a date or over a period."""

    school = models.ForeignKey(
        School, verbose_name="école", on_delete=models.CASCADE, related_name="prevention_actions"
    )
    year = models.ForeignKey(
        SchoolYear, verbose_name="année scolaire", on_delete=models.PROTECT, related_name="+"
    )
    action_type = models.ForeignKey(
        ActionType, verbose_name="type d'action", on_delete=models.PROTECT, related_name="actions"
    )
    title = models.CharField("titre", max_length=200)
    classrooms = models.ManyToManyField(
        Classroom, verbose_name="classes", blank=True, related_name="prevention_actions"
    )
    cycle_1 = models.BooleanField("cycle 1", default=False)
    cycle_2 = models.BooleanField("cycle 2", default=False)
    cycle_3 = models.BooleanField("cycle 3", default=False)
    starts_on = models.DateField("date")
    ends_on = models.DateField("jusqu'au", null=True, blank=True)
    hours_per_class = models.DecimalField(
        "heures par classe", max_digits=4, decimal_places=1, default=0
    )
    partners = models.ManyToManyField(
        Partner, verbose_name="partenaires", blank=True, related_name="prevention_actions"
    )
    pupils_count = models.PositiveIntegerField("nombre d'élèves", null=True, blank=True)
    description = models.TextField("description", max_length=5000, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    is_shared = models.BooleanField(
        "partagée avec les autres écoles de la circonscription",
        default=True,
        help_text="Les autres écoles peuvent la lire et la refaire.",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name="refaite d'après",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "school__district", "school": "school", "own": "created_by"}

    class Meta:
        verbose_name = "action de prévention"
        verbose_name_plural = "actions de prévention"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="action_dates_ordered",
                violation_error_message="La date de fin précède la date de début.",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_class__gte=0) & models.Q(hours_per_class__lte=200),
                name="action_hours_in_range",
                violation_error_message="Le nombre d'heures doit être compris entre 0 et 200.",
            ),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="action_unique_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "year", "status"]),
            models.Index(fields=["year", "action_type"]),
            models.Index(fields=["starts_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d/%m/%Y})"

    @property
    def audit_district_id(self):
        return self.school.district_id

    @property
    def cycles(self) -> list[int]:
        return [n for n in (1, 2, 3) if getattr(self, f"cycle_{n}")]

    @property
    def cycles_label(self) -> str:
        return ", ".join(f"cycle {n}" for n in self.cycles) or "—"


def action_file_path(instance, filename: str) -> str:
    return f"prevention/actions/{instance.action_id}/{instance.stored_name}"


class ActionFile(models.Model):
    """A file or a photo of an action, checked by content and stripped of its EXIF data."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=action_file_path)
    stored_name = models.CharField(max_length=80, editable=False)
    original_name = models.CharField("nom du fichier", max_length=120)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField("taille (octets)")
    caption = models.CharField("légende", max_length=200, blank=True)
    image_rights_confirmed = models.BooleanField("droit à l'image confirmé", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "fichier d'une action"
        verbose_name_plural = "fichiers des actions"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
