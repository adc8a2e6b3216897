"""News and school initiatives (moderated by the district team before anyone else sees them),
and the library of practices shared between the district's schools."""

from django.conf import settings
from django.db import models

from directory.dashboard import AXES
from directory.models import ScopedQuerySet, TimeStamped
from outreach.models.base import DistrictOrSchoolModel


def post_image_path(instance, filename: str) -> str:
    return f"outreach/posts/{instance.image_name}"


def practice_file_path(instance, filename: str) -> str:
    return f"outreach/practices/{instance.document_name}"


class PostKind(models.TextChoices):
    NEWS = "news", "Actualité"
    INITIATIVE = "initiative", "Initiative d'école"


class PostStatus(models.TextChoices):
    SUBMITTED = "submitted", "En attente de modération"
    PUBLISHED = "published", "Publiée"
    REJECTED = "rejected", "Refusée"


class Post(DistrictOrSchoolModel, TimeStamped):
    kind = models.CharField("type", max_length=10, choices=PostKind.choices)
    axis = models.CharField("axe du plan", max_length=20, choices=AXES)
    title = models.CharField("titre", max_length=160)
    body = models.TextField(
        "texte (Markdown)",
        max_length=10_000,
        help_text="Sans nom ni photo d'élève reconnaissable sans autorisation de droit à l'image.",
    )
    image = models.FileField("image", upload_to=post_image_path, blank=True)
    image_name = models.CharField(max_length=64, blank=True, editable=False)
    image_alt = models.CharField(
        "description de l'image",
        max_length=200,
        blank=True,
        help_text="Pour les personnes qui ne voient pas l'image.",
    )
    status = models.CharField(
        "état", max_length=10, choices=PostStatus.choices, default=PostStatus.SUBMITTED
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.CharField("motif", max_length=500, blank=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)

    class Meta:
        verbose_name = "actualité ou initiative"
        verbose_name_plural = "actualités et initiatives"
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["district", "status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Actualité {self.pk}"


class Practice(TimeStamped):
    """A practice or tool a school shares with the others of the district."""

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
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="école qui la partage",
    )
    axis = models.CharField("axe du plan", max_length=20, choices=AXES)
    title = models.CharField("titre", max_length=160)
    description = models.TextField("description", max_length=5000)
    link = models.URLField("lien", blank=True)
    document = models.FileField("document", upload_to=practice_file_path, blank=True)
    document_name = models.CharField(max_length=64, blank=True, editable=False)
    document_label = models.CharField(max_length=120, blank=True, editable=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "pratique partagée"
        verbose_name_plural = "pratiques partagées"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "axis"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_district_id(self):
        return self.district_id


class PracticeAdoption(models.Model):
    """« Reprendre cette pratique »: a school says it takes the practice up."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions")
    school = models.ForeignKey("directory.School", on_delete=models.CASCADE, related_name="+")
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "reprise d'une pratique"
        verbose_name_plural = "reprises de pratiques"
        constraints = [
            models.UniqueConstraint(fields=["practice", "school"], name="outreach_adoption_once")
        ]

    def __str__(self) -> str:
        return f"{self.practice} — {self.school}"
