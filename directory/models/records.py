"""The help numbers, the keyed audit chain and its anchors, the rate-limit windows."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from directory.models.base import ScopedQuerySet
from directory.models.schools import District


class ReferralChannel(models.Model):
    """A number or site shown to families and pupils (3018 first). Editable in the admin."""

    label = models.CharField("intitulé", max_length=120)
    number = models.CharField("numéro", max_length=20, blank=True)
    url = models.URLField("site", blank=True)
    description = models.CharField("description", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("ordre d'affichage", default=0)
    is_active = models.BooleanField("affiché", default=True)
    in_footer = models.BooleanField("dans le pied de page", default=True)

    class Meta:
        verbose_name = "numéro ou site d'aide"
        verbose_name_plural = "numéros et sites d'aide"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.label}".strip()


class AuditAction(models.TextChoices):
    LOGIN = "login", "Connexion"
    LOGIN_FAILED = "login_failed", "Échec de connexion"
    LOGOUT = "logout", "Déconnexion"
    VIEW = "view", "Consultation"
    CREATE = "create", "Création"
    UPDATE = "update", "Modification"
    DELETE = "delete", "Suppression"
    EXPORT = "export", "Export"
    REFUSED = "refused", "Accès refusé"
    IMPORT = "import", "Import"
    ALERT = "alert", "Alerte : accès inhabituel"


class AuditEvent(models.Model):
    """An append-only, hash-chained record of who did what to which object, when, from where."""

    at = models.DateTimeField("date", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur·rice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor = models.CharField("auteur", max_length=150, blank=True)
    action = models.CharField("action", max_length=20, choices=AuditAction.choices)
    object_type = models.CharField("type d'objet", max_length=80, blank=True)
    object_id = models.CharField("identifiant", max_length=64, blank=True)
    object_repr = models.CharField("objet", max_length=200, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    detail = models.CharField("détail", max_length=500, blank=True)
    # The log is several interleaved chains (``directory.audit.CHAINS``): concurrent writers each
    # lock one chain instead of the whole table.
    chain = models.PositiveSmallIntegerField("chaîne", default=0, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False, unique=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["district", "-at"]),
            models.Index(fields=["action", "-at"]),
            # the head of each chain, read on every append
            models.Index(fields=["chain", "-id"], name="audit_chain_head_idx"),
            # the unusual-access count: one account's reads and exports of the last minutes
            models.Index(fields=["user", "at"], name="audit_user_at_idx"),
            # the journal's actor filter (exact or prefix, LIKE 'x%' on PostgreSQL)
            models.Index(
                fields=["actor"], name="audit_actor_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            # the journal's pages: a district's rows, newest first, paged by id
            models.Index(fields=["district", "-id"], name="audit_district_id_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%d/%m/%Y %H:%M} {self.actor} {self.get_action_display()} {self.object_repr}"
        )


class AuditAnchor(models.Model):
    """The head of each audit chain at one moment, also written to the log (outside the table).

    ``python manage.py audit_anchor`` writes one a day; ``verify_chain`` checks every anchored head
    is still there unchanged, so deleting the newest rows or rewriting them is seen.
    """

    at = models.DateTimeField("date", default=timezone.now, db_index=True)
    last_id = models.BigIntegerField("dernière entrée")
    rows = models.BigIntegerField("entrées", default=0)
    heads = models.JSONField("têtes des chaînes", default=dict)
    signature = models.CharField("signature", max_length=64)

    class Meta:
        verbose_name = "ancre du journal d'audit"
        verbose_name_plural = "ancres du journal d'audit"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.signature[:16]}"


class RateLimitBucket(models.Model):
    """One fixed window of a rate limit: a hashed key (never a raw IP) and a count."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "compteur de limitation"
        verbose_name_plural = "compteurs de limitation"
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_unique_window")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.window_start:%H:%M} : {self.count}"
