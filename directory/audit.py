"""The audit log: one helper, ``record``, that every view and service calls.

The log is evidence, so it is protected three ways:

- **append-only in the database**: triggers refuse UPDATE, TRUNCATE and any DELETE of a row younger
  than the minimum retention (``MIN_RETENTION_DAYS``), on PostgreSQL and on SQLite; no session flag
  turns that off. ``purge`` is the retention's only way to delete, and it enforces the age too;
- **keyed chains**: each row's HMAC (key ``AUDIT_CHAIN_KEY``, kept outside the database) covers its
  content and the previous row's HMAC in its chain, so rewriting a row, or deleting one and
  recomputing the following hashes, needs the key. The log is ``CHAINS`` interleaved chains: a
  writer locks one free chain, never the whole table, so concurrent requests do not queue;
- **anchored heads**: ``anchor()`` (the daily ``audit_anchor`` command) writes the head of every
  chain to the application log, outside the table, and keeps it for the IEN's journal page;
  ``verify_chain`` checks every anchored head is still there, so deleting the newest rows shows.
"""

import hashlib
import hmac
import ipaddress
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from directory.models import AuditAction, AuditAnchor, AuditEvent

logger = logging.getLogger("hz.audit")

GENESIS = "0" * 64
CHAINS = 8
_CHAIN_LOCK_CLASS = 74_201  # pg_advisory_xact_lock(class, chain): one lock per chain
# The database refuses to delete younger rows whatever the caller (migration 0006's triggers).
MIN_RETENTION_DAYS = 180
# What counts towards the unusual-access alert: reading a record, exporting or downloading it.
ALERT_ACTIONS = ("view", "export")


def _clean(text: object, limit: int) -> str:
    """One line, no control characters: log injection through newlines goes nowhere."""
    raw = str(text or "")
    return "".join(ch if ch.isprintable() else " " for ch in raw)[:limit]


def client_ip(request) -> str | None:
    """The client address: REMOTE_ADDR, or the proxy chain's entry when proxies are trusted.

    With N trusted proxies, the address the outermost proxy saw is the N-th hop from the right;
    the left-most hops are whatever the client wrote and are never trusted.
    """
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


def _key() -> bytes:
    return settings.AUDIT_CHAIN_KEY.encode()


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
        str(event.chain),
    ]
    return hmac.new(_key(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


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
    object_type: str = "",
) -> AuditEvent:
    """Append one audit row. ``obj`` may define ``audit_label`` and ``audit_district_id``;
    ``object_type`` (a model label) names what a list showed when there is no single object."""
    if action not in AuditAction.values:
        raise ValueError(f"Action d'audit inconnue : {action}")
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    fields = _object_fields(obj) or ({"object_type": object_type} if object_type else {})
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
    watched = _is_watched(event)
    reads = _recent_reads(event) + 1 if watched else 0  # counted before any lock is taken
    _append(event)
    if watched and reads == settings.HZ_UNUSUAL_ACCESS_COUNT + 1:
        _raise_alert(event, reads)
    logger.info(
        "audit action=%s actor=%r object=%s:%s ip=%s",
        event.action,
        event.actor,
        event.object_type,
        event.object_id,
        event.ip,
    )
    return event


def record_list_page(request, context: dict, *, object_type: str, label: str) -> AuditEvent:
    """A page of a list of personal records (situations, reports, observation grids) is a read:
    one "view" row per page shown, with how many rows it showed, counted by the alert."""
    from directory.permissions import districts_of

    page = context.get("page_obj")
    shown = len(page.object_list) if page is not None else len(context.get("object_list") or [])
    return record(
        "view",
        request=request,
        object_type=object_type,
        detail=f"{label} ({shown} affiché(s), page {page.number if page is not None else 1})",
        district_id=next((d.pk for d in districts_of(request.user)), None),
    )


def _append(event: AuditEvent) -> None:
    # No savepoint inside a caller's transaction: a failed insert fails that transaction anyway.
    with transaction.atomic(savepoint=False):
        event.chain = _claim_chain()
        last = (
            AuditEvent.objects.filter(chain=event.chain)
            .order_by("-id")
            .values_list("hash", flat=True)
            .first()
        )
        event.prev_hash = last or GENESIS
        event.hash = _digest(event)
        event.save(force_insert=True)


def _claim_chain() -> int:
    """Lock a free chain until the transaction ends (PostgreSQL); SQLite has one writer at a time.

    A session tries its own chain first (so several rows of one transaction share it), then the
    others; it waits only when every chain is busy.
    """
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        start = _preferred_chain(cursor)
        for offset in range(CHAINS):
            chain = (start + offset) % CHAINS
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [_CHAIN_LOCK_CLASS, chain])
            if cursor.fetchone()[0]:
                return chain
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_CHAIN_LOCK_CLASS, start])
    return start


def _preferred_chain(cursor) -> int:
    """This database session's own chain (its backend pid modulo CHAINS), asked once per session."""
    raw = connection.connection
    cached = getattr(connection, "_hz_audit_chain", None)
    if cached is None or cached[0] is not raw:
        cursor.execute("SELECT pg_backend_pid()")
        cached = (raw, cursor.fetchone()[0] % CHAINS)
        connection._hz_audit_chain = cached
    return cached[1]


