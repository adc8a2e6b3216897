"""The parents' space: pages per district and per school, each in one or more languages."""

from django.conf import settings
from django.db import models

from directory.models import TimeStamped
from outreach.models.base import DistrictOrSchoolModel

LANGUAGES = [
    ("fr", "Français"),
    ("en", "English (anglais)"),
    ("ar", "العربية (arabe)"),
    ("pt", "Português (portugais)"),
    ("es", "Español (espagnol)"),
    ("tr", "Türkçe (turc)"),
    ("zh", "中文 (chinois)"),
    ("ro", "Română (roumain)"),
]
RTL_LANGUAGES = {"ar"}


class Topic(models.TextChoices):
    WARNING_SIGNS = "signs", "Les signes qui doivent alerter"
    WHO_TO_CALL = "call", "À qui en parler, qui appeler"
    HANDLING = "handling", "Comment l'école prend en charge une situation"
    POLE = "pole", "Le pôle ressources"
    ASSOCIATIONS = "associations", "Les associations de parents d'élèves"
    OTHER = "other", "Autre information"


class Audience(models.TextChoices):
    PUBLIC = "public", "Publique (sans compte)"
    PARENTS = "parents", "Réservée aux parents connectés"


class ParentPage(DistrictOrSchoolModel, TimeStamped):
    topic = models.CharField("thème", max_length=14, choices=Topic.choices)
    audience = models.CharField(
        "visibilité", max_length=8, choices=Audience.choices, default=Audience.PUBLIC
    )
    order = models.PositiveSmallIntegerField("ordre d'affichage", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "page de l'espace parents"
        verbose_name_plural = "pages de l'espace parents"
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["district", "school", "audience"])]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} — {self.where_label}"

    def translation_for(self, language: str):
        """The reader's language if it exists, else French, else any."""
        found = {t.language: t for t in self.translations.all()}
        return found.get(language) or found.get("fr") or next(iter(found.values()), None)


class PageTranslation(models.Model):
    page = models.ForeignKey(ParentPage, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField("langue", max_length=5, choices=LANGUAGES, default="fr")
    title = models.CharField("titre", max_length=160)
    body = models.TextField(
        "texte (Markdown)",
        max_length=20_000,
        help_text="Mise en forme Markdown : titres (##), listes (-), gras (**), liens. Le HTML "
        "et les scripts sont retirés.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "traduction de page"
        verbose_name_plural = "traductions de pages"
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="outreach_page_language")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_language_display()})"

    @property
    def is_rtl(self) -> bool:
        return self.language in RTL_LANGUAGES
