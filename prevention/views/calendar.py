"""The actions calendar: a server-rendered month (no JavaScript) and an iCal feed."""

import calendar
import datetime

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from icalendar import Calendar, Event

from directory.converters import parse_id
from directory.permissions import PermissionRequiredMixin
from prevention.selectors import actions as sel

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
WEEKDAYS = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]


def month_of(value: str) -> datetime.date:
    """The first day of ``AAAA-MM``, or of the current month when the value is not one."""
    year, _, month = (value or "").partition("-")
    year, month = parse_id(year), parse_id(month)
    if year is not None and month is not None and 2000 <= year <= 2100 and 1 <= month <= 12:
        return datetime.date(year, month, 1)
    return timezone.localdate().replace(day=1)


def day_label(day: datetime.date) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()].lower()} {number} {MONTHS[day.month - 1]}"


def _weeks(first: datetime.date, actions) -> list[list[dict]]:
    by_day: dict[datetime.date, list] = {}
    last_day = calendar.monthrange(first.year, first.month)[1]
    for action in actions:
        start = max(action.starts_on, first)
        end = min(action.ends_on or action.starts_on, first.replace(day=last_day))
        day = start
        while day <= end:
            by_day.setdefault(day, []).append(action)
            day += datetime.timedelta(days=1)
    weeks = []
    for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                {
                    "date": d,
                    "label": day_label(d),
                    "in_month": d.month == first.month,
                    "actions": by_day.get(d, []),
                }
                for d in week
            ]
        )
    return weeks


class CalendarView(PermissionRequiredMixin, TemplateView):
    permission = "action.view"
    template_name = "prevention/actions/calendar.html"

    def get_context_data(self, **kwargs):
        first = month_of(self.request.GET.get("mois", ""))
        actions = list(
            sel.month_actions(sel.actions_visible(self.request.user), first)
            .select_related("school", "action_type")
            .order_by("starts_on", "school__name", "pk")
        )
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        days = [
            day
            for week in _weeks(first, actions)
            for day in week
            if day["in_month"] and day["actions"]
        ]
        return super().get_context_data(
            month_label=f"{MONTHS[first.month - 1]} {first.year}",
            weeks=_weeks(first, actions),
            agenda=days,
            weekdays=WEEKDAYS,
            previous=f"{previous:%Y-%m}",
            following=f"{following:%Y-%m}",
            count=len(actions),
            **kwargs,
        )


class ICalView(PermissionRequiredMixin, View):
    """The visible actions of the current and next school year, for a calendar application."""

    permission = "action.view"

    def get(self, request, *args, **kwargs):
        since = timezone.localdate() - datetime.timedelta(days=365)
        actions = (
            sel.actions_visible(request.user)
            .filter(starts_on__gte=since)
            .select_related("school", "action_type")
            .order_by("starts_on")[:2000]
        )
        cal = Calendar()
        cal.add("prodid", "-//Harcelement Zero//Actions de prevention//FR")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", "Actions de prévention")
        stamp = timezone.now()
        host = request.get_host().split(":")[0] or "portail"
        for action in actions:
            event = Event()
            event.add("uid", f"action-{action.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("summary", f"{action.title} — {action.school.name}")
            event.add("dtstart", action.starts_on)
            event.add("dtend", (action.ends_on or action.starts_on) + datetime.timedelta(days=1))
            event.add("description", f"{action.action_type.name} ({action.get_status_display()})")
            event.add("url", request.build_absolute_uri(f"/prevenir/actions/{action.pk}/"))
            cal.add_component(event)
        response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="actions-de-prevention.ics"'
        response["Cache-Control"] = "no-store, private"
        return response


urlpatterns = [
    path("actions/calendrier/", CalendarView.as_view(), name="action-calendar"),
    path("actions/calendrier.ics", ICalView.as_view(), name="action-ical"),
]
