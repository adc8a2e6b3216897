"""The fiche bilan belongs to the pôle: signed by the mobilised members, then co-signed by the
director (or the IEN). On signature the members (profile, dates of intervention) and the pupils
(measures, family) are fixed from the case file."""

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from directory import audit
from resources_hub.models import (
    CaseEvent,
    CaseEventKind,
    CaseHandler,
    FicheBilan,
    FicheBilanMember,
    FicheBilanPupil,
    HandlerKind,
    PoleMember,
)
from resources_hub.models.bilan import BILAN_SECTIONS
from resources_hub.services import StaleVersion
from resources_hub.services import notify as tell

EXTRA_FIELDS = (
    "pole_requested_on",
    "pole_requested_by",
    "first_contact_on",
    "qualification",
    "outcome",
    "restitution_on",
    "restitution_by",
    "restitution_to",
    "restitution_directors",
)
FICHE_FIELDS = [*(name for name, _ in BILAN_SECTIONS), *EXTRA_FIELDS]


def fiche_data(fiche: FicheBilan) -> dict:
    data = {name: getattr(fiche, name) for name in FICHE_FIELDS}
    for name in ("pole_requested_on", "first_contact_on", "restitution_on"):
        data[name] = data[name].isoformat() if data[name] else None
    data["status"] = fiche.status
    return data


def prefill(fiche: FicheBilan) -> dict:
    """Initial values from the case file for a fiche never saved."""
    case = fiche.case
    criteria = [
        label
        for held, label in (
            (case.criterion_repetition, "répétition"),
            (case.criterion_power, "rapport de force"),
            (case.criterion_isolation, "isolement"),
        )
        if held
    ]
    values = {
        "pole_requested_on": case.pole_requested_on,
        "pole_requested_by": case.pole_requested_by.display_name if case.pole_requested_by else "",
        "first_contact_on": case.pole_contact_on,
    }
    if case.qualified_on:
        values["qualification"] = (
            f"Qualifiée le {case.qualified_on:%d/%m/%Y} ; critères : "
            f"{', '.join(criteria) or 'aucun'} ; réponse : {case.get_track_display()}."
        )
    return values


def fix_members_and_pupils(fiche: FicheBilan) -> None:
    """Members = the pôle handlers (profile from their seat, dates from what they wrote)."""
    case = fiche.case
    handlers = CaseHandler.objects.filter(case=case, kind=HandlerKind.POLE).select_related("user")
    profiles = dict(
        PoleMember.objects.filter(
            user__in=[h.user_id for h in handlers], pole__districts=case.school.district_id
        ).values_list("user_id", "profile")
    )
    dates = {
        row["author"]: row
        for row in CaseEvent.objects.filter(case=case, author__in=[h.user_id for h in handlers])
        .values("author")
        .annotate(first=Min("occurred_on"), last=Max("occurred_on"))
    }
    for handler in handlers:
        label = (
            PoleMember.Profile(profiles[handler.user_id]).label
            if handler.user_id in profiles
            else "Membre du pôle"
        )
        span = dates.get(handler.user_id, {})
        FicheBilanMember.objects.update_or_create(
            fiche=fiche,
            user=handler.user,
            defaults={
                "profile": label,
                "first_on": span.get("first") or timezone.localdate(handler.added_at),
                "last_on": span.get("last") or timezone.localdate(),
            },
        )
    for party in case.parties.all():
        FicheBilanPupil.objects.get_or_create(
            fiche=fiche, party=party, defaults={"measures": party.protective_measures}
        )


def bilan_cosign(*, fiche: FicheBilan, user, request=None) -> FicheBilan:
    """The director (or the IEN) co-signs a fiche the pôle signed."""
    with transaction.atomic():
        updated = FicheBilan.objects.filter(pk=fiche.pk, status=FicheBilan.Status.SIGNED).update(
            status=FicheBilan.Status.COSIGNED,
            cosigned_by=user,
            cosigned_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if not updated:
            raise StaleVersion("Cette fiche n'attend pas de co-signature : rechargez la page.")
        CaseEvent.objects.create(
            case=fiche.case,
            kind=CaseEventKind.NOTE,
            title="Fiche bilan co-signée",
            author=user,
            occurred_on=timezone.localdate(),
        )
        audit.record(
            "update",
            request=request,
            user=user,
            obj=fiche,
            district_id=fiche.case.school.district_id,
            detail="co-signature",
        )
    fiche.refresh_from_db()
    return fiche


def after_pole_signature(fiche: FicheBilan, user) -> None:
    """Called by ``services.bilan_save`` when a pôle member signs."""
    fix_members_and_pupils(fiche)
    FicheBilanMember.objects.filter(fiche=fiche, user=user).update(signed_at=timezone.now())
    tell.tell_cosigners(fiche.case)


def pupils_save(*, fiche: FicheBilan, values: dict) -> None:
    """Measures and family participation per pupil of the case (others are ignored)."""
    parties = set(fiche.case.parties.values_list("pk", flat=True))
    for party_id, (measures, family) in values.items():
        if party_id in parties:
            FicheBilanPupil.objects.update_or_create(
                fiche=fiche, party_id=party_id, defaults={"measures": measures, "family": family}
            )
