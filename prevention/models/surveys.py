"""Local climate surveys: questionnaires, campaigns, one-time codes, and anonymous answers.

A ``Response`` keeps no link to the code that opened it: the code is only marked used, with no
time, and the response holds the campaign, the cycle and a date (no time).
"""

import secrets

from django.conf import settings
from django.db import models

from directory.models import Classroom, District, School, SchoolYear, ScopedQuerySet, TimeStamped

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: pupils copy them by hand


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Échelle en 4 points (pictogrammes)"
    YESNO = "yesno", "Oui / non"
    SINGLE = "single", "Choix unique"
    MULTIPLE = "multiple", "Choix multiple"
    TEXT = "text", "Réponse libre"


class IndexRole(models.TextChoices):
    NONE = "", "Aucun"
    CLIMATE = "climate", "Indice de climat (réponse favorable : souvent, très souvent)"
    CLIMATE_REVERSED = "climate_rev", "Indice de climat (réponse favorable : jamais, parfois)"
    VICTIMISATION = "victim", "Indice de victimation"


SCALE_LABELS = ["Jamais", "Parfois", "Souvent", "Très souvent"]


class Questionnaire(TimeStamped):
    """A questionnaire; without a district it is the académie's standard one."""

    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    title = models.CharField("titre", max_length=200)
    audience = models.CharField("public", max_length=80, default="Élèves de cycle 3")
    intro = models.TextField("texte d'accueil", max_length=2000, blank=True)
    is_active = models.BooleanField("proposé", default=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "questionnaire"
        verbose_name_plural = "questionnaires"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField("thème", max_length=150)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "partie"
        verbose_name_plural = "parties"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("question", max_length=300)
    kind = models.CharField("type", max_length=10, choices=QuestionKind.choices)
    choices = models.JSONField("choix proposés", default=list, blank=True)
    index_role = models.CharField(
        "indice", max_length=12, choices=IndexRole.choices, default="", blank=True
    )
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "question"
        verbose_name_plural = "questions"
        ordering = ["section__order", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def options(self) -> list[tuple[int, str]]:
        if self.kind == QuestionKind.SCALE:
            return list(enumerate(SCALE_LABELS, start=1))
        if self.kind == QuestionKind.YESNO:
            return [(1, "Oui"), (0, "Non")]
        return list(enumerate(self.choices))


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "En préparation"
    OPEN = "open", "Ouverte"
    CLOSED = "closed", "Clôturée"


class Campaign(TimeStamped):
    """One survey in one school for some of its classes; results only once it is closed."""

    school = models.ForeignKey(
        School, verbose_name="école", on_delete=models.CASCADE, related_name="survey_campaigns"
    )
    year = models.ForeignKey(
        SchoolYear, verbose_name="année scolaire", on_delete=models.PROTECT, related_name="+"
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name="questionnaire",
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    title = models.CharField("titre", max_length=200)
    classrooms = models.ManyToManyField(
        Classroom, verbose_name="classes", related_name="survey_campaigns"
    )
    opens_on = models.DateField("ouverture prévue le")
    closes_on = models.DateField("clôture prévue le")
    status = models.CharField(
        "état", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "school__district", "school": "school"}

    class Meta:
        verbose_name = "campagne d'enquête"
        verbose_name_plural = "campagnes d'enquête"
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="campaign_dates_ordered",
                violation_error_message="La date de clôture précède la date d'ouverture.",
            )
        ]
        indexes = [models.Index(fields=["school", "status"]), models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.title} — {self.school.name}"

    @property
    def audit_district_id(self):
        return self.school.district_id


class SurveyCode(models.Model):
    """A one-time code printed on a slip. Marked used without a time: nothing ties it to the
    response it opened."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="codes")
    classroom = models.ForeignKey(Classroom, null=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = "code d'enquête"
        verbose_name_plural = "codes d'enquête"
        ordering = ["classroom__name", "pk"]

    def __str__(self) -> str:
        return f"code {self.pk}"


class Response(models.Model):
    """One pupil's anonymous answers: the campaign, the cycle, a date; no code, no time."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    cycle = models.PositiveSmallIntegerField("cycle", null=True)
    submitted_on = models.DateField("date")

    class Meta:
        verbose_name = "réponse anonyme"
        verbose_name_plural = "réponses anonymes"
        indexes = [models.Index(fields=["campaign", "cycle"])]

    def __str__(self) -> str:
        return f"réponse anonyme {self.pk}"


class Answer(models.Model):
    """One value (one row per ticked option for a multiple choice) or one free text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.SmallIntegerField(null=True)
    text = models.TextField(max_length=1000, blank=True)

    class Meta:
        verbose_name = "réponse à une question"
        verbose_name_plural = "réponses aux questions"
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self) -> str:
        return f"réponse {self.pk}"
