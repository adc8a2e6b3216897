"""The shared directory: districts, schools, years, classes, people, their roles, and the audit log.

Every app builds on these models; scoping (who sees what) lives in ``directory.permissions``.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from directory.uai import validate_uai


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to filter itself to what a user may see for a permission.

    Models declare ``scope_paths``: for each scope kind (district, school, assigned, own) the
    lookup path from the model to the district, the school, the assigned user or the author.
    """

    def visible_to(self, user, perm: str):
        from directory.permissions import scope_q

        return self.filter(scope_q(user, perm, self.model.scope_paths, self.model))


class Role(models.TextChoices):
    INSPECTOR = "inspector", "Inspecteur·rice (IEN)"
    DISTRICT_TEAM = "district_team", "Équipe de circonscription"
    POLE_MEMBER = "pole_member", "Membre du pôle ressources"
    # Mirrored from an active resources_hub.PoleMember (a seat on a pôle, whatever the main role).
    POLE_SEAT = "pole_seat", "Siège au pôle ressources"
    DIRECTOR = "director", "Directeur·rice d'école"
    TEACHER = "teacher", "Enseignant·e"
    PARENT = "parent", "Parent"
    ADMIN = "admin", "Administrateur·rice"


DISTRICT_ROLES = frozenset({Role.INSPECTOR, Role.DISTRICT_TEAM, Role.POLE_MEMBER, Role.POLE_SEAT})
SCHOOL_ROLES = frozenset({Role.DIRECTOR, Role.TEACHER, Role.PARENT})


class TimeStamped(models.Model):
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True


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


class District(TimeStamped):
    """A circonscription du premier degré, headed by an IEN."""

    name = models.CharField("nom", max_length=120, unique=True)
    code = models.CharField("code", max_length=20, unique=True)
    departement_code = models.CharField("code du département", max_length=3)
    departement_name = models.CharField("département", max_length=80, blank=True)
    academie = models.CharField("académie", max_length=80, blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="IEN",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspected_districts",
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "pk", "school": "schools"}

    class Meta:
        verbose_name = "circonscription"
        verbose_name_plural = "circonscriptions"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"Circonscription {self.name}"


class SchoolKind(models.TextChoices):
    MATERNELLE = "maternelle", "École maternelle"
    ELEMENTAIRE = "elementaire", "École élémentaire"
    PRIMAIRE = "primaire", "École primaire"
    COLLEGE = "college", "Collège"
    LYCEE = "lycee", "Lycée"


PARTNER_KINDS = (SchoolKind.COLLEGE, SchoolKind.LYCEE)


class School(TimeStamped):
    """An école of the district, or a partner collège / lycée (which may belong to no district)."""

    uai = models.CharField("code UAI", max_length=8, unique=True, validators=[validate_uai])
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=SchoolKind.choices)
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    commune = models.CharField("commune", max_length=120, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="schools",
    )
    sector_college = models.ForeignKey(
        "self",
        verbose_name="collège de secteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sector_schools",
        limit_choices_to={"kind": SchoolKind.COLLEGE},
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent·e harcèlement de l'école",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referent_of",
    )
    is_open = models.BooleanField("ouverte", default=True)
    opened_on = models.DateField("date d'ouverture", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district", "school": "pk"}

    class Meta:
        verbose_name = "école ou établissement"
        verbose_name_plural = "écoles et établissements"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(district__isnull=False)
                | models.Q(kind__in=[k.value for k in PARTNER_KINDS]),
                name="school_ecole_has_district",
                violation_error_message="Une école doit appartenir à une circonscription.",
            )
        ]
        indexes = [models.Index(fields=["district", "kind"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.uai})"

    @property
    def is_ecole(self) -> bool:
        return self.kind not in PARTNER_KINDS


class SchoolYear(models.Model):
    """A school year, from 1 September to 31 August; the current one is derived from the date."""

    start_year = models.PositiveSmallIntegerField("année de rentrée", unique=True)

    class Meta:
        verbose_name = "année scolaire"
        verbose_name_plural = "années scolaires"
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 8, 31)

    @staticmethod
    def start_year_for(day: datetime.date) -> int:
        return day.year if day.month >= 9 else day.year - 1

    @classmethod
    def current(cls, today: datetime.date | None = None) -> "SchoolYear":
        today = today or timezone.localdate()
        year, _ = cls.objects.get_or_create(start_year=cls.start_year_for(today))
        return year


