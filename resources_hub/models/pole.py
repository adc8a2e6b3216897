"""The pôles ressources (district since 2015, territorial since 2018), members and meetings.

Meetings only ever see pseudonymised case presentations: no pupil name enters an agenda, minutes
or their PDF (``services.pseudonymise`` strips the parties' labels from any presented text)."""

from django.conf import settings
from django.db import models

from directory.models import District, SavedVersion, ScopedQuerySet, TimeStamped


class Pole(TimeStamped):
    class Kind(models.TextChoices):
        DISTRICT = "district", "Pôle ressources de circonscription"
        TERRITORIAL = "territorial", "Pôle ressources territorial"

    district = models.ForeignKey(
        District, verbose_name="circonscription", on_delete=models.CASCADE, related_name="poles"
    )
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    name = models.CharField("nom", max_length=120)
    since_year = models.PositiveSmallIntegerField("créé en", null=True, blank=True)
    districts = models.ManyToManyField(
        District,
        verbose_name="circonscriptions couvertes",
        blank=True,
        related_name="covering_poles",
        help_text="Un pôle territorial couvre plusieurs circonscriptions et le collège de secteur.",
    )

    objects = ScopedQuerySet.as_manager()
    # ``districts`` always holds the owning district too (``services.pole.pole_cover``).
    scope_paths = {"district": "districts", "assigned": "members__user"}

    class Meta:
        verbose_name = "pôle ressources"
        verbose_name_plural = "pôles ressources"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.district_id:
            self.districts.add(self.district_id)


class PoleMember(models.Model):
    class Profile(models.TextChoices):
        IEN = "ien", "IEN"
        CPC = "cpc", "Conseiller·ère pédagogique"
        PSYCHOLOGUE = "psychologue", "Psychologue de l'Éducation nationale"
        RASED = "rased", "RASED"
        INFIRMIER = "infirmier", "Infirmier·ère"
        MEDECIN = "medecin", "Médecin scolaire"
        DIRECTEUR = "directeur", "Directeur·rice d'école élémentaire"
        DIRECTEUR_MATERNELLE = "directeur_maternelle", "Directeur·rice d'école maternelle"
        DIRECTEUR_PRIMAIRE = "directeur_primaire", "Directeur·rice d'école primaire"
        ENSEIGNANT = "enseignant", "Enseignant·e"
        REFERENT = "referent", "Référent·e harcèlement"
        REFERENT_DEPARTEMENTAL = "referent_dep", "Référent·e harcèlement départemental·e"
        PRINCIPAL = "principal", "Principal·e de collège"
        CPE = "cpe", "CPE du collège"
        INFIRMIER_COLLEGE = "infirmier_college", "Infirmier·ère scolaire du collège"
        PROFESSEUR_COLLEGE = "professeur_college", "Professeur·e du collège"

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pole_memberships"
    )
    profile = models.CharField("profil", max_length=24, choices=Profile.choices)
    trained_on = models.DateField("formé·e le", null=True, blank=True)
    is_active = models.BooleanField("actif·ve", default=True)

    class Meta:
        verbose_name = "membre du pôle"
        verbose_name_plural = "membres du pôle"
        ordering = ["profile", "user__last_name"]
        constraints = [models.UniqueConstraint(fields=["pole", "user"], name="pole_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_profile_display()}"


class PoleMeeting(TimeStamped):
    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date")
    place = models.CharField("lieu", max_length=120, blank=True)
    agenda = models.TextField("ordre du jour", max_length=5000)
    minutes = models.TextField("compte rendu", max_length=10000, blank=True)
    attendees = models.ManyToManyField(
        PoleMember, verbose_name="présents", blank=True, related_name="meetings"
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "pole__districts", "assigned": "pole__members__user"}

    class Meta:
        verbose_name = "réunion du pôle"
        verbose_name_plural = "réunions du pôle"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.pole} — {self.held_on:%d/%m/%Y}"

    @property
    def audit_district_id(self):
        return self.pole.district_id


class PoleMeetingVersion(SavedVersion):
    """A frozen copy of a meeting's agenda and minutes at each save: nothing said is lost."""

    meeting = models.ForeignKey(PoleMeeting, on_delete=models.CASCADE, related_name="versions")
    data = models.JSONField("contenu")

    class Meta(SavedVersion.Meta):
        verbose_name = "version de compte rendu"
        verbose_name_plural = "versions de comptes rendus"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="meeting_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — version {self.number}"


class CasePresentation(models.Model):
    """A situation presented at a meeting, under a pseudonym, for a shared analysis."""

    meeting = models.ForeignKey(PoleMeeting, on_delete=models.CASCADE, related_name="presentations")
    case = models.ForeignKey(
        "resources_hub.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pseudonym = models.CharField("pseudonyme", max_length=40)
    summary = models.TextField("présentation", max_length=5000)
    analysis = models.TextField("analyse partagée", max_length=5000, blank=True)

    class Meta:
        verbose_name = "présentation de situation"
        verbose_name_plural = "présentations de situations"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.pseudonym
