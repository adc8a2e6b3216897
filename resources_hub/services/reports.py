"""Writes of the reports area beyond the shared services.

A pupil's receipt code is shown once, on the page that answers the submit. When a child
double-clicks « Envoyer », the browser shows the answer to the *second* request, which the shared
service treats as a repeat (no code). So the code is derived from the form's secret key (server
issued, signed, never stored in clear): a repeated submit shows the same code again.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from directory import notifications
from directory.models import Role, School
from directory.permissions import active_assignments
from resources_hub import services
from resources_hub.models import PupilAccess, Report, ReportMessage, ReportSource

_RECEIPT_LENGTH = 8
_STAFF_ROLES = {Role.DIRECTOR, Role.TEACHER}


def pupil_idempotency_key(form_key: str) -> str:
    """The stored key is a hash of the form key: the database alone cannot rebuild a code."""
    return "pupil-" + hashlib.sha256(form_key.encode()).hexdigest()[:58]


def pupil_receipt_for(form_key: str) -> str:
    """The receipt code belonging to a form key (HMAC with the secret key), as « ABCD-EFGH »."""
    secret = settings.SECRET_KEY.encode()
    digest = hmac.new(secret, f"hz.pupil-receipt:{form_key}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")
    alphabet = services._CODE_ALPHABET
    letters = []
    for _ in range(_RECEIPT_LENGTH):
        number, index = divmod(number, len(alphabet))
        letters.append(alphabet[index])
    return services.format_receipt("".join(letters))


def pupil_report_exists(form_key: str) -> bool:
    return Report.objects.filter(idempotency_key=pupil_idempotency_key(form_key)).exists()


def pupil_report_submit(*, access: PupilAccess, data: dict, form_key: str) -> tuple[Report, str]:
    """Store an anonymous pupil report (no IP, device, user or session) through the shared
    service, and return it with its receipt code, the same code for a repeated submit."""
    receipt = pupil_receipt_for(form_key)
    with transaction.atomic():
        report, fresh_code = services.pupil_report_create(
            access=access, data=data, idempotency_key=pupil_idempotency_key(form_key)
        )
        if fresh_code is not None:
            Report.objects.filter(pk=report.pk).update(
                receipt_digest=services.receipt_digest(receipt)
            )
    return report, receipt


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
