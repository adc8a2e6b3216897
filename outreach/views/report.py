"""The yearly report: the IEN and the admin export the district's, a director their school's.
Built in the background; the page refreshes itself (meta refresh, no JavaScript) until ready."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from directory import audit
from directory.converters import parse_id
from directory.models import District, School, SchoolYear
from directory.pdf import pdf_response
from directory.permissions import check_access, get_scoped_or_404, has_perm, permission_required
from directory.selectors import years_around
from outreach.models import YearlyReport
from outreach.services import report as services

DISTRICT_PERM = "yearly_report.district"
SCHOOL_PERM = "yearly_report.school"


def _year(request) -> SchoolYear:
    start_year = parse_id((request.POST.get("annee") or request.GET.get("annee") or "").strip())
    if start_year is not None:
        return get_object_or_404(SchoolYear, start_year=start_year)
    return SchoolYear.current()


@permission_required(DISTRICT_PERM)
def report_home(request) -> HttpResponse:
    """Choose the district and the year; the kept reports are listed."""
    districts = District.objects.visible_to(request.user, DISTRICT_PERM).order_by("name")
    reports = (
        YearlyReport.objects.visible_to(request.user, DISTRICT_PERM)
        .filter(school__isnull=True, status=YearlyReport.Status.DONE)
        .select_related("district", "year")
        .defer("pdf")
        .order_by("-pk")[:20]
    )
    return render(
        request,
        "outreach/report/home.html",
        {
            "districts": districts[:100],
            "reports": reports,
            "years": years_around(SchoolYear.current(), before=5, after=0),
            "current": SchoolYear.current(),
        },
    )


@require_POST
@permission_required(DISTRICT_PERM)
def report_request(request) -> HttpResponse:
    district = get_scoped_or_404(
        request, District.objects.all(), DISTRICT_PERM, pk=_int(request.POST.get("district"))
    )
    report, _ = services.report_request(user=request.user, year=_year(request), district=district)
    return redirect("outreach:report-status", pk=report.pk)


@require_POST
@permission_required(SCHOOL_PERM)
def school_report_request(request, uai: str) -> HttpResponse:
    school = get_scoped_or_404(
        request, School.objects.filter(district__isnull=False), SCHOOL_PERM, uai=uai
    )
    report, _ = services.report_request(
        user=request.user, year=_year(request), district=school.district, school=school
    )
    return redirect("outreach:report-status", pk=report.pk)


def _int(value) -> int:
    return parse_id(value) or 0


def _report(request, pk: int) -> YearlyReport:
    """Either right reaches a report in its scope (a district report needs the district one)."""
    queryset = YearlyReport.objects.select_related("district", "school", "year").defer("pdf")
    for perm in (DISTRICT_PERM, SCHOOL_PERM):
        found = queryset.visible_to(request.user, perm).filter(pk=pk).first()
        if found is not None and (perm == DISTRICT_PERM or found.school_id):
            return found
    return get_scoped_or_404(request, queryset.none(), DISTRICT_PERM, pk=pk)


def _any_report_perm(view):
    def wrapper(request, pk: int):
        perm = DISTRICT_PERM if has_perm(request.user, DISTRICT_PERM) else SCHOOL_PERM
        return check_access(request, perm) or view(request, pk)

    wrapper.__name__ = view.__name__
    return wrapper


@_any_report_perm
def report_status(request, pk: int) -> HttpResponse:
    report = _report(request, pk)
    response = render(request, "outreach/report/status.html", {"report": report})
    if report.status in (YearlyReport.Status.PENDING, YearlyReport.Status.RUNNING):
        response["Refresh"] = "3"  # the browser reloads the page itself, no JavaScript needed
    return response


@_any_report_perm
def report_pdf(request, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if report.status != YearlyReport.Status.DONE:
        return redirect("outreach:report-status", pk=report.pk)
    content = YearlyReport.objects.values_list("pdf", flat=True).get(pk=report.pk)
    if content is None:
        raise Http404
    audit.record("export", request=request, obj=report, detail="rapport annuel (PDF)")
    where = report.school.uai if report.school_id else report.district.code
    return pdf_response(bytes(content), f"rapport-annuel-{where}-{report.year.start_year}.pdf")


urlpatterns = [
    path("rapport/", report_home, name="report"),
    path("rapport/demander/", report_request, name="report-request"),
    path("rapport/ecole/<uai:uai>/", school_report_request, name="report-school-request"),
    path("rapport/<int:pk>/", report_status, name="report-status"),
    path("rapport/<int:pk>/pdf/", report_pdf, name="report-pdf"),
]
