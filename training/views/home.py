"""The axis home, the district's overview, hours against the 108 hours, the pôle's training,
and the calendars."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from directory import audit
from directory.dashboard import actions_for
from directory.models import Role, SchoolYear
from directory.permissions import (
    districts_of,
    has_perm,
    permission_required,
    refuse,
    schools_of,
)
from training import calendar, selectors
from training.forms import PoleDayForm
from training.models import CalendarToken, Enrolment, PoleTrainingDay

AXIS = "former"


@permission_required("training.index")
def index(request) -> HttpResponse:
    """Each role's next step first, then what it can reach in the axis."""
    user = request.user
    actions = [a for a in actions_for(user) if a.axis == AXIS]
    context = {
        "actions": actions,
        "can": {
            name: has_perm(user, perm)
            for name, perm in [
                ("offer", "training.session.view"),
                ("mine", "training.enrolment.own"),
                ("manage", "training.session.manage"),
                ("hours", "training.hours"),
                ("meetings", "training.meeting.view"),
                ("cpc", "training.cpc_request"),
                ("pole", "training.pole"),
                ("ambassadors", "training.ambassador.view"),
                ("calendar", "training.calendar"),
            ]
        },
    }
    return render(request, "training/index.html", context)


def _district_or_403(request, perm: str):
    districts = districts_of(request.user)
    if not districts:
        refuse(request, perm)
        raise PermissionDenied
    return districts[0]


@permission_required("training.pole")
def district_overview(request) -> HttpResponse:
    """The inspector's view: trained staff per school, conseils held, the pôle, ambassadors."""
    district = _district_or_403(request, "training.pole")
    year = SchoolYear.current()
    trained = dict((s.pk, n) for s, n in selectors.trained_per_school(district, year))
    held = selectors.conseils_held(district, year)
    rows = [(school, trained.get(school.pk, 0), held_on) for school, held_on in held]
    context = {
        "district": district,
        "year": year,
        "years": selectors.year_choices(),
        "rows": rows,
        "held_count": sum(1 for _, _, d in rows if d),
        "pole": selectors.pole_training(district),
        "without": list(selectors.schools_without_ambassadors(district, year)),
    }
    return render(request, "training/district.html", context)


@permission_required("training.hours")
def hours(request) -> HttpResponse:
    """Hours per person this school year: a director's team, or the district's staff."""
    year = selectors.year_from(request.GET.get("annee"))
    enrolments = Enrolment.objects.visible_to(request.user, "training.hours")
    people_ids = set(enrolments.values_list("user_id", flat=True))
    schools = schools_of(request.user, [Role.DIRECTOR])
    if schools:
        from training.forms import school_staff

        for school in schools:
            people_ids |= set(school_staff(school).values_list("pk", flat=True))
    from django.contrib.auth import get_user_model

    people = list(
        get_user_model().objects.filter(pk__in=people_ids).order_by("last_name", "first_name")
    )
    by_user = selectors.hours_by_user([p.pk for p in people], year)
    rows = [(p, by_user[p.pk]) for p in people]
    audit.record("view", request=request, detail="heures de formation par personne")
    return render(
        request,
        "training/hours.html",
        {"rows": rows, "year": year, "years": selectors.year_choices()},
    )


@permission_required("training.pole")
def pole_training(request) -> HttpResponse:
    district = _district_or_403(request, "training.pole")
    can_manage = has_perm(request.user, "training.pole.manage")
    data = selectors.pole_training(district)
    members = _member_users(data)
    form = None
    if can_manage:
        form = PoleDayForm(request.POST if request.method == "POST" else None, members=members)
        if request.method == "POST" and form.is_valid():
            day = form.save(commit=False)
            day.district = district
            if PoleTrainingDay.objects.filter(user=day.user, day=day.day, label=day.label).exists():
                form.add_error("label", "Cette journée est déjà enregistrée.")
            else:
                day.save()
                audit.record("create", request=request, obj=day)
                messages.success(request, "La journée de formation est enregistrée.")
                return redirect("training:pole")
    elif request.method == "POST":
        refuse(request, "training.pole.manage")
        raise PermissionDenied
    return render(request, "training/pole.html", {"district": district, "pole": data, "form": form})


def _member_users(data):
    from django.contrib.auth import get_user_model

    ids = [member.user_id for member, _ in data.members]
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name")


@permission_required("training.calendar")
def calendar_page(request) -> HttpResponse:
    """The person's iCal addresses; created by the button (a POST), never by opening the page."""
    from django.urls import reverse

    token = CalendarToken.objects.filter(user=request.user).first()
    context = {"has_token": token is not None}
    if token is not None:
        base = request.build_absolute_uri("/")[:-1]
        context["personal_url"] = base + reverse(
            "training:ical-personal", kwargs={"token": token.token}
        )
        context["district_url"] = base + reverse(
            "training:ical-district", kwargs={"token": token.token}
        )
    return render(request, "training/calendar.html", context)


@permission_required("training.calendar")
@require_POST
def calendar_reset(request) -> HttpResponse:
    """Create the person's addresses, or replace them (the old ones stop working)."""
    token, created = CalendarToken.objects.get_or_create(user=request.user)
    if created:
        audit.record("create", request=request, detail="adresse d'agenda créée")
        messages.success(request, "Vos adresses d'agenda sont créées.")
    else:
        token.reset()
        audit.record("update", request=request, detail="adresse d'agenda renouvelée")
        messages.success(request, "Nouvelle adresse créée : l'ancienne ne fonctionne plus.")
    return redirect("training:calendar")


def _feed(request, token: str, builder) -> HttpResponse:
    row = CalendarToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active or not has_perm(row.user, "training.calendar"):
        raise Http404
    content = builder(row.user, request.get_host().split(":")[0] or "portail")
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store, private"
    return response


def ical_personal(request, token: str) -> HttpResponse:
    return _feed(request, token, calendar.personal_feed)


def ical_district(request, token: str) -> HttpResponse:
    return _feed(request, token, calendar.district_feed)
