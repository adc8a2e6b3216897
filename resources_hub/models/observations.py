"""The shared observation grid ("grille d'observation des signaux faibles"): several adults, each
from their place of observation, record dated observations about one pupil over about two weeks.

Signals are phrased as what an adult sees, never as a health finding. A périscolaire or ATSEM
adult without an account adds observations through a single-use link and reads nothing.
"""

from django.conf import settings
from django.db import models

from directory.models import School, ScopedQuerySet, TimeStamped


class ObservationPlace(models.TextChoices):
    CLASSE = "classe", "Classe"
    COUR = "cour", "Cour"
    CANTINE = "cantine", "Cantine"
    TOILETTES = "toilettes", "Toilettes et couloirs"
    TRAJET = "trajet", "Entrées et sorties, trajet"
    PERISCOLAIRE = "periscolaire", "Périscolaire"
    FAMILLE = "famille", "Famille"


class ObservedSignal(models.TextChoices):
    SEUL_RECREATION = "seul_recreation", "Est seul·e à la récréation"
    MANGE_SEUL = "mange_seul", "Mange seul·e"
    PERTE_AMIS = "perte_amis", "Perd ses amis"
    PRES_ADULTES = "pres_adultes", "Reste près des adultes"
    ARRIVE_TARD = "arrive_tard", "Arrive en retard ou part le premier"
    CHANGER_PLACE = "changer_place", "Demande à changer de place ou de groupe"
    CHOISI_DERNIER = "choisi_dernier", "Est choisi·e en dernier"
    RIRES = "rires", "Est la cible de rires, surnoms, regards ou chuchotements"
    AFFAIRES = "affaires", "Affaires abîmées ou prises"
    EVITE_LIEUX = "evite_lieux", "Évite les toilettes ou la cantine"
    PLEURE_ENTREE = "pleure_entree", "Pleure ou refuse d'entrer"
    ABSENCES = "absences", "Est absent·e plus souvent"
    SILENCIEUX = "silencieux", "Devient silencieux·se en classe"
    # Maternelle signs
    PLEURS_ARRIVEE = "pleurs_arrivee", "Maternelle : pleure à l'arrivée"
    REFUSE_COUR = "refuse_cour", "Maternelle : refuse d'aller dans la cour"
    REGRESSION = "regression", "Maternelle : revient à des habitudes de plus petit"
    # Group side
    RIRES_COLLECTIFS = "rires_collectifs", "Groupe : rires collectifs contre un·e élève"
    BOUC_EMISSAIRE = "bouc_emissaire", "Groupe : un·e élève sert de bouc émissaire"
    MENEUR = "meneur", "Groupe : un·e meneur·se monte les autres contre quelqu'un"
    MESSAGES = "messages", "Groupe : des messages circulent"


class ObservationGrid(TimeStamped):
    """One pupil's grid: of a case's pupil, or of a concern that is not a case yet."""

    school = models.ForeignKey(
        School, verbose_name="école", on_delete=models.PROTECT, related_name="observation_grids"
    )
    case = models.ForeignKey(
        "resources_hub.Case",
        verbose_name="situation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observation_grids",
    )
    party = models.ForeignKey(
        "resources_hub.CaseParty",
        verbose_name="élève de la situation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pupil_label = models.CharField(
        "élève observé·e (prénom et initiale)",
        max_length=40,
        help_text="Par exemple « Léa M. ». Jamais de nom complet.",
    )
    class_label = models.CharField("classe", max_length=40, blank=True)
    started_on = models.DateField("début de l'observation")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = {
        "district": "school__district",
        "school": "school",
        "assigned": "case__handlers__user",
    }

    class Meta:
        verbose_name = "grille d'observation"
        verbose_name_plural = "grilles d'observation"
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["school", "started_on"])]

    def __str__(self) -> str:
        return f"Grille d'observation — {self.pupil_label}"

    @property
    def audit_label(self) -> str:
        return f"Grille d'observation n° {self.pk}"

    @property
    def audit_district_id(self):
        return self.school.district_id


class Observation(models.Model):
    """One adult's dated observation from one place."""

    grid = models.ForeignKey(ObservationGrid, on_delete=models.CASCADE, related_name="observations")
    observed_on = models.DateField("date")
    place = models.CharField("poste d'observation", max_length=14, choices=ObservationPlace.choices)
    signals = models.JSONField("ce que j'ai observé", default=list)
    note = models.CharField(
        "précision (facultatif)",
        max_length=500,
        blank=True,
        help_text="Ce que vous avez vu ou entendu, sans détail médical ou psychologique.",
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    observer_name = models.CharField("observé par", max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "observation"
        verbose_name_plural = "observations"
        ordering = ["observed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.observed_on:%d/%m/%Y} {self.get_place_display()} — {self.observer_name}"

    def signal_labels(self) -> list[str]:
        return [ObservedSignal(s).label for s in self.signals if s in ObservedSignal.values]


class ObserverLink(models.Model):
    """A single-use link the director gives a périscolaire or ATSEM adult: one set of
    observations for one pupil, nothing to read. Only a digest of the token is stored."""

    grid = models.ForeignKey(ObservationGrid, on_delete=models.CASCADE, related_name="links")
    observer_name = models.CharField("adulte (nom et fonction)", max_length=120)
    place = models.CharField("poste d'observation", max_length=14, choices=ObservationPlace.choices)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField("valable jusqu'au")
    used_at = models.DateTimeField("utilisé le", null=True, blank=True)

    class Meta:
        verbose_name = "lien d'observation"
        verbose_name_plural = "liens d'observation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Lien pour {self.observer_name}"
