"""Writes of directors' meetings and conseils des maîtres, and of the CPC requests."""

from django.db import transaction
from django.urls import reverse

from directory import audit
from directory.notifications import directors_of, district_team_of, notify
from resources_hub.uploads import prepare_upload
from training.models import AgendaItem, CpcRequest, Meeting, MeetingAttendance, MeetingDocument


def meeting_save(*, meeting: Meeting, attendees, by, request=None) -> Meeting:
    """Save a meeting and its attendance (each present person with their school, if any)."""
    creating = meeting.pk is None
    with transaction.atomic():
        meeting.save()
        wanted = {u.pk: u for u in attendees}
        meeting.attendances.exclude(user_id__in=wanted).delete()
        have = set(meeting.attendances.values_list("user_id", flat=True))
        schools = _schools_of_people(list(wanted), meeting)
        MeetingAttendance.objects.bulk_create(
            [
                MeetingAttendance(meeting=meeting, user_id=pk, school_id=schools.get(pk))
                for pk in wanted
                if pk not in have
            ]
        )
        audit.record("create" if creating else "update", request=request, user=by, obj=meeting)
    return meeting


def _schools_of_people(user_ids, meeting: Meeting) -> dict[int, int]:
    from directory.models import RoleAssignment

    if meeting.school_id:
        return dict.fromkeys(user_ids, meeting.school_id)
    rows = (
        RoleAssignment.objects.active()
        .filter(user_id__in=user_ids, school__district=meeting.district_id)
        .order_by("pk")
        .values_list("user_id", "school_id")
    )
    result: dict[int, int] = {}
    for user_id, school_id in rows:
        result.setdefault(user_id, school_id)
    return result


def agenda_item_add(*, meeting: Meeting, data: dict, by, request=None) -> AgendaItem:
    item = AgendaItem.objects.create(meeting=meeting, **data)
    audit.record("update", request=request, user=by, obj=meeting, detail="point ajouté")
    return item


def document_add(*, meeting: Meeting, upload, by, request=None) -> MeetingDocument:
    """Store a checked upload (type from the content, EXIF stripped, random stored name)."""
    content, fields = prepare_upload(upload)
    document = MeetingDocument(
        meeting=meeting,
        original_name=fields["original_name"],
        content_type=fields["content_type"],
        size=fields["size"],
        uploaded_by=by,
    )
    document.file.save(fields["stored_name"], content, save=False)
    document.save()
    audit.record("update", request=request, user=by, obj=meeting, detail="document déposé")
    return document


def cpc_request_create(*, school, data: dict, by, request=None) -> CpcRequest:
    with transaction.atomic():
        row = CpcRequest.objects.create(school=school, requested_by=by, **data)
        audit.record("create", request=request, user=by, obj=row)
        notify(
            district_team_of(school.district),
            event="training.cpc_request",
            url=reverse("training:cpc-requests"),
            dedupe_key=f"training-cpc:{row.pk}",
        )
    return row


def cpc_request_schedule(*, row: CpcRequest, cpc, scheduled_on, by, request=None) -> CpcRequest:
    with transaction.atomic():
        row.cpc = cpc
        row.scheduled_on = scheduled_on
        row.status = CpcRequest.Status.SCHEDULED
        row.save()
        audit.record("update", request=request, user=by, obj=row, detail="programmée")
        notify(
            [*directors_of(row.school), cpc],
            event="training.cpc_scheduled",
            url=reverse("training:cpc-requests"),
            dedupe_key=f"training-cpc-scheduled:{row.pk}:{scheduled_on}",
        )
    return row
