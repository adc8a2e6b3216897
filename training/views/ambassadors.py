"""Ambassador programmes: per-school groups with minimal pupil data, their training and referent,
and the élémentaires that have not started yet."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render

from directory import audit
from directory.models import Role, RoleAssignment, School, SchoolKind, SchoolYear
from directory.permissions import districts_of, get_scoped_or_404, has_perm, permission_required
from training import selectors
from training.forms import AmbassadorForm, CohortForm
from training.models import Cohort

VIEW = "training.ambassador.view"
MANAGE = "training.ambassador.manage"


def _data(request):
    return request.POST if request.method == "POST" else None


@permission_required(VIEW)
def cohort_list(request) -> HttpResponse:
    year = SchoolYear.current()
    cohorts = (
        Cohort.objects.visible_to(request.user, VIEW)
        .filter(year=year)
        .select_related("school", "referent", "partner_school")
        .annotate(listed_count=Count("pupils"))
        .order_by("school__name", "programme")
    )
    without = []
    if has_perm(request.user, "training.pole"):
        for district in districts_of(request.user)[:1]:
            without = list(selectors.schools_without_ambassadors(district, year))
    context = {
        "year": year,
        "cohorts": cohorts[:500],
        "without": without,
        "can_manage": has_perm(request.user, MANAGE),
    }
    return render(request, "training/cohort_list.html", context)


def _form_kwargs(request):
    schools = School.objects.visible_to(request.user, MANAGE).exclude(
        kind__in=[SchoolKind.COLLEGE, SchoolKind.LYCEE]
    )
    people = RoleAssignment.objects.active().filter(
        school__in=schools, role__in=[Role.DIRECTOR, Role.TEACHER]
    )
    return {
        "schools": schools.order_by("name"),
        "referents": get_user_model()
        .objects.filter(pk__in=people.values("user"))
        .order_by("last_name"),
        "lycees": School.objects.filter(kind=SchoolKind.LYCEE).order_by("name"),
    }


@permission_required(MANAGE)
def cohort_create(request) -> HttpResponse:
    form = CohortForm(_data(request), **_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        cohort = form.save(commit=False)
        cohort.year = SchoolYear.current()
        try:
            with transaction.atomic():
                cohort.save()
        except IntegrityError:
            form.add_error("programme", "Cette école a déjà un groupe de ce programme cette année.")
        else:
            audit.record("create", request=request, obj=cohort)
            messages.success(request, "Le groupe est enregistré.")
            return redirect("training:cohort-detail", pk=cohort.pk)
    return render(request, "training/cohort_form.html", {"form": form})


def _cohort(request, pk: int, perm: str) -> Cohort:
    queryset = Cohort.objects.select_related("school__district", "referent", "year")
    return get_scoped_or_404(request, queryset, perm, pk=pk)


@permission_required(VIEW)
def cohort_detail(request, pk: int) -> HttpResponse:
    """The group, its pupils (first name, initial, class), training and referent."""
    cohort = _cohort(request, pk, VIEW)
    can_manage = has_perm(request.user, MANAGE) and (
        Cohort.objects.visible_to(request.user, MANAGE).filter(pk=cohort.pk).exists()
    )
    form = None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = AmbassadorForm(request.POST)
        if form.is_valid():
            pupil = form.save(commit=False)
            pupil.cohort = cohort
            pupil.save()
            audit.record("update", request=request, obj=cohort, detail="élève ajouté·e")
            messages.success(request, "L'élève est ajouté·e au groupe.")
            return redirect("training:cohort-detail", pk=cohort.pk)
    elif can_manage:
        form = AmbassadorForm()
    audit.record("view", request=request, obj=cohort)
    context = {
        "cohort": cohort,
        "pupils": cohort.pupils.all(),
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "training/cohort_detail.html", context)


@permission_required(MANAGE)
def cohort_edit(request, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk, MANAGE)
    form = CohortForm(_data(request), instance=cohort, **_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error("programme", "Cette école a déjà un groupe de ce programme cette année.")
        else:
            audit.record("update", request=request, obj=cohort)
            messages.success(request, "Le groupe est mis à jour.")
            return redirect("training:cohort-detail", pk=cohort.pk)
    return render(request, "training/cohort_form.html", {"form": form, "cohort": cohort})
