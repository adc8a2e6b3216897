"""Directory pages: home pages per role, schools, the audit log, health and privacy."""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from directory import audit, dashboard, ratelimit, selectors
from directory.converters import parse_id
from directory.filters import AuditFilter, SchoolFilter
from directory.models import AuditAnchor, AuditEvent, Role, School
from directory.pdf import pdf_response, referral_sheet_pdf
from directory.permissions import (
    PermissionRequiredMixin,
    ScopedListMixin,
    ScopedObjectMixin,
    districts_of,
    get_scoped_or_404,
    has_perm,
    permission_required,
    schools_of,
)
from directory.roles import home_url


def healthz(request):
    """200 when the database answers, 503 otherwise: for the load balancer and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "indisponible"}, status=503)
    return JsonResponse({"status": "ok"})


def home(request):
    """Each user lands on their role's home page; the public sees the presentation page."""
    if not request.user.is_authenticated:
        return render(request, "directory/public_home.html")
    url = home_url(request.user)
    if url:
        return redirect(url)
    return render(request, "directory/no_role.html")


class NextActionsMixin:
    """Every home page shows the role's next actions first: to-dos, then the buttons."""

    def get_context_data(self, **kwargs):
        actions = dashboard.actions_for(self.request.user)
        return super().get_context_data(
            todo=[a for a in actions if not a.button],
            tools=[a for a in actions if a.button],
            **kwargs,
        )


class DistrictHomeView(NextActionsMixin, PermissionRequiredMixin, TemplateView):
    permission = "home.district"
    template_name = "directory/home_district.html"

    def get_context_data(self, **kwargs):
        districts = districts_of(self.request.user)
        return super().get_context_data(
            districts=districts,
            figures=selectors.district_figures(districts),
            panels=dashboard.district_panels(self.request.user, districts),
            axes=dashboard.AXES,
            can_view_audit=has_perm(self.request.user, "audit.view"),
            recent_alerts=selectors.recent_alerts(self.request.user),
            **kwargs,
        )


class SchoolHomeView(NextActionsMixin, PermissionRequiredMixin, TemplateView):
    """The home of a school role (director, teacher, parent): one block per school they hold."""

    roles: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        schools = schools_of(self.request.user, self.roles)
        blocks = [
            {
                "school": school,
                "overview": selectors.school_overview(school),
                "panels": dashboard.school_panels(self.request.user, school),
            }
            for school in schools
        ]
        return super().get_context_data(blocks=blocks, **kwargs)


class DirectorHomeView(SchoolHomeView):
    permission = "home.director"
    roles = (Role.DIRECTOR,)
    template_name = "directory/home_director.html"


class TeacherHomeView(SchoolHomeView):
    permission = "home.teacher"
    roles = (Role.TEACHER,)
    template_name = "directory/home_teacher.html"


class ParentHomeView(SchoolHomeView):
    permission = "home.parent"
    roles = (Role.PARENT,)
    template_name = "directory/home_parent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            children=selectors.parent_children(self.request.user), **kwargs
        )


class PoleHomeView(NextActionsMixin, PermissionRequiredMixin, TemplateView):
    permission = "home.pole"
    template_name = "directory/home_pole.html"

    def get_context_data(self, **kwargs):
        districts = districts_of(self.request.user)
        return super().get_context_data(
            districts=districts,
            panels=dashboard.district_panels(self.request.user, districts),
            **kwargs,
        )


class AdminHomeView(NextActionsMixin, PermissionRequiredMixin, TemplateView):
    permission = "home.admin"
    template_name = "directory/home_admin.html"


class SchoolListView(ScopedListMixin, FilterView):
    permission = "school.view"
    model = School
    filterset_class = SchoolFilter
    template_name = "directory/school_list.html"
    paginate_by = 25

    def get_queryset(self):
        return super().get_queryset().select_related("district").order_by("name")


class SchoolDetailView(ScopedObjectMixin, DetailView):
    permission = "school.view"
    model = School
    slug_field = "uai"
    slug_url_kwarg = "uai"
    template_name = "directory/school_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("district", "referent", "sector_college")

    def get_context_data(self, **kwargs):
        return super().get_context_data(overview=selectors.school_overview(self.object), **kwargs)


@permission_required("school.referral_sheet")
def referral_sheet(request, uai: str) -> HttpResponse:
    """The referral-channels sheet of a school, as a PDF (an export: audited)."""
    school = get_scoped_or_404(
        request,
        School.objects.select_related("district", "referent"),
        "school.referral_sheet",
        uai=uai,
    )
    if not ratelimit.allow_pdf(request.user):
        return render(request, "errors/429.html", status=429)
    content = referral_sheet_pdf(school)
    audit.record("export", request=request, obj=school, detail="fiche des modes de saisine (PDF)")
    return pdf_response(content, f"saisines-{school.uai}.pdf")


class AuditLogView(ScopedListMixin, FilterView):
    """The district's journal, newest first, paged by id (``?avant=<id>``): no OFFSET, no count
    of the whole table; and the last anchors of the chains, to compare with the log."""

    permission = "audit.view"
    model = AuditEvent
    filterset_class = AuditFilter
    template_name = "directory/audit_log.html"
    page_size = 50

    def get_queryset(self):
        queryset = super().get_queryset().order_by("-pk")
        before = parse_id(self.request.GET.get("avant"))
        if before is not None:
            queryset = queryset.filter(pk__lt=before)
        return queryset

    def get_context_data(self, **kwargs):
        kwargs.pop("object_list", None)
        rows = list(self.object_list[: self.page_size + 1])
        older = rows[self.page_size - 1].pk if len(rows) > self.page_size else None
        query = self.request.GET.copy()
        query.pop("avant", None)
        if older is not None:
            query["avant"] = older
        return super().get_context_data(
            object_list=rows[: self.page_size],
            older_query=query.urlencode() if older is not None else "",
            anchors=AuditAnchor.objects.order_by("-pk")[:7],
            **kwargs,
        )


class PrivacyView(TemplateView):
    """The "mentions d'information": public pages, one for adults and one for children."""

    template_name = "directory/privacy.html"


class LegalContextMixin:
    def get_context_data(self, **kwargs):
        from django.conf import settings

        return super().get_context_data(
            publisher=settings.HZ_LEGAL_PUBLISHER,
            host=settings.HZ_LEGAL_HOST,
            contact_email=settings.HZ_CONTACT_EMAIL,
            **kwargs,
        )


class LegalView(LegalContextMixin, TemplateView):
    """The « mentions légales »: a public page the State footer links to."""

    template_name = "directory/legal.html"


class AccessibilityView(LegalContextMixin, TemplateView):
    """The accessibility statement (RGAA): status, what is checked, what does not conform."""

    template_name = "directory/accessibility.html"


class SitemapView(TemplateView):
    """The « plan du site »: the public pages, and the signed-in user's own entry points."""

    template_name = "directory/sitemap.html"
