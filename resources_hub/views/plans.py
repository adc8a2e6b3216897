"""Prevention plans: the district plan, each school's plan, and the district's coverage table.

``plan-list`` shows every reader the district plan that applies to them. Below it, a holder of
``plan.coverage`` (IEN, CPC) gets the coverage table of the district's écoles; any other reader
(director, teacher, pôle member) gets the list of the school plans within their scope.
"""

import django_filters
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import DetailView, FormView, TemplateView, UpdateView

from directory.models import PARTNER_KINDS, District, SchoolKind
from directory.permissions import (
    PermissionRequiredMixin,
    ScopedObjectMixin,
    can,
    has_perm,
    refuse,
)
from resources_hub import selectors
from resources_hub.forms.plans import PlanCreateForm, PlanEditForm
from resources_hub.models import PreventionPlan
from resources_hub.services import StaleVersion
from resources_hub.services.plans import DuplicatePlan, plan_create, plan_update

ECOLE_KINDS = [(value, label) for value, label in SchoolKind.choices if value not in PARTNER_KINDS]


class PlanCoverageFilter(django_filters.FilterSet):
    """Filters of the coverage table; the year chooses which plans the table reads."""

    annee = django_filters.ChoiceFilter(
        label="Année scolaire", method="keep", empty_label=None, choices=[]
    )
    commune = django_filters.ChoiceFilter(label="Commune", empty_label="Toutes", choices=[])
    kind = django_filters.ChoiceFilter(
        label="Type d'école", choices=ECOLE_KINDS, empty_label="Tous"
    )
    plan = django_filters.ChoiceFilter(
        label="Plan de l'année",
        method="with_or_without_plan",
        empty_label="Toutes les écoles",
        choices=[("sans", "Écoles sans plan"), ("avec", "Écoles avec un plan")],
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("annee", selectors.year_label())  # the select shows the year read
        super().__init__(data, *args, **kwargs)
        self.filters["annee"].extra["choices"] = selectors.year_choices()
        communes = self.queryset.order_by("commune").values_list("commune", flat=True).distinct()
        self.filters["commune"].extra["choices"] = [(c, c) for c in communes if c]
        self.year = selectors.year_label()

    def filter_queryset(self, queryset):
        self.year = self.form.cleaned_data.get("annee") or selectors.year_label()
        return super().filter_queryset(selectors.plan_coverage(queryset, self.year))

    def keep(self, queryset, name, value):
        return queryset

    def with_or_without_plan(self, queryset, name, value):
        return queryset.filter(plan_id__isnull=(value == "sans"))


class PlanListView(PermissionRequiredMixin, TemplateView):
    permission = "plan.view"
    template_name = "resources_hub/plans/plan_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context["can_edit"] = has_perm(user, "plan.edit")
        if has_perm(user, "plan.coverage"):
            context.update(self._coverage())
        else:
            year = selectors.year_label()
            plans = (
                selectors.plans_visible(user)
                .filter(school__isnull=False)
                .select_related("school")
                .order_by("-year_label", "school__name")
            )
            context.update(year=year, page_obj=self._page(plans))
        districts = selectors.districts_with(user, "plan.view")
        by_district = selectors.district_plans(districts, context["year"])
        context["district_plans"] = [(d, by_district.get(d.pk)) for d in districts]
        return context

    def _page(self, queryset):
        return Paginator(queryset, self.paginate_by).get_page(self.request.GET.get("page"))

    def _coverage(self) -> dict:
        filterset = PlanCoverageFilter(
            self.request.GET, queryset=selectors.coverage_schools(self.request.user)
        )
        rows = filterset.qs.order_by("name")
        totals = selectors.coverage_totals(filterset.qs)
        return {
            "coverage": True,
            "filter": filterset,
            "year": filterset.year,
            "page_obj": self._page(rows),
            "totals": totals,
        }


class PlanDetailView(PermissionRequiredMixin, DetailView):
    permission = "plan.view"
    template_name = "resources_hub/plans/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        plans = selectors.plans_visible(self.request.user).select_related("school", "district")
        try:
            return plans.get(pk=self.kwargs["pk"])
        except PreventionPlan.DoesNotExist:
            refuse(self.request, self.permission, detail=f"pk={self.kwargs['pk']}")
            raise Http404 from None

    def get_context_data(self, **kwargs):
        plan = self.object
        applies = None
        if plan.school_id:
            applies = selectors.district_plan(plan.district_id, plan.year_label)
        return super().get_context_data(
            district_plan=applies,
            can_edit=can(self.request.user, "plan.edit", plan),
            **kwargs,
        )


class PlanCreateView(PermissionRequiredMixin, FormView):
    permission = "plan.edit"
    form_class = PlanCreateForm
    template_name = "resources_hub/plans/plan_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        districts, schools = selectors.plan_edit_targets(self.request.user)
        # 400 schools in a large district: reuse the district objects already loaded rather than
        # building one per school row.
        known = {d.pk: d for d in districts}
        schools = list(schools.select_related(None).order_by("name"))
        missing = {s.district_id for s in schools} - known.keys()
        known.update(District.objects.in_bulk(missing) if missing else {})
        for school in schools:
            school.district = known.get(school.district_id)
        uai = self.request.GET.get("ecole", "")
        initial = next((f"school-{s.pk}" for s in schools if s.uai == uai), "")
        kwargs.update(districts=districts, schools=schools, initial_target=initial)
        return kwargs

    def form_valid(self, form):
        district, school = form.chosen_target()
        try:
            plan, created = plan_create(
                district=district,
                school=school,
                year_label=form.cleaned_data["year_label"],
                data=form.cleaned_data,
                user=self.request.user,
                idempotency_key=form.cleaned_data["idempotency_key"],
                request=self.request,
            )
        except DuplicatePlan as exc:
            form.add_error(form.duplicate_field, exc.message)
            return self.form_invalid(form)
        if created:
            messages.success(self.request, "Le plan de prévention est enregistré.")
        return redirect("resources_hub:plan-detail", pk=plan.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(creating=True, **kwargs)


class PlanEditView(ScopedObjectMixin, UpdateView):
    permission = "plan.edit"
    model = PreventionPlan
    form_class = PlanEditForm
    template_name = "resources_hub/plans/plan_form.html"
    context_object_name = "plan"

    def get_queryset(self):
        return super().get_queryset().select_related("school", "district")

    def form_valid(self, form):
        try:
            plan = plan_update(
                plan=self.object,
                data=form.cleaned_data,
                user=self.request.user,
                expected_updated_at=form.cleaned_data["loaded_at"],
                request=self.request,
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, "Le plan de prévention est enregistré.")
        return redirect(reverse("resources_hub:plan-detail", kwargs={"pk": plan.pk}))


urlpatterns = [
    path("plans-de-prevention/", PlanListView.as_view(), name="plan-list"),
    path("plans-de-prevention/nouveau/", PlanCreateView.as_view(), name="plan-create"),
    path("plans-de-prevention/<int:pk>/", PlanDetailView.as_view(), name="plan-detail"),
    path("plans-de-prevention/<int:pk>/modifier/", PlanEditView.as_view(), name="plan-edit"),
]
