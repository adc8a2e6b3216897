"""Writes of the pupils' public pages: the anonymous report, its receipt code, the child's
messages in the thread, the limits of the channel, and the school's code on the poster.

A receipt code is shown once, on the page answering the submit. When a child double-clicks
« Envoyer », the browser shows the answer to the *second* request, so the code is derived from the
form's key (server issued, signed) **and from what was written**: the same form sent twice with the
same words within a few minutes is one report with one code; the same form sent again with other
words (a shared tablet, the Back button) is a new report with its own code. Nobody is ever shown
a code that is not theirs.

The limits never silence a school: over a soft limit, reports are kept « à vérifier »; only one
address far beyond any class's use is refused (429, with the text kept).
"""

import hashlib
import hmac
import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from directory import audit, ratelimit
from resources_hub import services
from resources_hub.models import (
    PupilAccess,
    Report,
    ReportMessage,
    ReportSource,
    ReviewReason,
)
from resources_hub.services import reports

REPEAT_WINDOW = timedelta(minutes=10)  # a double click or a reload, not a child coming back
HARD_FACTOR = 5  # an address over five times its limit is refused (nothing else is)
_RECEIPT_LENGTH = 8


class Refused(Exception):
    """One address sent far more than a class could: 429, the child's text kept."""


def content_digest(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def pupil_idempotency_key(form_key: str, digest: str) -> str:
    """A hash of the form key and the content: the database alone cannot rebuild a code."""
    return "pupil-" + hashlib.sha256(f"{form_key}|{digest}".encode()).hexdigest()[:58]


def pupil_receipt_for(form_key: str, digest: str) -> str:
    """The receipt code of a form key and a content (HMAC with the secret key), « ABCD-EFGH »."""
    secret = settings.SECRET_KEY.encode()
    message = f"hz.pupil-receipt:{form_key}|{digest}".encode()
    number = int.from_bytes(hmac.new(secret, message, hashlib.sha256).digest(), "big")
    alphabet = services._CODE_ALPHABET
    letters = []
    for _ in range(_RECEIPT_LENGTH):
        number, index = divmod(number, len(alphabet))
        letters.append(alphabet[index])
    return services.format_receipt("".join(letters))


def pupil_repeat(*, form_key: str, data: dict) -> Report | None:
    """The report this exact submit already stored a moment ago (double click, reload)."""
    key = pupil_idempotency_key(form_key, content_digest(data))
    return Report.objects.filter(
        idempotency_key=key, created_at__gte=timezone.now() - REPEAT_WINDOW
    ).first()


def _create(*, access: PupilAccess, data: dict, key: str, receipt: str, review_reason: str):
    with transaction.atomic():
        report = Report.objects.create(
            school=access.school,
            source=ReportSource.PUPIL,
            idempotency_key=key,
            receipt_digest=services.receipt_digest(receipt),
            review_reason=review_reason,
            **data,
        )
        detail = "signalement anonyme d'élève"
        if review_reason:
            detail += f" (à vérifier : {report.get_review_reason_display().lower()})"
        audit.record("create", obj=report, detail=detail)
        reports.notify_report_new(report)
    return report


def pupil_report_submit(
    *, access: PupilAccess, data: dict, form_key: str, review_reason: str = ""
) -> tuple[Report, str]:
    """Store an anonymous pupil report (no IP, device, user or session) and return it with its
    receipt code: the same code for a repeated submit, a new one for anything else."""
    digest = content_digest(data)
    key = pupil_idempotency_key(form_key, digest)
    receipt = pupil_receipt_for(form_key, digest)
    existing = Report.objects.filter(idempotency_key=key).first()
    if existing is not None and existing.created_at >= timezone.now() - REPEAT_WINDOW:
        return existing, receipt
    if existing is not None:
        # The same words from the same page long after: another child (or the same one again)
        # gets a report and a code of their own, drawn at random.
        key = "pupil-" + uuid.uuid4().hex
        receipt = services.format_receipt(services._random_code(_RECEIPT_LENGTH))
    try:
        report = _create(
            access=access, data=data, key=key, receipt=receipt, review_reason=review_reason
        )
    except IntegrityError:  # the twin request of a double click won the race
        report = Report.objects.get(idempotency_key=key)
    return report, receipt


def _counts_over(access: PupilAccess, client: str) -> tuple[bool, bool]:
    """(over the address's soft limit, over its hard limit) and the school's and district's."""
    school = access.school
    per_ip = ratelimit.count(
        "pupil-report-ip",
        f"{school.pk}:{client}",
        window_seconds=settings.HZ_PUPIL_REPORTS_PER_IP_WINDOW,
    )
    per_school = ratelimit.count("pupil-report-school", str(school.pk), window_seconds=3600)
    district = f"district-{school.district_id}" if school.district_id else f"school-{school.pk}"
    per_district = ratelimit.count("pupil-report-district", district, window_seconds=3600)
    soft = (
        per_ip > settings.HZ_PUPIL_REPORTS_PER_IP
        or per_school > settings.HZ_PUPIL_REPORTS_PER_SCHOOL_HOUR
        or per_district > settings.HZ_PUPIL_REPORTS_PER_DISTRICT_HOUR
    )
    return soft, per_ip > settings.HZ_PUPIL_REPORTS_PER_IP * HARD_FACTOR


def pupil_admission(*, access: PupilAccess, client: str) -> str:
    """Count one new report; return the review reason to store ("" when within every limit,
    « flood » over a soft limit), or raise ``Refused`` for an address far beyond a class's use."""
    soft, hard = _counts_over(access, client)
    if hard:
        raise Refused
    return ReviewReason.FLOOD if soft else ""


def pupil_message_add(*, report: Report, body: str, form_key: str) -> ReportMessage:
    """A child's message in the thread: the same form sent twice with the same words is one
    message; other words are another message. No request is passed: no IP in the audit row."""
    return services.report_message_add(
        report=report,
        body=body,
        author_kind=ReportMessage.Author.PUPIL,
        idempotency_key=f"pupil-{report.pk}-{form_key}",
    )


def pupil_code_change(*, access: PupilAccess, user, request=None) -> PupilAccess:
    """A new code for the school's pupils' page (the old poster stops working; the poster PDF
    follows, since it reads the code)."""
    with transaction.atomic():
        for _ in range(10):
            code = services._random_code(6)
            if not PupilAccess.objects.filter(code=code).exists():
                break
        PupilAccess.objects.filter(pk=access.pk).update(code=code)
        access.refresh_from_db()
        audit.record(
            "update",
            request=request,
            user=user,
            obj=access.school,
            detail="nouveau code d'école pour les élèves",
        )
    return access
