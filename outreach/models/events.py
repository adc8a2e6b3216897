"""Events of the plan (journée nationale, cafés des parents, seminars, forum, prize ceremony):
registration of parents and staff within the capacity, reminders, iCal."""

from django.conf import settings
from django.db import models

from directory.models import TimeStamped
from outreach.models.base import DistrictOrSchoolModel


class EventKind(models.TextChoices):
    NATIONAL_DAY = "national_day", "Journée nationale Non au harcèlement"
    PARENTS_CAFE = "cafe", "Café des parents"
    SEMINAR = "seminar", "Séminaire avec les associations de parents"
    FORUM = "forum", "Forum de circonscription sur le climat scolaire"
    PRIZE = "prize", "Remise des prix Non au harcèlement"


class EventAudience(models.TextChoices):
    ALL = "all", "Parents et personnels"
    PARENTS = "parents", "Parents"
    STAFF = "staff", "Personnels"


class Event(DistrictOrSchoolModel, TimeStamped):
    kind = models.CharField("type", max_length=14, choices=EventKind.choices)
    title = models.CharField("intitulé", max_length=160)
    description = models.TextField("présentation", max_length=5000, blank=True)
    place = models.CharField("lieu", max_length=200, blank=True)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    capacity = models.PositiveIntegerField("places", default=30)
    audience = models.CharField(
        "public", max_length=8, choices=EventAudience.choices, default=EventAudience.ALL
    )
    inter_degree = models.BooleanField("actions inter-degrés (écoles et collège)", default=False)
    periscolaire = models.BooleanField("participation du périscolaire", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["district", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="outreach_event_dates_ordered",
                violation_error_message="La fin précède le début.",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="outreach_event_capacity_positive",
                violation_error_message="Il faut au moins une place.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d/%m/%Y})"


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    created_at = models.DateTimeField("inscrit le", auto_now_add=True)

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="outreach_registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.event}"
