"""The director's yearly school bilan (pre-filled, completed, signed, PDF) and the IEN's view of
which schools returned it, read together."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from directory import audit, ratelimit
from directory.converters import parse_id
from directory.models import School, SchoolYear
from directory.pdf import cap_text, pdf_response, render_pdf
from directory.permissions import (
    can,
    get_scoped_or_404,
    has_perm,
    permission_required,
    refuse,
    schools_of,
)
from directory.selectors import years_around
from outreach import selectors
from outreach.figures import grouped
from outreach.forms.bilan import SchoolBilanForm
from outreach.models import SchoolBilan
from outreach.services import bilan as services

PERM = "schoolbilan.view"


def _year(request, start_year: int | None = None) -> SchoolYear:
    if start_year is None:
        start_year = parse_id(request.GET.get("annee"))
        if start_year is None:
            return SchoolYear.current()
    return get_object_or_404(SchoolYear, start_year=start_year)


@permission_required(PERM)
def bilan_home(request) -> HttpResponse:
    """The district team: who returned this year's bilan; a director: their school's bilan."""
    year = _year(request)
    if not has_perm(request.user, "schoolbilan.overview"):
        school = schools_of(request.user, ["director"])[0]
        return redirect("outreach:bilan-edit", uai=school.uai, year=year.start_year)
    rows = selectors.bilans_of_district(request.user, year)
    returned = sum(1 for _, b in rows if b and b.is_signed)
    return render(
        request,
        "outreach/bilan/overview.html",
        {
            "year": year,
            "rows": rows,
            "returned": returned,
            "years": years_around(SchoolYear.current(), before=5, after=0),
        },
    )


def _bilan(request, uai: str, start_year: int) -> SchoolBilan:
    """The bilan to show (unsaved until its first save: a read creates nothing)."""
    school = get_scoped_or_404(request, School.objects.select_related("district"), PERM, uai=uai)
    year = _year(request, start_year)
    return services.bilan_read(school=school, year=year)


def _audit_read(request, bilan: SchoolBilan, detail: str, action: str = "view") -> None:
    if bilan.pk is None:
        audit.record(action, request=request, obj=bilan.school, detail=f"{detail} (vierge)")
    else:
        audit.record(action, request=request, obj=bilan, detail=detail)


def _page(request, bilan, form, status: int = 200) -> HttpResponse:
    return render(
        request,
        "outreach/bilan/edit.html",
        {
            "bilan": bilan,
            "form": form,
            "groups": grouped(bilan.figures),
            "versions": bilan.versions.select_related("saved_by")[:10] if bilan.pk else [],
        },
        status=status,
    )


@permission_required(PERM)
def bilan_edit(request, uai: str, year: int) -> HttpResponse:
    bilan = _bilan(request, uai, year)
    can_edit = can(request.user, "schoolbilan.edit") and not bilan.is_signed
    if request.method == "POST":
        if not can(request.user, "schoolbilan.edit"):
            refuse(request, "schoolbilan.edit", detail=uai)
            raise PermissionDenied
        return _bilan_post(request, bilan)
    form = None
    if can_edit:
        form = SchoolBilanForm(instance=bilan, initial={"version": bilan.version})
    _audit_read(request, bilan, "bilan annuel")
    return _page(request, bilan, form)


def _bilan_post(request, bilan) -> HttpResponse:
    signing = "sign" in request.POST
    form = SchoolBilanForm(request.POST, instance=bilan, signing=signing)
    if form.is_valid():
        try:
            services.bilan_save(
                bilan=bilan
                if bilan.pk
                else services.bilan_for(school=bilan.school, year=bilan.year),
                user=request.user,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
                sign=signing,
                request=request,
            )
        except services.StaleVersion as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "Le bilan est signé et transmis à l'inspection."
                if signing
                else "Brouillon enregistré.",
            )
            return redirect("outreach:bilan-edit", uai=bilan.school.uai, year=bilan.year.start_year)
    return _page(request, services.bilan_read(school=bilan.school, year=bilan.year), form)


def bilan_pdf_context(bilan: SchoolBilan) -> dict:
    return {
        "bilan": bilan,
        "school": bilan.school,
        "district": bilan.school.district,
        "groups": grouped(bilan.figures),
        "assessment": cap_text(bilan.assessment),
        "successes": cap_text(bilan.successes),
        "needs": cap_text(bilan.needs),
    }


@permission_required(PERM)
def bilan_pdf(request, uai: str, year: int) -> HttpResponse:
    bilan = _bilan(request, uai, year)
    if not ratelimit.allow_pdf(request.user):
        return render(request, "errors/429.html", status=429)
    content = render_pdf("pdf/outreach_school_bilan.html", bilan_pdf_context(bilan))
    _audit_read(request, bilan, "bilan annuel (PDF)", action="export")
    return pdf_response(content, f"bilan-annuel-{bilan.school.uai}-{bilan.year.start_year}.pdf")


@permission_required("schoolbilan.overview")
def bilans_together(request, year: int) -> HttpResponse:
    """Every signed bilan of the year in the inspector's scope, on one page."""
    year_obj = _year(request, year)
    bilans = list(
        SchoolBilan.objects.visible_to(request.user, "schoolbilan.overview")
        .filter(year=year_obj, status=SchoolBilan.Status.SIGNED)
        .select_related("school", "signed_by")
        .order_by("school__name")
    )
    audit.record(
        "view",
        request=request,
        detail=f"bilans annuels {year_obj} lus ensemble ({len(bilans)})",
        district_id=bilans[0].school.district_id if bilans else None,
    )
    return render(
        request,
        "outreach/bilan/together.html",
        {"year": year_obj, "bilans": [(b, grouped(b.figures)) for b in bilans]},
    )


urlpatterns = [
    path("bilan/", bilan_home, name="bilan"),
    path("bilan/ensemble/<int:year>/", bilans_together, name="bilan-together"),
    path("bilan/<uai:uai>/<int:year>/", bilan_edit, name="bilan-edit"),
    path("bilan/<uai:uai>/<int:year>/pdf/", bilan_pdf, name="bilan-pdf"),
]
