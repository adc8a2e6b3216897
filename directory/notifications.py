"""One notification service for every app: an in-portal list, and e-mails that carry no content.

An app calls ``notify(users, event=..., url=...)`` inside its service's transaction. Each
recipient gets a ``Notification`` row (the in-portal list, always kept), and, after the commit,
an e-mail task when they want immediate e-mails. The e-mail says only what kind of thing waits
("Une situation demande votre attention") and gives the link: no pupil name, no report text, no
school name, so a forwarded e-mail leaks nothing. An SMTP failure loses nothing: the row stays
unsent and ``send_notifications`` (the worker's sweep, or cron) sends it again later.

Events are declared once, here or by an app with ``register_events`` from its ``AppConfig.ready``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

CASE_SUBJECT = "Une situation demande votre attention"
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Event:
    """``title`` is shown in the portal; ``subject`` is the e-mail's whole message."""

    title: str
    subject: str = CASE_SUBJECT


EVENTS: dict[str, Event] = {
    "report.new": Event("Nouveau signalement à lire"),
    "report.new_pupil_adult": Event("Un·e élève demande à parler à un adulte"),
    "report.message": Event("Nouveau message dans un suivi de signalement"),
    "report.reply": Event(
        "L'école a répondu à votre signalement", "Vous avez une réponse de l'école"
    ),
    "case.new": Event("Nouvelle situation ouverte"),
    "case.pole_request": Event("Demande d'appui au pôle ressources"),
    "case.escalated": Event("Situation escaladée"),
    "case.closed_without_ien": Event("Situation close sans que l'IEN ait été informé·e"),
    "case.mobilised": Event("Vous êtes mobilisé·e sur une situation"),
    "case.review_due": Event("Un point de suivi est prévu demain"),
    "case.review_overdue": Event("Un point de suivi est en retard"),
    "bilan.to_sign": Event("Une fiche bilan attend votre signature"),
    "role.granted": Event(
        "Un rôle a été attribué dans votre circonscription",
        "Un rôle a été attribué dans votre circonscription",
    ),
}


def register_events(events: Mapping[str, Event]) -> None:
    """Add an app's events; a name may be declared once only."""
    for name, event in events.items():
        if name in EVENTS:
            raise ValueError(f"Événement déjà déclaré : {name}")
        EVENTS[name] = event


def _frequencies(users) -> dict[int, str]:
    from directory.models import NotificationSettings

    rows = NotificationSettings.objects.filter(user__in=[u.pk for u in users])
    return dict(rows.values_list("user_id", "frequency"))


def notify(users: Iterable, *, event: str, url: str, dedupe_key: str = "") -> list:
    """Tell each user (each once) that ``event`` waits at ``url``; returns the new rows.

    With a ``dedupe_key``, a user already told under that key is not told again (idempotent
    daily commands and double submits).
    """
    from directory.models import Notification, NotificationFrequency

    if event not in EVENTS:
        raise KeyError(f"Événement inconnu : {event}")
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError("Le lien d'une notification reste dans le portail.")
    unique = {u.pk: u for u in users if u is not None and u.is_active}
    if not unique:
        return []
    frequencies = _frequencies(unique.values())
    created = []
    for user in unique.values():
        frequency = frequencies.get(user.pk, NotificationFrequency.IMMEDIATE)
        wanted = bool(user.email) and frequency == NotificationFrequency.IMMEDIATE
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        user=user,
                        event=event,
                        title=EVENTS[event].title,
                        url=url[:300],
                        email_wanted=wanted,
                        dedupe_key=dedupe_key[:120],
                    )
                )
        except IntegrityError:
            continue  # already told under this key
    ids = [n.pk for n in created if n.email_wanted]
    for pk in ids:
        transaction.on_commit(lambda pk=pk: _enqueue(pk))
    return created


def _enqueue(notification_id: int) -> None:
    try:
        send_notification_email.enqueue(notification_id)
    except Exception:  # the sweep sends it later; the in-portal row is there already
        logger.exception("Mise en file impossible pour la notification %s", notification_id)


def _absolute(url: str) -> str:
    return settings.HZ_PUBLIC_URL.rstrip("/") + url


