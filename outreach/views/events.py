"""Events: the list, one event with registration (capacity kept under a row lock), iCal, and the
organisers' form."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST
from icalendar import Calendar
from icalendar import Event as IcsEvent

from directory.models import School
from directory.permissions import can, get_scoped_or_404, grants, permission_required
from outreach import selectors
from outreach.forms.events import EventForm
from outreach.models import Event, EventAudience, Registration
from outreach.services import events as services


def _event(request, pk: int, perm: str = "event.view") -> Event:
    events = Event.objects.select_related("district", "school")
    if selectors.only_parent(request.user):
        events = events.exclude(audience=EventAudience.STAFF)
    return get_scoped_or_404(request, events, perm, pk=pk)


@permission_required("event.view")
def event_list(request) -> HttpResponse:
    events = list(selectors.upcoming_events(request.user)[:200])
    mine = set(
        Registration.objects.filter(
            user=request.user, event__in=[e.pk for e in events]
        ).values_list("event_id", flat=True)
    )
    return render(
        request,
        "outreach/events/list.html",
        {"events": events, "mine": mine, "can_create": can(request.user, "event.manage")},
    )


@permission_required("event.view")
def event_detail(request, pk: int) -> HttpResponse:
    event = _event(request, pk)
    taken = event.registrations.count()
    registered = event.registrations.filter(user=request.user).exists()
    return render(
        request,
        "outreach/events/detail.html",
        {
            "event": event,
            "taken": taken,
            "remaining": max(event.capacity - taken, 0),
            "registered": registered,
            "can_register": can(request.user, "event.register"),
        },
    )


@require_POST
@permission_required("event.register")
def event_register(request, pk: int) -> HttpResponse:
    event = _event(request, pk, "event.register")
    if request.POST.get("action") == "cancel":
        if services.registration_cancel(event=event, user=request.user):
            messages.success(request, "Votre inscription est annulée.")
        return redirect("outreach:event-detail", pk=event.pk)
    try:
        services.registration_create(event=event, user=request.user)
    except (services.EventFull, services.EventPast) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Vous êtes inscrit·e. Un rappel vous sera envoyé la veille.")
    return redirect("outreach:event-detail", pk=event.pk)


@permission_required("event.view")
def event_ical(request, pk: int) -> HttpResponse:
    event = _event(request, pk)
    calendar = Calendar()
    calendar.add("prodid", "-//Harcèlement Zéro//Informer//FR")
    calendar.add("version", "2.0")
    item = IcsEvent()
    item.add("uid", f"outreach-event-{event.pk}@harcelement-zero")
    item.add("summary", event.title)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    if event.place:
        item.add("location", event.place)
    item.add("description", event.get_kind_display())
    calendar.add_component(item)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    return response


def _organiser_district(user):
    for assignment, scope in grants(user, "event.manage"):
        if scope == "district":
            return assignment.district
    return None


@permission_required("event.manage")
def event_create(request) -> HttpResponse:
    district = _organiser_district(request.user)
    schools = School.objects.visible_to(request.user, "event.manage").filter(district__isnull=False)
    form = EventForm(request.POST or None, schools=schools, allow_district=district is not None)
    if request.method == "POST" and form.is_valid():
        school = form.cleaned_data["school"]
        event = services.event_create(
            user=request.user,
            district=school.district if school else district,
            school=school,
            data=form.cleaned_data,
            request=request,
        )
        messages.success(request, "L'événement est publié.")
        return redirect("outreach:event-detail", pk=event.pk)
    return render(request, "outreach/events/form.html", {"form": form})


urlpatterns = [
    path("evenements/", event_list, name="events"),
    path("evenements/nouveau/", event_create, name="event-create"),
    path("evenements/<int:pk>/", event_detail, name="event-detail"),
    path("evenements/<int:pk>/inscription/", event_register, name="event-register"),
    path("evenements/<int:pk>/agenda.ics", event_ical, name="event-ical"),
]
