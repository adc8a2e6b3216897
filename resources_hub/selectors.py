"""Reads of « Mieux prendre en charge » shared by views, home-page panels and other apps.

Each function takes the user, the districts or the querysets explicitly, and aggregates in the
database (one query per figure, whatever the number of cases or schools).
"""

import datetime

from django.db.models import Case as SqlCase
from django.db.models import (
    CharField,
    Count,
    F,
    FilteredRelation,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.aggregates import Avg
from django.db.models.functions import TruncDate
from django.utils import timezone

from directory.models import PARTNER_KINDS, District, School, SchoolYear
from directory.permissions import ALL, DISTRICT, SCHOOL, grants, scope_q
from resources_hub.models import (
    Case,
    CaseCategory,
    CaseStatus,
    CrisisProtocol,
    CrisisProtocolVersion,
    PreventionPlan,
    Report,
    ReportSource,
    ReportStatus,
)
from resources_hub.models.cases import OPEN_STATUSES

# --- Scope helpers ---------------------------------------------------------------------------


def districts_with(user, perm: str, scopes: tuple[str, ...] = (ALL, DISTRICT, SCHOOL)) -> list:
    """The districts in which ``user`` holds ``perm`` through one of ``scopes`` (a school role
    counts for its school's district). Uses the assignments already loaded: no query."""
    seen: dict[int, District] = {}
    for assignment, scope in grants(user, perm):
        if scope not in scopes:
            continue
        if scope == ALL:
            return list(District.objects.order_by("name"))
        district = assignment.district if scope == DISTRICT else None
        if scope == SCHOOL and assignment.school_id:
            district = assignment.school.district
        if district is not None:
            seen.setdefault(district.pk, district)
    return sorted(seen.values(), key=lambda d: d.name)


def year_label(today: datetime.date | None = None) -> str:
    start = SchoolYear.start_year_for(today or timezone.localdate())
    return f"{start}-{start + 1}"


def year_choices(today: datetime.date | None = None, back: int = 3) -> list[tuple[str, str]]:
    """The current school year, the next one (plans are written in June) and a few past ones."""
    start = SchoolYear.start_year_for(today or timezone.localdate())
    labels = [f"{y}-{y + 1}" for y in range(start + 1, start - back - 1, -1)]
    return [(label, label) for label in labels]


def ecoles(queryset: QuerySet[School]) -> QuerySet[School]:
    """Open écoles only (partner collèges and lycées have no plan here)."""
    return queryset.filter(is_open=True).exclude(kind__in=PARTNER_KINDS)


# --- Prevention plans ------------------------------------------------------------------------


def plans_visible(user) -> QuerySet[PreventionPlan]:
    """Plans ``user`` may read: their scope for ``plan.view``, plus the district plan of every
    district they work in (a school's director or teacher reads the plan that applies to it)."""
    own_scope = scope_q(user, "plan.view", PreventionPlan.scope_paths, PreventionPlan)
    district_ids = [d.pk for d in districts_with(user, "plan.view")]
    district_plans = Q(school__isnull=True, district_id__in=district_ids)
    return PreventionPlan.objects.filter(own_scope | district_plans)


def district_plan(district_id: int, year: str) -> PreventionPlan | None:
    return PreventionPlan.objects.filter(
        district_id=district_id, school__isnull=True, year_label=year
    ).first()


def district_plans(districts: list, year: str) -> dict[int, PreventionPlan]:
    """The district plan of the year for each district, keyed by district id (one query)."""
    plans = PreventionPlan.objects.filter(
        district__in=districts, school__isnull=True, year_label=year
    )
    return {plan.district_id: plan for plan in plans}


def coverage_schools(user) -> QuerySet[School]:
    """The écoles whose plans ``user`` follows (the district team's coverage table)."""
    return ecoles(School.objects.visible_to(user, "plan.coverage"))


def plan_coverage(schools: QuerySet[School], year: str) -> QuerySet[School]:
    """Each school with its plan of the year (at most one: a database constraint), in one query:
    ``plan_id``, ``plan_referral``, ``plan_council_on``, ``plan_pikas_on``."""
    return schools.annotate(
        year_plan=FilteredRelation(
            "prevention_plans", condition=Q(prevention_plans__year_label=year)
        )
    ).annotate(
        plan_id=F("year_plan__pk"),
        plan_referral=F("year_plan__referral_in_rules"),
        plan_council_on=F("year_plan__presented_at_council_on"),
        plan_pikas_on=F("year_plan__pikas_presented_on"),
    )


def coverage_totals(coverage: QuerySet[School]) -> dict:
    """The totals row of the coverage table, over every school of the (filtered) table."""
    return coverage.order_by().aggregate(
        schools=Count("pk"),
        with_plan=Count("plan_id"),
        referral=Count("pk", filter=Q(plan_referral=True)),
        council=Count("plan_council_on"),
        pikas=Count("plan_pikas_on"),
    )


def plan_edit_targets(user) -> tuple[list, QuerySet[School]]:
    """Where ``user`` may write a plan: districts (the district plan, for district-wide rights
    only) and écoles (their scope for ``plan.edit``)."""
    districts = districts_with(user, "plan.edit", scopes=(ALL, DISTRICT))
    schools = ecoles(School.objects.visible_to(user, "plan.edit")).select_related("district")
    return districts, schools


# --- Crisis protocol -------------------------------------------------------------------------


def protocol_of(district: District) -> CrisisProtocol | None:
    return CrisisProtocol.objects.filter(district=district).select_related("updated_by").first()


def protocol_versions(protocol: CrisisProtocol) -> QuerySet[CrisisProtocolVersion]:
    return protocol.versions.select_related("saved_by").order_by("-number")


# --- Cases: dashboards and panels ------------------------------------------------------------


class DaysBetween(Func):
    """Whole days from ``start`` (a date) to ``end`` (a date), in SQL on PostgreSQL and SQLite."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = FloatField()

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )


def case_counts(cases: QuerySet[Case], *, today: datetime.date) -> dict:
    """Open, overdue (open with a review date in the past), closed and all cases: one query."""
    open_q = Q(status__in=OPEN_STATUSES)
    return cases.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=open_q),
        overdue=Count("pk", filter=open_q & Q(next_review_on__lt=today)),
        closed=Count("pk", filter=~open_q),
        no_action=Count("pk", filter=open_q & Q(first_action_at__isnull=True)),
    )


def _with_share(rows: list[dict]) -> list[dict]:
    """Each row gets the largest count as ``max``: the scale of its bar (at least 1)."""
    top = max((row["count"] for row in rows), default=0) or 1
    for row in rows:
        row["max"] = top
    return rows


def open_cases_by_status(cases: QuerySet[Case]) -> list[dict]:
    """Every open step of the protocol with its count (zeros included), in protocol order."""
    counts = dict(
        cases.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    rows = [
        {"key": status, "label": CaseStatus(status).label, "count": counts.get(status, 0)}
        for status in OPEN_STATUSES
    ]
    return _with_share(rows)


def open_cases_by_category(cases: QuerySet[Case]) -> list[dict]:
    counts = dict(
        cases.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
    )
    rows = [
        {"key": value, "label": label, "count": counts.get(value, 0)}
        for value, label in CaseCategory.choices
    ]
    return _with_share(rows)


def open_cases_by_school(cases: QuerySet[Case]) -> list[dict]:
    """Schools with at least one open case, the busiest first."""
    rows = list(
        cases.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values("school_id", "school__name", "school__uai")
        .annotate(count=Count("pk"))
        .order_by("-count", "school__name")
    )
    for row in rows:
        row["label"] = row["school__name"]
    return _with_share(rows)


def overdue_reviews(cases: QuerySet[Case], *, today: datetime.date) -> QuerySet[Case]:
    """Open cases whose review date has passed, the longest overdue first."""
    return (
        cases.filter(status__in=OPEN_STATUSES, next_review_on__lt=today)
        .select_related("school")
        .order_by("next_review_on", "pk")
    )


def average_days_to_first_action(cases: QuerySet[Case]) -> float | None:
    """Average days from the report date to the first recorded action, over cases that had one.

    An average rather than a median: SQLite has no portable median aggregate."""
    value = (
        cases.filter(first_action_at__isnull=False)
        .order_by()
        .aggregate(
            days=Avg(
                DaysBetween(TruncDate("first_action_at"), F("reported_on")),
                output_field=FloatField(),
            )
        )["days"]
    )
    return None if value is None else round(float(value), 1)


def reports_by_source(reports: QuerySet[Report]) -> list[dict]:
    counts = dict(reports.order_by().values_list("source").annotate(n=Count("pk")))
    rows = [
        {"key": value, "label": label, "count": counts.get(value, 0)}
        for value, label in ReportSource.choices
    ]
    return _with_share(rows)


def school_year_start(today: datetime.date) -> datetime.date:
    return datetime.date(SchoolYear.start_year_for(today), 9, 1)


def case_panel_figures(
    user, *, districts=None, school=None, today: datetime.date, with_reports: bool
) -> dict:
    """The figures of a home-page panel, within the user's scope for ``case.view`` (a pôle
    member: their assigned cases only) and ``report.view``: two queries at most."""
    cases = Case.objects.visible_to(user, "case.view")
    reports = Report.objects.visible_to(user, "report.view")
    if school is not None:
        cases, reports = cases.filter(school=school), reports.filter(school=school)
    if districts is not None:
        cases = cases.filter(district__in=districts)
        reports = reports.filter(district__in=districts)
    figures = case_counts(cases, today=today)
    if with_reports:
        figures["new_reports"] = reports.filter(status=ReportStatus.NEW).count()
    return figures


# --- The protocol: what waits for the IEN, the director, the pôle member, the teacher ----------


def pole_requests_pending(districts) -> QuerySet:
    """Open cases whose director asked for the pôle and nobody was mobilised yet."""
    return Case.objects.filter(
        school__district__in=districts,
        status__in=OPEN_STATUSES,
        pole_requested_on__isnull=False,
        pole_mobilised_on__isnull=True,
    ).select_related("school")


def escalated_cases(districts) -> QuerySet:
    return Case.objects.filter(
        school__district__in=districts, status=CaseStatus.ESCALATED
    ).select_related("school")


def fiches_to_cosign(user) -> QuerySet:
    """Fiches signed by the pôle that ``user`` may co-sign (the director, the IEN)."""
    from resources_hub.models import FicheBilan

    cases = Case.objects.visible_to(user, "bilan.cosign")
    return FicheBilan.objects.filter(
        status=FicheBilan.Status.SIGNED, case__in=cases.values("pk")
    ).select_related("case")


def fiches_to_sign(user) -> QuerySet[Case]:
    """The followed or closed cases ``user`` is mobilised on as a pôle member whose fiche is not
    signed yet: still a draft, or never written (a fiche exists only from its first save)."""
    from resources_hub.models import FicheBilan, HandlerKind

    mine = Case.objects.filter(
        handlers__user=user,
        handlers__kind=HandlerKind.POLE,
        status__in=(CaseStatus.FOLLOW_UP, CaseStatus.CLOSED),
        anonymised_at__isnull=True,
    )
    unsigned = Q(bilan__isnull=True) | Q(bilan__status=FicheBilan.Status.DRAFT)
    return Case.objects.filter(pk__in=mine.filter(unsigned).values("pk"))


def next_step_expression() -> SqlCase:
    """The protocol's next step of a case, in words (no content), computed in SQL: the next
    action's label and the list it opens say the same."""
    return SqlCase(
        When(
            pole_contact_on__isnull=True,
            pole_mobilised_on__isnull=False,
            then=Value("premier contact avec la direction"),
        ),
        When(qualified_on__isnull=True, then=Value("qualifier la situation")),
        When(family_met_on__isnull=True, then=Value("recevoir la famille de l'élève cible")),
        default=Value("point de suivi"),
        output_field=CharField(),
    )


