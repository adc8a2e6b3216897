"""Reads reused by several outreach views: the parents' space, events, bilans. Scoped first."""

import datetime

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from directory.models import Role, School, SchoolYear
from directory.permissions import has_perm, roles_of, schools_of
from outreach.models import (
    Audience,
    Event,
    EventAudience,
    EventKind,
    PageTranslation,
    ParentPage,
    SchoolBilan,
)

LANGUAGE_SESSION_KEY = "outreach_language"
LANGUAGE_COOKIE = "hz_langue"


def _with_translations(queryset):
    return queryset.select_related("school", "district").prefetch_related(
        Prefetch("translations", queryset=PageTranslation.objects.order_by("language"))
    )


def readable_pages(user):
    """Public pages for everyone; for a signed-in reader, also the parents-only pages in scope."""
    public = Q(audience=Audience.PUBLIC)
    if getattr(user, "is_authenticated", False) and has_perm(user, "parents.read"):
        scoped = ParentPage.objects.visible_to(user, "parents.read").values("pk")
        return _with_translations(ParentPage.objects.filter(public | Q(pk__in=scoped)))
    return _with_translations(ParentPage.objects.filter(public))


def pages_of_school(user, school: School) -> list:
    """The school's own pages, then its district's, readable by ``user``."""
    pages = readable_pages(user).filter(
        Q(school=school) | Q(school__isnull=True, district_id=school.district_id)
    )
    return sorted(pages, key=lambda p: (p.school_id is None, p.order, p.pk))


def my_schools(user) -> list:
    """A parent's children's schools (the schools of their parent roles), first on their page."""
    return schools_of(user, [Role.PARENT]) if getattr(user, "is_authenticated", False) else []


def editable_pages(user):
    return _with_translations(ParentPage.objects.editable_by(user, "parents.edit"))


def reader_language(request) -> str:
    return request.session.get(LANGUAGE_SESSION_KEY) or request.COOKIES.get(LANGUAGE_COOKIE, "")


def only_parent(user) -> bool:
    """A parent with no staff role: staff-only events are not for them."""
    return getattr(user, "is_authenticated", False) and roles_of(user) == {Role.PARENT}


def upcoming_events(user, *, school=None, kind: str = "", limit: int | None = None):
    now = timezone.now()
    if getattr(user, "is_authenticated", False) and has_perm(user, "event.view"):
        events = Event.objects.visible_to(user, "event.view")
    else:
        events = Event.objects.none()
    if only_parent(user):
        events = events.exclude(audience=EventAudience.STAFF)
    if school is not None:
        events = events.filter(Q(school=school) | Q(school__isnull=True, district=school.district))
    if kind:
        events = events.filter(kind=kind)
    events = (
        events.filter(ends_at__gte=now)
        .select_related("school", "district")
        .annotate(taken=Count("registrations"))
        .annotate(remaining=F("capacity") - F("taken"))
        .order_by("starts_at", "pk")
    )
    return events[:limit] if limit else events


def upcoming_cafes(user, school=None, limit: int = 5):
    return upcoming_events(user, school=school, kind=EventKind.PARENTS_CAFE, limit=limit)


def bilan_year(today: datetime.date | None = None) -> SchoolYear:
    return SchoolYear.current(today)


def bilans_of_district(user, year: SchoolYear) -> list[tuple]:
    """Each école in the user's scope with its bilan of ``year`` (or None): who returned it."""
    schools = (
        School.objects.visible_to(user, "school.view")
        .filter(district__isnull=False)
        .exclude(kind__in=["college", "lycee"])
        .select_related("district")
        .order_by("name")
    )
    bilans = {
        b.school_id: b
        for b in SchoolBilan.objects.visible_to(user, "schoolbilan.overview")
        .filter(year=year)
        .select_related("signed_by")
    }
    return [(school, bilans.get(school.pk)) for school in schools]
