"""The « Informer » landing page: the person's next steps first, then the axis's areas."""

from django.shortcuts import render

from directory.permissions import can, permission_required
from outreach.dashboard import actions


@permission_required("outreach.index")
def index(request):
    user = request.user
    links = [
        ("Espace parents", "outreach:parents", "parents.read"),
        ("Événements", "outreach:events", "event.view"),
        ("Gérer l'espace parents", "outreach:parents-manage", "parents.edit"),
        ("Bilans annuels des écoles", "outreach:bilan", "schoolbilan.view"),
        ("Actualités et initiatives", "outreach:posts", "outreach.index"),
        ("Modérer les actualités", "outreach:post-moderation", "post.moderate"),
        ("Pratiques partagées entre écoles", "outreach:practices", "practice.view"),
        ("Diaporama des initiatives de l'année", "outreach:slideshow", "slideshow.view"),
        ("Réserve citoyenne", "outreach:reserve", "reserve.request"),
        ("Rapport annuel de la circonscription", "outreach:report", "yearly_report.district"),
    ]
    return render(
        request,
        "outreach/index.html",
        {
            "next_actions": actions(user),
            "links": [(label, name) for label, name, perm in links if can(user, perm)],
        },
    )
