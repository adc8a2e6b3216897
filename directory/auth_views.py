"""Sign-in (with the per-address limit), and TOTP enrolment and verification."""

import base64
import hashlib
import hmac
import secrets
import time
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory import audit, ratelimit
from directory.auth import ip_is_blocked, send_in_background
from directory.forms import EmailCodeForm, LoginForm, PasswordResetForm, TOTPForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if ip_is_blocked(audit.client_ip(request)):
            audit.record("login_failed", request=request, detail="adresse IP bloquée")
            context = {"cooloff_timedelta": settings.AXES_COOLOFF_TIME}
            return render(request, "registration/locked_out.html", context, status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Same answer, same page and same timing whether the address is known or not."""

    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        """Over the limits (per address and per client) nothing is sent, but the answer is the
        same: an address cannot be flooded, and the page tells nothing."""
        email = form.cleaned_data["email"].strip().lower()
        within = ratelimit.hit(
            "pwreset-ip", audit.client_ip(self.request) or "", limit=10, window_seconds=3600
        )
        within = ratelimit.hit("pwreset-mail", email, limit=3, window_seconds=3600) and within
        if not within:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _next_url(request) -> str:
    """Where to go once the second factor is passed: a local path only, else the home page."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("home")


def _with_next(url_name: str, request) -> str:
    target = request.GET.get("next", "")
    url = resolve_url(url_name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def _pass_second_factor(request, device) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # a new key for the now fully authenticated session


# --- First enrolment: the password alone is not enough -------------------------------------------

EMAIL_CODE_SESSION = "hz_otp_email_code"
EMAIL_OK_SESSION = "hz_otp_email_ok"
EMAIL_CODE_SECONDS = 10 * 60
EMAIL_CODE_ATTEMPTS = 5


def _code_digest(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def _send_email_code(request) -> None:
    """A one-time code to the account's address: whoever has only the password cannot enrol."""
    from django.core.mail import EmailMessage

    code = f"{secrets.randbelow(1_000_000):06d}"
    request.session[EMAIL_CODE_SESSION] = {
        "digest": _code_digest(code),
        "until": int(time.time()) + EMAIL_CODE_SECONDS,
        "left": EMAIL_CODE_ATTEMPTS,
    }
    body = (
        "Bonjour,\n\nVoici le code pour activer la double authentification de votre compte "
        f"sur le portail {settings.HZ_SITE_NAME} : {code}\n\nIl est valable 10 minutes. "
        "Si vous n'êtes pas à l'origine de cette demande, prévenez l'équipe de circonscription : "
        "quelqu'un connaît votre mot de passe.\n"
    )
    subject = f"[{settings.HZ_SITE_NAME}] Code d'activation de la double authentification"
    send_in_background(EmailMessage(subject, body, None, [request.user.email]))
    audit.record("update", request=request, obj=request.user, detail="2FA : code envoyé")


def _check_email_code(request, code: str) -> bool:
    pending = request.session.get(EMAIL_CODE_SESSION)
    if not pending or pending["until"] < time.time() or pending["left"] < 1:
        request.session.pop(EMAIL_CODE_SESSION, None)
        return False
    if hmac.compare_digest(pending["digest"], _code_digest(code)):
        request.session.pop(EMAIL_CODE_SESSION, None)
        request.session[EMAIL_OK_SESSION] = request.user.pk
        return True
    pending["left"] -= 1
    request.session[EMAIL_CODE_SESSION] = pending
    return False


def _email_step(request):
    """Before any secret is shown: a code sent to the account's e-mail address (POST only)."""
    form = EmailCodeForm(request.POST if request.POST.get("step") == "code" else None)
    if request.method == "POST" and request.POST.get("step") == "send" and request.user.email:
        _send_email_code(request)
        messages.info(request, "Un code vient de vous être envoyé par courriel.")
        return redirect(_with_next("otp-setup", request))
    if request.method == "POST" and form.is_valid():
        if _check_email_code(request, form.cleaned_data["code"]):
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            TOTPDevice.objects.create(
                user=request.user, confirmed=False, name="Application d'authentification"
            )
            return redirect(_with_next("otp-setup", request))
        audit.record("login_failed", request=request, detail="2FA : code courriel invalide")
        form.add_error("code", "Ce code n'est pas valide ou a expiré. Demandez-en un nouveau.")
    context = {
        "form": form,
        "email_step": True,
        "has_email": bool(request.user.email),
        "code_sent": EMAIL_CODE_SESSION in request.session,
        "masked_email": _mask(request.user.email),
    }
    return render(request, "registration/otp_setup.html", context)


def _mask(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}…@{domain}" if domain else ""


@login_required
def otp_setup(request):
    """Enrol a TOTP device: a code by e-mail first, then scan the QR code and confirm.

    A GET never creates anything: the device is made once the e-mailed code is checked (POST)."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(_with_next("otp-verify", request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
    if device is None or request.session.get(EMAIL_OK_SESSION) != request.user.pk:
        return _email_step(request)
    form = TOTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(EMAIL_OK_SESSION, None)
            _pass_second_factor(request, device)
            audit.record("update", request=request, obj=request.user, detail="2FA activée")
            messages.success(request, "La double authentification est activée.")
            return redirect(_next_url(request))
        form.add_error("token", "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone.")
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/otp_setup.html",
        {"form": form, "qr": _qr_data_uri(device.config_url), "secret": secret},
    )


@login_required
def otp_verify(request):
    """Ask for the current TOTP code; users with no device are sent to enrolment."""
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect(_with_next("otp-setup", request))
    form = TOTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                _pass_second_factor(request, device)
                return redirect(_next_url(request))
        audit.record("login_failed", request=request, detail="code 2FA invalide")
        form.add_error("token", "Ce code n'est pas valide ou a expiré.")
    return render(request, "registration/otp_verify.html", {"form": form})
