"""Situations (case files): pupils and their part, handlers, the status workflow, the chronology."""

from django.conf import settings
from django.db import models

from directory.models import Classroom, District, School, ScopedQuerySet, TimeStamped


class CaseStatus(models.TextChoices):
    REPORTED = "reported", "Signalée"
    ASSESSMENT = "assessment", "En évaluation"
    HANDLING = "handling", "Prise en charge"
    FOLLOW_UP = "follow_up", "Suivi"
    CLOSED = "closed", "Clôturée"
    NOT_BULLYING = "not_bullying", "Non constitutive de harcèlement"
    ESCALATED = "escalated", "Escaladée"
    REOPENED = "reopened", "Réouverte"


OPEN_STATUSES = (
    CaseStatus.REPORTED,
    CaseStatus.ASSESSMENT,
    CaseStatus.HANDLING,
    CaseStatus.FOLLOW_UP,
    CaseStatus.ESCALATED,
    CaseStatus.REOPENED,
)
CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.NOT_BULLYING)

# The national handling protocol: each status may only move to these. A closed case is reopened
# ("réouverte", counted), then assessed again; escalation goes through ``case_escalate``.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.REPORTED: (CaseStatus.ASSESSMENT,),
    CaseStatus.ASSESSMENT: (CaseStatus.HANDLING, CaseStatus.NOT_BULLYING, CaseStatus.ESCALATED),
    CaseStatus.HANDLING: (CaseStatus.FOLLOW_UP, CaseStatus.ESCALATED),
    CaseStatus.FOLLOW_UP: (CaseStatus.CLOSED, CaseStatus.HANDLING, CaseStatus.ESCALATED),
    CaseStatus.ESCALATED: (CaseStatus.HANDLING, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED),
    CaseStatus.CLOSED: (CaseStatus.REOPENED,),
    CaseStatus.NOT_BULLYING: (CaseStatus.REOPENED,),
    CaseStatus.REOPENED: (CaseStatus.ASSESSMENT, CaseStatus.HANDLING),
}


class FaitsLevel(models.IntegerChoices):
    """The level of the ministry's « Faits établissement » application (suspected bullying: 2)."""

    ONE = 1, "Niveau 1"
    TWO = 2, "Niveau 2"
    THREE = 3, "Niveau 3"


class Track(models.TextChoices):
    MPP = "mpp", "Méthode de la préoccupation partagée"
    FIRM = "firm", "Réponse plus ferme (mesures éducatives, sanctions)"


class EscalatedTo(models.TextChoices):
    IEN = "ien", "IEN"
    POLE = "pole", "Pôle ressources"
    REFERENT = "referent", "Référent·e harcèlement départemental·e"
    DASEN = "dasen", "IA-DASEN"


class EscalationMeasure(models.TextChoices):
    EQUIPE_EDUCATIVE = "equipe_educative", "Équipe éducative"
    EXCLUSION = "exclusion", "Exclusion temporaire (5 jours au plus)"
    CHANGE_SCHOOL = "change_school", "Changement d'école"


class CaseCategory(models.TextChoices):
    VERBAL = "verbal", "Verbal (moqueries, insultes, surnoms)"
    PHYSICAL = "physical", "Physique (coups, bousculades, vol ou dégradation)"
    RELATIONAL = "relational", "Relationnel (mise à l'écart, rumeurs)"
    CYBER = "cyber", "Cyberharcèlement"


def school_district_id(obj) -> int | None:
    """The district of ``obj.school`` (a case or report), read from the loaded school if any."""
    if obj.school_id is None:
        return None
    field = type(obj)._meta.get_field("school")
    if field.is_cached(obj) and obj.school.pk == obj.school_id:
        return obj.school.district_id
    return School.objects.filter(pk=obj.school_id).values_list("district_id", flat=True).first()


class CaseQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today):
        return self.open().filter(next_review_on__lt=today)


