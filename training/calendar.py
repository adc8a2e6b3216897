"""iCal feeds: a person's sessions and the district's whole offer, by a secret per-user URL."""

from icalendar import Calendar, Event

from directory.models import DISTRICT_ROLES
from training.models import EnrolmentStatus, Session

PRODID = "-//Harcèlement Zéro//Former//FR"


def _event(session: Session, host: str) -> Event:
    event = Event()
    event.add("uid", f"session-{session.pk}@{host}")
    event.add("summary", session.title)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("dtstamp", session.updated_at)
    if session.place:
        event.add("location", session.place)
    if session.is_cancelled:
        event.add("status", "CANCELLED")
    return event


def _calendar(name: str, sessions, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(_event(session, host))
    return calendar.to_ical()


def personal_feed(user, host: str) -> bytes:
    sessions = Session.objects.filter(
        enrolments__user=user,
        enrolments__status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.OFFERED],
    ).order_by("starts_at")
    return _calendar("Mes formations", sessions, host)


def user_district_ids(user) -> set[int]:
    ids = set()
    for a in user.assignments.active().select_related("school"):
        if a.role in DISTRICT_ROLES and a.district_id:
            ids.add(a.district_id)
        elif a.school_id and a.school.district_id:
            ids.add(a.school.district_id)
    return ids


def district_feed(user, host: str) -> bytes:
    sessions = Session.objects.filter(district_id__in=user_district_ids(user)).order_by("starts_at")
    return _calendar("Offre de formation de la circonscription", sessions, host)
