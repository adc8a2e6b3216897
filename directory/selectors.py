"""Reads shared by several views: the directory figures behind the home pages."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from directory.converters import parse_id
from directory.models import Classroom, RoleAssignment, School, SchoolYear


def year_asked(value) -> SchoolYear:
    """The school year a page is asked for (``?annee=2025``), or today's when none is asked.

    Only a year the portal already holds: a read never creates a year row (a crawler or a typo in
    the address would otherwise add years to every year picker); an unknown year is a 404.
    """
    start_year = parse_id(value)
    if start_year is None:
        return SchoolYear.current()
    return get_object_or_404(SchoolYear, start_year=start_year)


def years_around(current: SchoolYear, *, before: int = 3, after: int = 1) -> list[SchoolYear]:
    """The years a year picker offers: the held years from ``before`` years back to ``after``
    years ahead, newest first."""
    return list(
        SchoolYear.objects.filter(
            start_year__gte=current.start_year - before,
            start_year__lte=current.start_year + after,
        ).order_by("-start_year")
    )


def district_figures(districts) -> dict:
    year = SchoolYear.current()
    schools = School.objects.filter(district__in=districts, is_open=True)
    counts = schools.aggregate(
        total=Count("pk"),
        ecoles=Count("pk", filter=~Q(kind__in=["college", "lycee"])),
    )
    classrooms = Classroom.objects.filter(school__district__in=districts, year=year).count()
    staff = (
        RoleAssignment.objects.active()
        .filter(school__district__in=districts, role__in=["director", "teacher"])
        .values("user")
        .distinct()
        .count()
    )
    return {
        "schools": counts["total"],
        "ecoles": counts["ecoles"],
        "classrooms": classrooms,
        "staff": staff,
        "year": year,
    }


def school_overview(school) -> dict:
    year = SchoolYear.current()
    classrooms = list(Classroom.objects.filter(school=school, year=year).order_by("name"))
    staff = list(
        RoleAssignment.objects.active()
        .filter(school=school, role__in=["director", "teacher"])
        .select_related("user", "user__staff_profile")
        .prefetch_related("classrooms")
        .order_by("role", "user__last_name")
    )
    return {"year": year, "classrooms": classrooms, "staff": staff}


def recent_alerts(user, days: int = 7) -> int:
    """Unusual-access alerts of the last days in the user's audit scope (0 without the right)."""
    from datetime import timedelta

    from django.utils import timezone

    from directory.models import AuditEvent
    from directory.permissions import has_perm

    if not has_perm(user, "audit.view"):
        return 0
    since = timezone.now() - timedelta(days=days)
    return (
        AuditEvent.objects.visible_to(user, "audit.view")
        .filter(action="alert", at__gte=since)
        .count()
    )


def parent_children(user) -> list[dict]:
    """A parent's children as the directory knows them: each school (its contact and the bullying
    referent) with the child's class. Two queries."""
    from directory.models import Role

    assignments = (
        RoleAssignment.objects.active()
        .filter(user=user, role=Role.PARENT)
        .select_related("school", "school__referent", "school__district")
        .prefetch_related("classrooms")
        .order_by("school__name", "pk")
    )
    return [
        {"school": a.school, "classrooms": list(a.classrooms.all()), "referent": a.school.referent}
        for a in assignments
    ]
