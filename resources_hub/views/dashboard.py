"""The district's case dashboard, and the panels this axis adds to the role home pages.

Every figure is an aggregate computed by the database over the user's scope: the district team
(``case.dashboard``) sees its district; a home-page panel counts only what ``case.view`` lets the
user read (a pôle member: their assigned cases; a director: their school's).
"""

import datetime

import django_filters
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.generic import TemplateView

from directory.dashboard import Panel
from directory.models import School
from directory.permissions import DISTRICT, PermissionRequiredMixin, grants, has_perm
from resources_hub import dashboard_cache, selectors
from resources_hub.models import Case, CaseCategory, Report

AXIS = "prendre-en-charge"
OVERDUE_SHOWN = 50
SCHOOLS_SHOWN = 20
PERIODS = [
    ("annee", "Année scolaire en cours"),
    ("30j", "30 derniers jours"),
    ("90j", "90 derniers jours"),
]


def period_start(value: str, today: datetime.date) -> datetime.date | None:
    if value == "30j":
        return today - datetime.timedelta(days=30)
    if value == "90j":
        return today - datetime.timedelta(days=90)
    if value == "annee":
        return selectors.school_year_start(today)
    return None


def _dashboard_schools(request):
    if request is None:
        return School.objects.none()
    schools = School.objects.visible_to(request.user, "case.dashboard")
    return selectors.ecoles(schools).only("pk", "name", "uai").order_by("name")


class CaseDashboardFilter(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(
        label="École", queryset=_dashboard_schools, empty_label="Toutes les écoles"
    )
    category = django_filters.ChoiceFilter(
        label="Type de faits", choices=CaseCategory.choices, empty_label="Tous"
    )
    period = django_filters.ChoiceFilter(
        label="Signalées pendant",
        choices=PERIODS,
        method="reported_since",
        empty_label="Toutes les dates",
    )

    class Meta:
        model = Case
        fields = ["school", "category", "period"]

    def reported_since(self, queryset, name, value):
        start = period_start(value, timezone.localdate())
        return queryset if start is None else queryset.filter(reported_on__gte=start)


class CaseDashboardView(PermissionRequiredMixin, TemplateView):
    permission = "case.dashboard"
    template_name = "resources_hub/dashboard/case_dashboard.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        filterset = CaseDashboardFilter(
            self.request.GET,
            queryset=Case.objects.visible_to(user, self.permission),
            request=self.request,
        )
        district_ids = self._whole_districts()
        if district_ids and not any(self.request.GET.get(f) for f in filterset.filters):
            figures = dashboard_cache.cached(
                district_ids, today, lambda: self._figures(filterset, today)
            )
        else:
            figures = self._figures(filterset, today)
        return super().get_context_data(filter=filterset, today=today, **figures, **kwargs)

    def _whole_districts(self) -> list[int]:
        """The districts the user sees whole (the same figures for everyone there), or none
        when any of their rights is narrower: then nothing is shared through the cache."""
        scoped = grants(self.request.user, self.permission)
        if any(scope != DISTRICT for _assignment, scope in scoped):
            return []
        return sorted({assignment.district_id for assignment, _scope in scoped})

    def _figures(self, filterset, today) -> dict:
        cases = filterset.qs
        counts = selectors.case_counts(cases, today=today)
        by_school = selectors.open_cases_by_school(cases)
        return {
            "counts": counts,
            "by_status": selectors.open_cases_by_status(cases),
            "by_category": selectors.open_cases_by_category(cases),
            "by_school": by_school[:SCHOOLS_SHOWN],
            "schools_hidden": max(len(by_school) - SCHOOLS_SHOWN, 0),
            "overdue": self._overdue(cases, today),
            "overdue_hidden": max(counts["overdue"] - OVERDUE_SHOWN, 0),
            "average_days": selectors.average_days_to_first_action(cases),
            **self._reports(filterset, today),
        }

    def _overdue(self, cases, today) -> list:
        overdue = list(selectors.overdue_reviews(cases, today=today)[:OVERDUE_SHOWN])
        for case in overdue:
            case.url = _url("case-detail", reference=case.reference)
        return overdue

    def _reports(self, filterset, today) -> dict:
        """Reports received in the chosen period (by default this school year), by source."""
        data = filterset.form.cleaned_data if filterset.is_valid() else {}
        period = data.get("period") or "annee"
        start = period_start(period, today)
        since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
        reports = Report.objects.visible_to(self.request.user, "report.view").filter(
            created_at__gte=since
        )
        if data.get("school"):
            reports = reports.filter(school=data["school"])
        rows = selectors.reports_by_source(reports)
        return {
            "reports_by_source": rows,
            "reports_total": sum(row["count"] for row in rows),
            "reports_period": dict(PERIODS)[period].lower(),
        }


# --- Home-page panels (registered in ResourcesHubConfig.ready) ------------------------------


def _url(name: str, **kwargs) -> str:
    """The URL of another area's page, or none while that area is not installed."""
    try:
        return reverse(f"resources_hub:{name}", kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _figures(figures: dict) -> list[tuple[tuple[str, str], int]]:
    items = [
        (("situation en cours", "situations en cours"), figures["open"]),
        (("point de suivi en retard", "points de suivi en retard"), figures["overdue"]),
    ]
    return items  # new reports: the « Signalements reçus » panel links to the reports


def district_panel(user, districts) -> Panel | None:
    """The district team: its district's cases; a pôle member: the cases assigned to them."""
    if not has_perm(user, "case.view"):
        return None
    from resources_hub.actions_protocol import protocol_rows

    # New reports are counted once, by the « Signalements reçus » panel (actions_reports).
    figures = selectors.case_panel_figures(
        user, districts=districts, today=timezone.localdate(), with_reports=False
    )
    if has_perm(user, "case.dashboard"):
        title, url = "Situations de la circonscription", _url("case-dashboard")
    else:
        title, url = "Situations qui vous sont confiées", _url("case-list")
    rows = _figures(figures) + protocol_rows(user, districts)
    return Panel(axis=AXIS, title=title, figures=rows, url=url)


def school_panel(user, school) -> Panel | None:
    """A director: their school's cases and the reports it received (a teacher handler reads
    only their cases: no school panel)."""
    if not has_perm(user, "case.create"):
        return None
    figures = selectors.case_panel_figures(
        user,
        school=school,
        today=timezone.localdate(),
        with_reports=False,  # counted once, by the « Signalements reçus » panel
    )
    return Panel(
        axis=AXIS,
        title="Situations de l'école",
        figures=_figures(figures),
        url=_url("case-list"),
    )


urlpatterns = [
    path("tableau-de-bord/", CaseDashboardView.as_view(), name="case-dashboard"),
]
