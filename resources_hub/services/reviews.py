"""The daily reminder of case reviews: due tomorrow, or overdue, to the people handling the case.

Idempotent: each person is told once per case and review date (``dedupe_key``), so the command may
run several times a day, or again after a failure, without repeating itself.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from directory import notifications
from resources_hub.models import Case


@dataclass
class ReviewReminders:
    due: int = 0
    overdue: int = 0


def _recipients(case: Case) -> list:
    handlers = [h.user for h in case.handlers.all()]
    return handlers or list(notifications.directors_of(case.school))


def _remind(case: Case, *, event: str, prefix: str) -> int:
    url = reverse("resources_hub:case-detail", kwargs={"reference": case.reference})
    key = f"{prefix}:{case.pk}:{case.next_review_on.isoformat()}"
    return len(notifications.notify(_recipients(case), event=event, url=url, dedupe_key=key))


def case_reviews_notify(*, today: datetime.date | None = None) -> ReviewReminders:
    """Tell the handlers of open cases whose review is tomorrow, or already past."""
    today = today or timezone.localdate()
    result = ReviewReminders()
    cases = Case.objects.open().select_related("school").prefetch_related("handlers__user")
    for case in cases.filter(next_review_on=today + datetime.timedelta(days=1)):
        result.due += _remind(case, event="case.review_due", prefix="review-due")
    for case in cases.filter(next_review_on__lt=today):
        result.overdue += _remind(case, event="case.review_overdue", prefix="review-overdue")
    return result
