"""The yearly report (district, or one school): figures from every axis plus the schools'
bilans, a fingerprint of them, a background build, and the finished PDF kept until the data
changes. Counts only: no name and no bilan text ever goes into it."""

import datetime
import hashlib
import json

from django.db.models import Count, Q
from django.utils import timezone

from directory.dashboard import as_number, yearly_figures
from directory.models import SchoolKind
from outreach.figures import bar_chart, grouped
from outreach.models import SchoolBilan, YearlyReport

STALLED_AFTER = datetime.timedelta(minutes=15)  # a build not done by then is started again


def _figures(*, year, district, school) -> list[dict]:
    found = yearly_figures(year=year, district=None if school else district, school=school)
    return [
        {"axis": f.axis, "key": f.key, "label": f.label, "value": value, "section": f.section}
        for f in found
        if (value := as_number(f.value)) is not None
    ]


def _bilan_counts(*, year, district, school) -> dict:
    bilans = SchoolBilan.objects.filter(year=year)
    schools = district.schools.exclude(kind__in=[SchoolKind.COLLEGE, SchoolKind.LYCEE])
    if school is not None:
        bilans, schools = bilans.filter(school=school), schools.filter(pk=school.pk)
    else:
        bilans = bilans.filter(school__district=district)
    by_status = dict(bilans.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "schools": schools.count(),
        "signed": by_status.get(SchoolBilan.Status.SIGNED, 0),
        "draft": by_status.get(SchoolBilan.Status.DRAFT, 0),
    }


def report_data(*, year, district, school=None) -> dict:
    return {
        "figures": _figures(year=year, district=district, school=school),
        "bilans": _bilan_counts(year=year, district=district, school=school),
    }


def fingerprint(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def report_request(*, user, year, district, school=None) -> tuple[YearlyReport, bool]:
    """The report for these figures: the kept one when nothing changed, else a new one queued.
    Returns (report, queued)."""
    data = report_data(year=year, district=district, school=school)
    stamp = fingerprint(data)
    kept = (
        YearlyReport.objects.filter(district=district, school=school, year=year, fingerprint=stamp)
        .filter(
            Q(status=YearlyReport.Status.DONE) | Q(created_at__gte=timezone.now() - STALLED_AFTER)
        )
        .order_by("-pk")
        .first()
    )
    if kept is not None:
        return kept, False
    report = YearlyReport.objects.create(
        district=district, school=school, year=year, fingerprint=stamp, requested_by=user
    )
    from outreach.tasks import build_yearly_report

    build_yearly_report.enqueue(report.pk)  # the row is committed: requests run in autocommit
    return report, True


def report_context(report: YearlyReport) -> dict:
    data = report_data(year=report.year, district=report.district, school=report.school)
    groups = grouped(data["figures"])
    for group in groups:
        for section in group["sections"]:
            section["chart"] = bar_chart(section["rows"])
    return {
        "report": report,
        "district": report.district,
        "school": report.school,
        "year": report.year,
        "groups": groups,
        "bilans": data["bilans"],
        "bilans_chart": bar_chart(
            [
                ("Bilans signés et transmis", data["bilans"]["signed"]),
                ("Bilans en brouillon", data["bilans"]["draft"]),
                (
                    "Bilans pas commencés",
                    max(
                        data["bilans"]["schools"]
                        - data["bilans"]["signed"]
                        - data["bilans"]["draft"],
                        0,
                    ),
                ),
            ]
        ),
    }


def report_build(report_id: int) -> None:
    from directory.pdf import render_pdf

    updated = YearlyReport.objects.filter(pk=report_id, status=YearlyReport.Status.PENDING).update(
        status=YearlyReport.Status.RUNNING
    )
    if not updated:
        return
    report = YearlyReport.objects.select_related("district", "school", "year").get(pk=report_id)
    try:
        content = render_pdf("pdf/outreach_yearly_report.html", report_context(report))
    except Exception:
        YearlyReport.objects.filter(pk=report_id).update(status=YearlyReport.Status.FAILED)
        raise
    YearlyReport.objects.filter(pk=report_id).update(
        status=YearlyReport.Status.DONE, pdf=content, finished_at=timezone.now()
    )
