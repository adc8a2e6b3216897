"""The home of « Prévenir »: each role's next step first, then the axis's pages it may open."""

from django.urls import NoReverseMatch, path, reverse
from django.views.generic import TemplateView

from directory.dashboard import actions_for
from directory.permissions import PermissionRequiredMixin, has_perm

ENTRIES = [
    (
        "action.view",
        "prevention:action-list",
        "Actions de prévention",
        "Les actions de l'école et des classes, à filtrer et exporter.",
    ),
    (
        "action.declare",
        "prevention:action-declare",
        "Déclarer une action",
        "Une action prévue ou réalisée, avec ses classes, ses heures et ses partenaires.",
    ),
    (
        "action.view",
        "prevention:action-calendar",
        "Calendrier des actions",
        "Le mois en cours et les suivants ; abonnement iCal.",
    ),
    (
        "action.view",
        "prevention:action-hours",
        "Heures de prévention par classe",
        "Les 10 heures par classe et par an demandées par pHARe, à partir du CP.",
    ),
    (
        "action.coverage",
        "prevention:action-coverage",
        "Couverture de la circonscription",
        "Écoles × types d'action et écoles × cycles : les écoles sans action ressortent.",
    ),
    (
        "actiontype.manage",
        "prevention:type-list",
        "Catalogue des actions",
        "Les types d'action du plan de circonscription, à compléter.",
    ),
    (
        "survey.view",
        "prevention:campaign-list",
        "Enquêtes de climat scolaire",
        "Campagnes, codes à distribuer aux élèves, résultats.",
    ),
    (
        "contest.view",
        "prevention:contest-list",
        "Concours « Non au harcèlement »",
        "Éditions, inscriptions des classes, jury, résultats et remise des prix.",
    ),
    (
        "partner.view",
        "directory:partner-list",
        "Partenaires",
        "OCCE, CAAEE, policier ou gendarme de prévention, associations, périscolaire.",
    ),
]


def entries_for(user) -> list[dict]:
    entries = []
    for perm, url_name, title, text in ENTRIES:
        if not has_perm(user, perm):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        entries.append({"url": url, "title": title, "text": text})
    return entries


class IndexView(PermissionRequiredMixin, TemplateView):
    permission = "prevention.index"
    template_name = "prevention/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        next_actions = [a for a in actions_for(user) if a.axis == "prevenir"]
        return super().get_context_data(
            entries=entries_for(user), next_actions=next_actions, **kwargs
        )


urlpatterns = [path("", IndexView.as_view(), name="index")]
