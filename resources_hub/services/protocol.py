"""The national protocol's steps beyond the status workflow: the request for the pôle and its
mobilisation, the adult referent, qualification, escalation, the guarded closure and the
préoccupation partagée team and window.

Each write checks the page's version (optimistic locking), writes a dated chronology event with
its author, an audit row and, where someone must act, one notification.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from directory import audit
from directory.models import Role, RoleAssignment
from directory.versioning import already_stored
from resources_hub.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseHandler,
    CaseParty,
    CaseStatus,
    CaseTransition,
    EscalatedTo,
    EscalationMeasure,
    HandlerKind,
    PartyRole,
    PikasSession,
    PoleMember,
    Track,
)
from resources_hub.services import AlreadyDone, StaleVersion, TransitionRefused, case_handler_add
from resources_hub.services import notify as tell

MPP_WINDOW_DAYS = 15
MPP_TEAM_MIN, MPP_TEAM_MAX = 3, 10
STALE = (
    "La situation a été modifiée entre-temps par quelqu'un d'autre : rien n'a été enregistré. "
    "Rechargez la page, puis recommencez."
)


def _bump(case: Case, expected_version: int, **changes) -> None:
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated and already_stored(Case, case.pk, changes):
        raise AlreadyDone  # a double click: the first request recorded exactly this
    if not updated:
        raise StaleVersion(STALE)


def _event(case: Case, title: str, user, *, on: date | None = None, body="", item="", party=None):
    return CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.CHECKLIST if item else CaseEventKind.NOTE,
        title=title,
        body=body,
        party=party,
        occurred_on=on or timezone.localdate(),
        author=user,
        checklist_item=item,
    )


# --- Request for the pôle (the director) and mobilisation (the IEN) ---


def pole_request(*, case: Case, user, expected_version: int, note: str = "", request=None) -> Case:
    """The director asks the pôle for support; the IEN is told and mobilises someone."""
    today = timezone.localdate()
    if (case.pole_requested_on, case.pole_requested_by_id) == (today, user.pk):
        raise AlreadyDone  # a double click: this person asked today
    if case.pole_requested_on is not None:
        raise TransitionRefused("L'appui du pôle a déjà été demandé pour cette situation.")
    with transaction.atomic():
        _bump(case, expected_version, pole_requested_on=today, pole_requested_by=user)
        _event(
            case, "Demande d'appui au pôle ressources", user, body=note, item="pole_requested_on"
        )
        audit.record("update", request=request, user=user, obj=case, detail="appui du pôle demandé")
        tell.tell_inspectors(case, "case.pole_request")
    case.refresh_from_db()
    return case


def pole_candidates(case: Case):
    """Active pôle members of a pôle covering the case's district, whatever their main role."""
    return (
        PoleMember.objects.filter(is_active=True, pole__districts=case.school.district_id)
        .exclude(user__handled_cases__case=case)
        .select_related("user", "pole")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def pole_mobilise(*, case: Case, member: PoleMember, user, request=None) -> CaseHandler:
    """The IEN (or the district team) mobilises a pôle member: they are told, and the first
    mobilisation is dated in the checklist."""
    if not pole_candidates(case).filter(pk=member.pk).exists():
        raise ValidationError("Cette personne n'est pas membre actif d'un pôle de la situation.")
    with transaction.atomic():
        handler = case_handler_add(
            case=case, handler=member.user, kind=HandlerKind.POLE, user=user, request=request
        )
        mark_mobilised(case=case, user=user)
    return handler


def mark_mobilised(*, case: Case, user) -> None:
    """The first pôle member mobilised dates the checklist item."""
    if Case.objects.filter(pk=case.pk, pole_mobilised_on__isnull=True).update(
        pole_mobilised_on=timezone.localdate()
    ):
        _event(case, "Pôle mobilisé par l'IEN", user, item="pole_mobilised_on")


def teacher_candidates(case: Case):
    from directory.models import User

    teachers = RoleAssignment.objects.active().filter(role=Role.TEACHER, school=case.school_id)
    return (
        User.objects.filter(is_active=True, pk__in=teachers.values("user"))
        .exclude(handled_cases__case=case)
        .order_by("last_name", "first_name", "username")
    )


# --- The adult referent of a targeted pupil ---


def referent_set(*, party: CaseParty, referent, on: date, user, request=None) -> CaseParty:
    if party.role != PartyRole.TARGET:
        raise ValidationError("Un·e adulte référent·e se désigne pour un·e élève cible.")
    with transaction.atomic():
        CaseParty.objects.filter(pk=party.pk).update(referent=referent, referent_named_on=on)
        _event(
            party.case,
            f"Adulte référent·e désigné·e : {referent.display_name}",
            user,
            on=on,
            item="referent",
            party=party,
        )
        audit.record("update", request=request, user=user, obj=party.case, detail="référent·e")
    party.refresh_from_db()
    return party


# --- Qualification and escalation ---


def case_qualify(
    *,
    case: Case,
    user,
    expected_version: int,
    repetition: bool,
    power: bool,
    isolation: bool,
    track: str,
    on: date,
    request=None,
) -> Case:
    """Record the three criteria and the response chosen (MPP or a firmer track), dated."""
    if track not in Track.values:
        raise ValidationError("Choisissez la réponse apportée.")
    criteria = [
        name
        for name, held in (
            ("répétition", repetition),
            ("rapport de force", power),
            ("isolement", isolation),
        )
        if held
    ]
    with transaction.atomic():
        _bump(
            case,
            expected_version,
            criterion_repetition=repetition,
            criterion_power=power,
            criterion_isolation=isolation,
            qualified_on=on,
            track=track,
            track_on=on,
        )
        body = "Critères retenus : " + (", ".join(criteria) or "aucun")
        _event(case, f"Qualification : {Track(track).label}", user, on=on, body=body)
        audit.record(
            "update", request=request, user=user, obj=case, detail=f"qualification {track}"
        )
    case.refresh_from_db()
    return case


def case_escalate(
    *,
    case: Case,
    user,
    expected_version: int,
    to: str,
    measures: list[str],
    comment: str = "",
    request=None,
) -> Case:
    """The situation persists: it is escalated (to the IEN, the pôle, the référent
    départemental or the DASEN) with the measures decided; the IEN is told."""
    same = (case.escalated_to, sorted(case.escalation_measures or [])) == (to, sorted(measures))
    if case.status == CaseStatus.ESCALATED and same:
        raise AlreadyDone  # a double click: escalated exactly so already
    if CaseStatus.ESCALATED not in case.allowed_transitions():
        raise TransitionRefused("Cette situation ne peut pas être escaladée à cette étape.")
    if to not in EscalatedTo.values or not set(measures) <= set(EscalationMeasure.values):
        raise ValidationError("Indiquez vers qui la situation est escaladée.")
    labels = ", ".join(EscalationMeasure(m).label for m in measures) or "aucune mesure"
    with transaction.atomic():
        _bump(
            case,
            expected_version,
            status=CaseStatus.ESCALATED,
            escalated_to=to,
            escalated_on=timezone.localdate(),
            escalation_measures=list(measures),
        )
        CaseTransition.objects.create(
            case=case,
            from_status=case.status,
            to_status=CaseStatus.ESCALATED,
            by=user,
            comment=comment,
        )
        _event(
            case,
            f"Situation escaladée vers : {EscalatedTo(to).label}",
            user,
            body=f"Mesures : {labels}. {comment}".strip(),
        )
        audit.record("update", request=request, user=user, obj=case, detail=f"escaladée ({to})")
        tell.tell_inspectors(case, "case.escalated")
    case.refresh_from_db()
    return case


def closure_gaps(case: Case) -> list[str]:
    """What the protocol expects before closing and is missing (then a justification is due)."""
    gaps = []
    if case.ien_informed_on is None:
        gaps.append("l'IEN n'a pas été informé·e")
    if case.family_met_on is None:
        gaps.append("la famille de l'élève cible n'a pas été reçue")
    if not case.handlers.exists():
        gaps.append("aucun·e intervenant·e ne suit la situation")
    return gaps


# --- Préoccupation partagée: the team, the warning, the ~15-day window ---


def mpp_team_candidates(case: Case):
    """Adults of the school, and active members of a pôle covering its district."""
    from django.db.models import Q

    from directory.models import User

    school_staff = RoleAssignment.objects.active().filter(
        role__in=[Role.DIRECTOR, Role.TEACHER], school=case.school_id
    )
    pole = PoleMember.objects.filter(is_active=True, pole__districts=case.school.district_id)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=school_staff.values("user")) | Q(pk__in=pole.values("user")))
        .order_by("last_name", "first_name", "username")
    )


