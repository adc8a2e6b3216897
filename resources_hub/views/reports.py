"""Reports ("signalements"): an adult reports a situation, the school's and the district team's
inbox, the report's page with the pupil's thread, and the school's poster for pupils (PDF)."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView
from django_filters.views import FilterView

from directory import audit, ratelimit
from directory.context_processors import referral_channels
from directory.models import School
from directory.pdf import pdf_response, render_pdf
from directory.permissions import (
    PermissionRequiredMixin,
    get_scoped_or_404,
    has_perm,
    permission_required,
    refuse,
)
from resources_hub import selectors, services
from resources_hub.forms.reports import (
    ReportAuthorMessageForm,
    ReportFilter,
    ReportForm,
    ReportReplyForm,
)
from resources_hub.models import PupilAccess, Report, ReportMessage, ReportSource, ReportStatus
from resources_hub.services.reports import report_source_for
from resources_hub.views.pupil import pupil_channels

# action posted on a report's page → (new status, statuses it may be applied from)
STATUS_ACTIONS = {
    "read": (ReportStatus.READ, (ReportStatus.NEW, ReportStatus.FILED)),
    "file": (ReportStatus.FILED, (ReportStatus.NEW, ReportStatus.READ)),
}


@permission_required("report.create")
@require_http_methods(["GET", "POST"])
def report_create(request):
    """A director, a teacher or a parent reports a situation; the school's director and the
    district team find it in their inbox."""
    schools = list(School.objects.visible_to(request.user, "report.create").order_by("name"))
    if not schools:
        refuse(request, "report.create", detail="aucune école")
        raise PermissionDenied
    form = ReportForm(
        request.POST or None, schools=schools, can_relay=has_perm(request.user, "report.manage")
    )
    if request.method == "POST" and form.is_valid():
        school = form.chosen_school()
        services.report_create(
            school=school,
            user=request.user,
            source=form.relayed_source() or report_source_for(user=request.user, school=school),
            data=form.report_data(),
            idempotency_key=f"report-{form.cleaned_data['idempotency_key']}",
            request=request,
        )
        return render(
            request,
            "resources_hub/reports/sent.html",
            {
                "school": school,
                "can_manage": has_perm(request.user, "report.manage"),
                "can_view_own": has_perm(request.user, "report.view"),
            },
        )
    channels = [c for c in poster_channels() if c["description"]]
    return render(
        request, "resources_hub/reports/create.html", {"form": form, "channels": channels}
    )


class ReportMineView(PermissionRequiredMixin, ListView):
    """The reports the user made: date, school and status only, nothing of the handling."""

    permission = "report.view"
    template_name = "resources_hub/reports/mine.html"
    context_object_name = "reports"
    paginate_by = 25

    def get_queryset(self):
        return (
            Report.objects.visible_to(self.request.user, self.permission)
            .filter(created_by=self.request.user)
            .select_related("school")
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        can_create = has_perm(self.request.user, "report.create")
        return super().get_context_data(can_create=can_create, **kwargs)


class ReportListView(PermissionRequiredMixin, FilterView):
    """The inbox: the school's reports for a director, the district's for the IEN and the team."""

    permission = "report.manage"
    model = Report
    filterset_class = ReportFilter
    template_name = "resources_hub/reports/list.html"
    context_object_name = "reports"
    paginate_by = 25

    def get_queryset(self):
        return (
            selectors.with_last_author(
                Report.objects.visible_to(self.request.user, self.permission)
            )
            .select_related("school")
            .order_by("-created_at", "-pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_school"] = "school" in context["filter"].filters
        context["todo"] = context["filter"].active_todo()
        audit.record_list_page(
            self.request, context, object_type="resources_hub.report", label="signalements reçus"
        )
        return context


def _scoped_report(request, pk: int) -> Report:
    return get_scoped_or_404(
        request,
        Report.objects.select_related("school", "school__district", "created_by", "case"),
        "report.manage",
        pk=pk,
    )


THREAD_SOURCES = (ReportSource.PUPIL, ReportSource.PARENT)


def _detail_page(request, report: Report, reply_form=None, status: int = 200):
    audit.record("view", request=request, obj=report)
    has_thread = report.source in THREAD_SOURCES
    thread = (
        report.messages.select_related("author") if has_thread else ReportMessage.objects.none()
    )
    if has_thread and reply_form is None:
        reply_form = ReportReplyForm(action=request.path, to_parent=report.source == "parent")
    actions = [name for name, (_, origins) in STATUS_ACTIONS.items() if report.status in origins]
    context = {
        "report": report,
        "thread": thread,
        "reply_form": reply_form,
        "actions": actions,
        "can_open_case": report.case_id is None and has_perm(request.user, "case.create"),
    }
    return render(request, "resources_hub/reports/detail.html", context, status=status)


@permission_required("report.manage")
@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    """A report, its places and weak signals, the pupil's thread; read it, file it, answer."""
    report = _scoped_report(request, pk)
    if request.method == "GET":
        return _detail_page(request, report)
    action = request.POST.get("action", "")
    if action == "reply" and report.source in THREAD_SOURCES:
        to_parent = report.source == ReportSource.PARENT
        form = ReportReplyForm(request.POST, action=request.path, to_parent=to_parent)
        if not form.is_valid():
            return _detail_page(request, report, reply_form=form)
        services.report_message_add(
            report=report,
            body=form.cleaned_data["body"],
            author_kind=ReportMessage.Author.SCHOOL,
            user=request.user,
            idempotency_key=f"msg-{report.pk}-{form.cleaned_data['idempotency_key']}",
            request=request,
        )
        messages.success(
            request,
            "Votre réponse est envoyée : le parent est prévenu."
            if to_parent
            else "Votre réponse est envoyée : l'élève la lira avec son code.",
        )
    elif action in STATUS_ACTIONS and report.status in STATUS_ACTIONS[action][1]:
        new_status = STATUS_ACTIONS[action][0]
        services.report_set_status(
            report=report, status=new_status, user=request.user, request=request
        )
        messages.success(request, f"Signalement marqué « {ReportStatus(new_status).label} ».")
    else:
        messages.error(request, "Cette action n'est pas possible pour ce signalement.")
    return redirect("resources_hub:report-detail", pk=report.pk)


