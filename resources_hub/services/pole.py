"""Writes of the pôles ressources: members, meetings, attendance and case presentations.

A meeting never holds a pupil's name: every text typed about a presented situation is passed
through ``pseudonymise`` on save, and pages and PDFs scrub it again at render time (``scrub``).
Meetings and presentations carry no idempotency key column, so a double-clicked submit is
recognised by its content (same meeting data within a few minutes, same presentation text).
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from directory import audit
from directory.versioning import already_stored
from resources_hub.models import (
    Case,
    CaseParty,
    CasePresentation,
    Pole,
    PoleMeeting,
    PoleMeetingVersion,
    PoleMember,
)
from resources_hub.services import (
    StaleVersion,
    pseudonymise,
    pupil_pseudonyms,
    replace_names,
)

DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)
MEETING_TEXT_FIELDS = ("agenda", "minutes")


# --- Pseudonymisation helpers (render time) ---


def names_from_labels(labels: Iterable[str]) -> list[tuple[str, str]]:
    """(name, pseudonym) pairs, longest first (the rule of ``services.pseudonymise``)."""
    return pupil_pseudonyms(labels)


def scrub(text: str, names) -> str:
    """``text`` with every given name replaced by its pseudonym ("élève A")."""
    if not text:
        return text
    return replace_names(text, names)


def meeting_party_names(meeting: PoleMeeting) -> list[tuple[str, str]]:
    """The pseudonyms of the pupils of the situations presented at ``meeting`` (one query):
    within a presentation each pupil keeps one letter. An anonymised case's pupils are left out:
    their « Élève 1 » labels would turn every « élève A » of the minutes into « élève A A »."""
    rows = (
        CaseParty.objects.filter(
            case__in=CasePresentation.objects.filter(meeting=meeting, case__isnull=False).values(
                "case"
            ),
            case__anonymised_at__isnull=True,
        )
        .order_by("case_id", "pk")
        .values_list("case_id", "label")
    )
    pairs: list[tuple[str, str]] = []
    by_case: dict[int, list[str]] = {}
    for case_id, label in rows:
        by_case.setdefault(case_id, []).append(label)
    for labels in by_case.values():
        pairs += pupil_pseudonyms(labels)
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


def _pseudonymise_all(text: str, cases: Iterable[Case]) -> str:
    for case in cases:
        text = pseudonymise(text, case)
    return text


def _presented_cases(meeting: PoleMeeting) -> list[Case]:
    return list(Case.objects.filter(pk__in=meeting.presentations.values("case")))


# --- Members ---


def member_add(
    *,
    pole: Pole,
    member_user,
    profile: str,
    trained_on: date | None,
    user,
    request=None,
) -> PoleMember:
    """Add someone to the pôle, or bring a former member back with the profile given."""
    with transaction.atomic():
        member, created = PoleMember.objects.get_or_create(
            pole=pole,
            user=member_user,
            defaults={"profile": profile, "trained_on": trained_on},
        )
        if not created:
            member.profile, member.is_active = profile, True
            member.trained_on = trained_on or member.trained_on
            member.save(update_fields=["profile", "is_active", "trained_on"])
        audit.record(
            "update",
            request=request,
            user=user,
            obj=pole,
            detail=f"membre ajouté : {member_user.display_name} ({member.get_profile_display()})",
        )
    return member


def member_deactivate(*, pole: Pole, member_id: int, user, request=None) -> PoleMember | None:
    """A member leaves the pôle; past attendance stays, so the row is kept and marked inactive."""
    with transaction.atomic():
        member = (
            PoleMember.objects.select_for_update()
            .select_related("user")
            .filter(pole=pole, pk=member_id, is_active=True)
            .first()
        )
        if member is None:
            return None
        member.is_active = False
        member.save(update_fields=["is_active"])
        audit.record(
            "update",
            request=request,
            user=user,
            obj=pole,
            detail=f"membre retiré : {member.user.display_name}",
        )
    return member


# --- Meetings ---


def _meeting_fields(data: dict) -> dict:
    return {
        "held_on": data["held_on"],
        "place": data.get("place", ""),
        "agenda": data["agenda"],
        "minutes": data.get("minutes", ""),
    }


def meeting_create(
    *, pole: Pole, data: dict, attendees: Iterable[PoleMember], user, request=None
) -> PoleMeeting:
    """Create a meeting with its attendance; the same form submitted twice creates one meeting."""
    fields = _meeting_fields(data)
    with transaction.atomic():
        Pole.objects.select_for_update().filter(pk=pole.pk).first()
        existing = PoleMeeting.objects.filter(
            pole=pole, created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW, **fields
        ).first()
        if existing is not None:
            return existing
        meeting = PoleMeeting.objects.create(pole=pole, **fields)
        meeting.attendees.set(_members_of(pole, attendees))
        _keep_version(meeting, user)
        audit.record("create", request=request, user=user, obj=meeting)
    return meeting


def _keep_version(meeting: PoleMeeting, user) -> None:
    PoleMeetingVersion.objects.create(
        meeting=meeting,
        number=meeting.version,
        saved_by=user,
        data={
            "held_on": meeting.held_on.isoformat()
            if hasattr(meeting.held_on, "isoformat")
            else str(meeting.held_on),
            "place": meeting.place,
            "agenda": meeting.agenda,
            "minutes": meeting.minutes,
            "attendees": sorted(meeting.attendees.values_list("pk", flat=True)),
        },
    )


def meeting_update(
    *,
    meeting: PoleMeeting,
    data: dict,
    attendees: Iterable[PoleMember],
    user,
    expected_version: int | None = None,
    request=None,
) -> PoleMeeting:
    """Save a meeting; its agenda and minutes lose the names of the pupils presented in it.
    A save from a page loaded before someone else's save is refused (StaleVersion): nothing is
    overwritten, and every saved version is kept."""
    fields = _meeting_fields(data)
    with transaction.atomic():
        locked = PoleMeeting.objects.select_for_update().get(pk=meeting.pk)
        cases = _presented_cases(meeting)
        for name in MEETING_TEXT_FIELDS:
            fields[name] = _pseudonymise_all(fields[name], cases)
        stale = expected_version is not None and locked.version != expected_version
        if stale and already_stored(PoleMeeting, meeting.pk, fields):
            meeting.refresh_from_db()  # a double click: the first request saved exactly this
            return meeting
        if stale:
            raise StaleVersion(
                "Ce compte rendu a été enregistré par quelqu'un d'autre depuis que vous l'avez "
                "ouvert : vos modifications n'ont pas été enregistrées. Copiez-les, rechargez la "
                "page et reportez-les."
            )
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.version = locked.version + 1
        meeting.save()
        meeting.attendees.set(_members_of(meeting.pole, attendees))
        _keep_version(meeting, user)
        audit.record("update", request=request, user=user, obj=meeting)
    return meeting


def _members_of(pole: Pole, members: Iterable[PoleMember]) -> list[PoleMember]:
    """Only members of this pôle can be marked present, whatever the form was sent."""
    return [m for m in members if m.pole_id == pole.pk]


# --- Case presentations ---


def presentation_add(
    *,
    meeting: PoleMeeting,
    case: Case | None,
    pseudonym: str,
    summary: str,
    analysis: str,
    user,
    request=None,
) -> CasePresentation:
    """Present a situation under a pseudonym: its pupils' names are removed from every text,
    the meeting's agenda and minutes included; the same form submitted twice adds one."""
    values = {
        "pseudonym": pseudonymise(pseudonym.strip(), case)[:40],
        "summary": pseudonymise(summary, case),
        "analysis": pseudonymise(analysis, case),
    }
    with transaction.atomic():
        meeting = PoleMeeting.objects.select_for_update().get(pk=meeting.pk)
        existing = CasePresentation.objects.filter(meeting=meeting, case=case, **values).first()
        if existing is not None:
            return existing
        presentation = CasePresentation.objects.create(meeting=meeting, case=case, **values)
        if case is not None:
            changed = [
                name
                for name in MEETING_TEXT_FIELDS
                if pseudonymise(getattr(meeting, name), case) != getattr(meeting, name)
            ]
            for name in changed:
                setattr(meeting, name, pseudonymise(getattr(meeting, name), case))
            if changed:
                meeting.save(update_fields=[*changed, "updated_at"])
        detail = f"situation présentée : {values['pseudonym']}"
        if case is not None:
            detail += f" ({case.reference})"
        audit.record("update", request=request, user=user, obj=meeting, detail=detail)
    return presentation
