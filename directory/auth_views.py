"""Sign-in (with the per-address limit), and TOTP enrolment and verification."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory import audit
from directory.auth import ip_is_blocked
from directory.forms import LoginForm, TOTPForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if ip_is_blocked(audit.client_ip(request)):
            audit.record("login_failed", request=request, detail="adresse IP bloquée")
            return render(request, "registration/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def otp_setup(request):
    """Enrol a TOTP device: scan the QR code, confirm with a first code."""
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if confirmed:
        return redirect("otp-verify")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Application d'authentification"}
    )
    form = TOTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record("update", request=request, obj=request.user, detail="2FA activée")
            messages.success(request, "La double authentification est activée.")
            return redirect("home")
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
        return redirect("otp-setup")
    form = TOTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(request.GET.get("next") or "home")
        audit.record("login_failed", request=request, detail="code 2FA invalide")
        form.add_error("token", "Ce code n'est pas valide ou a expiré.")
    return render(request, "registration/otp_verify.html", {"form": form})
