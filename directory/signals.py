"""Sign-ins, sign-outs and failed attempts go to the audit log."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from directory import audit
from directory.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT
from directory.models import ReferralChannel

REFERRAL_CACHE_KEY = "hz:referral-channels"


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    now = int(time.time())
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_SEEN_AT] = now
    audit.record("login", request=request, user=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record("logout", request=request, user=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    """The account is named only when it exists: a password typed into the identifier field
    must not be kept for good in the append-only log."""
    from directory.auth import _find_user

    user = _find_user((credentials or {}).get("username", ""))
    detail = f"compte : {user.get_username()}" if user else "identifiant inconnu"
    audit.record("login_failed", request=request, detail=detail)


@receiver([post_save, post_delete], sender=ReferralChannel)
def forget_referral_channels(**kwargs):
    cache.delete(REFERRAL_CACHE_KEY)
