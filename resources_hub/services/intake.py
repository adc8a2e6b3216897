"""Reports coming in: from staff and parents, from pupils (with a receipt code), their
messages and statuses."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory import audit
from directory.models import School
from resources_hub.models import (
    PupilAccess,
    Report,
    ReportMessage,
    ReportSource,
    ReportStatus,
)
from resources_hub.services import _random_code, format_receipt, normalise_code, receipt_digest

# --- Reports ---


def _report_notifications():
    from resources_hub.services import reports

    return reports


def report_create(
    *,
    school: School,
    user,
    source: str,
    data: dict,
    idempotency_key: str,
    request=None,
) -> Report:
    """A report by a signed-in adult. Submitting the same form twice returns the first report."""
    existing = Report.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            report = Report.objects.create(
                school=school,
                source=source,
                created_by=user,
                idempotency_key=idempotency_key,
                **data,
            )
            audit.record("create", request=request, user=user, obj=report)
            _report_notifications().notify_report_new(report)
    except IntegrityError:
        return Report.objects.get(idempotency_key=idempotency_key)
    return report


def pupil_report_create(
    *, access: PupilAccess, data: dict, idempotency_key: str
) -> tuple[Report, str | None]:
    """An anonymous pupil report: no user, IP, device or session is stored; returns the report
    and its receipt code (None when this was a repeated submit of the same form)."""
    existing = Report.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, None
    code = _random_code(8)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                school=access.school,
                source=ReportSource.PUPIL,
                idempotency_key=idempotency_key,
                receipt_digest=receipt_digest(code),
                **data,
            )
            audit.record("create", obj=report, detail="signalement anonyme d'élève")
            _report_notifications().notify_report_new(report)
    except IntegrityError:
        return Report.objects.get(idempotency_key=idempotency_key), None
    return report, format_receipt(code)


def report_by_receipt(code: str) -> Report | None:
    if len(normalise_code(code)) != 8:
        return None
    return (
        Report.objects.select_related("school")
        .filter(source=ReportSource.PUPIL, receipt_digest=receipt_digest(code))
        .first()
    )


def report_message_add(
    *, report: Report, body: str, author_kind: str, user=None, idempotency_key: str, request=None
) -> ReportMessage:
    """Add to a report's thread. The same form sent twice with the same words is one message
    (even when both requests race); other words sent with the same form are another message."""
    digest = hashlib.sha256(f"{idempotency_key}|{body}".encode()).hexdigest()
    idempotency_key = f"m-{digest[:62]}"
    existing = ReportMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            message = ReportMessage.objects.create(
                report=report,
                body=body,
                author_kind=author_kind,
                author=user,
                idempotency_key=idempotency_key,
            )
            if author_kind != ReportMessage.Author.SCHOOL and report.status == ReportStatus.FILED:
                Report.objects.filter(pk=report.pk).update(status=ReportStatus.READ)
            if author_kind == ReportMessage.Author.SCHOOL and report.status == ReportStatus.NEW:
                # Answering is reading: the child never sees « pas encore lu » above a reply.
                Report.objects.filter(pk=report.pk).update(status=ReportStatus.READ)
                report.status = ReportStatus.READ
            audit.record(
                "update", request=request, user=user, obj=report, detail=f"message ({author_kind})"
            )
            _report_notifications().notify_report_message(message)
    except IntegrityError:  # the twin request of a double click won the race
        return ReportMessage.objects.get(idempotency_key=idempotency_key)
    return message


def report_set_status(*, report: Report, status: str, user, request=None) -> Report:
    if status not in ReportStatus.values:
        raise ValidationError("État inconnu.")
    with transaction.atomic():
        report.status = status
        report.save(update_fields=["status", "updated_at"])
        audit.record("update", request=request, user=user, obj=report, detail=f"état {status}")
    return report
