"""A pupil changes school: the case is transferred (the receiving director gets access, the
sending school's access ends, it keeps a copy of the fiche bilan it signed) or a restitution is
handed over (the case stays). Everything is audited and written in the chronology."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from directory import audit
from directory.models import PARTNER_KINDS, School
from resources_hub.models import Case, CaseEvent, CaseEventKind, CaseTransfer, FicheBilan
from resources_hub.services import StaleVersion


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _fiche_snapshot(case: Case) -> dict | None:
    """The signed fiche as the sending school knew it: its text, who signed and when, the
    mobilised members and the measures per pupil (labels, not ids: the copy outlives them)."""
    fiche = (
        FicheBilan.objects.filter(case=case)
        .exclude(status=FicheBilan.Status.DRAFT)
        .select_related("signed_by", "cosigned_by")
        .first()
    )
    if fiche is None:
        return None
    from resources_hub.services.bilan import fiche_data

    data = fiche_data(fiche)
    data.update(
        version=fiche.version,
        signed_by=fiche.signed_by.display_name if fiche.signed_by else "",
        signed_at=_iso(fiche.signed_at),
        cosigned_by=fiche.cosigned_by.display_name if fiche.cosigned_by else "",
        cosigned_at=_iso(fiche.cosigned_at),
        case={
            "reference": case.reference,
            "title": case.title,
            "school": case.school.name,
            "reported_on": _iso(case.reported_on),
        },
        members=[
            {
                "name": m.user.display_name,
                "profile": m.profile,
                "first_on": _iso(m.first_on),
                "last_on": _iso(m.last_on),
            }
            for m in fiche.members.select_related("user")
        ],
        pupils=[
            {
                "label": p.party.label,
                "role": p.party.get_role_display(),
                "measures": p.measures,
                "family": p.get_family_display(),
            }
            for p in fiche.pupils.select_related("party")
        ],
    )
    return data


def case_transfer(
    *, case: Case, to_school: School, kind: str, note: str, user, request=None
) -> CaseTransfer:
    origin = case.school
    allowed = (
        to_school.district_id == origin.district_id or to_school.pk == origin.sector_college_id
    )
    if to_school.pk == origin.pk or not allowed:
        raise ValidationError(
            "Choisissez une école de la circonscription ou le collège de secteur de l'école."
        )
    if kind not in CaseTransfer.Kind.values:
        raise ValidationError("Choisissez transfert ou restitution.")
    if kind == CaseTransfer.Kind.TRANSFER and to_school.kind in PARTNER_KINDS:
        raise ValidationError(
            "Pour un·e élève qui entre au collège de secteur, faites une restitution : la "
            "situation reste suivie dans la circonscription."
        )
    with transaction.atomic():
        item = CaseTransfer.objects.create(
            case=case,
            kind=kind,
            from_school=origin,
            to_school=to_school,
            note=note,
            by=user,
            fiche_snapshot=_fiche_snapshot(case),
        )
        if kind == CaseTransfer.Kind.TRANSFER:
            updated = Case.objects.filter(pk=case.pk, school=origin).update(
                school=to_school, version=F("version") + 1, updated_at=timezone.now()
            )
            if not updated:
                raise StaleVersion("La situation a déjà changé d'école : rechargez la page.")
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.NOTE,
            title=f"{item.get_kind_display()} : {origin.name} → {to_school.name}",
            body=note,
            author=user,
            occurred_on=timezone.localdate(),
        )
        audit.record(
            "update",
            request=request,
            user=user,
            obj=case,
            detail=f"{kind} de l'école {origin.uai} vers {to_school.uai}",
        )
    return item
