"""The pôles ressources: poles and members, meetings with attendance, pseudonymised case
presentations, and the minutes as PDF.

Poles themselves are created by the portal's administrator in the Django admin; the district
team (``pole.manage``) manages members, meetings and presentations here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.generic import ListView

from directory import audit, ratelimit
from directory.converters import parse_id
from directory.pdf import cap_text, pdf_response, render_pdf
from directory.permissions import (
    ScopedListMixin,
    get_scoped_or_404,
    has_perm,
    permission_required,
    refuse,
)
from resources_hub.forms.pole import MeetingForm, MemberAddForm, PresentationForm
from resources_hub.models import Case, Pole, PoleMeeting, PoleMember
from resources_hub.services import StaleVersion
from resources_hub.services import pole as pole_services

VIEW = "pole.view"
MANAGE = "pole.manage"
MEETINGS_PER_PAGE = 20


def _pole(request, pk: int, perm: str) -> Pole:
    return get_scoped_or_404(request, Pole.objects.select_related("district"), perm, pk=pk)


def _meeting(request, pk: int, perm: str) -> PoleMeeting:
    return get_scoped_or_404(
        request, PoleMeeting.objects.select_related("pole__district"), perm, pk=pk
    )


def _data(request):
    return request.POST if request.method == "POST" else None


# --- Poles ---


class PoleListView(ScopedListMixin, ListView):
    """The district's poles, with their members count and next meeting."""

    permission = VIEW
    model = Pole
    template_name = "resources_hub/pole/list.html"
    context_object_name = "poles"

    def get_queryset(self):
        today = timezone.localdate()
        return (
            super()
            .get_queryset()
            .select_related("district")
            .annotate(
                members_count=Count("members", filter=Q(members__is_active=True), distinct=True),
                next_meeting=Min("meetings__held_on", filter=Q(meetings__held_on__gte=today)),
            )
            .order_by("district__name", "kind", "name")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=has_perm(self.request.user, MANAGE), **kwargs)


@permission_required(VIEW)
def pole_detail(request, pk: int) -> HttpResponse:
    """Members with their profiles and the meetings; the district team adds or removes members."""
    if request.method == "POST":
        return _pole_manage(request, pk)
    pole = _pole(request, pk, VIEW)
    form = MemberAddForm(pole=pole) if has_perm(request.user, MANAGE) else None
    return _pole_page(request, pole, form)


def _pole_page(request, pole: Pole, form, status: int = 200) -> HttpResponse:
    members = list(pole.members.select_related("user").order_by("profile", "user__last_name"))
    active = [m for m in members if m.is_active]
    meetings = pole.meetings.annotate(
        presentations_count=Count("presentations", distinct=True),
        attendees_count=Count("attendees", distinct=True),
    ).order_by("-held_on", "-pk")
    page = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "pole": pole,
        "members": active,
        "former_members": [m for m in members if not m.is_active],
        "has_maternelle": any(m.profile == PoleMember.Profile.DIRECTEUR_MATERNELLE for m in active),
        "page_obj": page,
        "meetings": page.object_list,
        "form": form,
        "can_manage": form is not None,
    }
    return render(request, "resources_hub/pole/detail.html", context, status=status)


def _pole_manage(request, pk: int) -> HttpResponse:
    if not has_perm(request.user, MANAGE):
        refuse(request, MANAGE)
        raise PermissionDenied
    pole = _pole(request, pk, MANAGE)
    action = request.POST.get("action")
    if action == "remove":
        member = pole_services.member_deactivate(
            pole=pole,
            member_id=_int(request.POST.get("member")),
            user=request.user,
            request=request,
        )
        if member is not None:
            messages.success(request, f"{member.user.display_name} ne fait plus partie du pôle.")
        return redirect("resources_hub:pole-detail", pk=pole.pk)
    form = MemberAddForm(request.POST, pole=pole)
    if action == "add" and form.is_valid():
        member = pole_services.member_add(
            pole=pole,
            member_user=form.cleaned_data["user"],
            profile=form.cleaned_data["profile"],
            trained_on=form.cleaned_data["trained_on"],
            user=request.user,
            request=request,
        )
        messages.success(request, f"{member.user.display_name} a rejoint le pôle.")
        return redirect("resources_hub:pole-detail", pk=pole.pk)
    return _pole_page(request, pole, form)


def _int(value) -> int:
    return parse_id(value) or 0


# --- Meetings ---


def _meeting_form_page(request, *, pole, form, meeting=None) -> HttpResponse:
    return render(
        request,
        "resources_hub/pole/meeting_form.html",
        {"pole": pole, "form": form, "meeting": meeting},
    )


@permission_required(MANAGE)
def meeting_create(request, pole: int) -> HttpResponse:
    the_pole = _pole(request, pole, MANAGE)
    form = MeetingForm(_data(request), pole=the_pole, submit_label="Créer la réunion")
    if request.method == "POST" and form.is_valid():
        meeting = pole_services.meeting_create(
            pole=the_pole,
            data=form.cleaned_data,
            attendees=form.cleaned_data["attendees"],
            user=request.user,
            request=request,
        )
        messages.success(request, "La réunion est enregistrée.")
        return redirect("resources_hub:meeting-detail", pk=meeting.pk)
    return _meeting_form_page(request, pole=the_pole, form=form)


