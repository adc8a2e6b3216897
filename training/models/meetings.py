"""Directors' meetings and conseils des maîtres devoted to bullying, and the CPC's support.

Their hours count in the 48 hours of team work. Documents are checked on upload by
``resources_hub.uploads`` (type read from the content, EXIF stripped, stored under a random name).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

from directory.models import District, School, ScopedQuerySet, TimeStamped


class MeetingKind(models.TextChoices):
    DIRECTORS = "directeurs", "Réunion de directeur·rices"
    CONSEIL = "conseil", "Conseil des maîtres consacré au harcèlement"


class Meeting(TimeStamped):
    district = models.ForeignKey(
        District, verbose_name="circonscription", on_delete=models.CASCADE, related_name="+"
    )
    school = models.ForeignKey(
        School,
        verbose_name="école",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Pour un conseil des maîtres seulement.",
    )
    kind = models.CharField("type", max_length=12, choices=MeetingKind.choices)
    held_on = models.DateField("date")
    place = models.CharField("lieu", max_length=200, blank=True)
    hours = models.DecimalField(
        "heures comptées (48 h)", max_digits=4, decimal_places=1, default=Decimal(3)
    )
    cpc = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller·ère pédagogique présent·e",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField("relevé de décisions", max_length=5000, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district", "school": "school"}

    class Meta:
        verbose_name = "réunion"
        verbose_name_plural = "réunions"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["district", "kind", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="directeurs", school__isnull=True)
                | models.Q(kind="conseil", school__isnull=False),
                name="training_meeting_school_matches_kind",
                violation_error_message=(
                    "Un conseil des maîtres a lieu dans une école ; une réunion de "
                    "directeur·rices n'en désigne aucune."
                ),
            )
        ]

    def __str__(self) -> str:
        where = f" — {self.school.name}" if self.school_id else ""
        return f"{self.get_kind_display()} du {self.held_on:%d/%m/%Y}{where}"


class Topic(models.TextChoices):
    PIKAS = "pikas", "Protocole PIKAS (méthode de la préoccupation partagée)"
    MAGISTERE = "magistere", "Parcours M@gistère"
    CRISIS = "crise", "Protocole de crise"
    PLAN = "plan", "Plan de prévention"
    TRAINING = "formation", "Une formation"
    RESTITUTION = "restitution", "Restitution des actions de l'année"
    OTHER = "autre", "Autre"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    topic = models.CharField("thème", max_length=12, choices=Topic.choices)
    title = models.CharField("point", max_length=200)
    link = models.CharField(
        "lien interne",
        max_length=200,
        blank=True,
        help_text="Adresse d'une page du portail, par exemple /prendre-en-charge/protocole/.",
    )

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(link="")
                | (models.Q(link__startswith="/") & ~models.Q(link__startswith="//")),
                name="training_agenda_link_internal",
                violation_error_message="Le lien doit être une adresse du portail.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_meetings"
    )
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="training_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.meeting}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField("fichier", upload_to="training/meetings/")
    original_name = models.CharField("nom", max_length=120)
    content_type = models.CharField("type", max_length=40)
    size = models.PositiveIntegerField("taille")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        verbose_name = "document de réunion"
        verbose_name_plural = "documents de réunion"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class CpcRequest(TimeStamped):
    """A school asks for a CPC to accompany its conseil des maîtres; the district schedules it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Demande en attente"
        SCHEDULED = "scheduled", "Accompagnement programmé"

    school = models.ForeignKey(
        School, verbose_name="école", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    wished_period = models.CharField("période souhaitée", max_length=120)
    message = models.TextField("précisions", max_length=2000, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    cpc = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller·ère pédagogique",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scheduled_on = models.DateField("date programmée", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "school__district", "school": "school"}

    class Meta:
        verbose_name = "demande d'accompagnement"
        verbose_name_plural = "demandes d'accompagnement"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Accompagnement — {self.school.name}"

    @property
    def audit_district_id(self):
        return self.school.district_id
