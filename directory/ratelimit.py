"""A small database-backed rate limiter (fixed windows), safe across processes.

django-ratelimit refuses the local-memory and database caches; Redis is not always there. Keys are
HMAC digests, so a bucket never stores an IP address or a user id in clear, and old windows are
purged as new ones are written.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from directory.models import RateLimitBucket


def _digest(scope: str, identity: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{scope}:{identity}".encode(), hashlib.sha256).hexdigest()


def _window_start(now, seconds: int):
    epoch = int(now.timestamp())
    return now - timedelta(seconds=epoch % seconds, microseconds=now.microsecond)


def hit(scope: str, identity: str, *, limit: int, window_seconds: int) -> bool:
    """Count one request; True when it is within the limit, False when it must be refused."""
    now = timezone.now()
    start = _window_start(now, window_seconds)
    key = _digest(scope, identity)
    with transaction.atomic():
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
            # Only this key's past windows: other scopes have other window lengths. Anything older
            # than the longest window in use (a day at most) goes too.
            RateLimitBucket.objects.filter(key=key, window_start__lt=start).delete()
            RateLimitBucket.objects.filter(window_start__lt=now - timedelta(days=1)).delete()
        count = RateLimitBucket.objects.get(key=key, window_start=start).count
    return count <= limit


def allow_pdf(user) -> bool:
    """PDF generation per user (WeasyPrint is CPU-heavy): settings.HZ_PDF_PER_MINUTE a minute."""
    return hit("pdf", str(user.pk), limit=settings.HZ_PDF_PER_MINUTE, window_seconds=60)
