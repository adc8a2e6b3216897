"""Enrolment, the waiting list and its timed offers, attendance: every write of the offer.

The session row is locked (``select_for_update``) before seats are counted, so two people
enrolling at the same moment can never both take the last seat.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from directory import audit
from directory.models import DISTRICT_ROLES, Role, StaffProfile
from directory.notifications import notify
from directory.permissions import active_assignments
from training.models import HOLDING, Enrolment, EnrolmentStatus, Session

S = EnrolmentStatus


def session_url(session: Session) -> str:
    return reverse("training:session-detail", kwargs={"pk": session.pk})


def _staff_function(user) -> str:
    return StaffProfile.objects.filter(user=user).values_list("function", flat=True).first() or ""


def _roles_in_district(user, district_id: int) -> dict[str, object]:
    """The user's roles that reach the district, each with its school (None for district roles)."""
    roles: dict[str, object] = {}
    for a in active_assignments(user):
        if a.role in DISTRICT_ROLES and a.district_id == district_id:
            roles.setdefault(a.role, None)
        elif a.school_id and a.school.district_id == district_id:
            roles.setdefault(a.role, a.school)
    return roles


def audience_fits(session: Session, user) -> bool:
    """Whether the person is in the session's audience: a role (and a function) it names."""
    roles = _roles_in_district(user, session.district_id)
    wanted = set(session.audience_roles) or {r for r in Role.values if r != Role.PARENT}
    if not wanted & set(roles):
        return False
    if session.audience_functions:
        return _staff_function(user) in session.audience_functions
    return True


def _school_for(session: Session, user):
    roles = _roles_in_district(user, session.district_id)
    for role in (Role.DIRECTOR, Role.TEACHER, Role.PARENT):
        if roles.get(role) is not None:
            return roles[role]
    return None


def seats_held(session: Session) -> int:
    return session.enrolments.filter(status__in=HOLDING).count()


