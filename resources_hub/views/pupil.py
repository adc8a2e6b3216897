"""The pupils' public pages, with no account: report a situation through the school's short code
(or its QR code), then follow it with the receipt code; and, for the school's staff, the page that
changes the school's code (a new poster).

Nothing here touches the session or the messages framework, so no cookie but CSRF's is set, and
pages are sent ``no-store``. The stored report and its audit rows hold no IP, device, user or
session. Nothing a child sends is thrown away behind a « merci »: a form sent too fast or with the
hidden anti-robot box filled is kept « à vérifier » with a real receipt code; a form whose token is
missing or forged is shown again with the text kept and a kind word; over the limits, reports are
kept « à vérifier », and only an address far beyond a class's use gets a 429 with the text kept.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from directory import audit, ratelimit
from directory.context_processors import referral_channels
from directory.models import School
from directory.permissions import get_scoped_or_404, permission_required
from resources_hub import services
from resources_hub.forms.reports import (
    PupilMessageForm,
    PupilReceiptForm,
    PupilReportForm,
    Token,
)
from resources_hub.models import PupilAccess, ReportStatus, ReviewReason
from resources_hub.services import pupil as pupil_services

THREAD_TRIES_PER_IP = 30  # receipt-code attempts per IP and per 10 minutes: no guessing
THREAD_TRIES_WINDOW = 600
WRONG_CODE = (
    "Ce code ne marche pas. Vérifie chaque lettre et chaque chiffre, "
    "ou demande à un adulte de confiance de t'aider."
)


def pupil_channels() -> list[dict]:
    """The numbers a child may call (3018 first, then 119): those shown in the footer, with a
    description (the former 3020 has none: it only redirects to 3018)."""
    shown = [c for c in referral_channels() if c["number"] and c["in_footer"] and c["description"]]
    return sorted(shown, key=lambda c: c["number"] != "3018")


def _access(code: str) -> PupilAccess | None:
    code = services.normalise_code(code)
    if not code:
        return None
    return (
        PupilAccess.objects.select_related("school")
        .filter(code=code, is_active=True, school__is_open=True)
        .first()
    )


def _client(request) -> str:
    return audit.client_ip(request) or "inconnue"


def _form_page(request, access: PupilAccess, form, *, status: int = 200, **flags):
    context = {"school": access.school, "form": form, "channels": pupil_channels(), **flags}
    return render(request, "resources_hub/pupil/report_form.html", context, status=status)


def _thanks(request, access: PupilAccess, receipt: str):
    context = {"school": access.school, "receipt": receipt, "channels": pupil_channels()}
    return render(request, "resources_hub/pupil/thanks.html", context)


def _review_reason(form, state: str) -> str:
    if form.is_bot():
        return ReviewReason.HONEYPOT
    return ReviewReason.FAST if state == Token.BOT else ""


@require_http_methods(["GET", "POST"])
def pupil_report(request, code: str):
    """The page on the school's poster: a child says what is happening, in their own words."""
    request.hz_no_store = True
    access = _access(code)
    if access is None:
        context = {"channels": pupil_channels()}
        return render(request, "resources_hub/pupil/unknown.html", context, status=404)
    if request.method == "GET":
        return _form_page(request, access, PupilReportForm())
    form = PupilReportForm(request.POST)
    state, key = Token.read(
        request.POST.get("started", ""), min_seconds=settings.HZ_PUPIL_FORM_MIN_SECONDS
    )
    if key is None:  # expired, missing or forged token: shown again, the text kept
        form.renew_token()
        flag = "expired" if state == Token.EXPIRED else "not_sent"
        return _form_page(request, access, form, **{flag: True})
    if not form.is_valid():
        return _form_page(request, access, form)
    data = form.report_data()
    reason = _review_reason(form, state)
    if pupil_services.pupil_repeat(form_key=key, data=data) is None:
        try:
            reason = (
                pupil_services.pupil_admission(access=access, client=_client(request)) or reason
            )
        except pupil_services.Refused:
            return _form_page(request, access, form, rate_limited=True, status=429)
    _, receipt = pupil_services.pupil_report_submit(
        access=access, data=data, form_key=key, review_reason=reason
    )
    return _thanks(request, access, receipt)


