"""The pupils' way in without the QR code: a public page where a child types the school code
printed on the poster. A wrong code gets a kind message and no hint (nothing says whether a
school exists); tries are limited per address so codes cannot be guessed by brute force."""

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from directory import audit, ratelimit
from directory.forms_base import BaseForm, build_form_helper
from resources_hub import services
from resources_hub.forms.reports import PUPIL_REQUIRED_NOTICE
from resources_hub.models import PupilAccess
from resources_hub.views.pupil import pupil_channels

ENTRY_TRIES = getattr(settings, "HZ_PUPIL_ENTRY_TRIES", 20)
ENTRY_WINDOW = 600
WRONG_CODE = (
    "Ce code ne marche pas. Regarde bien l'affiche et essaie encore. "
    "Tu peux aussi demander à un adulte de t'aider."
)


class SchoolCodeForm(BaseForm):
    code = forms.CharField(
        label="Le code de ton école",
        max_length=20,
        help_text="Il est écrit en gros sur l'affiche de ton école. Par exemple : ABC234.",
        error_messages={"required": "Écris le code de ton école."},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = build_form_helper("Continuer")

    required_notice = PUPIL_REQUIRED_NOTICE


def _page(request, form, *, status: int = 200, **flags):
    context = {"form": form, "channels": pupil_channels(), **flags}
    return render(request, "resources_hub/pupil/entry.html", context, status=status)


@require_http_methods(["GET", "POST"])
def pupil_entry(request):
    """Type the school code, reach the school's page."""
    request.hz_no_store = True
    if request.method == "GET":
        return _page(request, SchoolCodeForm())
    form = SchoolCodeForm(request.POST)
    ip = audit.client_ip(request) or "inconnue"
    if not ratelimit.hit("pupil-entry-ip", ip, limit=ENTRY_TRIES, window_seconds=ENTRY_WINDOW):
        return _page(request, form, rate_limited=True, status=429)
    if not form.is_valid():
        return _page(request, form)
    code = services.normalise_code(form.cleaned_data["code"])
    access = PupilAccess.objects.filter(code=code, is_active=True, school__is_open=True).first()
    if access is None:
        form.add_error("code", WRONG_CODE)
        return _page(request, form)
    return redirect("resources_hub:pupil-report", code=access.code)


urlpatterns = [path("eleves/", pupil_entry, name="pupil-entry")]
