"""What « Prévenir » adds to the home pages: panels, next actions and yearly figures.

Counts only, aggregated in the database over the user's scope; survey figures respect the
minimum group size (a count of answers under it is given as « moins de N »).
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from directory.dashboard import Action as NextAction
from directory.dashboard import Figure, Panel
from directory.models import SchoolYear
from directory.permissions import has_perm
from prevention.models import (
    Action,
    ActionStatus,
    Campaign,
    CampaignStatus,
    ContestEdition,
    EditionStatus,
    Entry,
    Response,
)
from prevention.selectors import actions as sel
from prevention.selectors.surveys import min_group

AXIS = "prevenir"


def _action_counts(actions) -> dict:
    return actions.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=ActionStatus.DONE))
    )


def district_panel(user, districts) -> Panel | None:
    """Two queries: the écoles in scope, and the year's actions over them (no year lookup)."""
    if not has_perm(user, "action.coverage"):
        return None
    start_year = SchoolYear.start_year_for(timezone.localdate())
    schools = sel.coverage_schools(user).filter(district__in=districts)
    counts = Action.objects.filter(
        school__in=schools.values("pk"), year__start_year=start_year
    ).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        schools=Count("school", distinct=True),
    )
    return Panel(
        axis=AXIS,
        title="Actions de prévention",
        figures=[
            (("action cette année", "actions cette année"), counts["total"]),
            (("action réalisée", "actions réalisées"), counts["done"]),
            (
                ("école sans aucune action", "écoles sans aucune action"),
                schools.count() - counts["schools"],
            ),
        ],
        url=reverse("prevention:action-coverage"),
    )


def school_panel(user, school) -> Panel | None:
    if not has_perm(user, "action.view"):
        return None
    year = SchoolYear.current()
    counts = _action_counts(Action.objects.filter(school=school, year=year))
    hours = sel.hours_summary([school], year)[school.pk]
    return Panel(
        axis=AXIS,
        title="Actions de prévention de l'école",
        figures=[
            (("action cette année", "actions cette année"), counts["total"]),
            (("action réalisée", "actions réalisées"), counts["done"]),
            (
                (
                    f"classe à {sel.PHARE_HOURS:.0f} h sur {hours['classes']}",
                    f"classes à {sel.PHARE_HOURS:.0f} h sur {hours['classes']}",
                ),
                hours["reached"],
            ),
        ],
        url=reverse("prevention:action-list"),
    )


def next_actions(user) -> list[NextAction]:
    actions: list[NextAction] = []
    today = timezone.localdate()
    if has_perm(user, "action.declare"):
        to_confirm = (
            Action.objects.visible_to(user, "action.edit")
            .filter(status=ActionStatus.PLANNED, starts_on__lt=today)
            .count()
        )
        if to_confirm:
            actions.append(
                NextAction(
                    AXIS,
                    ("action passée à marquer réalisée", "actions passées à marquer réalisées"),
                    reverse("prevention:action-list") + "?status=planned",
                    count=to_confirm,
                    priority=30,
                )
            )
        actions.append(
            NextAction(
                AXIS,
                "Déclarer une action de prévention",
                reverse("prevention:action-declare"),
                priority=60,
            )
        )
    if has_perm(user, "survey.manage"):
        due = Campaign.objects.visible_to(user, "survey.manage").aggregate(
            to_open=Count("pk", filter=Q(status=CampaignStatus.DRAFT, opens_on__lte=today)),
            to_close=Count("pk", filter=Q(status=CampaignStatus.OPEN, closes_on__lt=today)),
        )
        to_open, to_close = due["to_open"], due["to_close"]
        if to_open:
            actions.append(
                NextAction(
                    AXIS,
                    ("enquête de climat à ouvrir", "enquêtes de climat à ouvrir"),
                    reverse("prevention:campaign-list"),
                    count=to_open,
                    priority=25,
                )
            )
        if to_close:
            actions.append(
                NextAction(
                    AXIS,
                    ("enquête de climat à clôturer", "enquêtes de climat à clôturer"),
                    reverse("prevention:campaign-list"),
                    count=to_close,
                    priority=25,
                )
            )
    actions += _contest_actions(user, today)
    if has_perm(user, "action.coverage"):
        actions.append(
            NextAction(
                AXIS,
                "Voir les écoles sans action de prévention",
                reverse("prevention:action-coverage"),
                priority=55,
            )
        )
    return actions


def _contest_actions(user, today) -> list[NextAction]:
    out = []
    if has_perm(user, "contest.enter"):
        open_editions = ContestEdition.objects.visible_to(user, "contest.view").filter(
            status=EditionStatus.OPEN, entry_deadline__gte=today
        )
        edition = open_editions.order_by("entry_deadline").first()
        if edition is not None:
            out.append(
                NextAction(
                    AXIS,
                    "Inscrire une classe au concours « Non au harcèlement »",
                    reverse("prevention:entry-create", args=[edition.pk]),
                    priority=40,
                )
            )
    if has_perm(user, "contest.judge"):
        pending = (
            Entry.objects.filter(edition__status=EditionStatus.JUDGING, edition__jurors=user)
            .exclude(scores__juror=user)
            .values("edition")
            .annotate(n=Count("pk"))
            .order_by("edition")
            .first()
        )
        if pending:
            out.append(
                NextAction(
                    AXIS,
                    ("production du concours à noter", "productions du concours à noter"),
                    reverse("prevention:contest-jury", args=[pending["edition"]]),
                    count=pending["n"],
                    priority=20,
                )
            )
    return out


def yearly_figures(*, year, district=None, school=None) -> list[Figure]:
    actions = Action.objects.filter(year=year)
    campaigns = Campaign.objects.filter(year=year, status=CampaignStatus.CLOSED)
    if school is not None:
        actions, campaigns = actions.filter(school=school), campaigns.filter(school=school)
    else:
        actions = actions.filter(school__district=district)
        campaigns = campaigns.filter(school__district=district)
    lesson_hours = sum(
        (
            a.hours_per_class * a.n
            for a in actions.filter(
                status=ActionStatus.DONE, action_type__counts_as_lessons=True
            ).annotate(n=Count("classrooms"))
        ),
        start=0,
    )
    answers = Response.objects.filter(campaign__in=campaigns).count()
    answers_shown = answers if answers >= min_group() else f"moins de {min_group()}"
    counts = _action_counts(actions)
    entries = Entry.objects.filter(edition__year=year)
    entries = (
        entries.filter(school=school)
        if school is not None
        else entries.filter(school__district=district)
    )
    return [
        Figure(AXIS, "actions", "Actions de prévention déclarées", counts["total"], "Actions"),
        Figure(AXIS, "actions_done", "Actions de prévention réalisées", counts["done"], "Actions"),
        Figure(
            AXIS,
            "lesson_hours",
            "Heures de prévention (classes × heures)",
            float(lesson_hours),
            "Actions",
        ),
        Figure(
            AXIS,
            "contest_entries",
            "Productions au concours « Non au harcèlement »",
            entries.count(),
            "Concours",
        ),
        Figure(
            AXIS,
            "contest_winners",
            "Productions lauréates",
            entries.filter(is_winner=True).count(),
            "Concours",
        ),
        Figure(AXIS, "campaigns", "Enquêtes de climat menées", campaigns.count(), "Climat"),
        Figure(AXIS, "survey_answers", "Réponses aux enquêtes de climat", answers_shown, "Climat"),
    ]