def mpp_team_set(*, case: Case, members, user, request=None) -> None:
    members = list(members)
    if not MPP_TEAM_MIN <= len(members) <= MPP_TEAM_MAX:
        raise ValidationError(
            f"L'équipe de la préoccupation partagée compte de {MPP_TEAM_MIN} à {MPP_TEAM_MAX} "
            "adultes."
        )
    allowed = set(mpp_team_candidates(case).values_list("pk", flat=True))
    if any(m.pk not in allowed for m in members):
        raise ValidationError("Choisissez des adultes de l'école ou du pôle ressources.")
    with transaction.atomic():
        case.mpp_team.set(members)
        names = ", ".join(m.display_name for m in members)
        _event(case, "Équipe de la préoccupation partagée", user, body=names)
        audit.record("update", request=request, user=user, obj=case, detail="équipe MPP")


def mpp_warnings(case: Case, sessions=None) -> list[str]:
    """The method asks that the talks with pupils who intimidate be led by *other* adults."""
    sessions = list(sessions if sessions is not None else case.pikas_sessions.all())
    by_role: dict[str, set[int]] = {PartyRole.TARGET: set(), PartyRole.AUTHOR: set()}
    names = {}
    for s in sessions:
        if s.led_by_user_id and s.party.role in by_role:
            by_role[s.party.role].add(s.led_by_user_id)
            names[s.led_by_user_id] = s.led_by
    both = by_role[PartyRole.TARGET] & by_role[PartyRole.AUTHOR]
    return [
        f"{names[pk]} a mené un entretien avec l'élève cible et avec un·e élève "
        "intimidateur·rice : la méthode demande que d'autres adultes mènent ces entretiens."
        for pk in sorted(both)
    ]


def mpp_alert(case: Case, today: date | None = None, sessions=None) -> bool:
    """On MPP for 15 days or more without an improvement recorded: propose the firmer track."""
    if case.track != Track.MPP or case.track_on is None or not case.is_open:
        return False
    today = today or timezone.localdate()
    if today - case.track_on < timedelta(days=MPP_WINDOW_DAYS):
        return False
    sessions = sessions if sessions is not None else case.pikas_sessions.all()
    return not any(s.outcome == PikasSession.Outcome.IMPROVED for s in sessions)