def _lock(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


def enrolment_create(*, session: Session, person, by, request=None) -> Enrolment:
    """Enrol ``person`` (by themself or their director): a seat if one is free, else the list.

    A second submit returns the enrolment already there (no duplicate, no second seat).
    """
    if not audience_fits(session, person):
        raise ValidationError("Cette session ne s'adresse pas à cette personne.")
    with transaction.atomic():
        locked = _lock(session)
        if locked.is_cancelled or locked.ends_at < timezone.now():
            raise ValidationError("Cette session n'accepte plus d'inscription.")
        existing = Enrolment.objects.filter(session=locked, user=person).first()
        if existing and existing.status in (S.ENROLLED, S.OFFERED, S.WAITING):
            return existing
        status = S.ENROLLED if seats_held(locked) < locked.capacity else S.WAITING
        enrolment = existing or Enrolment(session=locked, user=person)
        enrolment.status = status
        enrolment.school = _school_for(locked, person)
        enrolment.queued_at = timezone.now()
        enrolment.offered_until = None
        enrolment.attended = None
        enrolment.enrolled_by = by
        enrolment.save()
        audit.record("create", request=request, user=by, obj=enrolment, detail=status)
        event = "training.enrolled" if status == S.ENROLLED else "training.waiting"
        notify([person], event=event, url=session_url(locked))
    return enrolment


def _offer_next(session: Session, now) -> list[Enrolment]:
    """Offer each free seat to the first person waiting, for ``HZ_TRAINING_OFFER_HOURS``."""
    free = session.capacity - seats_held(session)
    offered = []
    waiting = session.enrolments.filter(status=S.WAITING).order_by("queued_at", "pk")
    for enrolment in list(waiting[: max(free, 0)]):
        enrolment.status = S.OFFERED
        enrolment.offered_until = now + timedelta(hours=settings.HZ_TRAINING_OFFER_HOURS)
        enrolment.offer_count += 1
        enrolment.save(update_fields=["status", "offered_until", "offer_count", "updated_at"])
        notify(
            [enrolment.user],
            event="training.offer",
            url=reverse("training:my-trainings"),
            dedupe_key=f"training-offer:{enrolment.pk}:{enrolment.offer_count}",
        )
        offered.append(enrolment)
    return offered


def enrolment_cancel(*, enrolment: Enrolment, by, request=None) -> Enrolment:
    """Leave a session (or its list); a seat freed goes to the first person waiting."""
    now = timezone.now()
    with transaction.atomic():
        session = _lock(enrolment.session)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.status not in (S.ENROLLED, S.OFFERED, S.WAITING):
            return enrolment
        declined = enrolment.status == S.OFFERED
        enrolment.status = S.DECLINED if declined else S.CANCELLED
        enrolment.offered_until = None
        enrolment.save(update_fields=["status", "offered_until", "updated_at"])
        audit.record("update", request=request, user=by, obj=enrolment, detail=enrolment.status)
        _offer_next(session, now)
    return enrolment


def offer_accept(*, enrolment: Enrolment, by, request=None) -> Enrolment:
    """Take the seat offered; too late, the offer expires and moves on (then an error)."""
    now = timezone.now()
    with transaction.atomic():
        session = _lock(enrolment.session)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        late = enrolment.status == S.OFFERED and enrolment.offered_until <= now
        if late:
            _expire(session, now)
        elif enrolment.status == S.OFFERED:
            _promote(enrolment, session, by, request)
    if late:  # raised after the commit: the expiry and the next offer are kept
        raise ValidationError("Le délai pour accepter cette place est dépassé.")
    return enrolment


def _promote(enrolment: Enrolment, session: Session, by, request) -> None:
    enrolment.status = S.ENROLLED
    enrolment.offered_until = None
    enrolment.save(update_fields=["status", "offered_until", "updated_at"])
    audit.record("update", request=request, user=by, obj=enrolment, detail="offre acceptée")
    notify(
        [enrolment.user],
        event="training.promoted",
        url=session_url(session),
        dedupe_key=f"training-promoted:{enrolment.pk}:{enrolment.offer_count}",
    )


def _expire(session: Session, now) -> int:
    expired = list(session.enrolments.filter(status=S.OFFERED, offered_until__lte=now))
    for enrolment in expired:
        enrolment.status = S.EXPIRED
        enrolment.save(update_fields=["status", "updated_at"])
    if expired:
        _offer_next(session, now)
    return len(expired)


def offers_expire(*, session: Session | None = None, user=None, now=None) -> int:
    """Move every overdue offer on to the next person; idempotent (a second run finds nothing).

    ``session`` or ``user`` limit the sweep (lazy expiry when a page is read)."""
    now = now or timezone.now()
    due = Enrolment.objects.filter(status=S.OFFERED, offered_until__lte=now)
    if session is not None:
        due = due.filter(session=session)
    if user is not None:
        due = due.filter(user=user)
    total = 0
    for session_id in sorted(set(due.values_list("session_id", flat=True))):
        with transaction.atomic():
            locked = Session.objects.select_for_update().get(pk=session_id)
            total += _expire(locked, now)
    return total


def attendance_mark(*, session: Session, present_ids: set[int], by, request=None) -> int:
    """Mark each enrolled person present or absent; returns how many were present."""
    with transaction.atomic():
        enrolments = list(session.enrolments.select_for_update().filter(status=S.ENROLLED))
        for enrolment in enrolments:
            enrolment.attended = enrolment.pk in present_ids
            enrolment.save(update_fields=["attended", "updated_at"])
        audit.record(
            "update", request=request, user=by, obj=session, detail="émargement enregistré"
        )
    return sum(1 for e in enrolments if e.attended)


def completion_declare(*, enrolment: Enrolment, completed_on, by, request=None) -> Enrolment:
    """A self-paced course (M@gistère): the person declares the date they finished it."""
    if not enrolment.session.kind.self_paced:
        raise ValidationError("Seul un parcours en autonomie se déclare terminé.")
    if completed_on > timezone.localdate():
        raise ValidationError("La date de fin ne peut pas être dans le futur.")
    enrolment.completed_on = completed_on
    enrolment.save(update_fields=["completed_on", "updated_at"])
    audit.record("update", request=request, user=by, obj=enrolment, detail="parcours terminé")
    return enrolment


def reminders_send(*, now=None, hours_ahead: int = 48) -> int:
    """Remind the enrolled of their sessions starting soon; idempotent through dedupe keys."""
    now = now or timezone.now()
    sessions = Session.objects.filter(
        is_cancelled=False, starts_at__gt=now, starts_at__lte=now + timedelta(hours=hours_ahead)
    )
    sent = 0
    for session in sessions:
        users = [
            e.user for e in session.enrolments.filter(status=S.ENROLLED).select_related("user")
        ]
        sent += len(
            notify(
                users,
                event="training.reminder",
                url=session_url(session),
                dedupe_key=f"training-reminder:{session.pk}",
            )
        )
    return sent


def session_cancelled(*, session: Session, by, request=None) -> int:
    """Tell the enrolled and those offered a seat that the session is cancelled (once)."""
    audit.record("update", request=request, user=by, obj=session, detail="session annulée")
    people = [e.user for e in session.enrolments.filter(status__in=HOLDING).select_related("user")]
    return len(
        notify(
            people,
            event="training.cancelled",
            url=session_url(session),
            dedupe_key=f"training-cancelled:{session.pk}",
        )
    )
