"""Writes of the prevention plans: one plan per school (or one district plan) per school year.

``PreventionPlan`` has no idempotency column: the key of the creating form is kept in the
"create" audit row of the plan, so a double-clicked submit finds the plan it already created.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from directory import audit
from directory.models import AuditEvent, District, School
from directory.versioning import already_stored
from resources_hub.models import PreventionPlan
from resources_hub.services import StaleVersion

PLAN_FIELDS = (
    "title",
    "content",
    "referral_in_rules",
    "presented_at_council_on",
    "pikas_presented_on",
)
SCHOOL_ONLY_FIELDS = ("referral_in_rules", "presented_at_council_on", "pikas_presented_on")


class DuplicatePlan(ValidationError):
    """The school (or the district) already has a plan for that school year."""


def duplicate_message(school: School | None, year_label: str) -> str:
    if school is None:
        return f"La circonscription a déjà un plan de prévention pour l'année {year_label}."
    return f"Cette école a déjà un plan de prévention pour l'année {year_label}."


def _key_marker(idempotency_key: str) -> str:
    return f"clé {idempotency_key[:64]}"


def _created_with_key(plan: PreventionPlan, idempotency_key: str) -> bool:
    return AuditEvent.objects.filter(
        action="create",
        object_type=PreventionPlan._meta.label_lower,
        object_id=str(plan.pk),
        detail__endswith=_key_marker(idempotency_key),
    ).exists()


def _existing(district: District, school: School | None, year_label: str):
    return PreventionPlan.objects.filter(
        district=district, school=school, year_label=year_label
    ).first()


def _clean_data(data: dict, school: School | None) -> dict:
    values = {name: data.get(name) for name in PLAN_FIELDS if name in data}
    if school is None:  # the district plan has no règlement intérieur nor conseil d'école
        values.update(referral_in_rules=False, presented_at_council_on=None)
    return values


def plan_create(
    *,
    district: District,
    school: School | None,
    year_label: str,
    data: dict,
    user,
    idempotency_key: str,
    request=None,
) -> tuple[PreventionPlan, bool]:
    """Create a plan; returns ``(plan, created)``. A repeated submit of the same form returns the
    plan it created; another plan for the same school and year raises ``DuplicatePlan``."""
    if school is not None and school.district_id != district.pk:
        raise ValidationError("Cette école n'appartient pas à la circonscription choisie.")
    existing = _existing(district, school, year_label)
    if existing is None:
        try:
            with transaction.atomic():
                plan = PreventionPlan.objects.create(
                    district=district,
                    school=school,
                    year_label=year_label,
                    **_clean_data(data, school),
                )
                audit.record(
                    "create",
                    request=request,
                    user=user,
                    obj=plan,
                    detail=f"plan de prévention {year_label}, {_key_marker(idempotency_key)}",
                )
            return plan, True
        except IntegrityError:
            existing = _existing(district, school, year_label)
            if existing is None:
                raise
    if _created_with_key(existing, idempotency_key):
        return existing, False
    raise DuplicatePlan(duplicate_message(school, year_label))


def plan_update(
    *,
    plan: PreventionPlan,
    data: dict,
    user,
    expected_updated_at: datetime,
    request=None,
) -> PreventionPlan:
    """Save a plan unless someone saved it since the page was loaded (nothing is overwritten)."""
    with transaction.atomic():
        changes = _clean_data(data, plan.school)
        updated = PreventionPlan.objects.filter(pk=plan.pk, updated_at=expected_updated_at).update(
            updated_at=timezone.now(), **changes
        )
        if not updated and already_stored(PreventionPlan, plan.pk, changes):
            plan.refresh_from_db()  # a double click: the first request saved exactly this
            return plan
        if not updated:
            raise StaleVersion(
                "Ce plan a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert. Vos "
                "modifications n'ont pas été enregistrées : copiez-les, rechargez la page et "
                "reportez-les."
            )
        plan.refresh_from_db()
        audit.record("update", request=request, user=user, obj=plan, detail="plan de prévention")
    return plan