class Level(models.TextChoices):
    TPS = "TPS", "Toute petite section"
    PS = "PS", "Petite section"
    MS = "MS", "Moyenne section"
    GS = "GS", "Grande section"
    CP = "CP", "CP"
    CE1 = "CE1", "CE1"
    CE2 = "CE2", "CE2"
    CM1 = "CM1", "CM1"
    CM2 = "CM2", "CM2"


LEVEL_CYCLE = {
    Level.TPS: 1,
    Level.PS: 1,
    Level.MS: 1,
    Level.GS: 1,
    Level.CP: 2,
    Level.CE1: 2,
    Level.CE2: 2,
    Level.CM1: 3,
    Level.CM2: 3,
}
LEVEL_ORDER = list(Level.values)


class ClassroomUnit(models.TextChoices):
    ORDINARY = "ordinaire", "Classe ordinaire"
    ULIS = "ulis", "ULIS école"
    UPE2A = "upe2a", "UPE2A"


def cycles_for(levels: list[str]) -> list[int]:
    return sorted({LEVEL_CYCLE[Level(level)] for level in levels})


class Classroom(TimeStamped):
    """A class of one school for one year, with one or several levels (e.g. "CE2-CM1")."""

    school = models.ForeignKey(
        School, verbose_name="école", on_delete=models.CASCADE, related_name="classrooms"
    )
    year = models.ForeignKey(
        SchoolYear, verbose_name="année scolaire", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("nom", max_length=80)
    levels = models.JSONField("niveaux", default=list)
    unit = models.CharField(
        "dispositif", max_length=10, choices=ClassroomUnit.choices, default=ClassroomUnit.ORDINARY
    )
    cycles = models.JSONField("cycles", default=list, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "school__district", "school": "school"}

    class Meta:
        verbose_name = "classe"
        verbose_name_plural = "classes"
        ordering = ["school", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "name"],
                name="classroom_unique_name_per_school_year",
                violation_error_message="Cette école a déjà une classe de ce nom cette année.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.school.name}"

    def save(self, *args, **kwargs):
        self.levels = sorted(set(self.levels), key=LEVEL_ORDER.index)
        self.cycles = cycles_for(self.levels)
        super().save(*args, **kwargs)

    @property
    def levels_label(self) -> str:
        return "-".join(self.levels)

    @property
    def cycle_label(self) -> str:
        return " et ".join(f"cycle {c}" for c in self.cycles)


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


class PartnerKind(models.TextChoices):
    OCCE = "occe", "OCCE (coopération scolaire)"
    CAAEE = "caaee", "CAAEE (cellule académique)"
    POLICE = "police", "Policier·ère ou gendarme chargé·e de prévention"
    PARENTS_ASSOCIATION = "parents", "Association de parents d'élèves"
    PERISCOLAIRE = "periscolaire", "Service périscolaire de la commune"
    ASSOCIATION = "association", "Association"
    INSTITUTION = "institution", "Institution ou service public"
    OTHER = "other", "Autre partenaire"


class Partner(TimeStamped):
    """An organisation the four axes work with (collèges and lycées are schools, not partners).

    Shared by every app: prevention actions, trainings (trainers) and outreach (events, réserve
    citoyenne) point here. ``district`` empty means a département- or académie-wide partner.
    """

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=PartnerKind.choices)
    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
    )
    contact_name = models.CharField("contact", max_length=150, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.URLField("site", blank=True)
    description = models.TextField("description", max_length=2000, blank=True)
    is_active = models.BooleanField("actif", default=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="partner_unique_name_per_district"
            )
        ]

    def __str__(self) -> str:
        return self.name