# --- Unusual access -------------------------------------------------------------------------------


def _is_watched(event: AuditEvent) -> bool:
    return (
        event.user_id is not None
        and event.action in ALERT_ACTIONS
        and event.object_type in settings.HZ_SENSITIVE_TYPES
    )


def _recent_reads(event: AuditEvent) -> int:
    """This account's reads, exports and downloads of sensitive records in the window (index
    ``audit_user_at_idx``)."""
    since = event.at - timedelta(minutes=settings.HZ_UNUSUAL_ACCESS_WINDOW_MINUTES)
    return AuditEvent.objects.filter(
        user_id=event.user_id,
        at__gte=since,
        action__in=ALERT_ACTIONS,
        object_type__in=settings.HZ_SENSITIVE_TYPES,
    ).count()


def _raise_alert(event: AuditEvent, reads: int) -> None:
    """Alert once when an account crosses the threshold: an audit row, and the district's
    inspectors told through the notification service (its e-mail leaves through the task queue,
    after the commit, and carries no content)."""
    from django.urls import reverse

    from directory.notifications import inspectors_of, notify

    record(
        "alert",
        user=event.user,
        detail=f"{reads} consultations ou exports de dossiers sensibles en "
        f"{settings.HZ_UNUSUAL_ACCESS_WINDOW_MINUTES} minutes",
        district_id=event.district_id,
    )
    if event.district_id is None:
        return
    from directory.models import District

    district = District.objects.filter(pk=event.district_id).first()
    if district is not None:
        url = f"{reverse('directory:audit-log')}?action=alert"
        notify(inspectors_of(district), event="audit.alert", url=url)


# --- Verification, anchors and purge --------------------------------------------------------------


def verify_chain(*, anchors=None) -> list[int]:
    """The ids of rows whose HMAC or link does not match, plus the ``last_id`` of every anchor
    whose head is gone or changed: empty when nothing was tampered with.

    ``anchors`` defaults to the stored ones; pass the heads copied from the log to check against
    what the database cannot rewrite.
    """
    broken: list[int] = []
    previous: dict[int, str] = {}
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        expected_prev = previous.get(event.chain, event.prev_hash)
        if event.prev_hash != expected_prev or _digest(event) != event.hash:
            broken.append(event.pk)
        previous[event.chain] = event.hash
    anchors = AuditAnchor.objects.order_by("pk") if anchors is None else anchors
    for anchor in anchors:
        if _anchor_broken(anchor):
            broken.append(anchor.last_id)
    return broken


def _anchor_broken(anchor: AuditAnchor) -> bool:
    if not hmac.compare_digest(anchor.signature, _sign(anchor.heads, anchor.last_id)):
        return True
    oldest = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).first()
    for chain, (row_id, row_hash) in anchor.heads.items():
        if oldest is not None and row_id < oldest:
            continue  # purged with its retention age: the chain's newer rows still link
        stored = AuditEvent.objects.filter(pk=row_id, chain=int(chain)).values_list("hash")
        if list(stored) != [(row_hash,)]:
            return True
    return False


def _sign(heads: dict, last_id: int) -> str:
    payload = json.dumps({"heads": heads, "last_id": last_id}, sort_keys=True)
    return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()


def chain_heads() -> dict[str, list]:
    heads: dict[str, list] = {}
    for chain in range(CHAINS):
        row = (
            AuditEvent.objects.filter(chain=chain).order_by("-id").values_list("id", "hash").first()
        )
        if row is not None:
            heads[str(chain)] = [row[0], row[1]]
    return heads


def anchor() -> AuditAnchor:
    """Keep the current head of every chain, and write it to the log (outside the database)."""
    with transaction.atomic():
        heads = chain_heads()
        last_id = max((row_id for row_id, _ in heads.values()), default=0)
        made = AuditAnchor.objects.create(
            last_id=last_id,
            rows=AuditEvent.objects.count(),
            heads=heads,
            signature=_sign(heads, last_id),
        )
    logger.warning("audit anchor %s", anchor_line(made))
    return made


def anchor_line(made: AuditAnchor) -> str:
    """One line to keep outside the database (the log, a printed report, an e-mail to the DPO)."""
    heads = " ".join(f"{chain}:{row_id}:{digest}" for chain, (row_id, digest) in made.heads.items())
    return (
        f"at={made.at.isoformat()} last_id={made.last_id} rows={made.rows} "
        f"signature={made.signature} heads={heads}"
    )


def purge(*, older_than_days: int, now=None) -> int:
    """Delete the rows older than the retention age (never less than ``MIN_RETENTION_DAYS``: the
    database refuses it anyway). Returns how many rows went."""
    if older_than_days < MIN_RETENTION_DAYS:
        raise ValueError(
            f"Le journal d'audit est conservé au moins {MIN_RETENTION_DAYS} jours "
            f"(demandé : {older_than_days})."
        )
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    deleted, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
