"""Directors' meetings and conseils des maîtres: list, record, agenda, documents; CPC requests."""

import os

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from directory import audit
from directory.models import DISTRICT_ROLES, Role, RoleAssignment, School, StaffFunction
from directory.permissions import (
    active_assignments,
    districts_of,
    get_scoped_or_404,
    has_perm,
    permission_required,
    refuse,
    schools_of,
)
from resources_hub.uploads import ALLOWED
from training.forms import (
    AgendaItemForm,
    CpcRequestForm,
    CpcScheduleForm,
    DocumentForm,
    MeetingForm,
)
from training.models import CpcRequest, Meeting, MeetingKind
from training.services import meetings as services

VIEW = "training.meeting.view"
MANAGE = "training.meeting.manage"
PER_PAGE = 25


def _meeting(request, pk: int, perm: str = VIEW) -> Meeting:
    queryset = Meeting.objects.select_related("district", "school", "cpc")
    return get_scoped_or_404(request, queryset, perm, pk=pk)


def _data(request):
    return request.POST if request.method == "POST" else None


def cpcs_of(district):
    ids = RoleAssignment.objects.active().filter(role=Role.DISTRICT_TEAM, district=district)
    return (
        get_user_model()
        .objects.filter(pk__in=ids.values("user"), is_active=True)
        .filter(Q(staff_profile__function=StaffFunction.CPC) | Q(staff_profile__isnull=True))
        .order_by("last_name")
    )


@permission_required(VIEW)
def meeting_list(request) -> HttpResponse:
    meetings = (
        Meeting.objects.visible_to(request.user, VIEW)
        .select_related("school")
        .annotate(present=Count("attendances", distinct=True))
        .order_by("-held_on", "-pk")
    )
    kind = request.GET.get("type")
    if kind in MeetingKind.values:
        meetings = meetings.filter(kind=kind)
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "meetings": page.object_list,
        "kinds": MeetingKind.choices,
        "kind": kind,
        "can_manage": has_perm(request.user, MANAGE),
        "can_request": bool(schools_of(request.user, [Role.DIRECTOR])),
    }
    return render(request, "training/meeting_list.html", context)


def _form_context(user, district):
    directors = schools_of(user, [Role.DIRECTOR])
    if directors and not any(a.role in DISTRICT_ROLES for a in active_assignments(user)):
        schools = School.objects.filter(pk__in=[s.pk for s in directors])
        people = RoleAssignment.objects.active().filter(school__in=schools)
    else:
        schools = School.objects.filter(district=district, is_open=True).exclude(
            kind__in=["college", "lycee"]
        )
        people = RoleAssignment.objects.active().filter(
            Q(school__district=district, role__in=[Role.DIRECTOR, Role.TEACHER])
            | Q(district=district, role__in=DISTRICT_ROLES)
        )
    people = get_user_model().objects.filter(pk__in=people.values("user"), is_active=True)
    return {
        "district": district,
        "schools": schools.order_by("name"),
        "people": people.order_by("last_name", "first_name"),
        "cpcs": cpcs_of(district),
    }


def _director_only(user) -> bool:
    return not any(a.role in DISTRICT_ROLES for a in active_assignments(user))


@permission_required(MANAGE)
def meeting_create(request) -> HttpResponse:
    districts = districts_of(request.user)
    if not districts:
        refuse(request, MANAGE)
        raise PermissionDenied
    kw = _form_context(request.user, districts[0])
    initial = {"kind": MeetingKind.CONSEIL} if _director_only(request.user) else {}
    form = MeetingForm(_data(request), initial=initial, **kw)
    if _director_only(request.user):
        form.fields["kind"].choices = [(MeetingKind.CONSEIL, MeetingKind.CONSEIL.label)]
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.district = districts[0]
        services.meeting_save(
            meeting=meeting,
            attendees=form.cleaned_data["attendees"],
            by=request.user,
            request=request,
        )
        messages.success(request, "La réunion est enregistrée.")
        return redirect("training:meeting-detail", pk=meeting.pk)
    return render(request, "training/meeting_form.html", {"form": form})


@permission_required(MANAGE)
def meeting_edit(request, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, MANAGE)
    kw = _form_context(request.user, meeting.district)
    initial = {"attendees": list(meeting.attendances.values_list("user_id", flat=True))}
    form = MeetingForm(_data(request), instance=meeting, initial=initial, **kw)
    if request.method == "POST" and form.is_valid():
        services.meeting_save(
            meeting=form.save(commit=False),
            attendees=form.cleaned_data["attendees"],
            by=request.user,
            request=request,
        )
        messages.success(request, "La réunion est mise à jour.")
        return redirect("training:meeting-detail", pk=meeting.pk)
    return render(request, "training/meeting_form.html", {"form": form, "meeting": meeting})


