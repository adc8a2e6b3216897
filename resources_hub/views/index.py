"""The landing page of « Mieux prendre en charge »: what the signed-in user may do here."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from directory.permissions import PermissionRequiredMixin, has_perm


@dataclass(frozen=True)
class Entry:
    perm: str
    url_name: str
    title: str
    description: str
    group: str


SIGNALER, SUIVRE, CADRE = "Signaler", "Suivre les situations", "Plans et protocole"

ENTRIES = [
    Entry(
        "report.create",
        "report-create",
        "Signaler une situation",
        "Décrire ce que vous avez vu ou entendu, avec la grille des signaux faibles.",
        SIGNALER,
    ),
    Entry(
        "report.create",
        "report-mine",
        "Mes signalements",
        "Où en sont les signalements que vous avez faits.",
        SIGNALER,
    ),
    Entry(
        "observation.view",
        "grid-list",
        "Grilles d'observation",
        "Les signaux faibles notés par plusieurs adultes, chacun depuis son poste d'observation.",
        SIGNALER,
    ),
    Entry(
        "report.manage",
        "report-list",
        "Signalements reçus",
        "Les signalements des adultes et des élèves, et les réponses aux élèves.",
        SIGNALER,
    ),
    Entry(
        "case.view",
        "case-list",
        "Situations",
        "Les situations que vous suivez : étapes du protocole, chronologie, entretiens PIKAS.",
        SUIVRE,
    ),
    Entry(
        "case.create",
        "case-create",
        "Ouvrir une situation",
        "Ouvrir le dossier d'une situation, avec les élèves concernés (prénom et initiale).",
        SUIVRE,
    ),
    Entry(
        "case.dashboard",
        "case-dashboard",
        "Tableau de bord des situations",
        "Situations en cours par étape, école et type de faits ; points de suivi en retard.",
        SUIVRE,
    ),
    Entry(
        "pole.view",
        "pole-list",
        "Pôles ressources",
        "Le pôle de circonscription et le pôle territorial : membres, réunions, comptes rendus.",
        SUIVRE,
    ),
    Entry(
        "plan.view",
        "plan-list",
        "Plans de prévention",
        "Le plan de la circonscription et les plans des écoles.",
        CADRE,
    ),
    Entry(
        "protocol.view",
        "protocol",
        "Protocole de crise",
        "Que faire face à un élève en situation de crise : la conduite à tenir, en PDF aussi.",
        CADRE,
    ),
]


def entries_for(user) -> list[tuple[str, list[dict]]]:
    """The entries the user holds the right for, grouped, in the order above."""
    groups: dict[str, list[dict]] = {}
    for entry in ENTRIES:
        if not has_perm(user, entry.perm):
            continue
        try:
            url = reverse(f"resources_hub:{entry.url_name}")
        except NoReverseMatch:  # an area not installed yet
            continue
        groups.setdefault(entry.group, []).append(
            {"title": entry.title, "description": entry.description, "url": url}
        )
    return list(groups.items())


class IndexView(PermissionRequiredMixin, TemplateView):
    """The landing page of the « Mieux prendre en charge » axis."""

    permission = "resources_hub.index"
    template_name = "resources_hub/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(groups=entries_for(self.request.user), **kwargs)
