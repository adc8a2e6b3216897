"""The training offer: kinds of training, sessions, enrolments with a waiting list, calendars.

A seat is held by an ``enrolled`` or an ``offered`` enrolment: the capacity counts both, so a seat
offered to the first waiting person for 48 hours is never given to someone else meanwhile.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from directory.models import District, Role, School, ScopedQuerySet, StaffFunction, TimeStamped


class Budget(models.TextChoices):
    """Where the hours count among a teacher's 108 hours (18 h training, 48 h team work)."""

    TRAINING = "formation", "Animations pédagogiques et formation (18 h)"
    TEAM = "equipe", "Travaux en équipe et conseils (48 h)"
    NONE = "hors", "Hors des 108 heures"


BUDGET_HOURS = {Budget.TRAINING: Decimal(18), Budget.TEAM: Decimal(48)}
YEARLY_HOURS = Decimal(108)


class TrainingKind(models.Model):
    """A kind of training named by the plan (M@gistère, PES and PA3, pôle, parents, district)."""

    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("intitulé", max_length=150)
    description = models.TextField("description", max_length=2000, blank=True)
    self_paced = models.BooleanField(
        "parcours en autonomie",
        default=False,
        help_text="Parcours M@gistère : la personne déclare la date à laquelle elle l'a terminé.",
    )
    default_hours = models.DecimalField("heures par défaut", max_digits=5, decimal_places=1)
    default_budget = models.CharField(
        "budget par défaut", max_length=10, choices=Budget.choices, default=Budget.TRAINING
    )
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "type de formation"
        verbose_name_plural = "types de formation"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class SessionQuerySet(ScopedQuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now(), is_cancelled=False)


class Session(TimeStamped):
    """One dated session of a training, in a place or by video, for an audience."""

    district = models.ForeignKey(
        District, verbose_name="circonscription", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.ForeignKey(
        TrainingKind, verbose_name="type", on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("présentation", max_length=4000, blank=True)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=200, blank=True)
    video_url = models.URLField("lien de visioconférence", blank=True)
    capacity = models.PositiveSmallIntegerField("places")
    audience_roles = models.JSONField(
        "rôles concernés", default=list, blank=True, help_text="Vide : tous les personnels."
    )
    audience_functions = models.JSONField(
        "fonctions concernées", default=list, blank=True, help_text="Vide : toutes les fonctions."
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="formateur·rices", blank=True, related_name="+"
    )
    partner_trainers = models.ManyToManyField(
        "directory.Partner", verbose_name="partenaires intervenants", blank=True, related_name="+"
    )
    hours = models.DecimalField("heures comptées", max_digits=5, decimal_places=1)
    budget = models.CharField("budget des 108 h", max_length=10, choices=Budget.choices)
    is_cancelled = models.BooleanField("annulée", default=False)

    objects = SessionQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "session de formation"
        verbose_name_plural = "sessions de formation"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["district", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
                violation_error_message="La fin de la session doit suivre son début.",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="training_session_capacity_positive",
                violation_error_message="Une session compte au moins une place.",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0),
                name="training_session_hours_positive",
                violation_error_message="Le nombre d'heures ne peut pas être négatif.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {timezone.localtime(self.starts_at):%d/%m/%Y}"

    @property
    def audience_label(self) -> str:
        roles = [Role(r).label for r in self.audience_roles if r in Role.values]
        functions = [
            StaffFunction(f).label for f in self.audience_functions if f in StaffFunction.values
        ]
        parts = [", ".join(roles) or "Tous les personnels"]
        if functions:
            parts.append("fonctions : " + ", ".join(functions))
        return " — ".join(parts)


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Inscrit·e"
    WAITING = "waiting", "En liste d'attente"
    OFFERED = "offered", "Place proposée"
    DECLINED = "declined", "Place refusée"
    EXPIRED = "expired", "Proposition expirée"
    CANCELLED = "cancelled", "Désinscrit·e"


HOLDING = (EnrolmentStatus.ENROLLED, EnrolmentStatus.OFFERED)
ACTIVE = (*HOLDING, EnrolmentStatus.WAITING)


class Enrolment(TimeStamped):
    session = models.ForeignKey(
        Session, verbose_name="session", on_delete=models.CASCADE, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="training_enrolments",
    )
    school = models.ForeignKey(
        School,
        verbose_name="école",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField("statut", max_length=10, choices=EnrolmentStatus.choices)
    queued_at = models.DateTimeField("en attente depuis", default=timezone.now)
    offered_until = models.DateTimeField("place proposée jusqu'au", null=True, blank=True)
    offer_count = models.PositiveSmallIntegerField("propositions", default=0)
    attended = models.BooleanField("présent·e", null=True, blank=True)
    completed_on = models.DateField("parcours terminé le", null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="inscrit·e par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "session__district", "school": "school", "own": "user"}

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                name="training_enrolment_unique",
                violation_error_message="Cette personne est déjà inscrite à cette session.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="offered") | models.Q(offered_until__isnull=False),
                name="training_offer_has_deadline",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["status", "offered_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"

    @property
    def audit_district_id(self):
        return self.session.district_id

    @property
    def counts_hours(self) -> bool:
        return bool(self.attended) or self.completed_on is not None


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret of a person's calendar feed; resetting it revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_calendar"
    )
    token = models.CharField("clé", max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField("créée le", auto_now=True)

    class Meta:
        verbose_name = "agenda personnel"
        verbose_name_plural = "agendas personnels"

    def __str__(self) -> str:
        return f"Agenda de {self.user}"

    def reset(self) -> None:
        self.token = _new_token()
        self.save(update_fields=["token", "created_at"])
