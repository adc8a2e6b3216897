"""In-portal notifications and each person's e-mail preference."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class NotificationFrequency(models.TextChoices):
    IMMEDIATE = "immediate", "Un courriel à chaque fois"
    DIGEST = "digest", "Un résumé par jour"
    NONE = "none", "Aucun courriel (seulement dans le portail)"


class NotificationSettings(models.Model):
    """How one person wants to be told (the in-portal list is always kept)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur·rice",
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    frequency = models.CharField(
        "courriels",
        max_length=10,
        choices=NotificationFrequency.choices,
        default=NotificationFrequency.IMMEDIATE,
    )
    digest_sent_at = models.DateTimeField("dernier résumé envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"

    def __str__(self) -> str:
        return f"{self.user} : {self.get_frequency_display()}"


class Notification(models.Model):
    """One thing a person must look at: a title with no case content and a link into the portal.

    ``dedupe_key`` makes a notification idempotent (a daily command run twice, a double submit):
    one row per user and key.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="destinataire",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField("événement", max_length=60)
    title = models.CharField("titre", max_length=200)
    url = models.CharField("lien", max_length=300)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    emailed_at = models.DateTimeField("envoyée par courriel le", null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField("tentatives d'envoi", default=0)
    email_wanted = models.BooleanField("courriel immédiat attendu", default=True)
    dedupe_key = models.CharField("clé d'unicité", max_length=120, blank=True)

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_unique_key",
            )
        ]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["emailed_at", "email_wanted"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} : {self.title}"