def cases_for_handler(user) -> QuerySet:
    """The open cases ``user`` is named handler of (pôle member or teacher)."""
    return (
        Case.objects.filter(status__in=OPEN_STATUSES, handlers__user=user)
        .select_related("school")
        .order_by("next_review_on", "pk")
    )


def protocol_figures(districts) -> dict:
    """Closures without every step (justified), reopenings and fiche outcomes (one query)."""
    from resources_hub.models import Outcome

    cases = Case.objects.filter(school__district__in=districts)
    figures = cases.aggregate(
        closed_unguarded=Count("pk", filter=Q(status=CaseStatus.CLOSED, closed_unguarded=True)),
        reopened=Count("pk", filter=Q(reopened_count__gt=0)),
        escalated=Count("pk", filter=Q(status=CaseStatus.ESCALATED)),
        **{f"outcome_{o.value}": Count("pk", filter=Q(bilan__outcome=o.value)) for o in Outcome},
    )
    return figures


# --- What a next action counts is what its link lists (the case list's « à traiter » filter) --


def inspector_districts(user) -> list[int]:
    """The districts whose pôle requests and escalations wait for ``user`` (no query)."""
    return [a.district_id for a, _ in grants(user, "case.assign") if a.district_id]


def reviews_due(cases: QuerySet[Case], *, today: datetime.date) -> QuerySet[Case]:
    """Open cases whose review is today or tomorrow (not the overdue ones)."""
    return cases.open().filter(
        next_review_on__gte=today, next_review_on__lte=today + datetime.timedelta(days=1)
    )


