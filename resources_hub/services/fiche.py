"""Saving the fiche bilan: drafts and signature, each save a version, double clicks harmless."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from directory import audit
from resources_hub.models import (
    Case,
    CaseEventKind,
    FicheBilan,
    FicheBilanVersion,
)
from resources_hub.models.bilan import BILAN_SECTIONS
from resources_hub.services import StaleVersion
from resources_hub.services.casefile import _event

# --- Fiche bilan ---

BILAN_FIELDS = [name for name, _ in BILAN_SECTIONS]


def bilan_for(case: Case) -> FicheBilan:
    fiche, _ = FicheBilan.objects.get_or_create(case=case)
    return fiche


def bilan_save(
    *,
    case: Case,
    user,
    data: dict,
    mobilised=None,
    expected_version: int,
    sign: bool = False,
    request=None,
) -> FicheBilan:
    """Save a draft (or sign): refused when the page was loaded from an older version."""
    if case.anonymised_at is not None:
        raise StaleVersion(
            "Cette situation est anonymisée (durée de conservation écoulée) : sa fiche bilan ne "
            "peut plus être modifiée."
        )
    fiche = bilan_for(case)
    with transaction.atomic():
        from resources_hub.services.bilan import EXTRA_FIELDS, after_pole_signature, fiche_data

        changes = {name: data.get(name, "") for name in BILAN_FIELDS}
        changes.update({name: data[name] for name in EXTRA_FIELDS if name in data})
        changes["version"] = F("version") + 1
        changes["updated_at"] = timezone.now()
        if sign:
            changes.update(
                status=FicheBilan.Status.SIGNED, signed_by=user, signed_at=timezone.now()
            )
        updated = FicheBilan.objects.filter(
            pk=fiche.pk, version=expected_version, status=FicheBilan.Status.DRAFT
        ).update(**changes)
        if not updated:
            if _already_saved(fiche, data, sign=sign, user=user):
                fiche.refresh_from_db()  # a double click: the first request saved exactly this
                return fiche
            raise StaleVersion(
                "Cette fiche bilan a été enregistrée par quelqu'un d'autre depuis que vous l'avez "
                "ouverte (ou elle est déjà signée). Vos modifications n'ont pas été enregistrées : "
                "copiez-les, rechargez la page et reportez-les."
            )
        fiche.refresh_from_db()
        if mobilised is not None:
            fiche.mobilised.set(mobilised)
        FicheBilanVersion.objects.create(
            fiche=fiche,
            number=fiche.version,
            data=fiche_data(fiche),
            saved_by=user,
            signed=sign,
        )
        if sign:
            _event(case, kind=CaseEventKind.NOTE, title="Fiche bilan signée", user=user)
            after_pole_signature(fiche, user)
        audit.record(
            "update",
            request=request,
            user=user,
            obj=fiche,
            district_id=case.school.district_id,
            detail="signature" if sign else f"version {fiche.version}",
        )
    return fiche


def _already_saved(fiche: FicheBilan, data: dict, *, sign: bool, user) -> bool:
    """The stored fiche is what this request sends (the first of a double click saved it)."""
    current = FicheBilan.objects.filter(pk=fiche.pk).values(*BILAN_FIELDS, "status", "signed_by")
    row = current.first()
    if row is None or any(row[name] != data.get(name, "") for name in BILAN_FIELDS):
        return False
    if sign:
        return row["status"] == FicheBilan.Status.SIGNED and row["signed_by"] == user.pk
    return row["status"] == FicheBilan.Status.DRAFT
