"""Writes of the reports area beyond the shared services (the pupils' are in ``pupil.py``)."""

from django.urls import reverse

from directory import notifications
from directory.models import Role, School
from directory.permissions import active_assignments
from resources_hub.models import Report, ReportMessage, ReportSource

_STAFF_ROLES = {Role.DIRECTOR, Role.TEACHER}


def report_source_for(*, user, school: School) -> str:
    """The origin recorded on an adult's report: school staff, or a parent."""
    for assignment in active_assignments(user):
        if assignment.school_id == school.pk and assignment.role in _STAFF_ROLES:
            return ReportSource.STAFF
    return ReportSource.PARENT


# --- Who is told about a report, and where the link leads ---------------------------------------


def _school_desk(school: School, *, exclude=None) -> list:
    """The school's directors; the district team (or the IEN) when the school has none."""
    people = list(notifications.directors_of(school))
    if not people and school.district_id:
        people = list(notifications.district_team_of(school.district)) or list(
            notifications.inspectors_of(school.district)
        )
    return [p for p in people if exclude is None or p.pk != exclude.pk]


def report_staff_url(report: Report) -> str:
    return reverse("resources_hub:report-detail", kwargs={"pk": report.pk})


def report_author_url(report: Report) -> str:
    return reverse("resources_hub:report-mine-detail", kwargs={"pk": report.pk})


def notify_report_new(report: Report) -> None:
    """A new report reaches a person: the school's director(s); the district team too when a
    pupil asked for an adult; the district team alone when the school has no director account."""
    url = report_staff_url(report)
    key = f"report-new:{report.pk}"
    if report.review_reason:
        # Kept for review (a flood, a too-fast form): one notice per school and hour at most.
        key = f"report-review:{report.school_id}:{report.created_at:%Y%m%d%H}"
    desk = _school_desk(report.school, exclude=report.created_by)
    if report.source == ReportSource.PUPIL and report.wants_contact:
        team = (
            list(notifications.district_team_of(report.school.district))
            if (report.school.district_id)
            else []
        )
        notifications.notify(desk + team, event="report.new_pupil_adult", url=url, dedupe_key=key)
        return
    notifications.notify(desk, event="report.new", url=url, dedupe_key=key)


def notify_report_message(message: ReportMessage) -> None:
    """A message in a thread: the school is told of the pupil's or the parent's, the parent of
    the school's (the pupil has no account: they read it with their receipt code)."""
    report = message.report
    key = f"report-msg:{message.pk}"
    if message.author_kind == ReportMessage.Author.SCHOOL:
        if report.source == ReportSource.PARENT and report.created_by_id:
            notifications.notify(
                [report.created_by],
                event="report.reply",
                url=report_author_url(report),
                dedupe_key=key,
            )
        return
    desk = _school_desk(report.school, exclude=message.author)
    notifications.notify(desk, event="report.message", url=report_staff_url(report), dedupe_key=key)
