"""Events: creation, registration within the capacity (row lock), cancellation, reminders."""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from directory import audit
from directory.notifications import notify
from outreach.models import Event, Registration


class EventFull(Exception):
    pass


class EventPast(Exception):
    pass


def event_create(*, user, district, school=None, data: dict, request=None) -> Event:
    fields = (
        "kind",
        "title",
        "description",
        "place",
        "starts_at",
        "ends_at",
        "capacity",
        "audience",
        "inter_degree",
        "periscolaire",
    )
    with transaction.atomic():
        event = Event.objects.create(
            district=district,
            school=school,
            created_by=user,
            **{name: data[name] for name in fields if name in data},
        )
        audit.record("create", request=request, user=user, obj=event, detail="événement")
    return event


def registration_create(*, event: Event, user) -> Registration:
    """Register ``user``; the event row is locked so that two last registrations never both get
    the last seat. Registering twice returns the existing registration."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        existing = Registration.objects.filter(event=locked, user=user).first()
        if existing:
            return existing
        if locked.ends_at < timezone.now():
            raise EventPast("Cet événement est passé : les inscriptions sont closes.")
        if locked.registrations.count() >= locked.capacity:
            raise EventFull("Il n'y a plus de place pour cet événement.")
        try:
            with transaction.atomic():
                return Registration.objects.create(event=locked, user=user)
        except IntegrityError:
            return Registration.objects.get(event=locked, user=user)


def registration_cancel(*, event: Event, user) -> bool:
    deleted, _ = Registration.objects.filter(event=event, user=user).delete()
    return bool(deleted)


def send_reminders(*, now: datetime.datetime | None = None, hours: int = 48) -> int:
    """Remind the registrants of events starting within ``hours``; once per person and event
    (``dedupe_key``), so the command may run as often as wanted."""
    now = now or timezone.now()
    soon = Event.objects.filter(
        starts_at__gt=now, starts_at__lte=now + datetime.timedelta(hours=hours)
    )
    sent = 0
    for event in soon.prefetch_related("registrations__user"):
        users = [r.user for r in event.registrations.all()]
        url = reverse("outreach:event-detail", args=[event.pk])
        for user in users:
            sent += len(
                notify(
                    [user],
                    event="outreach.event_reminder",
                    url=url,
                    dedupe_key=f"outreach.event-reminder:{event.pk}:{user.pk}",
                )
            )
    return sent