def _send_one(notification) -> bool:
    """Send one e-mail; True when sent. The body carries the event's subject and a link only."""
    from django.core.mail import send_mail

    event = EVENTS.get(notification.event, Event(notification.title))
    body = (
        f"Bonjour,\n\n{event.subject}.\n\n"
        f"Connectez-vous au portail pour en prendre connaissance :\n"
        f"{_absolute(notification.url)}\n\n"
        "Ce message ne contient volontairement aucun détail.\n"
        f"{settings.HZ_SITE_NAME}"
    )
    try:
        send_mail(
            f"[{settings.HZ_SITE_NAME}] {event.subject}",
            body,
            None,
            [notification.user.email],
            fail_silently=False,
        )
    except Exception:
        logger.warning("Envoi du courriel de la notification %s en échec", notification.pk)
        return False
    return True


def deliver(notification_id: int) -> bool:
    """Send a pending e-mail once; safe to call twice (the row is locked and marked)."""
    from directory.models import Notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True, email_wanted=True)
            .first()
        )
        if notification is None:
            return False
        notification.email_attempts += 1
        sent = _send_one(notification)
        if sent:
            notification.emailed_at = timezone.now()
        elif notification.email_attempts >= MAX_ATTEMPTS:
            notification.email_wanted = False  # still in the portal list; the digest covers it
        notification.save(update_fields=["email_attempts", "emailed_at", "email_wanted"])
    return sent


@task()
def send_notification_email(notification_id: int) -> bool:
    return deliver(notification_id)


def pending(older_than: timedelta = timedelta(minutes=2)):
    """Immediate e-mails not sent yet (SMTP was down, the task was lost)."""
    from directory.models import Notification

    return Notification.objects.filter(
        emailed_at__isnull=True,
        email_wanted=True,
        created_at__lte=timezone.now() - older_than,
    )


def send_pending(older_than: timedelta = timedelta(minutes=2)) -> int:
    sent = 0
    for pk in pending(older_than).values_list("pk", flat=True)[:500]:
        sent += deliver(pk)
    return sent


def send_digests(now=None) -> int:
    """One e-mail per person on the daily digest who has unread notifications since the last."""
    from django.core.mail import send_mail

    from directory.models import Notification, NotificationFrequency, NotificationSettings

    now = now or timezone.now()
    sent = 0
    rows = NotificationSettings.objects.filter(
        frequency=NotificationFrequency.DIGEST
    ).select_related("user")
    for row in rows.exclude(user__email="").filter(user__is_active=True):
        since = row.digest_sent_at or (now - timedelta(days=1))
        count = Notification.objects.filter(
            user=row.user, read_at__isnull=True, created_at__gt=since
        ).count()
        if not count:
            continue
        body = (
            f"Bonjour,\n\n{count} élément(s) demandent votre attention dans le portail.\n\n"
            f"{_absolute('/notifications/')}\n\n"
            "Ce message ne contient volontairement aucun détail.\n"
            f"{settings.HZ_SITE_NAME}"
        )
        try:
            send_mail(
                f"[{settings.HZ_SITE_NAME}] Votre résumé du jour", body, None, [row.user.email]
            )
        except Exception:
            logger.warning("Résumé quotidien non envoyé à l'utilisateur %s", row.user_id)
            continue
        row.digest_sent_at = now
        row.save(update_fields=["digest_sent_at"])
        sent += 1
    return sent


def unread_count(user) -> int:
    """Cached on the user object for the request: the header asks once per page."""
    cached = getattr(user, "_hz_unread", None)
    if cached is None:
        cached = user.notifications.filter(read_at__isnull=True).count()
        user._hz_unread = cached
    return cached


# --- Recipients: who is told ----------------------------------------------------------------


def people_with_role(role: str, *, school=None, district=None):
    """Active users holding ``role`` at ``school`` or in ``district`` (one query)."""
    from directory.models import RoleAssignment, User

    assignments = RoleAssignment.objects.active().filter(role=role)
    if school is not None:
        assignments = assignments.filter(school=school)
    if district is not None:
        assignments = assignments.filter(Q(district=district) | Q(school__district=district))
    return User.objects.filter(pk__in=assignments.values("user"), is_active=True)


def directors_of(school):
    return people_with_role("director", school=school)


def inspectors_of(district):
    return people_with_role("inspector", district=district)


def district_team_of(district):
    return people_with_role("district_team", district=district)
