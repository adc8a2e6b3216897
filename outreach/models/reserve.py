"""The réserve citoyenne: volunteers vetted by the district, schools' requests, matching, and a
record of each intervention, always held with a teacher present."""

from django.conf import settings
from django.db import models

from directory.models import ScopedQuerySet, TimeStamped


class Skill(models.TextChoices):
    BULLYING = "bullying", "Lutte contre le harcèlement"
    CYBER = "cyber", "Usages du numérique, cyberharcèlement"
    EMOTIONS = "emotions", "Émotions et compétences psychosociales"
    EQUALITY = "equality", "Égalité filles-garçons, lutte contre les discriminations"
    CITIZENSHIP = "citizenship", "Citoyenneté, droit, justice"
    COOPERATION = "cooperation", "Sport et jeux coopératifs"


class Vetting(models.TextChoices):
    PENDING = "pending", "À vérifier"
    APPROVED = "approved", "Vérifié par la circonscription"
    REFUSED = "refused", "Non retenu"


class Volunteer(TimeStamped):
    district = models.ForeignKey(
        "directory.District",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="circonscription",
    )
    first_name = models.CharField("prénom", max_length=80)
    last_name = models.CharField("nom", max_length=80)
    email = models.EmailField("adresse électronique", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    organisation = models.CharField("structure ou profession", max_length=160, blank=True)
    skills = models.JSONField("compétences", default=list)
    availability = models.CharField("disponibilités", max_length=300, blank=True)
    vetting = models.CharField(
        "vérification", max_length=10, choices=Vetting.choices, default=Vetting.PENDING
    )
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vetted_on = models.DateField("vérifié le", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "réserviste citoyen·ne"
        verbose_name_plural = "réservistes citoyens"
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["district", "vetting"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def audit_district_id(self):
        return self.district_id

    @property
    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [labels[s] for s in self.skills if s in labels]


class RequestStatus(models.TextChoices):
    OPEN = "open", "En attente d'un·e réserviste"
    MATCHED = "matched", "Réserviste proposé·e"
    DONE = "done", "Intervention réalisée"
    CANCELLED = "cancelled", "Annulée"


class InterventionRequest(TimeStamped):
    school = models.ForeignKey(
        "directory.School", on_delete=models.CASCADE, related_name="+", verbose_name="école"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    skill = models.CharField("thème", max_length=12, choices=Skill.choices)
    classes = models.CharField("classes concernées", max_length=120)
    period = models.CharField("période souhaitée", max_length=120)
    details = models.TextField("précisions", max_length=2000, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    volunteer = models.ForeignKey(
        Volunteer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name="réserviste",
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "school__district", "school": "school"}

    class Meta:
        verbose_name = "demande d'intervention"
        verbose_name_plural = "demandes d'intervention"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{self.get_skill_display()} — {self.school.name}"

    @property
    def audit_district_id(self):
        return self.school.district_id


class Intervention(models.Model):
    """What happened in class. ``teacher_present`` is required: a réserviste never takes a
    class alone."""

    request = models.OneToOneField(
        InterventionRequest, on_delete=models.CASCADE, related_name="intervention"
    )
    held_on = models.DateField("date")
    teacher_present = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="enseignant·e présent·e",
    )
    pupils = models.PositiveSmallIntegerField("nombre d'élèves")
    summary = models.TextField("déroulement", max_length=3000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "intervention de la réserve citoyenne"
        verbose_name_plural = "interventions de la réserve citoyenne"

    def __str__(self) -> str:
        return f"Intervention du {self.held_on:%d/%m/%Y}"
