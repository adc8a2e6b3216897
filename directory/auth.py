"""Sign-in with a username or an e-mail address, and the brute-force limits around it."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum
from django.utils import timezone


def _find_user(identifier: str):
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    return User.objects.filter(username__iexact=identifier).first()


class EmailOrUsernameBackend(ModelBackend):
    """The identifier is a username, or an e-mail address when it contains "@"."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = _find_user(username)
        if user is None:
            get_user_model()().set_password(password or "")  # same work for unknown names
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials) -> str:
    """The account an attempt is counted against: e-mail and username lock the same account."""
    identifier = (credentials or {}).get("username") or ""
    user = _find_user(identifier)
    return user.get_username() if user else identifier.strip().lower()


def ip_failure_count(ip: str | None) -> int:
    """Failed sign-ins from one address over the cool-off window, all accounts together."""
    if not ip:
        return 0
    from axes.models import AccessAttempt

    since = timezone.now() - timedelta(seconds=settings.AXES_COOLOFF_TIME.total_seconds())
    total = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def ip_is_blocked(ip: str | None) -> bool:
    """Credential stuffing: too many failures from one address, whatever the accounts tried."""
    return ip_failure_count(ip) >= settings.HZ_LOGIN_FAILURES_PER_IP
