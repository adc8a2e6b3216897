"""What the home pages show first about reports and reviews: each role's next step, counted and
linked (registered in ``ResourcesHubConfig.ready``). Counts only: never a name or a text.

Also the home-page panel « Signalements », whose figure links to the reports, not to the cases.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from directory.dashboard import Action, Panel
from directory.models import Notification
from directory.permissions import active_assignments, has_perm
from directory.typography import french_date
from resources_hub import selectors
from resources_hub.filters import todo_url
from resources_hub.forms.reports import AWAITING
from resources_hub.models import Case, PoleMeeting, PupilAccess, Report
from resources_hub.models.reports import ReportStatus

AXIS = "prendre-en-charge"


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _inbox_actions(user) -> list[Action]:
    """A director or the district team: reports to read, messages waiting for an answer."""
    reports = Report.objects.visible_to(user, "report.manage")
    inbox = reverse("resources_hub:report-list")
    actions = []
    counts = selectors.with_last_author(reports).aggregate(
        new=Count("pk", filter=Q(status=ReportStatus.NEW)),
        waiting=Count("pk", filter=selectors.awaiting_answer_q()),
    )
    new, waiting = counts["new"], counts["waiting"]
    if new:
        label = _plural(new, "signalement à lire", "signalements à lire")
        actions.append(Action(AXIS, label, f"{inbox}?status=new", count=new, priority=5))
    if waiting:
        label = _plural(waiting, "message d'un élève ou d'un parent attend", "messages attendent")
        url = f"{inbox}?a_traiter={AWAITING}"
        actions.append(Action(AXIS, f"{label} votre réponse", url, count=waiting, priority=6))
    actions.append(Action(AXIS, "Tous les signalements reçus", inbox, priority=70))
    return actions


def _review_actions(user, today: datetime.date) -> list[Action]:
    """Reviews overdue, and due today or tomorrow, in the cases the user may follow."""
    cases = Case.objects.visible_to(user, "case.view").open()
    ids = cases.filter(next_review_on__lte=today + datetime.timedelta(days=1)).values("pk")
    counts = Case.objects.filter(pk__in=ids).aggregate(
        overdue=Count("pk", filter=Q(next_review_on__lt=today)), soon=Count("pk")
    )
    overdue, due = counts["overdue"], counts["soon"] - counts["overdue"]
    actions = []
    if overdue:
        label = _plural(overdue, "point de suivi en retard", "points de suivi en retard")
        url = todo_url("suivi_en_retard")
        actions.append(Action(AXIS, label, url, count=overdue, priority=10))
    if due:
        label = _plural(due, "point de suivi prévu", "points de suivi prévus")
        url = todo_url("suivi_proche")
        actions.append(Action(AXIS, f"{label} aujourd'hui ou demain", url, count=due, priority=15))
    return actions


def _director_schools(user) -> list[int]:
    return [a.school_id for a in active_assignments(user) if a.role == "director" and a.school_id]


def _own_report_actions(user) -> list[Action]:
    """A teacher or a parent: the school's answers to read, their reports."""
    actions = []
    unread = list(
        Notification.objects.filter(user=user, event="report.reply", read_at__isnull=True)
        .order_by("-created_at")
        .values_list("pk", flat=True)[:50]
    )
    if unread:
        url = (
            reverse("directory:notification-open", kwargs={"pk": unread[0]})
            if len(unread) == 1
            else f"{reverse('directory:notifications')}?non_lues=report.reply"
        )
        label = _plural(len(unread), "réponse de l'école à lire", "réponses de l'école à lire")
        actions.append(Action(AXIS, label, url, count=len(unread), priority=4))
    mine = Report.objects.filter(created_by=user).count()
    if mine:
        label = "Vos signalements : leur état et les réponses de l'école"
        actions.append(
            Action(AXIS, label, reverse("resources_hub:report-mine"), count=mine, priority=60)
        )
    return actions


def _tools(user) -> list[Action]:
    """The buttons: report a situation, open one, the pupils' poster with the school code."""
    tools = []
    if has_perm(user, "report.create"):
        url = reverse("resources_hub:report-create")
        tools.append(Action(AXIS, "Signaler une situation", url, priority=40, button="primary"))
    if has_perm(user, "case.create") and _director_schools(user):
        url = reverse("resources_hub:case-create")
        tools.append(Action(AXIS, "Ouvrir une situation", url, priority=41, button="secondary"))
    if has_perm(user, "report.poster"):
        tools += _poster_tools(user)
    return tools


def _poster_tools(user) -> list[Action]:
    """A director: the school's poster (A4, A3) and its pupil code, once it has one."""
    schools = [a.school for a in active_assignments(user) if a.role == "director" and a.school]
    codes = dict(PupilAccess.objects.filter(school__in=schools).values_list("school_id", "code"))
    tools = []
    for school in schools:
        url = reverse("resources_hub:report-poster", kwargs={"uai": school.uai})
        code = codes.get(school.pk)
        label = "Affiche A4 pour les élèves" + (f" (code de l'école : {code})" if code else "")
        tools.append(Action(AXIS, label, url, priority=75, button="tertiary"))
        tools.append(Action(AXIS, "Affiche A3", f"{url}?format=a3", priority=76, button="tertiary"))
    return tools


def _pole_actions(user, today: datetime.date) -> list[Action]:
    """A pôle member: their pôle's next meeting."""
    if not has_perm(user, "pole.view") or has_perm(user, "pole.manage"):
        return []
    actions = []
    meeting = (
        PoleMeeting.objects.filter(
            pole__members__user=user, pole__members__is_active=True, held_on__gte=today
        )
        .order_by("held_on", "pk")
        .first()
    )
    if meeting is not None:
        url = reverse("resources_hub:pole-detail", kwargs={"pk": meeting.pole_id})
        label = f"Prochaine réunion du pôle : {french_date(meeting.held_on)}"
        actions.append(Action(AXIS, label, url, priority=30))
    return actions


def report_actions(user) -> list[Action]:
    today = timezone.localdate()
    actions = []
    if has_perm(user, "report.manage"):
        actions += _inbox_actions(user)
    if has_perm(user, "case.view"):
        actions += _review_actions(user, today)
    if has_perm(user, "report.create") and not has_perm(user, "report.manage"):
        actions += _own_report_actions(user)
    # The cases a pôle member or a teacher helps with: actions_protocol.handler_actions (with
    # the next step), not a second count here.
    actions += _pole_actions(user, today)
    return actions + _tools(user)


def _reports_panel(user, reports) -> Panel | None:
    if not has_perm(user, "report.manage"):
        return None
    new = reports.filter(status=ReportStatus.NEW).count()
    url = reverse("resources_hub:report-list") + "?status=new"
    return Panel(
        AXIS,
        "Signalements reçus",
        [(("nouveau signalement", "nouveaux signalements"), new)],
        url=url,
    )


def district_reports_panel(user, districts) -> Panel | None:
    reports = Report.objects.visible_to(user, "report.manage").filter(
        school__district__in=districts
    )
    return _reports_panel(user, reports)


def school_reports_panel(user, school) -> Panel | None:
    return _reports_panel(
        user, Report.objects.visible_to(user, "report.manage").filter(school=school)
    )