# --- The author's own report: what they wrote, its status in plain words, the thread ---

# status → (what it means for the person who reported, what comes next)
PLAIN_STATUS = {
    ReportStatus.NEW: (
        "Envoyé. L'école ne l'a pas encore lu.",
        "La direction de l'école lit les signalements sous deux jours d'école. "
        "En cas de danger immédiat, appelez les secours.",
    ),
    ReportStatus.READ: (
        "Lu par l'école, qui s'en occupe.",
        "L'école vous contacte ou vous répond ici. Vous pouvez lui écrire ci-dessous.",
    ),
    ReportStatus.LINKED: (
        "Pris en charge : l'école suit la situation.",
        "L'école suit la situation avec, si besoin, l'équipe de circonscription. "
        "Elle vous tient au courant ici ou lors d'un rendez-vous.",
    ),
    ReportStatus.FILED: (
        "Lu par l'école, sans suite pour l'instant.",
        "Si la situation continue ou s'aggrave, écrivez à l'école ci-dessous : "
        "votre message rouvre le signalement.",
    ),
}


def _own_report(request, pk: int) -> Report:
    return get_scoped_or_404(
        request,
        Report.objects.filter(created_by=request.user).select_related("school", "school__referent"),
        "report.view",
        pk=pk,
    )


def _mine_page(request, report: Report, form=None, status: int = 200):
    audit.record("view", request=request, obj=report, detail="son propre signalement")
    has_thread = report.source == ReportSource.PARENT
    if has_thread and form is None:
        form = ReportAuthorMessageForm(action=request.path)
    label, next_step = PLAIN_STATUS[ReportStatus(report.status)]
    context = {
        "report": report,
        "status_label": label,
        "next_step": next_step,
        "thread": report.messages.all() if has_thread else [],
        "has_thread": has_thread,
        "form": form,
    }
    return render(request, "resources_hub/reports/mine_detail.html", context, status=status)


