"""A small database-backed rate limiter (fixed windows), safe across processes.

django-ratelimit refuses the local-memory and database caches; Redis is not always there.

Nothing stored lets anyone recompute an address (or an e-mail, a user id), even with the database
and the secret key: each window length has, for each window, a random salt drawn when the window
opens; a bucket's key is HMAC(salt, scope:identity). The salt is a row of the same table
(``s<seconds>:<salt>``), and it is deleted with its buckets (``w<seconds>:<digest>``) as soon as
the window has ended: every hit purges every ended window of every length, and ``purge_expired``
(run by the daily ``anonymise_cases`` command) does it when nobody comes.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from directory.models import RateLimitBucket

_KEY_LENGTH = 64  # RateLimitBucket.key


def _window_start(now, seconds: int):
    epoch = int(now.timestamp())
    return now - timedelta(seconds=epoch % seconds, microseconds=now.microsecond)


def _salt(seconds: int, start) -> str:
    """The window's random salt, drawn by the first hit; when two processes draw one at once,
    both use the oldest row."""
    prefix = f"s{seconds}:"
    rows = RateLimitBucket.objects.filter(key__startswith=prefix, window_start=start)
    key = rows.order_by("pk").values_list("key", flat=True).first()
    if key is None:
        RateLimitBucket.objects.create(
            key=prefix + secrets.token_hex(24), window_start=start, count=0
        )
        key = rows.order_by("pk").values_list("key", flat=True).first()
    return key[len(prefix) :]


def _bucket_key(scope: str, identity: str, seconds: int, start) -> str:
    prefix = f"w{seconds}:"
    salt = _salt(seconds, start).encode()
    digest = hmac.new(salt, f"{scope}:{identity}".encode(), hashlib.sha256).hexdigest()
    return prefix + digest[: _KEY_LENGTH - len(prefix)]


def purge_expired(now=None) -> int:
    """Delete every window that has ended (its salt with it), and any row of an older format
    (keyed with the secret key); returns the number of rows deleted."""
    now = now or timezone.now()
    legacy = ~(Q(key__startswith="s") | Q(key__startswith="w"))
    deleted, _ = RateLimitBucket.objects.filter(
        legacy | Q(window_start__lt=now - timedelta(days=2))
    ).delete()
    salts = RateLimitBucket.objects.filter(key__startswith="s").values_list("key", "window_start")
    for key, start in list(salts):
        seconds = int(key[1 : key.index(":")])
        if start + timedelta(seconds=seconds) <= now:
            gone, _ = RateLimitBucket.objects.filter(
                Q(key__startswith=f"w{seconds}:") | Q(key=key), window_start__lte=start
            ).delete()
            deleted += gone
    return deleted


def hit(scope: str, identity: str, *, limit: int, window_seconds: int) -> bool:
    """Count one request; True when it is within the limit, False when it must be refused."""
    return count(scope, identity, window_seconds=window_seconds) <= limit


def count(scope: str, identity: str, *, window_seconds: int) -> int:
    """Count one request and return how many this identity made in the current window."""
    now = timezone.now()
    start = _window_start(now, window_seconds)
    with transaction.atomic():
        purge_expired(now)
        key = _bucket_key(scope, identity, window_seconds, start)
        updated = RateLimitBucket.objects.filter(key=key, window_start=start).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitBucket.objects.create(key=key, window_start=start, count=1)
            except IntegrityError:
                RateLimitBucket.objects.filter(key=key, window_start=start).update(
                    count=F("count") + 1
                )
        return RateLimitBucket.objects.get(key=key, window_start=start).count


def allow_pdf(user) -> bool:
    """PDF generation per user (WeasyPrint is CPU-heavy): settings.HZ_PDF_PER_MINUTE a minute."""
    return hit("pdf", str(user.pk), limit=settings.HZ_PDF_PER_MINUTE, window_seconds=60)
