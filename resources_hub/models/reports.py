"""Reports ("signalements") from staff, parents and pupils, and the pupil's two-way thread."""

from django.conf import settings
from django.db import models

from directory.models import District, School, ScopedQuerySet, TimeStamped
from resources_hub.models.cases import school_district_id


class ReportSource(models.TextChoices):
    STAFF = "staff", "Personnel de l'école"
    PARENT = "parent", "Parent"
    PUPIL = "pupil", "Élève (anonyme)"
    REFERENT_3018 = "referent_3018", "Référent·e départemental·e après un appel au 3018"
    PERISCOLAIRE = "periscolaire", "Personnel du périscolaire, ATSEM ou cantine"
    MAILBOX = "mailbox", "Boîte aux lettres ou élève ambassadeur"


class ReportStatus(models.TextChoices):
    NEW = "new", "Nouveau"
    READ = "read", "Pris en compte"
    LINKED = "linked", "Rattaché à une situation"
    FILED = "filed", "Sans suite"


class ReviewReason(models.TextChoices):
    """Why a pupil report is kept « à vérifier »: it may be a robot's or part of a flood, but a
    real child may have sent it, so it is kept, never thrown away."""

    FAST = "fast", "Envoyé très vite après l'ouverture de la page"
    HONEYPOT = "honeypot", "Case cachée anti-robot remplie"
    FLOOD = "flood", "Reçu pendant un afflux de messages"


class Place(models.TextChoices):
    """The child's places of life, each an adult's "poste d'observation"."""

    CLASSE = "classe", "En classe"
    COUR = "cour", "Dans la cour"
    CANTINE = "cantine", "À la cantine"
    TOILETTES = "toilettes", "Toilettes, couloirs"
    PERISCOLAIRE = "periscolaire", "Au périscolaire (garderie, centre de loisirs)"
    TRAJET = "trajet", "Entrées, sorties, trajet"
    EN_LIGNE = "en_ligne", "En ligne (messages, réseaux, jeux)"
    FAMILLE = "famille", "À la maison"


class WeakSignal(models.TextChoices):
    """The "grille de signaux faibles": what an adult may notice before anything is said."""

    ISOLE = "isole", "Reste seul·e, mis·e à l'écart des jeux ou des groupes"
    MOQUERIES = "moqueries", "Moqueries, surnoms, rires quand il ou elle parle"
    BOUSCULADES = "bousculades", "Bousculades, coups « pour jouer »"
    AFFAIRES = "affaires", "Affaires abîmées, perdues ou prises"
    EVITEMENT = "evitement", "Évite la cour, la cantine ou les toilettes"
    REFUS_ECOLE = "refus_ecole", "Ne veut plus venir à l'école, retards, absences"
    CHANGEMENT = "changement", "Change d'humeur : tristesse, colère, repli"
    PLAINTES = "plaintes", "Maux de ventre ou de tête le matin"
    RESULTATS = "resultats", "Résultats qui baissent"
    MESSAGES = "messages", "Bouleversé·e après des messages ou des jeux en ligne"


class Report(TimeStamped):
    """A report of a situation. A pupil's report stores no IP, device, user or session."""

    school = models.ForeignKey(
        School, verbose_name="école", on_delete=models.PROTECT, related_name="reports"
    )
    # The school's district, kept in step on save (see ``Case.district``).
    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField("origine", max_length=14, choices=ReportSource.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    description = models.TextField("ce qui se passe", max_length=5000)
    places = models.JSONField("lieux", default=list, blank=True)
    signals = models.JSONField("signaux faibles", default=list, blank=True)
    pupil_label = models.CharField(
        "élève concerné·e (prénom et initiale)", max_length=60, blank=True
    )
    class_label = models.CharField("classe", max_length=40, blank=True)
    is_about_self = models.BooleanField("l'élève parle de lui-même ou d'elle-même", default=False)
    wants_contact = models.BooleanField("souhaite être recontacté·e", default=False)
    status = models.CharField(
        "état", max_length=10, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    case = models.ForeignKey(
        "resources_hub.Case",
        verbose_name="situation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    receipt_digest = models.CharField(max_length=64, blank=True, editable=False)
    review_reason = models.CharField(
        "à vérifier", max_length=10, choices=ReviewReason.choices, blank=True, editable=False
    )
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"district": "district", "school": "school", "own": "created_by"}

    class Meta:
        verbose_name = "signalement"
        verbose_name_plural = "signalements"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["school", "status", "-created_at"]),
            models.Index(fields=["receipt_digest"]),
            models.Index(fields=["district", "-created_at"], name="report_district_created"),
            models.Index(fields=["district", "status"], name="report_district_status"),
        ]

    def __str__(self) -> str:
        return f"Signalement n° {self.pk} — {self.school.name}"

    @property
    def audit_label(self) -> str:
        return f"Signalement n° {self.pk}"

    @property
    def audit_district_id(self):
        return self.district_id or self.school.district_id

    def save(self, *args, **kwargs):
        self.district_id = school_district_id(self)
        super().save(*args, **kwargs)

    def get_places_display(self) -> list[str]:
        labels = dict(Place.choices)
        return [labels.get(p, p) for p in self.places]

    def get_signals_display(self) -> list[str]:
        labels = dict(WeakSignal.choices)
        return [labels.get(s, s) for s in self.signals]


class ReportMessage(models.Model):
    """The thread of a report: the school answers, the pupil (with the receipt code) or the
    parent who reported (signed in) adds."""

    class Author(models.TextChoices):
        PUPIL = "pupil", "Élève"
        SCHOOL = "school", "École"
        PARENT = "parent", "Parent"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField("auteur", max_length=10, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField("message", max_length=3000)
    created_at = models.DateTimeField("envoyé le", auto_now_add=True)
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = "message de suivi"
        verbose_name_plural = "messages de suivi"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Message {self.get_author_kind_display()} — signalement n° {self.report_id}"


class PupilAccess(models.Model):
    """The short code on a school's poster and QR code, opening the anonymous report page."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="pupil_access")
    code = models.CharField("code de l'école", max_length=12, unique=True)
    is_active = models.BooleanField("ouvert", default=True)

    class Meta:
        verbose_name = "accès élèves"
        verbose_name_plural = "accès élèves"

    def __str__(self) -> str:
        return f"{self.code} — {self.school.name}"
