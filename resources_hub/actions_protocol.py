"""Next actions of the protocol for the home pages: the IEN's pôle requests to mobilise, the
fiches to sign (pôle) or co-sign (director, IEN), a handler's cases with their next step.
Each provider runs a constant number of queries and shows counts and links only."""

from django.urls import reverse

from directory import dashboard
from directory.dashboard import Action
from directory.models import Role
from directory.permissions import POLE_SEAT, has_perm, roles_of
from resources_hub import selectors
from resources_hub.filters import todo_url
from resources_hub.models import Case

AXIS = "prendre-en-charge"


def inspector_actions(user) -> list[Action]:
    if Role.INSPECTOR not in roles_of(user):
        return []
    districts = selectors.inspector_districts(user)
    actions = []
    counts = _inspector_counts(districts)
    pending = counts["pending"]
    if pending:
        actions.append(
            Action(
                AXIS,
                ("demande d'appui au pôle à traiter", "demandes d'appui au pôle à traiter"),
                todo_url("appui_pole"),
                count=pending,
                priority=5,
                button="Mobiliser le pôle",
            )
        )
    escalated = counts["escalated"]
    if escalated:
        actions.append(
            Action(
                AXIS,
                ("situation escaladée", "situations escaladées"),
                todo_url("escaladees"),
                count=escalated,
                priority=8,
            )
        )
    return actions


def _inspector_counts(districts) -> dict:
    """The pôle requests pending and the escalated cases: one aggregate."""
    from django.db.models import Count, Q

    pending = selectors.pole_requests_pending(districts).values("pk")
    escalated = selectors.escalated_cases(districts).values("pk")
    return Case.objects.filter(Q(pk__in=pending) | Q(pk__in=escalated)).aggregate(
        pending=Count("pk", filter=Q(pk__in=pending)),
        escalated=Count("pk", filter=Q(pk__in=escalated)),
    )


def signature_actions(user) -> list[Action]:
    actions = []
    if has_perm(user, "bilan.cosign"):
        count = selectors.fiches_to_cosign(user).count()
        if count:
            actions.append(
                Action(
                    AXIS,
                    ("fiche bilan à co-signer", "fiches bilan à co-signer"),
                    todo_url("fiche_a_cosigner"),
                    count=count,
                    priority=15,
                )
            )
    if has_perm(user, "bilan.sign"):
        count = selectors.fiches_to_sign(user).count()
        if count:
            actions.append(
                Action(
                    AXIS,
                    ("fiche bilan à rédiger et signer", "fiches bilan à rédiger et signer"),
                    todo_url("fiche_a_signer"),
                    count=count,
                    priority=20,
                )
            )
    return actions


def handler_actions(user) -> list[Action]:
    """A pôle member's or teacher handler's cases, listed with each one's next step; the most
    urgent one's in the label."""
    held = roles_of(user)
    if not ({POLE_SEAT, Role.POLE_MEMBER, Role.TEACHER} & held):
        return []
    handled = selectors.cases_for_handler(user)
    first = list(handled.annotate(step=selectors.next_step_expression()).values("step")[:1])
    if not first:
        return []
    count = handled.count()
    step = first[0]["step"]
    label = (
        f"situation où vous intervenez — prochaine étape : {step}"
        if count == 1
        else f"situations où vous intervenez — prochaine étape de la plus urgente : {step}"
    )
    return [Action(AXIS, label, todo_url("mes_situations"), count=count, priority=25)]


def register() -> None:
    dashboard.register_action_provider(inspector_actions)
    dashboard.register_action_provider(signature_actions)
    dashboard.register_action_provider(handler_actions)
    # No panel of its own: its figures join the « Situations de la circonscription » panel, which
    # links to the same dashboard (resources_hub.views.dashboard.district_panel).


def protocol_rows(user, districts) -> list[tuple[tuple[str, str], int]]:
    """Closures without every step (justified), reopenings, escalations and the outcomes of the
    fiches bilan (counts only, one query); none for a user without the district dashboard."""
    from resources_hub.models import Outcome

    if not has_perm(user, "case.dashboard") or not districts:
        return []
    figures = selectors.protocol_figures(districts)
    rows = [
        (
            (
                "situation close sans toutes les démarches (justifiée)",
                "situations closes sans toutes les démarches (justifiées)",
            ),
            figures["closed_unguarded"],
        ),
        (("situation réouverte", "situations réouvertes"), figures["reopened"]),
        (("situation escaladée", "situations escaladées"), figures["escalated"]),
    ]
    rows += [
        (
            (f"fiche bilan « {o.label.lower()} »", f"fiches bilan « {o.label.lower()} »"),
            figures[f"outcome_{o.value}"],
        )
        for o in Outcome
    ]
    return rows


def protocol_panel(user, districts):
    """The protocol's figures as a panel of their own (the home shows them in the cases panel)."""
    from directory.dashboard import Panel

    rows = protocol_rows(user, districts)
    if not rows:
        return None
    return Panel(
        axis=AXIS,
        title="Protocole : clôtures, réouvertures et issues",
        figures=rows,
        url=reverse("resources_hub:case-dashboard"),
    )
