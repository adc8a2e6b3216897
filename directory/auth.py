"""Sign-in with a username or an e-mail address, and the brute-force limits around it."""

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db.models import Sum
from django.utils import timezone

logger = logging.getLogger("hz.auth")


MAX_IDENTIFIER = 254  # the longest e-mail address; usernames are at most 150 characters


def _find_user(identifier: str):
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier or len(identifier) > MAX_IDENTIFIER:
        return None  # no account has it (and SQLite's LIKE refuses a pattern that long)
    if "@" in identifier:
        user = User.objects.filter(email__iexact=identifier).first()
        if user is not None:
            return user
    return User.objects.filter(username__iexact=identifier).order_by("pk").first()


class EmailOrUsernameBackend(ModelBackend):
    """The identifier is a username, or an e-mail address when it contains "@"."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and ip_is_blocked(_client_ip(request)):
            # Every sign-in form (the admin's too) stops here, not only the portal's login page.
            raise PermissionDenied
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
    return user.get_username() if user else identifier.strip().lower()[:MAX_IDENTIFIER]


def _client_ip(request) -> str | None:
    from directory.audit import client_ip

    return client_ip(request)


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


# --- Password reset e-mails leave the request: the answer takes as long for any address --------

_mail_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hz-mail")


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:
        logger.exception("Échec de l'envoi d'un courriel de réinitialisation")


def send_in_background(message: EmailMessage) -> None:
    """Send after the response: a known address must not answer slower than an unknown one."""
    _mail_worker.submit(_send, message)


def wait_for_background_mail() -> None:
    """Block until every queued e-mail has gone (tests, management commands)."""
    _mail_worker.submit(lambda: None).result(timeout=30)


# --- Passwords ------------------------------------------------------------------------------------

# Common in France and missing from Django's (mostly English) list once digits are appended.
# fmt: off
FRENCH_COMMON_STEMS = frozenset(
    {
        "motdepasse", "mot de passe", "mdp", "azerty", "azertyuiop", "soleil", "bonjour",
        "jetaime", "doudou", "loulou", "chouchou", "coucou", "amour", "bisous", "princesse",
        "marseille", "paris", "lyon", "toulouse", "nicolas", "camille", "papa", "maman",
        "bienvenue", "ecole", "école", "education", "éducation", "academie", "académie",
        "harcelement", "harcèlement", "harcelementzero", "harcèlementzéro", "portail",
    }
)
# fmt: on

_AFFIXES = re.compile(r"^[\d\W_]+|[\d\W_]+$")


class CommonPasswordStemValidator:
    """Refuse a common password dressed up with digits or symbols ("motdepasse123", "Azerty2024!").

    No composition rules: a long passphrase passes, only a well-known word plus a suffix fails.
    """

    def __init__(self):
        self.passwords = CommonPasswordValidator().passwords | FRENCH_COMMON_STEMS

    def validate(self, password, user=None):
        stem = _AFFIXES.sub("", password.strip().lower())
        if stem and stem in self.passwords:
            raise ValidationError(
                "Ce mot de passe est trop courant, même avec des chiffres ou des symboles "
                "ajoutés. Choisissez plutôt une phrase de plusieurs mots.",
                code="password_too_common",
            )

    def get_help_text(self):
        return (
            "Votre mot de passe ne peut pas être un mot de passe courant suivi ou précédé de "
            "chiffres."
        )
