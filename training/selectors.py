"""Reads of « Former » reused by views, dashboards and the yearly figures: hours against the
108 hours, the pôle's trained members, the conseils des maîtres held, the ambassadors' coverage.

Each function takes the user, the district or the school explicitly.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from directory.converters import parse_id
from directory.models import School, SchoolKind, SchoolYear
from training.models import (
    BUDGET_HOURS,
    PUPIL_PROGRAMMES,
    YEARLY_HOURS,
    Budget,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    PoleTrainingDay,
)

PHARE_DAYS = Decimal(8)
POLE_MINIMUM = 5
ELEMENTARY_KINDS = (SchoolKind.ELEMENTAIRE, SchoolKind.PRIMAIRE)
ZERO = Decimal(0)


@dataclass
class Hours:
    """One person's hours of a school year, per budget of the 108 hours."""

    training: Decimal = ZERO
    team: Decimal = ZERO
    other: Decimal = ZERO

    def add(self, budget: str, hours) -> None:
        hours = Decimal(hours or 0)
        if budget == Budget.TRAINING:
            self.training += hours
        elif budget == Budget.TEAM:
            self.team += hours
        else:
            self.other += hours

    @property
    def counted(self) -> Decimal:
        return self.training + self.team

    @property
    def training_max(self) -> Decimal:
        return BUDGET_HOURS[Budget.TRAINING]

    @property
    def team_max(self) -> Decimal:
        return BUDGET_HOURS[Budget.TEAM]

    @property
    def yearly(self) -> Decimal:
        return YEARLY_HOURS


def _attended_q(year: SchoolYear, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}attended": True,
            f"{prefix}session__starts_at__date__gte": year.starts_on,
            f"{prefix}session__starts_at__date__lte": year.ends_on,
        }
    ) | Q(
        **{
            f"{prefix}completed_on__gte": year.starts_on,
            f"{prefix}completed_on__lte": year.ends_on,
        }
    )


def hours_by_user(user_ids, year: SchoolYear) -> dict[int, Hours]:
    """Hours of several people in one school year, in two grouped queries."""
    result: dict[int, Hours] = {pk: Hours() for pk in user_ids}
    sessions = (
        Enrolment.objects.filter(_attended_q(year), user_id__in=user_ids)
        .values("user_id", "session__budget")
        .annotate(total=Sum("session__hours"))
    )
    for row in sessions:
        result[row["user_id"]].add(row["session__budget"], row["total"])
    meetings = (
        MeetingAttendance.objects.filter(
            user_id__in=user_ids,
            meeting__held_on__gte=year.starts_on,
            meeting__held_on__lte=year.ends_on,
        )
        .values("user_id")
        .annotate(total=Sum("meeting__hours"))
    )
    for row in meetings:
        result[row["user_id"]].add(Budget.TEAM, row["total"])
    return result


def hours_of(user, year: SchoolYear) -> Hours:
    return hours_by_user([user.pk], year)[user.pk]


def trained_staff_count(*, year: SchoolYear, district=None, school=None) -> int:
    """People who attended (or completed) at least one training this year."""
    rows = Enrolment.objects.filter(_attended_q(year))
    if school is not None:
        rows = rows.filter(school=school)
    else:
        rows = rows.filter(session__district=district)
    return rows.values("user_id").distinct().count()


