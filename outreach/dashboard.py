"""What « Informer » puts on the home pages: each role's next step, and the panels."""

from django.urls import reverse
from django.utils import timezone

from directory.dashboard import Action, Panel
from directory.models import SchoolYear
from directory.permissions import has_perm, schools_of
from outreach import selectors
from outreach.models import (
    InterventionRequest,
    Post,
    PostStatus,
    Registration,
    RequestStatus,
    SchoolBilan,
)

AXIS = "informer"


def _this_year() -> SchoolYear:
    """The current school year, unsaved (filters go by ``year__start_year``): no query."""
    return SchoolYear(start_year=SchoolYear.start_year_for(timezone.localdate()))


def _director_bilan(user) -> list[Action]:
    schools = schools_of(user, ["director"])
    if not schools or not has_perm(user, "schoolbilan.edit"):
        return []
    year = _this_year()
    signed = set(
        SchoolBilan.objects.filter(
            school__in=schools, year__start_year=year.start_year, status=SchoolBilan.Status.SIGNED
        ).values_list("school_id", flat=True)
    )
    return [
        Action(
            AXIS,
            f"Bilan annuel {year} de {school.name} à transmettre",
            reverse("outreach:bilan-edit", args=[school.uai, year.start_year]),
            priority=40,
        )
        for school in schools
        if school.pk not in signed
    ]


def _inspector_bilans(user) -> list[Action]:
    if not has_perm(user, "schoolbilan.overview"):
        return []
    year = _this_year()
    count = (
        SchoolBilan.objects.visible_to(user, "schoolbilan.overview")
        .filter(year__start_year=year.start_year, status=SchoolBilan.Status.SIGNED)
        .count()
    )
    if not count:
        return []
    return [
        Action(
            AXIS,
            ("bilan annuel d'école transmis", "bilans annuels d'écoles transmis"),
            reverse("outreach:bilan"),
            count=count,
            priority=45,
        )
    ]


def _moderation(user) -> list[Action]:
    if not has_perm(user, "post.moderate"):
        return []
    count = (
        Post.objects.editable_by(user, "post.moderate").filter(status=PostStatus.SUBMITTED).count()
    )
    if not count:
        return []
    return [
        Action(
            AXIS,
            ("actualité en attente de modération", "actualités en attente de modération"),
            reverse("outreach:post-moderation"),
            count=count,
            priority=30,
        )
    ]


def _open_reserve_requests(user) -> list[Action]:
    if not has_perm(user, "reserve.volunteers"):
        return []
    count = (
        InterventionRequest.objects.visible_to(user, "reserve.request")
        .filter(status=RequestStatus.OPEN)
        .count()
    )
    if not count:
        return []
    return [
        Action(
            AXIS,
            (
                "demande d'intervention de la réserve citoyenne à pourvoir",
                "demandes d'intervention de la réserve citoyenne à pourvoir",
            ),
            reverse("outreach:reserve"),
            count=count,
            priority=45,
        )
    ]


def _parent_cafes(user) -> list[Action]:
    if not selectors.my_schools(user):
        return []
    cafes = list(selectors.upcoming_cafes(user, limit=3))
    mine = set(
        Registration.objects.filter(user=user, event__in=[c.pk for c in cafes]).values_list(
            "event_id", flat=True
        )
    )
    open_cafes = [c for c in cafes if c.pk not in mine and c.remaining > 0]
    if not open_cafes:
        return []
    return [
        Action(
            AXIS,
            ("café des parents à venir", "cafés des parents à venir"),
            reverse("outreach:events"),
            count=len(open_cafes),
            priority=50,
        )
    ]


def _admin_report(user) -> list[Action]:
    if not has_perm(user, "yearly_report.district") or has_perm(user, "schoolbilan.overview"):
        return []
    return [
        Action(
            AXIS,
            "Exporter le rapport annuel de la circonscription",
            reverse("outreach:report"),
            priority=60,
            button="secondary",
        )
    ]


def actions(user) -> list[Action]:
    return [
        *_director_bilan(user),
        *_inspector_bilans(user),
        *_moderation(user),
        *_open_reserve_requests(user),
        *_parent_cafes(user),
        *_admin_report(user),
    ]


def district_panel(user, districts) -> Panel | None:
    if not has_perm(user, "schoolbilan.overview"):
        return None
    year = _this_year()
    signed = SchoolBilan.objects.filter(
        school__district__in=districts,
        year__start_year=year.start_year,
        status=SchoolBilan.Status.SIGNED,
    ).count()
    return Panel(
        AXIS,
        f"Bilans annuels {year}",
        [(("bilan transmis", "bilans transmis"), signed)],
        url=reverse("outreach:bilan"),
    )