def _receipt_page(request, form, *, status: int = 200, **flags):
    context = {"form": form, "channels": pupil_channels(), **flags}
    return render(request, "resources_hub/pupil/receipt.html", context, status=status)


@require_GET
def pupil_receipt(request):
    """Where a child types their receipt code; the code is sent by POST, never in the URL."""
    request.hz_no_store = True
    return _receipt_page(request, PupilReceiptForm(action=reverse("resources_hub:pupil-thread")))


@require_http_methods(["GET", "POST"])
def pupil_thread(request):
    """The child's thread: what they wrote, the school's answers, and a form to add something."""
    request.hz_no_store = True
    if request.method == "GET":
        return redirect("resources_hub:pupil-receipt")
    action = reverse("resources_hub:pupil-thread")
    if not ratelimit.hit(
        "pupil-thread-ip",
        _client(request),
        limit=THREAD_TRIES_PER_IP,
        window_seconds=THREAD_TRIES_WINDOW,
    ):
        form = PupilReceiptForm(initial={"code": request.POST.get("code", "")}, action=action)
        return _receipt_page(request, form, rate_limited=True, status=429)
    report = services.report_by_receipt(request.POST.get("code", ""))
    if report is None:
        form = PupilReceiptForm(request.POST, action=action)
        if form.is_valid():
            form.add_error("code", WRONG_CODE)
        return _receipt_page(request, form)
    code = services.format_receipt(services.normalise_code(request.POST["code"]))
    form = PupilMessageForm(initial={"code": code}, action=action)
    added = False
    if "body" in request.POST:
        form = PupilMessageForm(request.POST, action=action)
        if form.is_valid():
            pupil_services.pupil_message_add(
                report=report,
                body=form.cleaned_data["body"],
                form_key=str(form.cleaned_data["idempotency_key"]),
            )
            added = True
            form = PupilMessageForm(initial={"code": code}, action=action)
    audit.record("view", obj=report, detail="fil de l'élève (code de suivi)")
    context = {
        "report": report,
        "school": report.school,
        "thread": report.messages.all(),
        "form": form,
        "added": added,
        "was_read": report.status != ReportStatus.NEW,
        "channels": pupil_channels(),
    }
    return render(request, "resources_hub/pupil/thread.html", context)


@permission_required("report.poster")
@require_http_methods(["GET", "POST"])
def pupil_code_change(request, uai: str):
    """A new code for the school's pupils' page, when the old one is abused or printed too widely:
    the old poster stops working, and the poster PDF follows."""
    school = get_scoped_or_404(request, School.objects.all(), "report.poster", uai=uai)
    access = PupilAccess.objects.filter(school=school).first()  # a GET creates nothing
    changed = created = False
    if request.method == "POST" and access is None:
        access, created = services.pupil_access_for(school), True
        audit.record("create", request=request, obj=school, detail="code d'école pour les élèves")
    elif request.method == "POST":
        access = pupil_services.pupil_code_change(access=access, user=request.user, request=request)
        changed = True
    context = {"school": school, "access": access, "changed": changed, "created": created}
    return render(request, "resources_hub/pupil/code_change.html", context)


urlpatterns = [
    path("eleves/mon-code/", pupil_receipt, name="pupil-receipt"),
    path("eleves/mon-code/messages/", pupil_thread, name="pupil-thread"),
    path("eleves/<pupilcode:code>/", pupil_report, name="pupil-report"),
    path("ecoles/<uai:uai>/code-eleves/", pupil_code_change, name="pupil-code-change"),
]
