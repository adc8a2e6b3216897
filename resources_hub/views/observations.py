"""The shared observation grid: opened from a case's pupil, filled by several adults, read as an
aggregate by signal and place; a périscolaire adult adds observations through a single-use link
and reads nothing."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.generic import FormView, ListView

from directory import audit, ratelimit
from directory.forms_base import build_form_helper
from directory.models import School
from directory.pdf import pdf_response, render_pdf
from directory.permissions import (
    ScopedListMixin,
    can,
    get_scoped_or_404,
    has_perm,
    permission_required,
)
from resources_hub.forms.observations import (
    ConcernGridForm,
    GridOpenForm,
    LinkForm,
    ObservationForm,
)
from resources_hub.models import ObservationGrid, ObservationPlace, ObservedSignal
from resources_hub.services import observations as obs_services
from resources_hub.views.case_base import CaseFormMixin


class GridOpenView(CaseFormMixin, FormView):
    form_class = GridOpenForm
    template_name = "resources_hub/cases/form_page.html"
    page_title = "Ouvrir une grille d'observation"
    intro = (
        "Plusieurs adultes, chacun depuis son poste d'observation, notent pendant environ deux "
        "semaines ce qu'ils observent. Des observations, jamais un diagnostic."
    )
    audit_detail = "grille d'observation (formulaire)"
    submit_label = "Ouvrir la grille"

    def extra_form_kwargs(self) -> dict:
        return {"parties": self.case.parties.all()}

    def form_valid(self, form):
        grid = obs_services.grid_open(
            case=self.case,
            party=form.cleaned_data["party"],
            user=self.request.user,
            request=self.request,
        )
        return redirect("resources_hub:grid-detail", pk=grid.pk)


def _grid(request, pk: int, perm: str) -> ObservationGrid:
    return get_scoped_or_404(
        request, ObservationGrid.objects.select_related("school", "case"), perm, pk=pk
    )


@permission_required("observation.view")
def grid_detail(request, pk: int):
    grid = _grid(request, pk, "observation.view")
    observations = list(grid.observations.order_by("observed_on", "pk"))
    audit.record("view", request=request, obj=grid)
    return render(
        request,
        "resources_hub/observations/detail.html",
        {
            "grid": grid,
            "observations": observations,
            "rows": obs_services.aggregate(observations),
            "observers": sorted({o.observer_name for o in observations}),
            "can_add": can(request.user, "observation.add", grid),
            "can_manage": can(request.user, "observation.manage", grid),
        },
    )


@permission_required("observation.add")
def observation_add(request, pk: int):
    grid = _grid(request, pk, "observation.add")
    form = ObservationForm(request.POST or None)
    form.helper = build_form_helper("Enregistrer l'observation")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        obs_services.observation_add(
            grid=grid,
            observed_on=data["observed_on"],
            place=data["place"],
            signals=data["signals"],
            note=data["note"],
            observer_name=request.user.display_name,
            user=request.user,
            request=request,
        )
        messages.success(request, "Votre observation est enregistrée.")
        return redirect("resources_hub:grid-detail", pk=grid.pk)
    return render(request, "resources_hub/observations/form.html", {"grid": grid, "form": form})


@permission_required("observation.manage")
def link_create(request, pk: int):
    grid = _grid(request, pk, "observation.manage")
    form = LinkForm(request.POST or None)
    form.helper = build_form_helper("Créer le lien")
    link_url = ""
    if request.method == "POST" and form.is_valid():
        _, token = obs_services.link_create(
            grid=grid,
            observer_name=form.cleaned_data["observer_name"],
            place=form.cleaned_data["place"],
            user=request.user,
            request=request,
        )
        link_url = request.build_absolute_uri(reverse("resources_hub:observe", args=[token]))
        form = None
    return render(
        request,
        "resources_hub/observations/link.html",
        {"grid": grid, "form": form, "link_url": link_url},
    )


@never_cache
@csrf_protect
def observe(request, token: str):
    """The périscolaire adult's page: the pupil's first name and the form, nothing else."""
    link = obs_services.link_for(token)
    if link is None:
        return render(request, "resources_hub/observations/observe_done.html", {"spent": True})
    form = ObservationForm(request.POST or None, with_place=False)
    form.helper = build_form_helper("Envoyer mes observations")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = obs_services.link_use(
            token=token, observed_on=data["observed_on"], signals=data["signals"], note=data["note"]
        )
        return render(
            request, "resources_hub/observations/observe_done.html", {"spent": added is None}
        )
    return render(
        request,
        "resources_hub/observations/observe.html",
        {"form": form, "pupil": link.grid.pupil_label, "observer": link.observer_name},
    )


@permission_required("observation.add")
def blank_grid_pdf(request):
    """A printable blank grid for the conseils des maîtres (no pupil data)."""
    if not ratelimit.allow_pdf(request.user):
        return render(request, "errors/429.html", status=429)
    content = render_pdf(
        "pdf/observation_grid.html",
        {
            "places": [label for _, label in ObservationPlace.choices],
            "signals": [label for _, label in ObservedSignal.choices],
            "days": range(5),
        },
    )
    return pdf_response(content, "grille-observation-vierge.pdf")


class GridListView(ScopedListMixin, ListView):
    """The grids of the user's schools: concerns and cases' pupils."""

    permission = "observation.view"
    model = ObservationGrid
    template_name = "resources_hub/observations/list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("school", "case")
            .annotate(count=Count("observations", distinct=True))
            .order_by("-started_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            can_manage=has_perm(self.request.user, "observation.manage"), **kwargs
        )
        audit.record_list_page(
            self.request,
            context,
            object_type="resources_hub.observationgrid",
            label="grilles d'observation",
        )
        return context


@permission_required("observation.manage")
def concern_grid_create(request):
    schools = School.objects.visible_to(request.user, "observation.manage").order_by("name")
    form = ConcernGridForm(request.POST or None, schools=schools)
    form.helper = build_form_helper("Ouvrir la grille")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        grid = obs_services.concern_grid_open(
            school=data["school"],
            pupil_label=data["pupil_label"],
            class_label=data["class_label"],
            user=request.user,
            request=request,
        )
        return redirect("resources_hub:grid-detail", pk=grid.pk)
    return render(request, "resources_hub/observations/concern.html", {"form": form})


urlpatterns = [
    path("grilles/", GridListView.as_view(), name="grid-list"),
    path("grilles/nouvelle/", concern_grid_create, name="grid-concern-create"),
    path("grilles/vierge.pdf", blank_grid_pdf, name="grid-blank-pdf"),
    path(
        "situations/<ref:reference>/grilles/nouvelle/", GridOpenView.as_view(), name="grid-create"
    ),
    path("grilles/<int:pk>/", grid_detail, name="grid-detail"),
    path("grilles/<int:pk>/observer/", observation_add, name="grid-observation-add"),
    path("grilles/<int:pk>/lien/", link_create, name="grid-link-create"),
    path("observer/<token:token>/", observe, name="observe"),
]
