"""Writes of the case file beyond the shared services: opening once per form, editing with
optimistic locking, pupils, préoccupation partagée sessions and attachments.

A double-clicked submit must create one record. The models have no idempotency key of their own,
so each write here puts the form's key on the chronology event it adds: the event table's unique
constraint makes the second submit fail and roll back, and the first record is returned instead.
"""

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from directory import audit
from directory.models import School
from resources_hub import services
from resources_hub.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseParty,
    PikasSession,
    Report,
)
from resources_hub.services import StaleVersion

# The dated checklist of the national tools: field → what the chronology says once it is done.
# In the protocol's order; the pôle request and mobilisation have their own actions
# (``services.protocol``), the adult referent is recorded per targeted pupil.
CHECKLIST_FIELDS: dict[str, str] = {
    "ien_informed_on": "IEN informé·e",
    "psychologue_informed_on": "Psychologue EN informé·e",
    "medecin_informed_on": "Médecin scolaire informé·e",
    "pole_contact_on": "Premier contact pôle – direction",
    "periscolaire_informed_on": "Personnels du périscolaire informés",
    "family_met_on": "Famille de l'élève cible reçue",
    "author_families_met_on": "Familles des élèves intimidateurs reçues",
    "faits_etablissement_on": "Déclaration « Faits établissement » (niveau 2)",
    "equipe_educative_on": "Équipe éducative réunie",
    "procureur_on": "Signalement au procureur",
    "information_preoccupante_on": "Information préoccupante transmise",
}
# Shown in the case page's checklist, with the dedicated actions' dates.
ACTION_CHECKLIST: dict[str, str] = {
    "pole_requested_on": "Demande d'appui au pôle ressources",
    "pole_mobilised_on": "Pôle mobilisé par l'IEN",
}
EDITABLE_FIELDS = (
    "title",
    "category",
    "faits_level",
    "facts_started_on",
    "next_review_on",
    "summary",
    *CHECKLIST_FIELDS,
)


def _opening_event(key: str) -> CaseEvent | None:
    return (
        CaseEvent.objects.select_related("case")
        .filter(idempotency_key=key, kind=CaseEventKind.REPORT)
        .first()
    )


def case_open_once(
    *,
    school: School,
    user,
    data: dict,
    parties: list[dict],
    idempotency_key: str,
    from_report: Report | None = None,
    request=None,
) -> Case:
    """Open a situation; the same form submitted twice returns the case the first one opened."""
    existing = _opening_event(idempotency_key)
    if existing is not None:
        return existing.case
    try:
        with transaction.atomic():
            case = services.case_open(
                school=school,
                user=user,
                data=data,
                parties=parties,
                from_report=from_report,
                request=request,
            )
            CaseEvent.objects.filter(case=case, kind=CaseEventKind.REPORT).update(
                idempotency_key=idempotency_key
            )
    except IntegrityError:
        existing = _opening_event(idempotency_key)
        if existing is None:
            raise
        return existing.case
    return case


def case_update(*, case: Case, user, data: dict, expected_version: int, request=None) -> Case:
    """Save the case's fields unless someone saved since the page was loaded (StaleVersion).

    A checklist date set for the first time is also written to the chronology.
    """
    changes = {name: data[name] for name in EDITABLE_FIELDS if name in data}
    changed = [name for name, value in changes.items() if getattr(case, name) != value]
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            current = Case.objects.filter(pk=case.pk).values(*changes).first()
            if current == changes:
                # A double click: the first request saved exactly this; nothing was lost.
                case.refresh_from_db()
                return case
            raise StaleVersion(
                "La situation a été modifiée entre-temps par quelqu'un d'autre : vos "
                "modifications n'ont pas été enregistrées. Rechargez la page pour voir la "
                "version à jour, puis reportez vos changements."
            )
        for name, title in CHECKLIST_FIELDS.items():
            if getattr(case, name) is None and changes.get(name) is not None:
                CaseEvent.objects.create(
                    case=case,
                    kind=CaseEventKind.CHECKLIST,
                    title=title,
                    occurred_on=changes[name],
                    author=user,
                    checklist_item=name,
                )
        audit.record(
            "update",
            request=request,
            user=user,
            obj=case,
            detail="modification : " + (", ".join(changed) or "aucun changement"),
        )
    case.refresh_from_db()
    return case


def _keyed_event(case: Case, key: str) -> CaseEvent | None:
    return CaseEvent.objects.filter(case=case, idempotency_key=key).first()


def case_party_add(*, case: Case, user, data: dict, idempotency_key: str, request=None):
    """Add a pupil to the situation (first name + initial, class, part, protection measures)."""
    existing = _keyed_event(case, idempotency_key)
    if existing is not None:
        return existing.party
    try:
        with transaction.atomic():
            party = CaseParty.objects.create(case=case, **data)
            CaseEvent.objects.create(
                case=case,
                kind=CaseEventKind.NOTE,
                title=f"Élève ajouté·e à la situation ({party.get_role_display()})",
                party=party,
                occurred_on=timezone.localdate(),
                author=user,
                idempotency_key=idempotency_key,
            )
            audit.record(
                "update",
                request=request,
                user=user,
                obj=case,
                detail=f"élève ajouté·e ({party.role})",
            )
    except IntegrityError:
        existing = _keyed_event(case, idempotency_key)
        return existing.party if existing else None
    return party


def pikas_session_add(
    *, case: Case, user, data: dict, idempotency_key: str, request=None
) -> PikasSession | None:
    """Record a préoccupation partagée talk and note it in the chronology."""
    existing = _keyed_event(case, idempotency_key)
    if existing is not None:
        return case.pikas_sessions.filter(party=existing.party, held_on=existing.occurred_on).last()
    try:
        with transaction.atomic():
            session = PikasSession.objects.create(case=case, **data)
            CaseEvent.objects.create(
                case=case,
                kind=CaseEventKind.PIKAS,
                title=f"Préoccupation partagée : {session.get_kind_display().lower()}",
                party=session.party,
                occurred_on=session.held_on,
                author=user,
                idempotency_key=idempotency_key,
            )
            Case.objects.filter(pk=case.pk, first_action_at__isnull=True).update(
                first_action_at=timezone.now()
            )
            audit.record(
                "update",
                request=request,
                user=user,
                obj=case,
                detail=f"préoccupation partagée ({session.kind})",
            )
    except IntegrityError:
        return None
    return session


def attachment_add_once(
    *, case: Case, upload, description: str, user, idempotency_key: str, request=None
) -> Attachment | None:
    """Store a checked file once per form (ValidationError when the file is refused)."""
    if _keyed_event(case, idempotency_key) is not None:
        return case.attachments.order_by("-created_at", "-pk").first()
    stored: list[str] = []
    try:
        with transaction.atomic():
            attachment = services.attachment_add(
                case=case, upload=upload, description=description, user=user, request=request
            )
            stored.append(attachment.file.name)
            event = (
                CaseEvent.objects.filter(case=case, kind=CaseEventKind.ATTACHMENT)
                .order_by("-pk")
                .first()
            )
            CaseEvent.objects.filter(pk=event.pk).update(idempotency_key=idempotency_key)
    except IntegrityError:
        for name in stored:  # the row was rolled back: do not keep its file
            default_storage.delete(name)
        return None
    return attachment