def trained_per_school(district, year: SchoolYear) -> list[tuple[School, int]]:
    """Each école of the district with its number of trained staff this year."""
    counts = dict(
        Enrolment.objects.filter(_attended_q(year), school__district=district)
        .values("school_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("school_id", "n")
    )
    schools = School.objects.filter(district=district, is_open=True).exclude(
        kind__in=[SchoolKind.COLLEGE, SchoolKind.LYCEE]
    )
    return [(s, counts.get(s.pk, 0)) for s in schools.order_by("name")]


def conseils_held(district, year: SchoolYear, today=None):
    """The district's écoles, each with the date of its conseil des maîtres this year (or None)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    held = {}
    for school_id, held_on in (
        Meeting.objects.filter(
            district=district,
            kind=MeetingKind.CONSEIL,
            held_on__gte=year.starts_on,
            held_on__lte=min(year.ends_on, today),
        )
        .order_by("held_on")
        .values_list("school_id", "held_on")
    ):
        held.setdefault(school_id, held_on)
    schools = School.objects.filter(district=district, is_open=True).exclude(
        kind__in=[SchoolKind.COLLEGE, SchoolKind.LYCEE]
    )
    return [(s, held.get(s.pk)) for s in schools.order_by("name")]


def schools_without_ambassadors(district, year: SchoolYear):
    """The élémentaires (and primaires) with no pupil ambassador group this year."""
    started = Cohort.objects.filter(
        year=year, programme__in=PUPIL_PROGRAMMES, school__district=district
    ).values("school_id")
    return (
        School.objects.filter(district=district, kind__in=ELEMENTARY_KINDS, is_open=True)
        .exclude(pk__in=started)
        .order_by("name")
    )


@dataclass
class PoleTraining:
    members: list = field(default_factory=list)  # (member, days) pairs
    trained: int = 0
    missing_profiles: list = field(default_factory=list)
    minimum: int = POLE_MINIMUM
    required_days: Decimal = PHARE_DAYS

    @property
    def short_of(self) -> int:
        return max(self.minimum - self.trained, 0)


def pole_training(district, today=None) -> PoleTraining:
    """Each active member of the district's pôles with their pHARe days over two school years.

    Read-only on resources_hub: its models are imported here, inside the function, and never
    written to.
    """
    from django.utils import timezone

    from resources_hub.models import PoleMember

    today = today or timezone.localdate()
    since = SchoolYear(start_year=SchoolYear.start_year_for(today) - 1).starts_on
    members = list(
        PoleMember.objects.filter(pole__district=district, is_active=True)
        .select_related("user", "pole")
        .order_by("user__last_name", "user__first_name")
    )
    days = dict(
        PoleTrainingDay.objects.filter(district=district, day__gte=since)
        .values("user_id")
        .annotate(total=Sum("days"))
        .values_list("user_id", "total")
    )
    by_user: dict[int, tuple] = {}
    for member in members:
        by_user.setdefault(member.user_id, (member, days.get(member.user_id) or ZERO))
    rows = list(by_user.values())
    profiles = {m.profile for m in members}
    missing = []
    if PoleMember.Profile.DIRECTEUR_MATERNELLE not in profiles:
        missing.append(PoleMember.Profile.DIRECTEUR_MATERNELLE.label)
    return PoleTraining(
        members=rows,
        trained=sum(1 for _, d in rows if d >= PHARE_DAYS),
        missing_profiles=missing,
    )


def pending_offers(user):
    return Enrolment.objects.filter(user=user, status=EnrolmentStatus.OFFERED)


def hours_total(*, year: SchoolYear, district=None, school=None):
    """Hours of training attended in the year, summed over people (a count for the bilan)."""
    rows = Enrolment.objects.filter(_attended_q(year))
    rows = (
        rows.filter(school=school)
        if school is not None
        else rows.filter(session__district=district)
    )
    return rows.aggregate(total=Sum("session__hours"))["total"] or ZERO


def ambassadors_total(cohorts) -> int:
    """Pupils of the groups: the listed pupils, or the declared count when it is larger."""
    rows = cohorts.annotate(listed=Count("pupils")).values_list("listed", "members_count")
    return sum(max(listed, declared) for listed, declared in rows)


def pikas_meetings(district, year: SchoolYear):
    """The directors' meetings of the year where the PIKAS protocol was presented.

    This is where the « PIKAS presented on » date of the prevention plans comes from once the
    plans read it here (resources_hub keeps its own date field until then)."""
    return (
        Meeting.objects.filter(
            district=district,
            kind=MeetingKind.DIRECTORS,
            held_on__gte=year.starts_on,
            held_on__lte=year.ends_on,
            items__topic="pikas",
        )
        .distinct()
        .order_by("held_on")
    )


def year_of(today=None) -> SchoolYear:
    """The current school year, unsaved: dates only, no query (home pages count theirs)."""
    from django.utils import timezone

    return SchoolYear(start_year=SchoolYear.start_year_for(today or timezone.localdate()))


def _count(queryset, group: str, field: str = "pk"):
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Coalesce

    counted = queryset.order_by().values(group).annotate(c=Count(field, distinct=True)).values("c")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def district_figures(district, year: SchoolYear) -> dict:
    """The inspector's panel in one query: trained staff, écoles, conseils held, élémentaires
    without pupil ambassadors."""
    from django.db.models import OuterRef

    from directory.models import District

    ecoles = School.objects.filter(district=OuterRef("pk"), is_open=True).exclude(
        kind__in=[SchoolKind.COLLEGE, SchoolKind.LYCEE]
    )
    conseils = Meeting.objects.filter(
        kind=MeetingKind.CONSEIL, held_on__gte=year.starts_on, held_on__lte=year.ends_on
    ).values("school_id")
    started = Cohort.objects.filter(
        year__start_year=year.start_year, programme__in=PUPIL_PROGRAMMES
    ).values("school_id")
    trained = Enrolment.objects.filter(_attended_q(year), session__district=OuterRef("pk"))
    return (
        District.objects.filter(pk=district.pk)
        .annotate(
            trained=_count(trained, "session__district", "user_id"),
            ecoles=_count(ecoles, "district"),
            held=_count(ecoles.filter(pk__in=conseils), "district"),
            without=_count(
                ecoles.filter(kind__in=ELEMENTARY_KINDS).exclude(pk__in=started), "district"
            ),
        )
        .values("trained", "ecoles", "held", "without")
        .get()
    )


def pole_summary(district, today=None) -> PoleTraining:
    """Trained members and missing profiles in one query (for the home page panel)."""
    from django.db.models import DecimalField, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from resources_hub.models import PoleMember

    today = today or timezone.localdate()
    since = SchoolYear(start_year=SchoolYear.start_year_for(today) - 1).starts_on
    days = (
        PoleTrainingDay.objects.filter(district=district, day__gte=since, user=OuterRef("user"))
        .order_by()
        .values("user")
        .annotate(total=Sum("days"))
        .values("total")
    )
    rows = list(
        PoleMember.objects.filter(pole__district=district, is_active=True)
        .annotate(days=Coalesce(Subquery(days, output_field=DecimalField()), ZERO))
        .values_list("user_id", "profile", "days")
    )
    trained = {user_id for user_id, _, d in rows if d >= PHARE_DAYS}
    profiles = {profile for _, profile, _ in rows}
    missing = []
    if PoleMember.Profile.DIRECTEUR_MATERNELLE not in profiles:
        missing.append(PoleMember.Profile.DIRECTEUR_MATERNELLE.label)
    return PoleTraining(trained=len(trained), missing_profiles=missing)


def year_from(value, today=None) -> SchoolYear:
    """The school year a page asks for (``?annee=2025`` for 2025-2026), else the current one."""
    current = year_of(today)
    start = parse_id(value)
    if start is None or not 2000 <= start <= current.start_year:
        return current
    return SchoolYear(start_year=start)


def year_choices(today=None) -> list[SchoolYear]:
    current = year_of(today).start_year
    return [SchoolYear(start_year=y) for y in range(current, current - 4, -1)]