def _todo_queries(user, today: datetime.date) -> dict:
    visible = Case.objects.visible_to(user, "case.view")
    return {
        "appui_pole": lambda: pole_requests_pending(inspector_districts(user)),
        "escaladees": lambda: escalated_cases(inspector_districts(user)),
        "fiche_a_cosigner": lambda: Case.objects.filter(
            pk__in=fiches_to_cosign(user).values("case_id")
        ),
        "fiche_a_signer": lambda: fiches_to_sign(user),
        "mes_situations": lambda: cases_for_handler(user),
        "suivi_en_retard": lambda: visible.overdue(today),
        "suivi_proche": lambda: reviews_due(visible, today=today),
    }


TODO_LABELS = {
    "appui_pole": "Demandes d'appui au pôle à traiter",
    "escaladees": "Situations escaladées",
    "fiche_a_cosigner": "Fiches bilan à co-signer",
    "fiche_a_signer": "Fiches bilan à rédiger et signer",
    "mes_situations": "Situations où vous intervenez",
    "suivi_en_retard": "Points de suivi en retard",
    "suivi_proche": "Points de suivi prévus aujourd'hui ou demain",
}


def todo_keys(user) -> list[str]:
    """The « à traiter » lists that make sense for ``user`` (from the loaded roles: no query)."""
    from directory.models import Role
    from directory.permissions import POLE_SEAT, has_perm, roles_of

    keys = []
    if has_perm(user, "case.assign"):
        keys += ["appui_pole", "escaladees"]
    if has_perm(user, "bilan.cosign"):
        keys.append("fiche_a_cosigner")
    if has_perm(user, "bilan.sign"):
        keys.append("fiche_a_signer")
    if {POLE_SEAT, Role.POLE_MEMBER, Role.TEACHER} & roles_of(user):
        keys.append("mes_situations")
    return [*keys, "suivi_en_retard", "suivi_proche"]


def todo_cases(user, key: str, *, today: datetime.date) -> QuerySet[Case]:
    """The cases behind the next action ``key``: its count on the home page, and the rows of the
    case list its link opens (``?a_traiter=<key>``)."""
    return _todo_queries(user, today)[key]()


def with_last_author(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Each report with the author kind of its thread's last message (``last_author``)."""
    from django.db.models import OuterRef, Subquery

    from resources_hub.models import ReportMessage

    last = ReportMessage.objects.filter(report=OuterRef("pk")).order_by("-created_at", "-pk")
    return reports.annotate(last_author=Subquery(last.values("author_kind")[:1]))


def awaiting_answer_q() -> Q:
    """A pupil's or parent's report whose thread ends with their message: the school owes an
    answer (on a queryset from ``with_last_author``)."""
    from resources_hub.models import ReportMessage

    authors = [ReportMessage.Author.PUPIL, ReportMessage.Author.PARENT]
    return Q(source__in=[ReportSource.PUPIL, ReportSource.PARENT], last_author__in=authors)
