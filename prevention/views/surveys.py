"""Climate survey campaigns for staff: list, creation with codes, opening and closing, slips,
results (page and PDF) for the school and for the district."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from directory import audit
from directory.models import School, SchoolYear
from directory.pdf import pdf_response
from directory.permissions import (
    PermissionRequiredMixin,
    districts_of,
    get_scoped_or_404,
    has_perm,
)
from directory.selectors import year_asked
from prevention import pdf
from prevention.models import Campaign, CampaignStatus
from prevention.selectors import surveys as sel
from prevention.selectors.actions import ecoles
from prevention.services import surveys as services
from prevention.survey_forms import CampaignForm
from prevention.views.charts import chart


class CampaignListView(PermissionRequiredMixin, TemplateView):
    permission = "survey.view"
    template_name = "prevention/surveys/campaign_list.html"

    def get_context_data(self, **kwargs):
        campaigns = sel.campaigns_visible(self.request.user).select_related("school", "year")
        page = Paginator(campaigns.order_by("-opens_on", "-pk"), 30).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            page_obj=page,
            can_manage=has_perm(self.request.user, "survey.manage"),
            can_district=has_perm(self.request.user, "survey.district"),
            min_group=sel.min_group(),
            **kwargs,
        )


class CampaignCreateView(PermissionRequiredMixin, FormView):
    permission = "survey.manage"
    form_class = CampaignForm
    template_name = "prevention/surveys/campaign_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.school = None
        if request.user.is_authenticated:
            schools = ecoles(School.objects.visible_to(request.user, self.permission))
            uai = request.GET.get("ecole", "")
            self.schools = schools.order_by("name")
            self.school = schools.filter(uai=uai).first() if uai else None
            if self.school is None and schools[:2].count() == 1:
                self.school = schools.first()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.school is None:
            return self.render_to_response({"view": self, "schools": self.schools})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.school is None:
            return self.render_to_response({"view": self, "schools": self.schools})
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.school}

    def form_valid(self, form):
        try:
            campaign = services.campaign_create(
                school=self.school,
                data=form.cleaned_data,
                codes_per_class=form.cleaned_data["codes_per_class"],
                user=self.request.user,
                request=self.request,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, "La campagne est créée avec ses codes.")
        return redirect("prevention:campaign-detail", pk=campaign.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(school=self.school, **kwargs)


class CampaignMixin(PermissionRequiredMixin):
    permission = "survey.view"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm(request.user, self.permission):
            self.campaign = get_scoped_or_404(
                request,
                Campaign.objects.select_related("school", "school__district", "questionnaire"),
                self.permission,
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)


class CampaignDetailView(CampaignMixin, TemplateView):
    template_name = "prevention/surveys/campaign_detail.html"

    def get_context_data(self, **kwargs):
        campaign = self.campaign
        user = self.request.user
        results = sel.campaign_results(campaign, with_text=has_perm(user, "survey.freetext"))
        for item in results.get("items", []):
            item.chart = chart(item)
        if results.get("closed"):
            audit.record("view", request=self.request, obj=campaign, detail="résultats")
        return super().get_context_data(
            campaign=campaign,
            results=results,
            can_manage=can_manage(user, campaign),
            classrooms=campaign.classrooms.order_by("name"),
            codes_total=campaign.codes.count() if campaign.status == CampaignStatus.DRAFT else None,
            **kwargs,
        )


def can_manage(user, campaign) -> bool:
    return Campaign.objects.visible_to(user, "survey.manage").filter(pk=campaign.pk).exists()


class CampaignTransitionView(CampaignMixin, View):
    permission = "survey.manage"
    http_method_names = ["post"]
    target = ""

    def post(self, request, *args, **kwargs):
        try:
            services.campaign_transition(
                campaign=self.campaign, target=self.target, user=request.user, request=request
            )
            messages.success(
                request, "La campagne est " + self.campaign.get_status_display().lower() + "."
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect("prevention:campaign-detail", pk=self.campaign.pk)


class CampaignSlipsView(CampaignMixin, View):
    """The slips to cut out, one unused code per pupil with its QR code (PDF)."""

    permission = "survey.manage"

    def get(self, request, *args, **kwargs):
        audit.record("export", request=request, obj=self.campaign, detail="papiers des codes")
        content = pdf.slips_pdf(self.campaign)
        return pdf_response(content, f"codes-enquete-{self.campaign.pk}.pdf")


class CampaignResultsPdfView(CampaignMixin, View):
    def get(self, request, *args, **kwargs):
        audit.record("export", request=request, obj=self.campaign, detail="résultats (PDF)")
        content = pdf.campaign_results_pdf(self.campaign)
        return pdf_response(content, f"resultats-enquete-{self.campaign.pk}.pdf")


def _year(request) -> SchoolYear:
    return year_asked(request.GET.get("annee"))


class DistrictResultsView(PermissionRequiredMixin, TemplateView):
    permission = "survey.district"
    template_name = "prevention/surveys/district_results.html"

    def get_context_data(self, **kwargs):
        year = _year(self.request)
        schools = ecoles(School.objects.visible_to(self.request.user, self.permission))
        rows = sel.district_results(schools.order_by("name"), year)
        return super().get_context_data(year=year, rows=rows, min_group=sel.min_group(), **kwargs)


class DistrictResultsPdfView(DistrictResultsView, View):
    def get(self, request, *args, **kwargs):
        context = self.get_context_data()
        district = (districts_of(request.user) or [None])[0]
        audit.record("export", request=request, detail="résultats des enquêtes (PDF)")
        content = pdf.district_results_pdf(district, context["year"], context["rows"])
        today = timezone.localdate()
        return pdf_response(content, f"enquetes-climat-{today:%Y-%m-%d}.pdf")


urlpatterns = [
    path("enquetes/", CampaignListView.as_view(), name="campaign-list"),
    path("enquetes/nouvelle/", CampaignCreateView.as_view(), name="campaign-create"),
    path("enquetes/circonscription/", DistrictResultsView.as_view(), name="survey-district"),
    path(
        "enquetes/circonscription.pdf",
        DistrictResultsPdfView.as_view(),
        name="survey-district-pdf",
    ),
    path("enquetes/<int:pk>/", CampaignDetailView.as_view(), name="campaign-detail"),
    path(
        "enquetes/<int:pk>/ouvrir/",
        CampaignTransitionView.as_view(target=CampaignStatus.OPEN),
        name="campaign-open",
    ),
    path(
        "enquetes/<int:pk>/cloturer/",
        CampaignTransitionView.as_view(target=CampaignStatus.CLOSED),
        name="campaign-close",
    ),
    path("enquetes/<int:pk>/codes.pdf", CampaignSlipsView.as_view(), name="campaign-slips"),
    path(
        "enquetes/<int:pk>/resultats.pdf",
        CampaignResultsPdfView.as_view(),
        name="campaign-results-pdf",
    ),
]
