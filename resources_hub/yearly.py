"""What « Mieux prendre en charge » contributes to the yearly school bilan and district report.

Counts only (never a reference, a title or a pupil): reports by source and cases by status,
for the school year, read by outreach through ``directory.dashboard.yearly_figures``.
"""

from django.db.models import Count

from directory.dashboard import Figure
from resources_hub.models import Case, Report
from resources_hub.models.cases import CaseStatus
from resources_hub.models.reports import ReportSource

AXIS = "prendre-en-charge"


def _within(queryset, *, year, district, school):
    queryset = queryset.filter(
        created_at__date__gte=year.starts_on, created_at__date__lte=year.ends_on
    )
    if school is not None:
        return queryset.filter(school=school)
    return queryset.filter(school__district=district)


def yearly_figures(*, year, district=None, school=None) -> list[Figure]:
    reports = dict(
        _within(Report.objects.all(), year=year, district=district, school=school)
        .values_list("source")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cases = dict(
        _within(Case.objects.all(), year=year, district=district, school=school)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures = [Figure(AXIS, "reports", "Signalements reçus", sum(reports.values()), "Signalements")]
    figures += [
        Figure(
            AXIS,
            f"reports.{value}",
            f"Signalements — {label}",
            reports.get(value, 0),
            "Signalements",
        )
        for value, label in ReportSource.choices
    ]
    figures.append(Figure(AXIS, "cases", "Situations ouvertes", sum(cases.values()), "Situations"))
    figures += [
        Figure(AXIS, f"cases.{value}", f"Situations — {label}", cases.get(value, 0), "Situations")
        for value, label in CaseStatus.choices
    ]
    return figures
