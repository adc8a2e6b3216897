"""What « Former » adds to the home pages and yearly figures, and the events it notifies."""

from django.urls import reverse
from django.utils import timezone

from directory.dashboard import Action, Figure, Panel
from directory.models import Role
from directory.notifications import Event
from directory.permissions import districts_of, has_perm, schools_of
from training import selectors
from training.models import (
    PUPIL_PROGRAMMES,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Meeting,
    MeetingKind,
    Session,
)

AXIS = "former"

EVENTS = {
    "training.enrolled": Event(
        "Votre inscription à une formation est enregistrée",
        "Votre inscription à une formation est enregistrée",
    ),
    "training.waiting": Event(
        "Vous êtes en liste d'attente d'une formation",
        "Vous êtes en liste d'attente d'une formation",
    ),
    "training.offer": Event(
        "Une place en formation vous est proposée", "Une place en formation vous est proposée"
    ),
    "training.promoted": Event(
        "Votre place en formation est confirmée", "Votre place en formation est confirmée"
    ),
    "training.reminder": Event(
        "Rappel : une formation approche", "Rappel : une de vos formations approche"
    ),
    "training.cancelled": Event(
        "Une de vos formations est annulée", "Une de vos formations est annulée"
    ),
    "training.cpc_request": Event(
        "Une école demande l'accompagnement d'un·e CPC",
        "Une école demande l'accompagnement d'un·e conseiller·ère pédagogique",
    ),
    "training.cpc_scheduled": Event(
        "L'accompagnement de votre conseil des maîtres est programmé",
        "L'accompagnement de votre conseil des maîtres est programmé",
    ),
}


def _url(name: str) -> str:
    return reverse(f"training:{name}")


def district_panel(user, districts) -> Panel | None:
    """The inspector and the team: trained staff, conseils held, the pôle, the ambassadors.

    Two queries whatever the district's size (the home page counts its queries)."""
    if not has_perm(user, "training.pole") or not districts:
        return None
    district = districts[0]
    counts = selectors.district_figures(district, selectors.year_of())
    pole = selectors.pole_summary(district)
    figures = [
        (("personnel formé cette année", "personnels formés cette année"), counts["trained"]),
        ("écoles ayant tenu leur conseil des maîtres", f"{counts['held']} / {counts['ecoles']}"),
        ("membres du pôle formés (minimum 5)", f"{pole.trained} / {pole.minimum}"),
        (("élémentaire sans ambassadeurs", "élémentaires sans ambassadeurs"), counts["without"]),
    ]
    missing = len(pole.missing_profiles)
    if missing:
        label = "profil manquant au pôle" if missing == 1 else "profils manquants au pôle"
        figures.append((f"{label} : " + ", ".join(pole.missing_profiles), missing))
    return Panel(
        axis=AXIS, title="Formation et ambassadeurs", figures=figures, url=_url("district")
    )


def school_panel(user, school) -> Panel | None:
    """A director: the school's trained staff, its conseil and its ambassadors this year."""
    if not has_perm(user, "training.hours"):
        return None
    year = selectors.year_of()
    conseils = Meeting.objects.filter(
        school=school, kind=MeetingKind.CONSEIL, held_on__gte=year.starts_on
    ).count()
    cohorts = Cohort.objects.filter(school=school, year__start_year=year.start_year).count()
    figures = [
        (
            ("personnel formé cette année", "personnels formés cette année"),
            selectors.trained_staff_count(year=year, school=school),
        ),
        (
            (
                "conseil des maîtres consacré au harcèlement",
                "conseils des maîtres consacrés au harcèlement",
            ),
            conseils,
        ),
        (("groupe d'ambassadeurs", "groupes d'ambassadeurs"), cohorts),
    ]
    return Panel(axis=AXIS, title="Formation de l'équipe", figures=figures, url=_url("index"))


