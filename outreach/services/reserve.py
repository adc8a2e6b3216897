"""Réserve citoyenne: vetting, requests, matching, and the record of an intervention held with a
teacher present."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directory import audit
from directory.models import RoleAssignment
from outreach.models import (
    Intervention,
    InterventionRequest,
    RequestStatus,
    Vetting,
    Volunteer,
)

VOLUNTEER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation",
    "skills",
    "availability",
    "vetting",
)


def volunteer_save(*, volunteer: Volunteer, user, data: dict, request=None) -> Volunteer:
    previous = volunteer.vetting if volunteer.pk else None
    for name in VOLUNTEER_FIELDS:
        setattr(volunteer, name, data[name])
    if volunteer.vetting != previous and volunteer.vetting != Vetting.PENDING:
        volunteer.vetted_by, volunteer.vetted_on = user, timezone.localdate()
    with transaction.atomic():
        creating = volunteer.pk is None
        volunteer.save()
        audit.record(
            "create" if creating else "update",
            request=request,
            user=user,
            obj=volunteer,
            detail=f"réserviste ({volunteer.get_vetting_display()})",
        )
    return volunteer


def suggestions(req: InterventionRequest) -> list[Volunteer]:
    """Vetted volunteers of the district, those with the request's theme first."""
    vetted = Volunteer.objects.filter(
        district_id=req.school.district_id, vetting=Vetting.APPROVED
    ).order_by("last_name", "first_name")
    return sorted(vetted, key=lambda v: req.skill not in v.skills)


def request_match(*, req: InterventionRequest, volunteer: Volunteer, user, request=None):
    if volunteer.vetting != Vetting.APPROVED or volunteer.district_id != req.school.district_id:
        raise ValidationError(
            "Seul·e un·e réserviste vérifié·e de la circonscription peut intervenir."
        )
    with transaction.atomic():
        updated = InterventionRequest.objects.filter(
            pk=req.pk, status__in=[RequestStatus.OPEN, RequestStatus.MATCHED]
        ).update(volunteer=volunteer, status=RequestStatus.MATCHED, updated_at=timezone.now())
        if not updated:
            raise ValidationError("Cette demande est close.")
        audit.record("update", request=request, user=user, obj=req, detail="réserviste proposé·e")
    req.refresh_from_db()
    return req


def teachers_of(school):
    """Who may be « the teacher present »: the school's teachers and its director."""
    from django.contrib.auth import get_user_model

    ids = (
        RoleAssignment.objects.active()
        .filter(school=school, role__in=["teacher", "director"])
        .values("user_id")
    )
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("last_name", "first_name")
    )


def intervention_record(*, req: InterventionRequest, user, data: dict, request=None):
    teacher = data.get("teacher_present")
    if teacher is None or not teachers_of(req.school).filter(pk=teacher.pk).exists():
        raise ValidationError("Un·e enseignant·e de l'école est présent·e pendant l'intervention.")
    with transaction.atomic():
        locked = InterventionRequest.objects.select_for_update().get(pk=req.pk)
        if locked.status != RequestStatus.MATCHED:
            raise ValidationError("L'intervention est déjà enregistrée ou la demande est close.")
        intervention = Intervention.objects.create(
            request=locked,
            held_on=data["held_on"],
            teacher_present=teacher,
            pupils=data["pupils"],
            summary=data["summary"],
            recorded_by=user,
        )
        locked.status = RequestStatus.DONE
        locked.save(update_fields=["status", "updated_at"])
        audit.record("create", request=request, user=user, obj=req, detail="intervention")
    return intervention