@permission_required("report.view")
@require_http_methods(["GET", "POST"])
def report_mine_detail(request, pk: int):
    """A parent's (or a teacher's) own report; a parent writes to the school and reads its
    answers here."""
    report = _own_report(request, pk)
    if request.method == "GET":
        return _mine_page(request, report)
    if report.source != ReportSource.PARENT:
        messages.error(
            request, "Les échanges avec l'école se font de vive voix pour ce signalement."
        )
        return redirect("resources_hub:report-mine-detail", pk=report.pk)
    form = ReportAuthorMessageForm(request.POST, action=request.path)
    if not form.is_valid():
        return _mine_page(request, report, form=form)
    services.report_message_add(
        report=report,
        body=form.cleaned_data["body"],
        author_kind=ReportMessage.Author.PARENT,
        user=request.user,
        idempotency_key=f"msg-{report.pk}-{form.cleaned_data['idempotency_key']}",
        request=request,
    )
    messages.success(request, "Votre message est envoyé : l'école est prévenue.")
    return redirect("resources_hub:report-mine-detail", pk=report.pk)


# --- The poster for pupils (PDF) ---


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def poster_channels() -> list[dict]:
    """Numbers for the poster: 3018 first, then the described ones, the former 3020 last."""
    numbered = [c for c in referral_channels() if c["number"]]
    return sorted(numbered, key=lambda c: (c["number"] != "3018", not c["description"]))


@permission_required("report.poster")
@require_http_methods(["GET"])
def report_poster(request, uai: str):
    """A wall poster for one school (A4, or A3 with ``?format=a3``): the QR code and short code of
    its pupils' page, pictograms, and the two numbers a child may call (3018, 119)."""
    school = get_scoped_or_404(
        request, School.objects.select_related("district"), "report.poster", uai=uai
    )
    if not ratelimit.allow_pdf(request.user):
        return render(request, "errors/429.html", status=429)
    access = PupilAccess.objects.filter(school=school).first()  # a GET creates nothing
    if access is None:
        messages.info(request, "Créez d'abord le code des élèves de l'école : l'affiche le porte.")
        return redirect("resources_hub:pupil-code-change", uai=school.uai)
    url = request.build_absolute_uri(
        reverse("resources_hub:pupil-report", kwargs={"code": access.code})
    )
    paper = "a3" if request.GET.get("format") == "a3" else "a4"
    content = render_pdf(
        "pdf/pupil_poster.html",
        {
            "school": school,
            "district": school.district,
            "access": access,
            "pupil_url": url,
            "entry_url": request.build_absolute_uri(reverse("resources_hub:pupil-entry")),
            # In a dict: render_pdf caps top-level strings (user text), a QR code is not one.
            "qr": {"src": _qr_data_uri(url)},
            "channels": pupil_channels(),
            "paper": paper,
        },
    )
    audit.record("export", request=request, obj=school, detail=f"affiche élèves {paper} (PDF)")
    return pdf_response(content, f"affiche-eleves-{school.uai}-{paper}.pdf")


urlpatterns = [
    path("signalements/", ReportListView.as_view(), name="report-list"),
    path("signalements/nouveau/", report_create, name="report-create"),
    path("signalements/les-miens/", ReportMineView.as_view(), name="report-mine"),
    path("signalements/<int:pk>/", report_detail, name="report-detail"),
    path("signalements/les-miens/<int:pk>/", report_mine_detail, name="report-mine-detail"),
    path("ecoles/<uai:uai>/affiche-eleves.pdf", report_poster, name="report-poster"),
]
