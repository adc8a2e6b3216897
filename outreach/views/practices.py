"""The library of practices and tools shared between the district's schools: search, share,
« reprendre cette pratique », documents served within the district only."""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from directory.dashboard import AXES
from directory.permissions import (
    districts_of,
    get_scoped_or_404,
    has_perm,
    permission_required,
    schools_of,
)
from outreach.forms.posts import PracticeForm
from outreach.models import Practice, PracticeAdoption
from outreach.services import posts as services

AXIS_VALUES = dict(AXES)
SCHOOL_ROLES = ["director", "teacher"]


@permission_required("practice.view")
def practice_list(request) -> HttpResponse:
    practices = Practice.objects.visible_to(request.user, "practice.view").select_related("school")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        practices = practices.filter(Q(title__icontains=query) | Q(description__icontains=query))
    axis = request.GET.get("axe", "")
    if axis in AXIS_VALUES:
        practices = practices.filter(axis=axis)
    practices = practices.annotate(adopted=Count("adoptions")).order_by("-created_at", "-pk")
    page = Paginator(practices, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/practices/list.html",
        {
            "page_obj": page,
            "q": query,
            "axes": AXES,
            "axis": axis,
            "can_share": has_perm(request.user, "practice.share"),
        },
    )


def _practice(request, pk: int) -> Practice:
    return get_scoped_or_404(
        request, Practice.objects.select_related("school", "district"), "practice.view", pk=pk
    )


@permission_required("practice.view")
def practice_detail(request, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    my_schools = schools_of(request.user, SCHOOL_ROLES)
    adopted = set(
        PracticeAdoption.objects.filter(practice=practice, school__in=my_schools).values_list(
            "school_id", flat=True
        )
    )
    return render(
        request,
        "outreach/practices/detail.html",
        {
            "practice": practice,
            "adoptions": practice.adoptions.count(),
            "to_adopt": [s for s in my_schools if s.pk not in adopted]
            if has_perm(request.user, "practice.adopt")
            else [],
            "adopted_here": bool(adopted),
        },
    )


@require_POST
@permission_required("practice.adopt")
def practice_adopt(request, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    schools = {str(s.pk): s for s in schools_of(request.user, SCHOOL_ROLES)}
    school = schools.get(request.POST.get("school", "")) or next(iter(schools.values()), None)
    if school is None or school.district_id != practice.district_id:
        raise Http404
    _, created = services.practice_adopt(practice=practice, school=school, user=request.user)
    messages.success(
        request,
        f"{school.name} reprend cette pratique." if created else "Votre école l'a déjà reprise.",
    )
    return redirect("outreach:practice-detail", pk=practice.pk)


@permission_required("practice.view")
def practice_document(request, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    if not practice.document_name:
        raise Http404
    try:
        handle = practice.document.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    extension = os.path.splitext(practice.document_name)[1].lower()
    types = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"pratique-{practice.pk}{extension}",
        content_type=types.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("practice.share")
def practice_create(request) -> HttpResponse:
    form = PracticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        schools = schools_of(request.user, SCHOOL_ROLES)
        school = schools[0] if schools else None
        district = school.district if school else districts_of(request.user)[0]
        try:
            practice = services.practice_create(
                user=request.user,
                district=district,
                school=school,
                data=form.cleaned_data,
                document=form.cleaned_data["upload"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error("upload", exc)
        else:
            messages.success(request, "La pratique est partagée avec les écoles.")
            return redirect("outreach:practice-detail", pk=practice.pk)
    return render(request, "outreach/practices/form.html", {"form": form})


urlpatterns = [
    path("pratiques/", practice_list, name="practices"),
    path("pratiques/nouvelle/", practice_create, name="practice-create"),
    path("pratiques/<int:pk>/", practice_detail, name="practice-detail"),
    path("pratiques/<int:pk>/reprendre/", practice_adopt, name="practice-adopt"),
    path("pratiques/<int:pk>/document/", practice_document, name="practice-document"),
]
