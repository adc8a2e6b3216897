"""People: the user, staff and parent profiles, role assignments."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from directory.models.base import DISTRICT_ROLES, SCHOOL_ROLES, Role, TimeStamped
from directory.models.schools import Classroom, District, School


class User(AbstractUser):
    """A person who signs in, with their username or their e-mail address."""

    email = models.EmailField("adresse électronique", blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur·rice"
        verbose_name_plural = "utilisateur·rices"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message="Un compte utilise déjà cette adresse électronique.",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.username

    @property
    def audit_district_id(self) -> int | None:
        """The district a change to this account concerns (its first active role's), so that
        district's IEN sees password resets and second-factor changes in the journal."""
        for assignment in RoleAssignment.objects.active().filter(user=self).order_by("pk"):
            district_id = assignment.audit_district_id
            if district_id is not None:
                return district_id
        return None


class StaffFunction(models.TextChoices):
    IEN = "ien", "Inspecteur·rice de l'Éducation nationale"
    CPC = "cpc", "Conseiller·ère pédagogique de circonscription"
    REFERENT = "referent", "Référent·e harcèlement"
    PSYCHOLOGUE = "psychologue", "Psychologue de l'Éducation nationale"
    RASED = "rased", "Enseignant·e RASED"
    INFIRMIER = "infirmier", "Infirmier·ère de l'Éducation nationale"
    MEDECIN = "medecin", "Médecin scolaire"
    DIRECTEUR = "directeur", "Directeur·rice d'école"
    PROFESSEUR = "professeur", "Professeur·e des écoles"
    PES = "pes", "Professeur·e des écoles stagiaire"
    AESH = "aesh", "AESH"
    AUTRE = "autre", "Autre"


class Civility(models.TextChoices):
    """Only to write the person's own title (« Directrice d'école »), never shown otherwise."""

    UNKNOWN = "", "Non précisé (intitulé neutre)"
    FEMININE = "f", "Madame (intitulés au féminin)"
    MASCULINE = "m", "Monsieur (intitulés au masculin)"


class StaffProfile(TimeStamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    function = models.CharField("fonction", max_length=20, choices=StaffFunction.choices)
    civility = models.CharField(
        "intitulés",
        max_length=1,
        choices=Civility.choices,
        blank=True,
        default=Civility.UNKNOWN,
        help_text="Pour écrire son titre : « Directrice d'école », « Directeur d'école ».",
    )
    phone = models.CharField("téléphone professionnel", max_length=30, blank=True)

    class Meta:
        verbose_name = "profil personnel"
        verbose_name_plural = "profils personnels"

    def __str__(self) -> str:
        return f"{self.user.display_name} — {self.get_function_display()}"


class ParentProfile(TimeStamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parent_profile"
    )
    phone = models.CharField("téléphone", max_length=30, blank=True)
    accepts_emails = models.BooleanField("accepte les courriels du portail", default=True)

    class Meta:
        verbose_name = "profil parent"
        verbose_name_plural = "profils parents"

    def __str__(self) -> str:
        return f"{self.user.display_name} (parent)"


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(valid_from__lte=today).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today)
        )


class RoleAssignment(TimeStamped):
    """Who holds which role where: a district for district roles, a school for school roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    school = models.ForeignKey(
        School,
        verbose_name="école",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    classrooms = models.ManyToManyField(
        Classroom,
        verbose_name="classes",
        blank=True,
        related_name="assignments",
        help_text="Pour un·e enseignant·e : ses classes ; pour un parent : la classe de l'enfant.",
    )
    valid_from = models.DateField("à partir du", default=timezone.localdate)
    valid_until = models.DateField("jusqu'au", null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "attribution de rôle"
        verbose_name_plural = "attributions de rôles"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        role__in=sorted(r.value for r in DISTRICT_ROLES),
                        district__isnull=False,
                        school__isnull=True,
                    )
                    | models.Q(
                        role__in=sorted(r.value for r in SCHOOL_ROLES),
                        school__isnull=False,
                        district__isnull=True,
                    )
                    | models.Q(role=Role.ADMIN, school__isnull=True, district__isnull=True)
                ),
                name="assignment_scope_matches_role",
                violation_error_message=(
                    "Un rôle de circonscription demande une circonscription, un rôle d'école "
                    "une école, et le rôle administrateur ni l'une ni l'autre."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="assignment_dates_ordered",
                violation_error_message="La date de fin précède la date de début.",
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        where = self.school or self.district or "tout le déploiement"
        return f"{self.user} — {self.get_role_display()} — {where}"

    @property
    def scope_label(self) -> str:
        if self.school_id:
            return self.school.name
        if self.district_id:
            return self.district.name
        return "Déploiement"

    @property
    def audit_district_id(self) -> int | None:
        """The district a grant concerns: a school role's too, so that district's IEN sees it."""
        if self.district_id:
            return self.district_id
        if self.school_id:
            return School.objects.filter(pk=self.school_id).values_list("district_id", flat=True)[0]
        return None
