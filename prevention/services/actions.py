"""Writes of prevention actions: the catalogue, declaring, editing, copying, adding files."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory import audit
from directory.models import District, School, SchoolYear
from prevention.catalogue import PLAN_TYPES
from prevention.models import Action, ActionFile, ActionStatus, ActionType

ACTION_FIELDS = [
    "action_type",
    "title",
    "starts_on",
    "ends_on",
    "hours_per_class",
    "pupils_count",
    "description",
    "status",
    "is_shared",
]


def catalogue_for(district: District):
    """The district's action types, seeded from the plan when it has none (called when a district
    is created and after `migrate`: see ``prevention.seeding``; a read only reads)."""
    types = ActionType.objects.filter(district=district)
    if not types.exists():
        with transaction.atomic():
            for order, (name, pillar, lessons, cycles, description) in enumerate(PLAN_TYPES):
                ActionType.objects.get_or_create(
                    district=district,
                    name=name,
                    defaults={
                        "pillar": pillar,
                        "counts_as_lessons": lessons,
                        "suggested_cycles": cycles,
                        "description": description,
                        "order": order * 10,
                    },
                )
    return types


def _set_relations(action: Action, classrooms, partners) -> None:
    classrooms = list(classrooms)
    action.classrooms.set(classrooms)
    action.partners.set(list(partners))
    cycles = {c for classroom in classrooms for c in classroom.cycles}
    if classrooms:
        for n in (1, 2, 3):
            setattr(action, f"cycle_{n}", n in cycles)
        action.save(update_fields=["cycle_1", "cycle_2", "cycle_3"])


def _check(*, school: School, data: dict) -> None:
    if data["action_type"].district_id != school.district_id:
        raise ValidationError({"action_type": "Ce type d'action n'est pas celui de l'école."})
    for classroom in data.get("classrooms", []):
        if classroom.school_id != school.pk:
            raise ValidationError({"classrooms": "Choisissez des classes de l'école."})


def action_declare(
    *, school: School, data: dict, user, idempotency_key: str = "", request=None
) -> tuple[Action, bool]:
    """Create an action (once per form key); return it and whether it was created now."""
    if idempotency_key:
        existing = Action.objects.filter(created_by=user, idempotency_key=idempotency_key).first()
        if existing:
            return existing, False
    _check(school=school, data=data)
    fields = {name: data.get(name) for name in ACTION_FIELDS}
    fields["hours_per_class"] = fields["hours_per_class"] or Decimal(0)
    fields["description"] = fields["description"] or ""
    fields["status"] = fields["status"] or ActionStatus.PLANNED
    for n in (1, 2, 3):
        fields[f"cycle_{n}"] = n in data.get("cycles", [])
    try:
        with transaction.atomic():
            action = Action.objects.create(
                school=school,
                year=SchoolYear.current(fields["starts_on"]),
                created_by=user,
                copied_from=data.get("copied_from"),
                idempotency_key=idempotency_key,
                **fields,
            )
            _set_relations(action, data.get("classrooms", []), data.get("partners", []))
            audit.record("create", request=request, user=user, obj=action)
    except IntegrityError:
        existing = Action.objects.filter(created_by=user, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    return action, True


def action_update(*, action: Action, data: dict, user, request=None) -> Action:
    _check(school=action.school, data=data)
    with transaction.atomic():
        for name in ACTION_FIELDS:
            if name in data:
                setattr(action, name, data[name])
        action.description = action.description or ""
        action.hours_per_class = action.hours_per_class or Decimal(0)
        for n in (1, 2, 3):
            setattr(action, f"cycle_{n}", n in data.get("cycles", []))
        action.year = SchoolYear.current(action.starts_on)
        action.save()
        _set_relations(action, data.get("classrooms", []), data.get("partners", []))
        audit.record("update", request=request, user=user, obj=action)
    return action


def copy_initial(source: Action, school: School) -> dict:
    """What "Refaire cette action" pre-fills: the type (when the catalogue is the same), the
    title, the hours and the description; the date, classes and status are the new school's."""
    initial = {
        "title": source.title,
        "hours_per_class": source.hours_per_class,
        "description": source.description,
        "cycles": [str(n) for n in source.cycles],
        "status": ActionStatus.PLANNED,
    }
    if source.action_type.district_id == school.district_id:
        initial["action_type"] = source.action_type_id
    if source.school_id == school.pk:
        initial["classrooms"] = [c.pk for c in source.classrooms.all()]
        initial["partners"] = [p.pk for p in source.partners.all()]
    return initial


def action_file_add(
    *, action: Action, upload, caption: str, image_rights: bool, user, request=None
) -> ActionFile:
    """Store a checked file; a photo is refused unless the image rights are confirmed."""
    from resources_hub.uploads import prepare_upload

    content, fields = prepare_upload(upload)
    if fields["content_type"].startswith("image/") and not image_rights:
        raise ValidationError(
            "Confirmez que les familles des élèves visibles ont donné leur accord (droit à "
            "l'image) avant d'ajouter une photo."
        )
    with transaction.atomic():
        item = ActionFile(
            action=action,
            uploaded_by=user,
            caption=caption,
            image_rights_confirmed=image_rights,
            **fields,
        )
        item.file.save(fields["stored_name"], content, save=False)
        item.save()
        audit.record("update", request=request, user=user, obj=action, detail="fichier ajouté")
    return item
