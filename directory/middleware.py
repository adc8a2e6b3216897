"""Session limits, the second factor for sensitive roles, and no caching of signed-in pages."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.core.exceptions import SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, resolve_url
from django.utils.cache import patch_cache_control

SESSION_LOGIN_AT = "hz_login_at"
SESSION_SEEN_AT = "hz_seen_at"
_TOUCH_EVERY = 60  # seconds: do not write the session on every request


class SessionTimeoutMiddleware:
    """Sign out after 30 minutes without a request, and 10 hours after signing in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.get(SESSION_LOGIN_AT, now)
            seen_at = session.get(SESSION_SEEN_AT, now)
            idle = now - seen_at > settings.HZ_SESSION_IDLE_SECONDS
            too_long = now - login_at > settings.SESSION_COOKIE_AGE
            if idle or too_long:
                return self._expire(request)
            if now - seen_at >= _TOUCH_EVERY or SESSION_SEEN_AT not in session:
                session[SESSION_SEEN_AT] = now
                session.setdefault(SESSION_LOGIN_AT, now)
        return self.get_response(request)

    @staticmethod
    def _expire(request):
        logout(request)
        # MessageMiddleware sits further in and never sees this request: store the notice here.
        request._messages = default_storage(request)
        messages.info(request, "Votre session a expiré. Merci de vous reconnecter.")
        response = redirect_to_login(request.get_full_path())
        request._messages.update(response)
        return response


_OTP_EXEMPT_PREFIXES = ("/compte/", "/static/", "/healthz", "/deconnexion/")


class TwoFactorRequiredMiddleware:
    """With TWO_FACTOR_REQUIRED on, the listed roles must pass TOTP before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{resolve_url('otp-verify')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request) -> bool:
        if not settings.HZ_TWO_FACTOR_REQUIRED or not request.user.is_authenticated:
            return False
        if request.path.startswith(_OTP_EXEMPT_PREFIXES):
            return False
        if request.user.is_verified():
            return False
        from directory.permissions import roles_of

        return bool(roles_of(request.user) & set(settings.HZ_TWO_FACTOR_ROLES))


class NoStoreMiddleware:
    """Pages shown to a signed-in user are never kept by a browser or proxy cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or getattr(request, "hz_no_store", False):
            patch_cache_control(response, no_store=True, no_cache=True, private=True)
        return response


def _has_nul(values) -> bool:
    return any("\x00" in key or any("\x00" in v for v in items) for key, items in values.lists())


class RejectNulBytesMiddleware:
    """A NUL byte is never part of a real query or form value, and PostgreSQL refuses it in text: a
    view passing a raw value to a filter would answer 500. Refused here, once for every view
    present and future, with the French 400 page (a NUL in the path is a 404: typed converters)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or self._post_has_nul(request):
            from directory.errors import bad_request

            return bad_request(request)
        return self.get_response(request)

    @staticmethod
    def _post_has_nul(request) -> bool:
        if request.method != "POST":
            return False
        try:
            return _has_nul(request.POST)
        except (MultiPartParserError, SuspiciousOperation):
            return False  # the view's own parsing answers 400 for a broken body
