"""Sign-in (with the per-address limit), and TOTP enrolment and verification."""

import base64
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
from directory.auth import ip_is_blocked
from directory.forms import LoginForm, PasswordResetForm, TOTPForm


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


@login_required
def otp_setup(request):
    """Enrol a TOTP device: scan the QR code, confirm with a first code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(_with_next("otp-verify", request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, confirmed=False, name="Application d'authentification"
        )
    form = TOTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
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