def next_actions(user) -> list[Action]:
    """Offers to answer first, then attendance to mark, then one's next session."""
    if not getattr(user, "is_authenticated", False):
        return []
    actions = []
    now = timezone.now()
    offers = Enrolment.objects.filter(
        user=user, status=EnrolmentStatus.OFFERED, offered_until__gt=now
    ).count()
    if offers:
        actions.append(
            Action(
                AXIS, "Places en formation proposées à accepter", _url("my-trainings"), offers, 10
            )
        )
    to_mark = _attendance_to_mark(user, now)
    if to_mark:
        actions.append(
            Action(AXIS, "Émargements de formation à saisir", _url("session-list"), to_mark, 25)
        )
    actions += _director_actions(user)
    upcoming = (
        Enrolment.objects.filter(
            user=user, status=EnrolmentStatus.ENROLLED, session__starts_at__gte=now
        )
        .select_related("session")
        .order_by("session__starts_at")
        .first()
    )
    if upcoming:
        label = f"Prochaine formation : {upcoming.session.title}"
        url = reverse("training:session-detail", kwargs={"pk": upcoming.session_id})
        actions.append(Action(AXIS, label, url, None, 40))
    return actions


def _director_actions(user) -> list[Action]:
    """A director whose school has not yet devoted a conseil des maîtres to bullying this year."""
    schools = schools_of(user, [Role.DIRECTOR])
    if not schools:
        return []
    year = selectors.year_of()
    held = set(
        Meeting.objects.filter(
            school__in=schools, kind=MeetingKind.CONSEIL, held_on__gte=year.starts_on
        ).values_list("school_id", flat=True)
    )
    missing = [s for s in schools if s.pk not in held]
    if not missing:
        return []
    label = "Consacrer un conseil des maîtres au harcèlement cette année"
    return [Action(AXIS, label, _url("meeting-create"), len(missing), 45)]


def _attendance_to_mark(user, now) -> int:
    """Sessions ended in the last 60 days with enrolled people not yet marked: the district
    team's, and those the user trains."""
    from django.db.models import Q

    mine = Q(trainers=user)
    if has_perm(user, "training.attendance"):
        mine |= Q(district_id__in=[d.pk for d in districts_of(user)])
    return (
        Session.objects.filter(
            mine,
            is_cancelled=False,
            ends_at__lte=now,
            ends_at__gte=now - timezone.timedelta(days=60),
            enrolments__status=EnrolmentStatus.ENROLLED,
            enrolments__attended__isnull=True,
        )
        .values("pk")
        .distinct()
        .count()
    )


def yearly_figures(*, year, district=None, school=None) -> list[Figure]:
    """Counts only: sessions, trained staff, hours, conseils held, ambassadors."""
    section = "Former"
    if school is not None:
        sessions = Session.objects.filter(district_id=school.district_id)
        meetings = Meeting.objects.filter(school=school)
        cohorts = Cohort.objects.filter(school=school)
    else:
        sessions = Session.objects.filter(district=district)
        meetings = Meeting.objects.filter(district=district)
        cohorts = Cohort.objects.filter(school__district=district)
    sessions = sessions.filter(
        is_cancelled=False,
        starts_at__date__gte=year.starts_on,
        starts_at__date__lte=year.ends_on,
    )
    conseils = meetings.filter(
        kind=MeetingKind.CONSEIL, held_on__gte=year.starts_on, held_on__lte=year.ends_on
    )
    pupil_cohorts = cohorts.filter(year=year, programme__in=PUPIL_PROGRAMMES)
    trained = selectors.trained_staff_count(year=year, district=district, school=school)
    return [
        Figure(AXIS, "training.sessions", "Sessions de formation", sessions.count(), section),
        Figure(AXIS, "training.trained", "Personnels formés", trained, section),
        Figure(
            AXIS,
            "training.hours",
            "Heures de formation suivies",
            selectors.hours_total(year=year, district=district, school=school),
            section,
        ),
        Figure(AXIS, "training.conseils", "Conseils des maîtres tenus", conseils.count(), section),
        Figure(
            AXIS,
            "training.ambassadors",
            "Élèves ambassadeurs",
            selectors.ambassadors_total(pupil_cohorts),
            section,
        ),
    ]