@permission_required(MANAGE)
def meeting_edit(request, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, MANAGE)
    form = MeetingForm(
        _data(request), instance=meeting, pole=meeting.pole, submit_label="Enregistrer"
    )
    if request.method == "POST" and form.is_valid():
        try:
            pole_services.meeting_update(
                meeting=meeting,
                data=form.cleaned_data,
                attendees=form.cleaned_data["attendees"],
                user=request.user,
                expected_version=form.cleaned_data.get("version"),
                request=request,
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "La réunion est mise à jour.")
            return redirect("resources_hub:meeting-detail", pk=meeting.pk)
    return _meeting_form_page(request, pole=meeting.pole, form=form, meeting=meeting)


def meeting_content(meeting: PoleMeeting, user=None) -> dict:
    """Agenda, attendance, presentations and minutes, scrubbed of every pupil label of the
    situations presented (already pseudonymised on save: this is the second line of defence).
    With ``user``, the references of the presented situations that this user may open."""
    names = pole_services.meeting_party_names(meeting)

    def clean(text: str) -> str:
        return cap_text(pole_services.scrub(text, names))

    presentations = list(meeting.presentations.order_by("pk"))
    visible: dict[int, str] = {}
    if user is not None:
        case_ids = {p.case_id for p in presentations if p.case_id}
        visible = dict(
            Case.objects.visible_to(user, "case.view")
            .filter(pk__in=case_ids)
            .values_list("pk", "reference")
        )
    attendees = list(meeting.attendees.select_related("user").order_by("user__last_name"))
    present = {m.pk for m in attendees}
    absent = [
        m
        for m in meeting.pole.members.filter(is_active=True).select_related("user")
        if m.pk not in present
    ]
    return {
        "meeting": meeting,
        "pole": meeting.pole,
        "district": meeting.pole.district,
        "place": clean(meeting.place),
        "agenda": clean(meeting.agenda),
        "minutes": clean(meeting.minutes),
        "attendees": attendees,
        "absent": absent,
        "presentations": [
            {
                "pseudonym": pole_services.scrub(p.pseudonym, names),
                "summary": clean(p.summary),
                "analysis": clean(p.analysis),
                "reference": visible.get(p.case_id),
            }
            for p in presentations
        ],
    }


@permission_required(VIEW)
def meeting_detail(request, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, VIEW)
    context = meeting_content(meeting, request.user)
    context["can_manage"] = has_perm(request.user, MANAGE)
    audit.record("view", request=request, obj=meeting, detail="réunion du pôle")
    return render(request, "resources_hub/pole/meeting_detail.html", context)


def _next_pseudonym(meeting: PoleMeeting) -> str:
    count = meeting.presentations.count()
    return f"Situation {chr(ord('A') + count) if count < 26 else count + 1}"


@permission_required(MANAGE)
def meeting_presentation_add(request, pk: int) -> HttpResponse:
    """Present a situation under a pseudonym; its pupils' names never reach the meeting."""
    meeting = _meeting(request, pk, MANAGE)
    cases = Case.objects.visible_to(request.user, "case.view").filter(
        district=meeting.pole.district_id
    )
    form = PresentationForm(
        _data(request), cases=cases, initial={"pseudonym": _next_pseudonym(meeting)}
    )
    if request.method == "POST" and form.is_valid():
        pole_services.presentation_add(
            meeting=meeting,
            case=form.cleaned_data["case"],
            pseudonym=form.cleaned_data["pseudonym"],
            summary=form.cleaned_data["summary"],
            analysis=form.cleaned_data["analysis"],
            user=request.user,
            request=request,
        )
        messages.success(request, "La présentation est ajoutée à la réunion.")
        return redirect("resources_hub:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "resources_hub/pole/presentation_form.html",
        {"meeting": meeting, "pole": meeting.pole, "form": form},
    )


@permission_required(VIEW)
def meeting_minutes_pdf(request, pk: int) -> HttpResponse:
    """The minutes of a meeting as PDF: no pupil name, whatever was typed."""
    meeting = _meeting(request, pk, VIEW)
    if not ratelimit.allow_pdf(request.user):
        return render(request, "errors/429.html", status=429)
    content = render_pdf("pdf/meeting_minutes.html", meeting_content(meeting))
    audit.record("export", request=request, obj=meeting, detail="compte rendu de réunion (PDF)")
    return pdf_response(content, f"compte-rendu-pole-{meeting.held_on:%Y-%m-%d}-{meeting.pk}.pdf")


urlpatterns = [
    path("poles/", PoleListView.as_view(), name="pole-list"),
    path("poles/<int:pk>/", pole_detail, name="pole-detail"),
    path("poles/<int:pole>/reunions/nouvelle/", meeting_create, name="meeting-create"),
    path("reunions/<int:pk>/", meeting_detail, name="meeting-detail"),
    path("reunions/<int:pk>/modifier/", meeting_edit, name="meeting-edit"),
    path(
        "reunions/<int:pk>/presentations/nouvelle/",
        meeting_presentation_add,
        name="meeting-presentation-add",
    ),
    path("reunions/<int:pk>/compte-rendu.pdf", meeting_minutes_pdf, name="meeting-minutes-pdf"),
]