def _detail_page(request, meeting, item_form=None, document_form=None, status=200):
    can_manage = has_perm(request.user, MANAGE) and (
        Meeting.objects.visible_to(request.user, MANAGE).filter(pk=meeting.pk).exists()
    )
    attendances = meeting.attendances.select_related("user", "school").order_by(
        "school__name", "user__last_name"
    )
    per_school: dict[str, int] = {}
    for row in attendances:
        key = row.school.name if row.school else "Circonscription"
        per_school[key] = per_school.get(key, 0) + 1
    item_form = item_form or (AgendaItemForm() if can_manage else None)
    document_form = document_form or (DocumentForm() if can_manage else None)
    if item_form is not None:
        item_form.helper.form_action = reverse("training:meeting-item-add", args=[meeting.pk])
    if document_form is not None:
        document_form.helper.form_action = reverse("training:meeting-doc-add", args=[meeting.pk])
    context = {
        "meeting": meeting,
        "items": meeting.items.all(),
        "attendances": attendances,
        "per_school": sorted(per_school.items()),
        "documents": meeting.documents.all(),
        "can_manage": can_manage,
        "item_form": item_form,
        "document_form": document_form,
    }
    return render(request, "training/meeting_detail.html", context, status=status)


@permission_required(VIEW)
def meeting_detail(request, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    audit.record("view", request=request, obj=meeting)
    return _detail_page(request, meeting)


@permission_required(MANAGE)
def meeting_item_add(request, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, MANAGE)
    if request.method != "POST":
        return redirect("training:meeting-detail", pk=meeting.pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        services.agenda_item_add(
            meeting=meeting, data=form.cleaned_data, by=request.user, request=request
        )
        messages.success(request, "Le point est ajouté à l'ordre du jour.")
        return redirect("training:meeting-detail", pk=meeting.pk)
    return _detail_page(request, meeting, item_form=form, status=400)


@permission_required(MANAGE)
def meeting_document_add(request, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, MANAGE)
    if request.method != "POST":
        return redirect("training:meeting-detail", pk=meeting.pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                meeting=meeting, upload=form.cleaned_data["file"], by=request.user, request=request
            )
            messages.success(request, "Le document est déposé.")
            return redirect("training:meeting-detail", pk=meeting.pk)
        except ValidationError as exc:
            form.add_error("file", exc.messages[0])
    return _detail_page(request, meeting, document_form=form, status=400)


@permission_required(VIEW)
def meeting_document(request, pk: int, doc: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    document = meeting.documents.filter(pk=doc).first()
    if document is None:
        refuse(request, VIEW, detail=f"document {doc}")
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("Ce fichier n'est plus disponible.") from None
    extension = os.path.splitext(document.file.name)[1].lower()
    if extension not in ALLOWED.values():
        extension = ".bin"
    audit.record("export", request=request, obj=meeting, detail=f"document n° {document.pk}")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"reunion-{meeting.pk}-document-{document.pk}{extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("training.cpc_request")
def cpc_requests(request) -> HttpResponse:
    """A director asks for a CPC; the district team sees the requests and schedules them."""
    rows = (
        CpcRequest.objects.visible_to(request.user, "training.cpc_request")
        .select_related("school", "cpc")
        .order_by("status", "-created_at")
    )
    schools = schools_of(request.user, [Role.DIRECTOR])
    form = CpcRequestForm(_data(request)) if schools else None
    if request.method == "POST":
        if form is None:
            refuse(request, "training.cpc_request")
            raise PermissionDenied
        if form.is_valid():
            services.cpc_request_create(
                school=schools[0], data=form.cleaned_data, by=request.user, request=request
            )
            messages.success(request, "Votre demande est envoyée à l'équipe de circonscription.")
            return redirect("training:cpc-requests")
    context = {
        "rows": rows[:100],
        "form": form,
        "can_schedule": has_perm(request.user, "training.cpc_schedule"),
    }
    return render(request, "training/cpc_requests.html", context)


@permission_required("training.cpc_schedule")
def cpc_schedule(request, pk: int) -> HttpResponse:
    row = get_scoped_or_404(
        request, CpcRequest.objects.select_related("school"), "training.cpc_schedule", pk=pk
    )
    form = CpcScheduleForm(_data(request), instance=row, cpcs=cpcs_of(row.school.district))
    if request.method == "POST" and form.is_valid():
        services.cpc_request_schedule(
            row=row,
            cpc=form.cleaned_data["cpc"],
            scheduled_on=form.cleaned_data["scheduled_on"],
            by=request.user,
            request=request,
        )
        messages.success(request, "L'accompagnement est programmé.")
        return redirect("training:cpc-requests")
    return render(request, "training/cpc_schedule.html", {"row": row, "form": form})
