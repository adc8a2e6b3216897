"""Reads of prevention actions: scoped lists, the calendar, coverage and hours per class.

Every figure is aggregated in the database: one query per table, whatever the number of schools.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from directory.models import PARTNER_KINDS, Classroom, School, SchoolYear
from directory.permissions import ALL, DISTRICT, SCHOOL, districts_of, grants, has_perm
from prevention.models import Action, ActionStatus, ActionType

PHARE_HOURS = Decimal(10)
FROM_CP = {"CP", "CE1", "CE2", "CM1", "CM2"}


def actions_visible(user, perm: str = "action.view") -> QuerySet[Action]:
    return Action.objects.visible_to(user, perm)


def actions_readable(user) -> QuerySet[Action]:
    """Own scope, plus the actions other schools of the user's districts chose to share."""
    if not has_perm(user, "action.view"):
        return Action.objects.none()
    district_ids = [d.pk for d in districts_of(user)]
    shared = Q(is_shared=True, school__district_id__in=district_ids)
    own = Q(pk__in=actions_visible(user).values("pk"))
    return Action.objects.filter(own | shared)


def with_list_relations(queryset: QuerySet[Action]) -> QuerySet[Action]:
    return queryset.select_related("school", "action_type").prefetch_related("classrooms")


def declare_schools(user) -> QuerySet[School]:
    """The écoles where ``user`` may declare an action."""
    return ecoles(School.objects.visible_to(user, "action.declare"))


def ecoles(queryset: QuerySet[School]) -> QuerySet[School]:
    return queryset.filter(is_open=True).exclude(kind__in=PARTNER_KINDS)


def coverage_schools(user) -> QuerySet[School]:
    return ecoles(School.objects.visible_to(user, "action.coverage")).order_by("name")


def types_for_districts(district_ids) -> QuerySet[ActionType]:
    return ActionType.objects.filter(district_id__in=district_ids, is_active=True)


def coverage_by_type(schools: list[School], year: SchoolYear) -> dict[tuple[int, int], int]:
    """Actions per (school, type) in ``year``: one grouped query."""
    rows = (
        Action.objects.filter(school__in=schools, year=year)
        .values("school_id", "action_type_id")
        .annotate(n=Count("pk"))
    )
    return {(r["school_id"], r["action_type_id"]): r["n"] for r in rows}


def coverage_by_cycle(schools: list[School], year: SchoolYear) -> dict[int, dict]:
    """Per school: actions per cycle, total actions, hours of prevention lessons done."""
    rows = (
        Action.objects.filter(school__in=schools, year=year)
        .values("school_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=ActionStatus.DONE)),
            c1=Count("pk", filter=Q(cycle_1=True)),
            c2=Count("pk", filter=Q(cycle_2=True)),
            c3=Count("pk", filter=Q(cycle_3=True)),
        )
    )
    return {r["school_id"]: r for r in rows}


def lesson_hours_q(year: SchoolYear) -> Q:
    return Q(
        prevention_actions__year=year,
        prevention_actions__status=ActionStatus.DONE,
        prevention_actions__action_type__counts_as_lessons=True,
    )


def class_hours(classrooms: QuerySet[Classroom], year: SchoolYear) -> list[Classroom]:
    """Each class with ``hours``: the hours of prevention lessons done this year (from CP, the
    target is pHARe's 10 hours; ``from_cp`` says whether it applies)."""
    rows = list(
        classrooms.filter(year=year)
        .annotate(hours=Sum("prevention_actions__hours_per_class", filter=lesson_hours_q(year)))
        .select_related("school")
        .order_by("school__name", "name")
    )
    for classroom in rows:
        classroom.hours = classroom.hours or Decimal(0)
        classroom.from_cp = bool(FROM_CP.intersection(classroom.levels))
        classroom.reached = classroom.hours >= PHARE_HOURS
        classroom.missing = max(PHARE_HOURS - classroom.hours, Decimal(0))
    return rows


def hours_summary(schools: list[School], year: SchoolYear) -> dict[int, dict]:
    """Per school: classes from CP and how many reached 10 hours (one query, then counted)."""
    summary = {s.pk: {"classes": 0, "reached": 0} for s in schools}
    classrooms = Classroom.objects.filter(school__in=schools)
    for classroom in class_hours(classrooms, year):
        if classroom.from_cp:
            summary[classroom.school_id]["classes"] += 1
            summary[classroom.school_id]["reached"] += int(classroom.reached)
    return summary


def month_actions(queryset: QuerySet[Action], first: datetime.date) -> QuerySet[Action]:
    """Actions that take place at least one day of the month starting at ``first``."""
    last = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last -= datetime.timedelta(days=1)
    return queryset.filter(starts_on__lte=last).filter(
        Q(ends_on__isnull=True, starts_on__gte=first) | Q(ends_on__gte=first)
    )


def districts_for_coverage(user) -> list:
    seen = {}
    for assignment, scope in grants(user, "action.coverage"):
        if scope == ALL:
            return []
        if scope == DISTRICT and assignment.district_id:
            seen[assignment.district_id] = assignment.district
        if scope == SCHOOL and assignment.school_id:
            seen[assignment.school.district_id] = assignment.school.district
    return list(seen.values())
