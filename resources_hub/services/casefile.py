"""The case file's core writes: opening, references, transitions, events, handlers."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils import timezone

from directory import audit
from directory.models import School
from resources_hub.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseHandler,
    CaseParty,
    CaseStatus,
    CaseTransition,
    HandlerKind,
    Report,
    ReportStatus,
)
from resources_hub.models.cases import CLOSED_STATUSES, TRANSITIONS
from resources_hub.services import StaleVersion, TransitionRefused

# --- Cases ---


def _next_reference(year: int) -> str:
    prefix = f"S-{year}-"
    last = (
        Case.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")  # S-2026-10000 after S-2026-9999
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _event(case: Case, *, kind: str, title: str, user, body: str = "", party=None, on=None):
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        title=title,
        body=body,
        party=party,
        author=user,
        occurred_on=on or timezone.localdate(),
    )


def case_open(
    *,
    school: School,
    user,
    data: dict,
    parties: list[dict] | None = None,
    from_report: Report | None = None,
    request=None,
) -> Case:
    """Open a situation (optionally from a report) with its pupils; handlers are added apart
    (``case_handler_add``): the opener reads the case through their role, not as a handler."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    school=school,
                    created_by=user,
                    reference=_next_reference(timezone.localdate().year),
                    **data,
                )
                for party in parties or []:
                    CaseParty.objects.create(case=case, **party)
                _event(
                    case, kind=CaseEventKind.REPORT, title="Ouverture de la situation", user=user
                )
                if from_report is not None:
                    Report.objects.filter(pk=from_report.pk).update(
                        case=case, status=ReportStatus.LINKED
                    )
                audit.record("create", request=request, user=user, obj=case)
                from resources_hub.services.notify import tell_inspectors

                tell_inspectors(case, "case.new")
                return case
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _transition_changes(case: Case, to_status: str, gaps: list, justification: str) -> dict:
    changes = {"status": to_status, "version": F("version") + 1, "updated_at": timezone.now()}
    if to_status in CLOSED_STATUSES:
        changes["closed_on"] = timezone.localdate()
    elif case.status in CLOSED_STATUSES:
        changes["closed_on"] = None
    if to_status == CaseStatus.CLOSED:
        changes["closed_unguarded"] = bool(gaps)
        changes["closure_justification"] = justification if gaps else ""
    if to_status == CaseStatus.REOPENED:
        changes["reopened_count"] = F("reopened_count") + 1
    if case.first_action_at is None:
        changes["first_action_at"] = timezone.now()
    return changes


def case_transition(
    *,
    case: Case,
    to_status: str,
    user,
    expected_version: int,
    comment: str = "",
    justification: str = "",
    request=None,
) -> Case:
    """Move a case one step along the protocol; a skipped step or a stale page is refused.

    Closing a case whose IEN was never informed, whose targeted pupil's family was never met or
    that has no handler needs a justification, kept in the chronology (and counted)."""
    if to_status not in TRANSITIONS.get(case.status, ()) or to_status == CaseStatus.ESCALATED:
        raise TransitionRefused(
            f"Passage de « {case.get_status_display()} » à "
            f"« {CaseStatus(to_status).label if to_status in CaseStatus.values else to_status} » "
            "impossible : suivez les étapes du protocole."
        )
    from resources_hub.services.protocol import closure_gaps

    gaps = closure_gaps(case) if to_status == CaseStatus.CLOSED else []
    justification = justification.strip()
    if gaps and not justification:
        raise TransitionRefused(
            "Pour clore cette situation, justifiez-le : " + " ; ".join(gaps) + "."
        )
    with transaction.atomic():
        changes = _transition_changes(case, to_status, gaps, justification)
        updated = Case.objects.filter(
            pk=case.pk, version=expected_version, status=case.status
        ).update(**changes)
        if not updated:
            raise StaleVersion(
                "La situation a été modifiée entre-temps. Rechargez la page pour voir son état."
            )
        CaseTransition.objects.create(
            case=case, from_status=case.status, to_status=to_status, by=user, comment=comment
        )
        label = f"{CaseStatus(case.status).label} → {CaseStatus(to_status).label}"
        _event(case, kind=CaseEventKind.TRANSITION, title=label, body=comment, user=user)
        if gaps:
            _event(
                case,
                kind=CaseEventKind.NOTE,
                title="Clôture justifiée : " + " ; ".join(gaps),
                body=justification,
                user=user,
            )
        audit.record("update", request=request, user=user, obj=case, detail=f"étape : {label}")
        if to_status == CaseStatus.CLOSED and case.ien_informed_on is None:
            from resources_hub.services.notify import tell_inspectors

            tell_inspectors(case, "case.closed_without_ien")
    case.refresh_from_db()
    return case


def case_event_add(
    *, case: Case, user, data: dict, idempotency_key: str, request=None
) -> CaseEvent:
    """Add to the chronology; a double-clicked submit adds one event."""
    existing = CaseEvent.objects.filter(case=case, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            event = CaseEvent.objects.create(
                case=case, author=user, idempotency_key=idempotency_key, **data
            )
            Case.objects.filter(pk=case.pk, first_action_at__isnull=True).update(
                first_action_at=timezone.now()
            )
            audit.record(
                "update", request=request, user=user, obj=case, detail=f"chronologie : {event.kind}"
            )
    except IntegrityError:
        return CaseEvent.objects.get(case=case, idempotency_key=idempotency_key)
    return event


def case_handler_add(*, case: Case, handler, kind: str, user, request=None) -> CaseHandler:
    with transaction.atomic():
        item, created = CaseHandler.objects.get_or_create(
            case=case, user=handler, defaults={"kind": kind}
        )
        if created:
            _event(
                case,
                kind=CaseEventKind.NOTE,
                title=f"{handler.display_name} rejoint le suivi ({item.get_kind_display()})",
                user=user,
            )
            audit.record(
                "update", request=request, user=user, obj=case, detail="intervenant ajouté"
            )
            if kind in (HandlerKind.POLE, HandlerKind.TEACHER):
                from resources_hub.services.notify import tell_mobilised

                tell_mobilised(case, handler)
    return item


def case_handler_remove(*, case: Case, handler_id: int, user, request=None) -> None:
    with transaction.atomic():
        deleted, _ = CaseHandler.objects.filter(case=case, pk=handler_id).delete()
        if deleted:
            audit.record(
                "update", request=request, user=user, obj=case, detail="intervenant retiré"
            )
