"""Réserve citoyenne: the district keeps the volunteers and their vetting; schools ask for an
intervention; the district matches; the school records what happened, with a teacher present."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from directory import audit
from directory.models import School
from directory.permissions import (
    districts_of,
    get_scoped_or_404,
    has_perm,
    permission_required,
    refuse,
)
from outreach.forms.reserve import InterventionForm, MatchForm, RequestForm, VolunteerForm
from outreach.models import InterventionRequest, RequestStatus, Vetting, Volunteer
from outreach.services import reserve as services

REQUEST = "reserve.request"
VOLUNTEERS = "reserve.volunteers"


@permission_required(REQUEST)
def reserve_home(request) -> HttpResponse:
    requests = (
        InterventionRequest.objects.visible_to(request.user, REQUEST)
        .select_related("school", "volunteer")
        .order_by("status", "-created_at")[:200]
    )
    volunteers = []
    if has_perm(request.user, VOLUNTEERS):
        volunteers = list(Volunteer.objects.visible_to(request.user, VOLUNTEERS)[:300])
        audit.record("view", request=request, detail=f"liste des réservistes ({len(volunteers)})")
    return render(
        request,
        "outreach/reserve/home.html",
        {
            "requests": requests,
            "volunteers": volunteers,
            "can_manage": has_perm(request.user, VOLUNTEERS),
        },
    )


@permission_required(VOLUNTEERS)
def volunteer_edit(request, pk: int | None = None) -> HttpResponse:
    if pk is None:
        volunteer = Volunteer(district=districts_of(request.user)[0])
    else:
        volunteer = get_scoped_or_404(request, Volunteer.objects.all(), VOLUNTEERS, pk=pk)
        if request.method == "GET":
            audit.record("view", request=request, obj=volunteer, detail="fiche réserviste")
    form = VolunteerForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and form.is_valid():
        services.volunteer_save(
            volunteer=volunteer, user=request.user, data=form.cleaned_data, request=request
        )
        messages.success(request, "La fiche du ou de la réserviste est enregistrée.")
        return redirect("outreach:reserve")
    return render(
        request, "outreach/reserve/volunteer_form.html", {"form": form, "volunteer": volunteer}
    )


@permission_required(REQUEST)
def request_create(request) -> HttpResponse:
    schools = School.objects.visible_to(request.user, REQUEST).filter(district__isnull=False)
    form = RequestForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        req = form.save(commit=False)
        req.school = form.cleaned_data["school"]
        req.requested_by = request.user
        req.save()
        audit.record("create", request=request, obj=req, detail="demande à la réserve citoyenne")
        messages.success(request, "Votre demande est transmise à la circonscription.")
        return redirect("outreach:reserve-request", pk=req.pk)
    return render(request, "outreach/reserve/request_form.html", {"form": form})


def _forms(request, req, data=None):
    match_form = intervention_form = None
    if has_perm(request.user, VOLUNTEERS) and req.status in (
        RequestStatus.OPEN,
        RequestStatus.MATCHED,
    ):
        ids = [v.pk for v in services.suggestions(req)]
        match_form = MatchForm(
            data if data and "match" in data else None,
            volunteers=Volunteer.objects.filter(pk__in=ids, vetting=Vetting.APPROVED),
        )
    if req.status == RequestStatus.MATCHED:
        intervention_form = InterventionForm(
            data if data and "record" in data else None, teachers=services.teachers_of(req.school)
        )
    return match_form, intervention_form


@permission_required(REQUEST)
def request_detail(request, pk: int) -> HttpResponse:
    req = get_scoped_or_404(
        request,
        InterventionRequest.objects.select_related("school__district", "volunteer"),
        REQUEST,
        pk=pk,
    )
    data = request.POST if request.method == "POST" else None
    match_form, intervention_form = _forms(request, req, data)
    if data is not None:
        form = match_form if "match" in data else intervention_form
        if form is None:
            refuse(request, REQUEST, detail=f"demande {pk}")
            return redirect("outreach:reserve-request", pk=req.pk)
        if form.is_valid():
            try:
                if form is match_form:
                    services.request_match(
                        req=req,
                        volunteer=form.cleaned_data["volunteer"],
                        user=request.user,
                        request=request,
                    )
                else:
                    services.intervention_record(
                        req=req, user=request.user, data=form.cleaned_data, request=request
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "C'est enregistré.")
                return redirect("outreach:reserve-request", pk=req.pk)
    return render(
        request,
        "outreach/reserve/request_detail.html",
        {
            "req": req,
            "match_form": match_form,
            "intervention_form": intervention_form,
            "intervention": getattr(req, "intervention", None)
            if req.status == RequestStatus.DONE
            else None,
        },
    )


urlpatterns = [
    path("reserve/", reserve_home, name="reserve"),
    path("reserve/reservistes/nouveau/", volunteer_edit, name="reserve-volunteer-create"),
    path("reserve/reservistes/<int:pk>/", volunteer_edit, name="reserve-volunteer"),
    path("reserve/demandes/nouvelle/", request_create, name="reserve-request-create"),
    path("reserve/demandes/<int:pk>/", request_detail, name="reserve-request"),
]
