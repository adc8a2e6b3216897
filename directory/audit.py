"""The audit log: one helper, ``record``, that every view and service calls.

Rows are append-only (a database trigger refuses UPDATE, and DELETE outside the retention purge,
on PostgreSQL) and hash-chained: each row's hash covers its content and the previous row's hash,
so ``verify_chain`` shows any edit made behind the application's back.
"""

import hashlib
import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction

from directory.models import AuditAction, AuditEvent

logger = logging.getLogger("hz.audit")

GENESIS = "0" * 64
_CHAIN_LOCK_KEY = 74_201_301  # pg_advisory_xact_lock key serialising appends to the chain


def _clean(text: object, limit: int) -> str:
    """One line, no control characters: log injection through newlines goes nowhere."""
    raw = str(text or "")
    return "".join(ch if ch.isprintable() else " " for ch in raw)[:limit]


def client_ip(request) -> str | None:
    """The client address: REMOTE_ADDR, or the proxy chain's entry when proxies are trusted."""
    if request is None:
        return None
    ip = request.META.get("REMOTE_ADDR", "")
    proxies = settings.HZ_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            ip = hops[-proxies]
    try:
        return str(ipaddress.ip_address(ip))
    except ValueError:
        return None


def _digest(event: AuditEvent) -> str:
    parts = [
        event.prev_hash,
        event.at.isoformat(),
        str(event.user_id or ""),
        event.actor,
        event.action,
        event.object_type,
        event.object_id,
        event.object_repr,
        str(event.district_id or ""),
        event.ip or "",
        event.detail,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _object_fields(obj) -> dict:
    if obj is None:
        return {}
    district_id = getattr(obj, "audit_district_id", None)
    if district_id is None:
        district_id = getattr(obj, "district_id", None)
    return {
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_repr": _clean(getattr(obj, "audit_label", None) or obj, 200),
        "district_id": district_id,
    }


def record(
    action: str,
    *,
    request=None,
    user=None,
    obj=None,
    detail: str = "",
    district_id: int | None = None,
) -> AuditEvent:
    """Append one audit row. ``obj`` may define ``audit_label`` and ``audit_district_id``."""
    if action not in AuditAction.values:
        raise ValueError(f"Action d'audit inconnue : {action}")
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    fields = _object_fields(obj)
    if district_id is not None:
        fields["district_id"] = district_id
    event = AuditEvent(
        user=user,
        actor=_clean(user.get_username() if user else "anonyme", 150),
        action=action,
        ip=client_ip(request),
        detail=_clean(detail, 500),
        **fields,
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
        event.prev_hash = last or GENESIS
        event.hash = _digest(event)
        event.save(force_insert=True)
    if action == "view" and user is not None and event.object_type in settings.HZ_SENSITIVE_TYPES:
        _check_unusual_access(event)
    logger.info(
        "audit action=%s actor=%r object=%s:%s ip=%s",
        event.action,
        event.actor,
        event.object_type,
        event.object_id,
        event.ip,
    )
    return event


def _check_unusual_access(event: AuditEvent) -> None:
    """Alert once when an account crosses the threshold of sensitive reads in the window."""
    since = event.at - timedelta(minutes=settings.HZ_UNUSUAL_ACCESS_WINDOW_MINUTES)
    reads = AuditEvent.objects.filter(
        user_id=event.user_id,
        action="view",
        object_type__in=settings.HZ_SENSITIVE_TYPES,
        at__gte=since,
    ).count()
    if reads != settings.HZ_UNUSUAL_ACCESS_COUNT + 1:
        return
    record(
        "alert",
        user=event.user,
        detail=f"{reads} consultations de dossiers sensibles en "
        f"{settings.HZ_UNUSUAL_ACCESS_WINDOW_MINUTES} minutes",
        district_id=event.district_id,
    )
    _mail_inspectors(event.district_id)


def _mail_inspectors(district_id: int | None) -> None:
    """The e-mail says only that the log needs a look: a forwarded alert leaks nothing."""
    from django.core.mail import send_mail
    from django.urls import reverse

    from directory.models import Role, RoleAssignment

    if district_id is None:
        return
    recipients = list(
        RoleAssignment.objects.active()
        .filter(role=Role.INSPECTOR, district_id=district_id, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    try:
        send_mail(
            "Harcèlement Zéro : accès inhabituel à vérifier",
            "Un compte a consulté un nombre inhabituel de dossiers en peu de temps.\n"
            f"Consultez le journal d'audit (action « alerte ») : {reverse('directory:audit-log')}",
            None,
            recipients,
        )
    except OSError:  # smtplib errors are OSErrors: the alert row is written all the same
        logger.exception("alert e-mail not sent")


def verify_chain() -> list[int]:
    """The ids of rows whose hash or link does not match: empty when nothing was tampered with."""
    broken: list[int] = []
    previous = None
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        expected_prev = previous if previous is not None else event.prev_hash
        if event.prev_hash != expected_prev or _digest(event) != event.hash:
            broken.append(event.pk)
        previous = event.hash
    return broken