class Case(TimeStamped):
    """A situation followed by the school and the pôle ressources.

    Pupils appear only through ``CaseParty`` (first name + initial, or initials, and class). No
    medical or psychological detail is recorded: the free-text fields say so beside them.
    """

    reference = models.CharField("référence", max_length=20, unique=True, editable=False)
    school = models.ForeignKey(
        School, verbose_name="école", on_delete=models.PROTECT, related_name="cases"
    )
    # The school's district, kept in step on save (and by ``district_sync`` when a school moves):
    # district lists and the dashboard filter on an indexed column instead of joining schools.
    district = models.ForeignKey(
        District,
        verbose_name="circonscription",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(
        "intitulé court",
        max_length=120,
        help_text="Sans nom d'élève : par exemple « Mise à l'écart en cour, CM1 ».",
    )
    category = models.CharField("type de faits", max_length=12, choices=CaseCategory.choices)
    faits_level = models.PositiveSmallIntegerField(
        "niveau « Faits établissement »", choices=FaitsLevel.choices, null=True, blank=True
    )
    status = models.CharField(
        "étape", max_length=14, choices=CaseStatus.choices, default=CaseStatus.REPORTED
    )
    facts_started_on = models.DateField("début des faits (approximatif)", null=True, blank=True)
    reported_on = models.DateField("date du signalement")
    summary = models.TextField(
        "résumé des faits",
        max_length=5000,
        help_text="Les faits, sans détail médical ou psychologique.",
    )
    next_review_on = models.DateField("prochain point de suivi", null=True, blank=True)
    first_action_at = models.DateTimeField("première action", null=True, blank=True)
    closed_on = models.DateField("clôturée le", null=True, blank=True)
    # Dated checklist of the national tools (the portal records that it was done, not the record).
    ien_informed_on = models.DateField("IEN informé·e le", null=True, blank=True)
    faits_etablissement_on = models.DateField(
        "déclaration « Faits établissement » (niveau 2) le", null=True, blank=True
    )
    family_met_on = models.DateField("famille de l'élève cible reçue le", null=True, blank=True)
    procureur_on = models.DateField("signalement au procureur le", null=True, blank=True)
    information_preoccupante_on = models.DateField(
        "information préoccupante transmise le", null=True, blank=True
    )
    psychologue_informed_on = models.DateField("psychologue EN informé·e le", null=True, blank=True)
    medecin_informed_on = models.DateField("médecin scolaire informé·e le", null=True, blank=True)
    pole_requested_on = models.DateField("appui du pôle demandé le", null=True, blank=True)
    pole_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="appui du pôle demandé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pole_mobilised_on = models.DateField("pôle mobilisé le", null=True, blank=True)
    pole_contact_on = models.DateField("premier contact pôle – direction le", null=True, blank=True)
    periscolaire_informed_on = models.DateField(
        "personnels du périscolaire informés le", null=True, blank=True
    )
    author_families_met_on = models.DateField(
        "familles des élèves intimidateurs reçues le", null=True, blank=True
    )
    equipe_educative_on = models.DateField("équipe éducative réunie le", null=True, blank=True)
    # Qualification (step 9) and the track chosen.
    qualified_on = models.DateField("qualifiée le", null=True, blank=True)
    criterion_repetition = models.BooleanField("répétition", default=False)
    criterion_power = models.BooleanField("rapport de force", default=False)
    criterion_isolation = models.BooleanField("isolement", default=False)
    track = models.CharField("réponse choisie", max_length=4, choices=Track.choices, blank=True)
    track_on = models.DateField("réponse choisie le", null=True, blank=True)
    mpp_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="équipe de la préoccupation partagée",
        blank=True,
        related_name="mpp_cases",
    )
    # Escalation (the 2023 decree's path) and reopening.
    escalated_to = models.CharField(
        "escaladée vers", max_length=10, choices=EscalatedTo.choices, blank=True
    )
    escalated_on = models.DateField("escaladée le", null=True, blank=True)
    escalation_measures = models.JSONField("mesures décidées", default=list, blank=True)
    reopened_count = models.PositiveSmallIntegerField("réouvertures", default=0)
    # A closure without the IEN informed, the family met or a handler needs a justification.
    closure_justification = models.TextField(
        "justification de la clôture", max_length=2000, blank=True
    )
    closed_unguarded = models.BooleanField("close sans toutes les démarches", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ouverte par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()
    scope_paths = {
        "district": "district",
        "school": "school",
        "assigned": "handlers__user",
    }

    class Meta:
        verbose_name = "situation"
        verbose_name_plural = "situations"
        ordering = ["-reported_on", "-pk"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["status", "next_review_on"]),
            models.Index(fields=["category"]),
            models.Index(fields=["district", "-reported_on", "-id"], name="case_district_reported"),
            models.Index(fields=["district", "status"], name="case_district_status"),
            models.Index(fields=["-reported_on", "-id"], name="case_reported"),
            models.Index(fields=["district", "updated_at"], name="case_district_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def save(self, *args, **kwargs):
        self.district_id = school_district_id(self)
        super().save(*args, **kwargs)

    @property
    def audit_label(self) -> str:
        return self.reference

    @property
    def audit_district_id(self):
        return self.district_id or self.school.district_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def allowed_transitions(self) -> tuple[str, ...]:
        return TRANSITIONS.get(self.status, ())


class PartyRole(models.TextChoices):
    TARGET = "target", "Élève cible (présumé·e victime)"
    WITNESS = "witness", "Témoin"
    AUTHOR = "author", "Élève intimidateur·rice (présumé·e auteur·rice)"
    SUPPORT = "support", "Élève soutien"


class CaseParty(models.Model):
    """A pupil in a situation: first name + initial (or initials) and class, nothing more."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    label = models.CharField(
        "prénom et initiale, ou initiales",
        max_length=40,
        help_text="Par exemple « Léa M. » ou « L. M. ». Jamais de nom complet.",
    )
    role = models.CharField("rôle dans la situation", max_length=10, choices=PartyRole.choices)
    classroom = models.ForeignKey(
        Classroom,
        verbose_name="classe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    class_label = models.CharField("classe (autre école ou texte)", max_length=40, blank=True)
    protective_measures = models.TextField(
        "mesures de protection ou éducatives", max_length=3000, blank=True
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="adulte référent·e",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    referent_named_on = models.DateField("adulte référent·e désigné·e le", null=True, blank=True)

    class Meta:
        verbose_name = "élève concerné·e"
        verbose_name_plural = "élèves concerné·es"
        ordering = ["role", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_role_display()})"


class HandlerKind(models.TextChoices):
    SCHOOL = "school", "Direction de l'école"
    TEACHER = "teacher", "Enseignant·e de l'école"
    POLE = "pole", "Pôle ressources"
    DISTRICT = "district", "Équipe de circonscription"


class CaseHandler(models.Model):
    """Who handles the situation; assigned pôle members read and write it, and only it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handlers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handled_cases"
    )
    kind = models.CharField("au titre de", max_length=10, choices=HandlerKind.choices)
    added_at = models.DateTimeField("ajouté·e le", auto_now_add=True)

    class Meta:
        verbose_name = "intervenant·e"
        verbose_name_plural = "intervenant·es"
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_handler_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"


class CaseTransition(models.Model):
    """One dated, attributed step of the workflow."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=14, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=14, choices=CaseStatus.choices)
    at = models.DateTimeField("le", auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.CharField("commentaire", max_length=500, blank=True)

    class Meta:
        verbose_name = "changement d'étape"
        verbose_name_plural = "changements d'étape"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class CaseEventKind(models.TextChoices):
    INTERVIEW = "interview", "Entretien"
    MEASURE = "measure", "Mesure de protection ou éducative"
    FAMILY = "family", "Contact avec une famille"
    PIKAS = "pikas", "Préoccupation partagée (PIKAS)"
    NOTE = "note", "Note"
    TRANSITION = "transition", "Changement d'étape"
    ATTACHMENT = "attachment", "Pièce jointe"
    CHECKLIST = "checklist", "Démarche"
    REPORT = "report", "Signalement"


class CaseEvent(models.Model):
    """The chronology: everything that happens in a situation, in order."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("type", max_length=12, choices=CaseEventKind.choices)
    occurred_on = models.DateField("date")
    party = models.ForeignKey(
        CaseParty,
        verbose_name="élève concerné·e",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    title = models.CharField("objet", max_length=200)
    body = models.TextField(
        "compte rendu",
        max_length=5000,
        blank=True,
        help_text="Les faits et décisions, sans détail médical ou psychologique.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    checklist_item = models.CharField("démarche", max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "chronologie"
        ordering = ["occurred_on", "created_at", "pk"]
        indexes = [models.Index(fields=["case", "occurred_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="case_event_idempotency_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d/%m/%Y} {self.get_kind_display()} : {self.title}"


class PikasSession(models.Model):
    """A "préoccupation partagée" talk: with whom, led by whom, what they proposed, next date."""

    class Kind(models.TextChoices):
        FIRST = "first", "Premier entretien"
        FOLLOW_UP = "follow_up", "Entretien de suivi"

    class Outcome(models.TextChoices):
        PROPOSAL = "proposal", "L'élève a proposé quelque chose"
        NO_PROPOSAL = "no_proposal", "Pas encore de proposition"
        IMPROVED = "improved", "Amélioration constatée"
        NOT_IMPROVED = "not_improved", "Pas d'amélioration"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pikas_sessions")
    party = models.ForeignKey(
        CaseParty, verbose_name="élève", on_delete=models.CASCADE, related_name="pikas_sessions"
    )
    held_on = models.DateField("date")
    kind = models.CharField("entretien", max_length=10, choices=Kind.choices)
    led_by = models.CharField("mené par", max_length=120)
    led_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="adulte de l'équipe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField("issue", max_length=14, choices=Outcome.choices)
    proposal = models.CharField("ce que l'élève propose", max_length=500, blank=True)
    notes = models.TextField("notes courtes", max_length=2000, blank=True)
    next_on = models.DateField("prochain entretien", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "entretien de préoccupation partagée"
        verbose_name_plural = "entretiens de préoccupation partagée"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.get_kind_display()} — {self.party.label}"


def attachment_path(instance, filename: str) -> str:
    return f"cases/{instance.case_id}/{instance.stored_name}"


class Attachment(models.Model):
    """A file of a situation. Its type is checked by content and its name never kept as a path."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    stored_name = models.CharField(max_length=80, editable=False)
    original_name = models.CharField("nom du fichier", max_length=120)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField("taille (octets)")
    description = models.CharField("description", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name
